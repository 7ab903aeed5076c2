import { randomBytes } from "node:crypto";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { rateLimit } from "express-rate-limit";
import helmet from "helmet";
import { pinoHttp } from "pino-http";

/**
 * The portal's HTTP server: security headers with a per-request CSP nonce, compression,
 * request logs without personal data, per-IP rate limits and the Origin check on every
 * non-GET request, in front of the Remix request handler.
 */
const production = process.env.NODE_ENV === "production";
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";

type Entry = { boot?: () => Promise<void>; recordRefusal?: (r: { action: string; ip: string; detail: Record<string, unknown> }) => void };

const vite = production
  ? undefined
  : await import("vite").then((v) =>
      // tests start several servers at once: no hot-reload socket (its port is fixed) when HMR=false
      // and each its own dependency cache, so two servers never rewrite one folder at once
      v.createServer({
        server: { middlewareMode: true, hmr: process.env.HMR === "false" ? false : undefined },
        cacheDir: process.env.VITE_CACHE_DIR || undefined,
      }),
    );

async function loadBuild(): Promise<ServerBuild> {
  if (vite) return (await vite.ssrLoadModule("virtual:remix/server-build")) as ServerBuild;
  // @ts-expect-error the build exists only after `npm run build`
  return (await import("./build/server/index.js")) as ServerBuild;
}

const entryOf = (b: ServerBuild) => b.entry.module as unknown as Entry;
const firstBuild = await loadBuild();
await entryOf(firstBuild).boot?.();

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", process.env.TRUST_PROXY ?? "loopback");

app.use((_req, res, next) => {
  res.locals.cspNonce = randomBytes(16).toString("base64");
  next();
});
app.use(
  helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as express.Response).locals.cspNonce}'`, ...(production ? [] : ["'unsafe-inline'"])],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        connectSrc: ["'self'", ...(production ? [] : ["ws:"])],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    // the portal is served over plain HTTP on localhost in development and tests
    strictTransportSecurity: production && process.env.HSTS !== "false",
    crossOriginEmbedderPolicy: false,
    // not "no-referrer": with it, browsers send `Origin: null` on plain form posts (no JavaScript),
    // which the Origin check below would refuse
    referrerPolicy: { policy: "same-origin" },
  }),
);
app.use(compression());
app.use(
  pinoHttp({
    // no personal data: path without query string, no headers, no IP addresses
    serializers: {
      req: (req) => ({ method: req.method, path: String(req.url).split("?")[0] }),
      res: (res) => ({ status: res.statusCode }),
    },
    autoLogging: { ignore: (req) => req.url === "/healthz" || String(req.url).startsWith("/assets/") },
    level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "warn" : "info"),
  }),
);

// Origin check on every non-GET request (the Lucia guide's CSRF defence); API calls that
// authenticate with a bearer token carry no cookie and are exempt.
app.use((req, res, next) => {
  if (["GET", "HEAD", "OPTIONS"].includes(req.method)) return next();
  if (req.path.startsWith("/api/") && req.headers.authorization?.startsWith("Bearer ") && !req.headers.cookie) return next();
  const origin = req.headers.origin;
  const expected = `${req.protocol}://${req.get("host")}`;
  if (origin && origin === expected) return next();
  entryOf(firstBuild).recordRefusal?.({ action: "request.cross_origin", ip: req.ip ?? "", detail: { origin: origin ?? null, path: req.path } });
  res.status(403).type("text/plain; charset=utf-8").send("跨站请求已被拒绝。 / Cross-origin request refused.");
});

const limiter = (limit: number, windowMs: number) =>
  rateLimit({
    windowMs,
    limit,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    message: { error: { code: "rate_limited", message: "请求过于频繁，请稍后再试。", message_en: "Too many requests; try again later." } },
  });
const authLimiter = limiter(Number(process.env.RATE_LIMIT_AUTH ?? 30), 60_000);
app.use(["/sign-in", "/forgot-password", "/reset-password", "/invitations"], (req, res, next) => (req.method === "POST" ? authLimiter(req, res, next) : next()));
app.use("/api/", limiter(Number(process.env.RATE_LIMIT_API ?? 600), 60_000));

if (vite) app.use(vite.middlewares);
else {
  app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
  app.use(express.static("build/client", { maxAge: "1h" }));
}

app.all(
  "*",
  createRequestHandler({
    build: vite ? loadBuild : firstBuild,
    getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce as string, ip: req.ip ?? "" }),
  }),
);

const server = app.listen(port, host, () => {
  console.log(`智库咨政协同平台 listening on http://localhost:${port}`);
});
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => server.close(() => process.exit(0)));
