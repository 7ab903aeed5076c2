// Serves the production build for browser tests: a fresh database with the demo data, mails kept
// in the development inbox, plain-HTTP cookies on localhost.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const dir = path.resolve("tests/.tmp");
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir, { recursive: true });
if (!fs.existsSync("build/server/index.js")) {
  console.error("Run `npm run build` before the browser tests.");
  process.exit(1);
}
const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
  stdio: "inherit",
  env: {
    ...process.env,
    NODE_ENV: "production",
    PORT: process.env.E2E_PORT ?? "3300",
    DATABASE_PATH: path.join(dir, "e2e.sqlite"),
    SEED_DEMO: "true",
    MAIL_DEV_INBOX: "true",
    COOKIE_SECURE: "false",
    HSTS: "false",
    RATE_LIMIT_AUTH: "1000",
    LOG_LEVEL: "warn",
  },
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
