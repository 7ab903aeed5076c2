/**
 * What the page benches share: the built server started on a bench database as a direct child
 * (so it stops with the bench), and autocannon runs that report req/s and latency percentiles.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import autocannon from "autocannon";

export type BenchServer = { port: number; url: (path: string) => string; stop: () => void };

export function requireBuild(): void {
  if (!fs.existsSync("build/server/index.js")) {
    console.error("Run `npm run build` first.");
    process.exit(1);
  }
}

/** Starts `server.ts` in production mode on `dbFile` and resolves once /healthz answers. */
export async function startServer(dbFile: string, port: number): Promise<BenchServer> {
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), DATABASE_PATH: dbFile, SEED_DEMO: "false", LOG_LEVEL: "error", COOKIE_SECURE: "false", HSTS: "false" },
  });
  const server: BenchServer = { port, url: (p) => `http://localhost:${port}${p}`, stop: () => void child.kill("SIGTERM") };
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const r = await fetch(server.url("/healthz"));
      if (r.ok) return server;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  server.stop();
  throw new Error("server did not start");
}

export type Figure = { name: string; path: string; rps: number; p50: number; p95: number; errors: number; non2xx: number };

/** `connections` clients requesting `urlPath` for `duration` seconds. */
export async function load(
  server: BenchServer,
  name: string,
  urlPath: string,
  opts: { duration: number; connections?: number; headers?: Record<string, string> },
): Promise<Figure> {
  const latencies: number[] = [];
  const res = await new Promise<autocannon.Result>((resolve, reject) => {
    const inst = autocannon({ url: server.url(urlPath), connections: opts.connections ?? 10, duration: opts.duration, headers: opts.headers }, (err, result) =>
      err ? reject(err) : resolve(result),
    );
    inst.on("response", (_c, _s, _b, ms) => latencies.push(ms));
  });
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return { name, path: urlPath, rps: res.requests.average, p50: q(0.5), p95: q(0.95), errors: res.errors, non2xx: res.non2xx };
}

/** The figures as a table, each page's throughput as a share of the first (the floor). */
export function printFigures(figures: Figure[]): void {
  const floor = figures[0].rps;
  console.log("page                       req/s    p50 ms   p95 ms   % of floor   errors/non-2xx");
  for (const f of figures)
    console.log(
      `${f.name.padEnd(26)} ${f.rps.toFixed(0).padStart(6)} ${f.p50.toFixed(1).padStart(9)} ${f.p95.toFixed(1).padStart(8)} ${((100 * f.rps) / floor).toFixed(0).padStart(10)} %   ${f.errors}/${f.non2xx}`,
    );
}
