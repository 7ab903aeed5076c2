// `npm start`: build when the build is missing or older than the sources, then serve in production mode.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const built = "build/server/index.js";
function newest(dir) {
  let t = 0;
  if (!fs.existsSync(dir)) return t;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}
const sources = Math.max(...["app", "db", "search", "content"].map(newest), fs.statSync("package.json").mtimeMs);
if (!fs.existsSync(built) || fs.statSync(built).mtimeMs < sources) {
  console.log("Building the portal …");
  const b = spawnSync("npx", ["remix", "vite:build"], { stdio: "inherit" });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
const r = spawnSync("npx", ["tsx", "server.ts"], { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
process.exit(r.status ?? 0);
