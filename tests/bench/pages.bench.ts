/**
 * `npm run bench:pages` — pages under load (autocannon, 10 connections, 10 s each): the home page,
 * the archive list filtered at 80k projects, a project, a person page, each beside the bare page
 * served by the same server in the same run (the framework's floor).
 *
 * Needs `npm run build` first. Imports both real archives into a fresh database unless
 * BENCH_DB points at an existing one.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import Database from "better-sqlite3";

const port = Number(process.env.BENCH_PORT ?? 3399);
const duration = Number(process.env.BENCH_SECONDS ?? 10);
const shared = path.resolve("../shared/data");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bench-pages-"));
const dbFile = process.env.BENCH_DB ?? path.join(tmp, "bench.sqlite");

if (!fs.existsSync("build/server/index.js")) {
  console.error("Run `npm run build` first.");
  process.exit(1);
}
if (!process.env.BENCH_DB) {
  for (const [format, file] of [
    ["nssf", "nssf-projects.csv"],
    ["nsfc", "nsfc-management-projects.csv"],
  ]) {
    const r = spawnSync("npx", ["tsx", "scripts/archive-import.ts", "--format", format, path.join(shared, file)], {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, DATABASE_PATH: dbFile, SEED_DEMO: "false" },
    });
    if (r.status !== 0) throw new Error(`import of ${file} failed`);
  }
}

// index the archive before serving: the figures are for a portal whose search index is current,
// not one still draining the import's outbox
const reindex = spawnSync("npx", ["tsx", "scripts/search-reindex.ts"], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, DATABASE_PATH: dbFile } });
if (reindex.status !== 0) throw new Error("reindex failed");

const probe = new Database(dbFile, { readonly: true });
const project = probe.prepare("select id, pi_person_id as pi from projects where pi_person_id is not null order by id limit 1 offset 5000").get() as { id: number; pi: number };
const total = (probe.prepare("select count(*) n from projects").get() as { n: number }).n;
probe.close();

const server = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
  stdio: ["ignore", "ignore", "inherit"],
  env: { ...process.env, NODE_ENV: "production", PORT: String(port), DATABASE_PATH: dbFile, SEED_DEMO: "false", LOG_LEVEL: "error", COOKIE_SECURE: "false", HSTS: "false" },
});

async function waitUp() {
  for (let i = 0; i < 120; i++) {
    try {
      const r = await fetch(`http://localhost:${port}/healthz`);
      if (r.ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("server did not start");
}

type Figure = { name: string; path: string; rps: number; p50: number; p95: number; errors: number; non2xx: number };

async function load(name: string, urlPath: string): Promise<Figure> {
  const latencies: number[] = [];
  const res = await new Promise<autocannon.Result>((resolve, reject) => {
    const inst = autocannon({ url: `http://localhost:${port}${urlPath}`, connections: 10, duration }, (err, result) => (err ? reject(err) : resolve(result)));
    inst.on("response", (_c, _s, _b, ms) => latencies.push(ms));
  });
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return { name, path: urlPath, rps: res.requests.average, p50: q(0.5), p95: q(0.95), errors: res.errors, non2xx: res.non2xx };
}

try {
  await waitUp();
  const pages: [string, string][] = [
    ["floor (bare page)", "/bench/floor"],
    ["home", "/"],
    ["archive list, filtered", "/projects?funder=nssf&discipline=%E5%BA%94%E7%94%A8%E7%BB%8F%E6%B5%8E&yearFrom=2010&sort=year"],
    ["project detail", `/projects/${project.id}`],
    ["person page", `/people/${project.pi}`],
  ];
  for (const [, p] of pages) await fetch(`http://localhost:${port}${p}`); // warm up
  const figures: Figure[] = [];
  for (const [name, p] of pages) figures.push(await load(name, p));
  const floor = figures[0].rps;
  console.log(`\nPages under load — ${total} projects, 10 connections, ${duration} s each, ${os.cpus().length} cores\n`);
  console.log("page                       req/s    p50 ms   p95 ms   % of floor   errors/non-2xx");
  for (const f of figures)
    console.log(
      `${f.name.padEnd(26)} ${f.rps.toFixed(0).padStart(6)} ${f.p50.toFixed(1).padStart(9)} ${f.p95.toFixed(1).padStart(8)} ${((100 * f.rps) / floor).toFixed(0).padStart(10)} %   ${f.errors}/${f.non2xx}`,
    );
} finally {
  server.kill("SIGTERM");
  if (!process.env.BENCH_DB) fs.rmSync(tmp, { recursive: true, force: true });
}
