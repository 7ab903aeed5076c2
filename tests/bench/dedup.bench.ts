/**
 * npm run bench:dedup [-- --scale 1000000] [--keep DIR]
 *
 * 1. Imports the whole NSSF file into a temporary database with the archive importer, indexes
 *    it with the embedded engine, runs the dev queries through the duplicate checker — once as
 *    it runs (titles AND the projects' published results, 成果, read as further readings) and
 *    once on titles only — AND through a brute-force character-bigram Jaccard baseline over
 *    titles (≥ 0.35), and scores all three with score_dedup.py, side by side. Read the two
 *    checker rows apart: the dev file's "reworded" queries are result titles that the archive
 *    itself holds, so with results read they are found by near-exact match; the titles-only
 *    row is what the similarity model alone does (docs/decisions/0008).
 * 2. Imports NSFC as well (~80k projects) and measures a single check's latency (p50/p95, wall
 *    and CPU) as the checker runs (titles and results), cold — no candidate title prepared by an
 *    earlier check — RSS, indexing throughput and the archive audit.
 * 3. With --scale N: adds synthetic projects up to N documents in the index — each title the
 *    first part of one real title joined to the last part of another, cut at a jieba word
 *    boundary near the middle — and measures the latency again.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase, type Db } from "#db/client";
import { allDocuments } from "#search/documents";
import { auditArchive } from "#search/dedup/audit";
import { checkText, clearPrepCache } from "#search/dedup/check";
import { idfFor } from "#search/dedup/idf";
import { EmbeddedEngine } from "#search/embedded/engine";
import type { SearchDoc } from "#search/port";
import { preciseWords } from "#search/text/segment";

const SHARED = path.resolve(process.cwd(), "../shared");
const DEV = path.join(SHARED, "bench/dedup-dev.jsonl");
const SCORER = path.join(SHARED, "bench/score_dedup.py");
const argv = process.argv.slice(2);
const opt = (n: string) => (argv.includes(`--${n}`) ? argv[argv.indexOf(`--${n}`) + 1] : undefined);
const scale = Number(opt("scale") ?? 0);

type Q = { id: string; kind: string; text: string; expect: string[] };
const queries: Q[] = fs.readFileSync(DEV, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as Q);

const dir = opt("keep") ?? fs.mkdtempSync(path.join(os.tmpdir(), "bench-dedup-"));
fs.mkdirSync(dir, { recursive: true });
const dbFile = path.join(dir, "bench.sqlite");
const log = (s: string) => console.log(s);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const mb = () => Math.round(process.memoryUsage().rss / 1024 / 1024);

function importFile(format: "nssf" | "nsfc", file: string): number {
  const t = performance.now();
  execFileSync("npx", ["tsx", "scripts/archive-import.ts", "--format", format, file], { env: { ...process.env, DATABASE_PATH: dbFile }, stdio: ["ignore", "ignore", "inherit"] });
  return (performance.now() - t) / 1000;
}

async function reindex(db: Db, engine: EmbeddedEngine): Promise<{ docs: number; seconds: number }> {
  const t = performance.now();
  const r = await engine.rebuild((function* () {
    yield* allDocuments(db, "project");
  })());
  return { docs: r.documents, seconds: (performance.now() - t) / 1000 };
}

function score(resultsFile: string): Record<string, Record<string, number>> {
  return JSON.parse(execFileSync("python3", [SCORER, DEV, resultsFile, "--json"], { encoding: "utf8" })) as Record<string, Record<string, number>>;
}

/** The reference: exact character-bigram Jaccard against every title (an inverted index only finds the non-zero ones faster). */
function baseline(db: Db): { file: string; msPerQuery: number } {
  const rows = db.$client.prepare("SELECT approval_number a, title t FROM projects WHERE funder = 'nssf'").all() as { a: string; t: string }[];
  const grams = (s: string) => {
    const c = Array.from(s.replace(/[^\p{L}\p{N}]/gu, ""));
    const g = new Set<string>();
    for (let i = 0; i + 1 < c.length; i++) g.add(c[i] + c[i + 1]);
    return g;
  };
  const sets = rows.map((r) => grams(r.t));
  const posting = new Map<string, number[]>();
  sets.forEach((g, i) => g.forEach((b) => (posting.get(b) ?? posting.set(b, []).get(b)!).push(i)));
  const t = performance.now();
  const out: string[] = [];
  for (const q of queries) {
    const qg = grams(q.text);
    const inter = new Map<number, number>();
    for (const b of qg) for (const i of posting.get(b) ?? []) inter.set(i, (inter.get(i) ?? 0) + 1);
    const scored = [...inter.entries()].map(([i, n]) => ({ i, j: n / (qg.size + sets[i].size - n) })).sort((x, y) => y.j - x.j).slice(0, 10);
    const matches = scored.map((s) => ({ projectId: rows[s.i].a, score: Math.round(s.j * 1000) / 1000, level: s.j >= 0.35 ? "similar" : "none" }));
    out.push(JSON.stringify({ id: q.id, level: matches.some((m) => m.level !== "none") ? "similar" : "none", matches }));
  }
  const file = path.join(dir, "baseline.jsonl");
  fs.writeFileSync(file, out.join("\n") + "\n");
  return { file, msPerQuery: (performance.now() - t) / queries.length };
}

