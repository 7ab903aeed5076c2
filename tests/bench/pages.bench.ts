/**
 * `npm run bench:pages` — pages under load (autocannon, 10 connections, 10 s each): the home page,
 * the archive list filtered at 80k projects, a project, a person page, each beside the bare page
 * served by the same server in the same run (the framework's floor).
 *
 * Needs `npm run build` first. Imports both real archives into a fresh database unless
 * BENCH_DB points at an existing one.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { load, printFigures, requireBuild, startServer, type Figure } from "./serve";

const port = Number(process.env.BENCH_PORT ?? 3399);
const duration = Number(process.env.BENCH_SECONDS ?? 10);
const shared = path.resolve("../shared/data");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bench-pages-"));
const dbFile = process.env.BENCH_DB ?? path.join(tmp, "bench.sqlite");

requireBuild();
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

const server = await startServer(dbFile, port);
try {
  const pages: [string, string][] = [
    ["floor (bare page)", "/bench/floor"],
    ["home", "/"],
    ["archive list, filtered", "/projects?funder=nssf&discipline=%E5%BA%94%E7%94%A8%E7%BB%8F%E6%B5%8E&yearFrom=2010&sort=year"],
    ["project detail", `/projects/${project.id}`],
    ["person page", `/people/${project.pi}`],
  ];
  for (const [, p] of pages) await fetch(server.url(p)); // warm up
  const figures: Figure[] = [];
  for (const [name, p] of pages) figures.push(await load(server, name, p, { duration }));
  console.log(`\nPages under load — ${total} projects, 10 connections, ${duration} s each, ${os.cpus().length} cores\n`);
  printFigures(figures);
} finally {
  server.stop();
  if (!process.env.BENCH_DB) fs.rmSync(tmp, { recursive: true, force: true });
}
