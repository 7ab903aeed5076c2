/**
 * npm run bench:topics [-- --topics 500] [--pool 5000] [--keep DIR] [--no-server]
 *
 * A planning round checked the way the platform checks it, on an archive of ~80k projects whose
 * search index is current (as after `search:reindex`): 500 topics (titles drawn from the archive,
 * some reworded, some proposed by two departments) are created and submitted one by one — each
 * submission runs the duplicate check against the pool indexed so far (the outbox is drained
 * every 25, as the worker batches) and the archive — then the round's cross-department overlap
 * is computed pairwise. Reports the total, wall and CPU. Then the pool is grown to 5,000 topics,
 * the real server is started on the same database (needs `npm run build`) and the screening
 * queue, rendered for a signed-in reviewer of the management office, is put under load beside
 * the bare page (/bench/floor) in the same run. `--keep DIR` reuses DIR/bench.sqlite (copy a
 * ready archive there to skip the import); BENCH_PORT (3210) and BENCH_SECONDS (10) as in
 * bench:pages.
 *
 * Measured 2026-11-28 on the shared 2-core development machine at a load average of 10–12
 * (five engineers' work; wall times are 2–3× the CPU times), embedded engine, 76,195 projects:
 * - The first measurement's 119 s, "72.9 s indexing the topics (≈150 ms per document)", was not
 *   the engine: the bench rebuilt the index of projects only and left the import's outbox
 *   (152,402 rows) in place, so the round's first drain re-indexed the whole archive. Draining
 *   that backlog alone takes 166 s wall / 37 s CPU here; the round's own 500 topics take 0.5 s
 *   in 20 batches (≈1 ms a topic).
 * - Round, old bench and code, same load: 51.1 s wall, 18.8 s CPU (submit with check p50 56 ms).
 *   Now: 500 submits with checks 33.0 s (p50 48 ms, p95 111 ms), overlap 8.1 s: 41.1 s wall,
 *   14.5 s CPU, plus the IDF table of the archive's titles that a process builds once (9.0 s wall
 *   here, counted apart). On this machine the 30 s aim holds for CPU time, not wall time.
 * - Re-run of the round alone at 16:24 UTC, after the check's cold query was reworked: 24.6 s
 *   wall, 15.9 s CPU (submit p50 32 ms, overlap 3.8 s, 50 similar pairs), 29.3 s with the IDF table.
 * - Screening queue at 5,000 topics, 10 connections: before, the page rendered the first 500 rows
 *   (the rest unreachable) at 2 req/s, p95 9.5 s (5 % of the floor's 37 req/s); now 50 rows a page
 *   through an index on the queue's order: 14–19 req/s, p95 0.8–1.5 s, 34–45 % of the floor's 42
 *   req/s (p95 0.5 s) in the same run. Queue query alone: ~1–3 ms CPU (was 8–15 ms).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "#db/client";
import { memberships, organisations, projects, rounds, users } from "#db/schema";
import { countRecords, INDEXED_TYPES } from "#search/documents";
import { getEngines } from "#search/index";
import { idfFor } from "#search/dedup/idf";
import { drainOutbox } from "#search/sync/drain";
import { reindex } from "#search/sync/reindex";
import { systemActor } from "~/features/access/actor";
import { actorForUser, createSession } from "~/features/auth/session.server";
import { reviewQueue, roundOverlap } from "~/features/topics/queries.server";
import { createTopic, transitionTopic } from "~/features/topics/verbs.server";
import { setDb } from "#db/client";
import { desc, isNotNull } from "drizzle-orm";
import { load, printFigures, requireBuild, startServer } from "./serve";

const SHARED = path.resolve(process.cwd(), "../shared");
const argv = process.argv.slice(2);
const opt = (n: string) => (argv.includes(`--${n}`) ? argv[argv.indexOf(`--${n}`) + 1] : undefined);
const N = Number(opt("topics") ?? 500);
const POOL = Number(opt("pool") ?? 5000);
const dir = opt("keep") ?? fs.mkdtempSync(path.join(os.tmpdir(), "bench-topics-"));
fs.mkdirSync(dir, { recursive: true });
const dbFile = path.join(dir, "bench.sqlite");
const PORT = Number(process.env.BENCH_PORT ?? 3210);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function importFile(format: "nssf" | "nsfc", file: string) {
  execFileSync("npx", ["tsx", "scripts/archive-import.ts", "--format", format, file], { env: { ...process.env, DATABASE_PATH: dbFile }, stdio: ["ignore", "ignore", "inherit"] });
}

async function main() {
  if (!fs.existsSync(dbFile)) {
    const t = performance.now();
    importFile("nssf", path.join(SHARED, "data/nssf-projects.csv"));
    importFile("nsfc", path.join(SHARED, "data/nsfc-management-projects.csv"));
    console.log(`archive imported in ${s(performance.now() - t)}`);
  }
  const db = openDatabase(dbFile);
  setDb(db);
  const engines = getEngines(db);
  const engine = engines.embedded;
  // The round is measured on a portal whose index is current, as after `search:reindex`. An
  // import leaves one outbox row per record; left there, the first drain of the round indexed
  // all ~150k of them (that was the "150 ms per topic" of the first measurement).
  const records = INDEXED_TYPES.reduce((n, type) => n + countRecords(db, type), 0);
  const pending = (db.$client.prepare("select count(*) n from search_outbox").get() as { n: number }).n;
  let t = performance.now();
  if (pending > 0 || (await engine.count()) !== records) {
    const [r] = await reindex(db, engines, { only: "embedded" });
    db.$client.exec("delete from search_outbox");
    console.log(`indexed ${r.documents} archive documents in ${s(performance.now() - t)}`);
  }

  const depts = Array.from({ length: 10 }, (_, i) => db.insert(organisations).values({ kind: "department", name: `基准部门${i + 1}`, nameKey: `bench-dept-${i + 1}-${Date.now()}` }).returning().get().id);
  const user = db.insert(users).values({ email: `bench-${Date.now()}@example.cn`, displayName: "基准" }).returning().get();
  for (const organisationId of depts) db.insert(memberships).values({ userId: user.id, organisationId, role: "member" }).run();
  const actor = actorForUser(db, user, "127.0.0.1");
  const roundId = db.insert(rounds).values({ name: "基准轮次", year: 2027 }).returning().get().id;

  // titles from recent archive projects; every 10th proposed again by another department, every 7th reworded
  const titles = db.select({ title: projects.title }).from(projects).where(isNotNull(projects.year)).orderBy(desc(projects.year)).limit(POOL * 2).all().map((p) => p.title).filter((x) => x.length >= 6);
  const topicTitle = (i: number) => {
    const base = titles[(i * 37) % titles.length];
    if (i % 10 === 9) return titles[((i - 1) * 37) % titles.length];
    return i % 7 === 0 ? base.replace(/研究$/, "的路径研究") : base;
  };

  const checks: number[] = [];
  const drains: number[] = [];
  const BATCH = Number(opt("batch") ?? 25);
  // the duplicate check's IDF table over the archive's titles is built once per process (and again
  // after the archive grows by 5 %): a running portal has it; timed apart from the round
  t = performance.now();
  const idfCpu0 = process.cpuUsage();
  idfFor(db.$client);
  const idfMs = performance.now() - t;
  const idfCpu = process.cpuUsage(idfCpu0);
  console.log(`IDF table of the archive's titles (once per process): ${s(idfMs)} wall, ${s((idfCpu.user + idfCpu.system) / 1000)} CPU`);

  const cpu0 = process.cpuUsage();
  t = performance.now();
  for (let i = 0; i < N; i++) {
    const topic = createTopic({ db, actor }, { roundId, organisationId: depts[i % depts.length], title: topicTitle(i), policyNeed: "基准测试" });
    const c = performance.now();
    await transitionTopic({ db, actor }, { id: topic.id, to: "submitted", duplicateAck: "基准测试 / bench" });
    checks.push(performance.now() - c);
    // the outbox worker indexes in batches; later topics are checked against the pool indexed so far
    if (i % BATCH === BATCH - 1 || i === N - 1) {
      const d = performance.now();
      await drainOutbox(db, engine);
      drains.push(performance.now() - d);
    }
  }
  const submitMs = performance.now() - t;
  const o = performance.now();
  const overlap = roundOverlap(db, roundId);
  const overlapMs = performance.now() - o;
  console.log(`${N} topics created, checked against the pool and archive, submitted and indexed (every ${BATCH}): ${s(submitMs)} (submit with check p50 ${pct(checks, 0.5).toFixed(0)} ms, p95 ${pct(checks, 0.95).toFixed(0)} ms; ${drains.length} index batches, ${s(drains.reduce((a, b) => a + b, 0))} in all)`);
  console.log(`pairwise overlap of ${overlap.topics} topics (${((overlap.topics * (overlap.topics - 1)) / 2).toLocaleString("en")} pairs): ${s(overlapMs)}, ${overlap.pairs.length} similar pairs`);
  const cpu = process.cpuUsage(cpu0);
  console.log(`TOTAL for the round: ${s(submitMs + overlapMs)} wall, ${s((cpu.user + cpu.system) / 1000)} CPU (aim ≤ 30 s; ${s(submitMs + overlapMs + idfMs)} with the IDF table); load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);

  // grow the pool for the queue measurement (no checks: bulk insert through the verb)
  const sys = systemActor("bench");
  for (let i = N; i < POOL; i++) {
    const topic = createTopic({ db, actor: sys }, { roundId, organisationId: depts[i % depts.length], title: topicTitle(i) });
    await transitionTopic({ db, actor: sys }, { id: topic.id, to: "withdrawn" }).catch(() => undefined);
  }
  db.$client.exec("update topics set state = 'submitted', submitted_at = created_at where state = 'withdrawn'");
  // what the outbox worker would do while the server runs: index the pool first
  await drainOutbox(db, engine);
  const times: number[] = [];
  for (let i = 0; i < 50; i++) {
    const q = performance.now();
    const { rows } = reviewQueue(db, i % 2 ? {} : { organisationId: depts[i % depts.length] });
    times.push(performance.now() - q);
    if (!rows.length) throw new Error("empty queue");
  }
  console.log(`screening queue query over ${POOL} topics: p50 ${pct(times, 0.5).toFixed(1)} ms, p95 ${pct(times, 0.95).toFixed(1)} ms`);
  if (argv.includes("--no-server")) return done();

  // the rendered queue under load, signed in as a reviewer of the management office
  requireBuild();
  const office = db.insert(organisations).values({ kind: "managementOffice", name: "基准管理办公室", nameKey: `bench-office-${Date.now()}` }).returning().get().id;
  const reviewer = db.insert(users).values({ email: `bench-reviewer-${Date.now()}@example.cn`, displayName: "基准审核人" }).returning().get();
  db.insert(memberships).values({ userId: reviewer.id, organisationId: office, role: "reviewer" }).run();
  const { token } = createSession(db, reviewer.id);
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  db.$client.close();
  const server = await startServer(dbFile, PORT);
  try {
    const headers = { cookie: `session=${token}` };
    const pages: [string, string][] = [
      ["floor (bare page)", "/bench/floor"],
      ["queue, first page", "/topics/review"],
      ["queue, one department", `/topics/review?org=${depts[3]}`],
      ["queue, page 40", "/topics/review?page=40"],
    ];
    for (const [, p] of pages) {
      const res = await fetch(server.url(p), { headers, redirect: "manual" });
      if (res.status !== 200) throw new Error(`${p} answered ${res.status}`);
    }
    const figures = [];
    for (const [name, p] of pages) figures.push(await load(server, name, p, { duration: SECONDS, headers }));
    console.log(`\nScreening queue under load — ${POOL} topics in the pool, 10 connections, ${SECONDS} s each, ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}\n`);
    printFigures(figures);
  } finally {
    server.stop();
  }
  done();
}

function done() {
  if (!opt("keep")) fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