async function runChecks(db: Db, engine: EmbeddedEngine, file?: string, useResults = true): Promise<{ wall: number[]; cpu: number[] }> {
  const idf = idfFor(db.$client);
  const wall: number[] = [];
  const cpu: number[] = [];
  const out: string[] = [];
  // measure cold: no candidate title prepared by an earlier run
  clearPrepCache();
  for (const q of queries) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = await checkText(db, engine, { text: q.text }, { idf, useResults });
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    out.push(JSON.stringify({ id: q.id, level: r.level, matches: r.matches.map((m) => ({ projectId: m.projectId, score: m.score, level: m.level })) }));
  }
  if (file) fs.writeFileSync(file, out.join("\n") + "\n");
  return { wall, cpu };
}

function synthetic(titles: string[], n: number, start: number): SearchDoc[] {
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345 + start) % 2147483648) / 2147483648);
  const halves = titles.slice(0, 20000).map((t) => {
    const ws = preciseWords(t);
    const cut = Math.max(1, Math.floor(ws.length / 2));
    return [ws.slice(0, cut).join(""), ws.slice(cut).join("")];
  });
  const docs: SearchDoc[] = [];
  for (let k = 0; k < n; k++) {
    const a = halves[Math.floor(rand() * halves.length)];
    const b = halves[Math.floor(rand() * halves.length)];
    const id = `SYN${start + k}`;
    docs.push({ id: `project:${id}`, type: "project", entityId: id, title: a[0] + b[1], ref: id, funder: "synthetic", year: 1990 + Math.floor(rand() * 28), visibility: "public" });
  }
  return docs;
}

const report = (label: string, r: Record<string, Record<string, number>>) =>
  Object.entries(r).map(([k, m]) => `  ${label.padEnd(9)} ${k.padEnd(10)} r@1=${m["r@1"].toFixed(3)} r@3=${m["r@3"].toFixed(3)} flagged=${m.flagged.toFixed(3)} dup=${m.dup.toFixed(3)} any_flag=${m.any_flag.toFixed(3)}`);

async function main() {
  log(`# dedup bench — ${new Date().toISOString()}, ${os.cpus().length} CPUs, load ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}, db ${dbFile}`);
  const tImport = importFile("nssf", path.join(SHARED, "data/nssf-projects.csv"));
  const db = openDatabase(dbFile);
  const engine = new EmbeddedEngine(db.$client);
  await engine.ensureReady();
  const ix = await reindex(db, engine);
  log(`NSSF imported in ${tImport.toFixed(1)} s; indexed ${ix.docs} projects in ${ix.seconds.toFixed(1)} s (${Math.round(ix.docs / ix.seconds)} docs/s)`);

  const ours = path.join(dir, "checker.jsonl");
  const titlesOnly = path.join(dir, "checker-titles.jsonl");
  const q1 = await runChecks(db, engine, ours);
  await runChecks(db, engine, titlesOnly, false);
  const base = baseline(db);
  log("quality on dev queries (score_dedup.py): checker = titles + results (as it runs), titles = the checker on titles only, jaccard = the reference on titles");
  for (const l of report("checker", score(ours))) log(l);
  for (const l of report("titles", score(titlesOnly))) log(l);
  for (const l of report("jaccard", score(base.file))) log(l);
  log(`  checker ${pct(q1.wall, 0.5).toFixed(1)} ms p50 per check at ${ix.docs}; baseline ${base.msPerQuery.toFixed(1)} ms per query`);

  const tImport2 = importFile("nsfc", path.join(SHARED, "data/nsfc-management-projects.csv"));
  const ix2 = await reindex(db, engine);
  log(`NSFC imported in ${tImport2.toFixed(1)} s; reindexed ${ix2.docs} projects in ${ix2.seconds.toFixed(1)} s (${Math.round(ix2.docs / ix2.seconds)} docs/s)`);
  await runChecks(db, engine); // warms SQLite's page cache, not the checker's
  const q2 = await runChecks(db, engine);
  log(`latency of a single check at ${ix2.docs}: wall p50 ${pct(q2.wall, 0.5).toFixed(1)} ms p95 ${pct(q2.wall, 0.95).toFixed(1)} ms; CPU p50 ${pct(q2.cpu, 0.5).toFixed(1)} ms p95 ${pct(q2.cpu, 0.95).toFixed(1)} ms; RSS ${mb()} MB`);
  const audit = auditArchive(db);
  log(`audit of ${audit.projects} projects: ${audit.seconds} s, ${audit.comparedPairs} pairs compared, ${audit.groups.length} duplicate groups, ${audit.people.length} people with similar projects from different funders`);

  if (scale > ix2.docs) {
    const titles = db.$client.prepare("SELECT title FROM projects").pluck().all() as string[];
    const t = performance.now();
    let added = 0;
    for (let s = ix2.docs; s < scale; s += 20000) {
      const batch = synthetic(titles, Math.min(20000, scale - s), s);
      await engine.upsert(batch);
      added += batch.length;
    }
    const secs = (performance.now() - t) / 1000;
    log(`synthetic: ${added} projects indexed in ${secs.toFixed(0)} s (${Math.round(added / secs)} docs/s); index now ${await engine.count()}`);
    await runChecks(db, engine);
    const q3 = await runChecks(db, engine);
    log(`latency of a single check at ${await engine.count()}: wall p50 ${pct(q3.wall, 0.5).toFixed(1)} ms p95 ${pct(q3.wall, 0.95).toFixed(1)} ms; CPU p50 ${pct(q3.cpu, 0.5).toFixed(1)} ms p95 ${pct(q3.cpu, 0.95).toFixed(1)} ms; RSS ${mb()} MB`);
  }
  db.$client.close();
  if (!opt("keep")) fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
