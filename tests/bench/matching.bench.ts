/**
 * npm run bench:matching [-- --sample 300] [--archive FILE] [--keep DIR] [--latency-only]
 *
 * 1. Matching quality, held out on the real archive (NSSF + NSFC, ~76k projects): for NSSF projects
 *    approved in 2016–2017 whose PI has an earlier project, the test projects are left out of the
 *    index and of the people's priors, and all people are ranked by affinity to each test title
 *    (the held-out project's 学科分类 stands in for the need's declared discipline, its year for the
 *    need's date). Reports recall@10, recall@50 and MRR of the true PI (and of anyone from the same
 *    institution), beside a plain BM25 baseline over people's concatenated titles (one document
 *    per person, same engine, same held-out set). The model's weights were fitted on 2013–2015
 *    (`npm run matching:fit`), never on this test set.
 * 2. Recommendation latency at the 80k archive scale: p50/p95 wall time and CPU time of
 *    recommendForNeed, the need page's call, for 200 needs made from the test titles.
 * 3. Assignment of 500 items × 2,000 experts, k = 3, L = 2 with HiGHS: time and total affinity
 *    against the greedy assignment.
 *
 * --archive FILE copies an already imported archive database instead of importing the CSVs;
 * --latency-only (with an archive whose index is built) measures only 2., on the archive's index.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase, setDb, type Db } from "#db/client";
import { allDocuments } from "#search/documents";
import { EmbeddedEngine } from "#search/embedded/engine";
import type { SearchDoc } from "#search/port";
import Database from "better-sqlite3";
import { rankPeople, recommendForNeed } from "~/features/matching/affinity.server";
import { needs, organisations } from "#db/schema";
import { FEATURE_NAMES, type Weights } from "~/features/matching/model";
import { greedyAssignment, solveAssignment } from "~/features/matching/assign.server";

const SHARED = path.resolve(process.cwd(), "../shared/data");
const argv = process.argv.slice(2);
const opt = (n: string) => (argv.includes(`--${n}`) ? argv[argv.indexOf(`--${n}`) + 1] : undefined);
const sample = Number(opt("sample") ?? 300);
const dir = opt("keep") ?? fs.mkdtempSync(path.join(os.tmpdir(), "bench-matching-"));
fs.mkdirSync(dir, { recursive: true });
const dbFile = path.join(dir, "bench.sqlite");
const log = (s: string) => console.log(s);
const TEXT_ONLY = { ...Object.fromEntries(FEATURE_NAMES.map((k) => [k, 0])), best: 0.7, rest: 0.3 } as Weights;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

function importFile(format: "nssf" | "nsfc", file: string): number {
  const t = performance.now();
  execFileSync("npx", ["tsx", "scripts/archive-import.ts", "--format", format, file], { env: { ...process.env, DATABASE_PATH: dbFile }, stdio: ["ignore", "ignore", "inherit"] });
  return (performance.now() - t) / 1000;
}

type Test = { id: number; title: string; pi: number; institution: string; discipline: string | null; year: number };

function testSet(db: Db): Test[] {
  const rows = db.$client
    .prepare(
      `SELECT p.id, p.title, p.pi_person_id pi, p.institution_name institution, p.discipline, p.year FROM projects p
       WHERE p.funder = 'nssf' AND p.year IN (2016, 2017) AND p.pi_person_id IS NOT NULL
         AND EXISTS (SELECT 1 FROM projects q WHERE q.pi_person_id = p.pi_person_id AND q.year < p.year)
       ORDER BY p.id`,
    )
    .all() as Test[];
  const step = Math.max(1, Math.floor(rows.length / sample));
  log(`held-out candidates: ${rows.length}; sampled every ${step}th → ${Math.min(sample, Math.ceil(rows.length / step))}`);
  return rows.filter((_, i) => i % step === 0).slice(0, sample);
}

type Scores = { r10: number; r50: number; mrr: number; i10: number; i50: number; imrr: number };
function score(ranks: { pi: number | null; inst: number | null }[]): Scores {
  const n = ranks.length;
  const at = (r: number | null, k: number) => (r != null && r <= k ? 1 : 0);
  const sum = (f: (x: { pi: number | null; inst: number | null }) => number) => ranks.reduce((s, x) => s + f(x), 0) / n;
  return {
    r10: sum((x) => at(x.pi, 10)),
    r50: sum((x) => at(x.pi, 50)),
    mrr: sum((x) => (x.pi ? 1 / x.pi : 0)),
    i10: sum((x) => at(x.inst, 10)),
    i50: sum((x) => at(x.inst, 50)),
    imrr: sum((x) => (x.inst ? 1 / x.inst : 0)),
  };
}
const fmt = (s: Scores) =>
  `recall@10 ${s.r10.toFixed(3)}  recall@50 ${s.r50.toFixed(3)}  MRR ${s.mrr.toFixed(3)}  | same institution: hit@10 ${s.i10.toFixed(3)}  hit@50 ${s.i50.toFixed(3)}  MRR ${s.imrr.toFixed(3)}`;

/** p50/p95 of recommendForNeed, the need page's call, wall and CPU. */
async function latency(db: Db, engine: EmbeddedEngine, tests: Test[]) {
  const indexed = await engine.count("project");
  // one need per test title (its discipline, posted in its year), asked for as the need page asks
  const dept = db.insert(organisations).values({ kind: "department", name: "基准测试部门", nameKey: "bench-department" }).returning({ id: organisations.id }).get().id;
  const needIds = tests.slice(0, 200).map(
    (x) =>
      db
        .insert(needs)
        .values({ organisationId: dept, question: x.title, deadline: new Date(Date.UTC(x.year, 11, 31)), expectedForm: "研究报告", discipline: x.discipline ?? "", keywords: [], visibility: "public", createdAt: new Date(Date.UTC(x.year, 5, 1)) })
        .returning({ id: needs.id })
        .get().id,
  );
  const times: number[] = [];
  const cpu: number[] = [];
  for (const id of needIds) {
    const s = performance.now();
    const c = process.cpuUsage();
    await recommendForNeed(db, id, { limit: 15 }, engine);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
    times.push(performance.now() - s);
  }
  log(
    `recommendations for one need at ${indexed} projects (the need page's call: 15 people with evidence): wall p50 ${pct(times, 0.5).toFixed(1)} ms, p95 ${pct(times, 0.95).toFixed(1)} ms; CPU p50 ${pct(cpu, 0.5).toFixed(1)} ms, p95 ${pct(cpu, 0.95).toFixed(1)} ms (${times.length} needs; load average ${os.loadavg()[0].toFixed(2)})`,
  );
}

async function main() {
  log(`working in ${dir}; load average ${os.loadavg().map((x) => x.toFixed(2)).join(" ")} on ${os.cpus().length} cores`);
  const archive = opt("archive");
  if (archive) fs.copyFileSync(archive, dbFile);
  else {
    log(`import NSSF: ${importFile("nssf", path.join(SHARED, "nssf-projects.csv")).toFixed(1)} s`);
    log(`import NSFC: ${importFile("nsfc", path.join(SHARED, "nsfc-management-projects.csv")).toFixed(1)} s`);
  }
  const db = openDatabase(dbFile);
  setDb(db);
  const tests = testSet(db);
  if (argv.includes("--latency-only")) {
    // the archive's own index as it stands (all projects): only the recommendation latency
    await latency(db, new EmbeddedEngine(db.$client), tests);
    db.$client.close();
    if (!opt("keep")) fs.rmSync(dir, { recursive: true, force: true });
    return;
  }
  const hidden = new Set(tests.map((t) => t.id));
  const institutionOf = new Map((db.$client.prepare("SELECT id, institution_name i FROM people").all() as { id: number; i: string }[]).map((r) => [r.id, r.i]));

  // the model's index: every project but the held-out ones
  const engine = new EmbeddedEngine(db.$client);
  let t = performance.now();
  await engine.rebuild(
    (function* () {
      for (const batch of allDocuments(db, "project")) yield batch.filter((d) => !hidden.has(Number(d.entityId)));
    })(),
  );
  log(`index (projects without the held-out set): ${((performance.now() - t) / 1000).toFixed(1)} s`);

  // the baseline's index: one document per person, their other titles concatenated, plain BM25
  const base = new EmbeddedEngine(new Database(path.join(dir, "baseline.sqlite")));
  const byPerson = new Map<number, string[]>();
  for (const r of db.$client.prepare("SELECT id, title, pi_person_id pi FROM projects WHERE pi_person_id IS NOT NULL").all() as { id: number; title: string; pi: number }[])
    if (!hidden.has(r.id)) (byPerson.get(r.pi) ?? byPerson.set(r.pi, []).get(r.pi)!).push(r.title);
  const docs: SearchDoc[] = [...byPerson.entries()].map(([pi, titles]) => ({ id: `person:${pi}`, type: "person", entityId: String(pi), title: titles.join("；"), personIds: [pi] }));
  await base.rebuild([docs]);

  const rankOf = (ids: number[], pi: number, inst: string) => {
    const p = ids.indexOf(pi);
    const i = ids.findIndex((id) => institutionOf.get(id) === inst);
    return { pi: p >= 0 ? p + 1 : null, inst: i >= 0 ? i + 1 : null };
  };
  const model: { pi: number | null; inst: number | null }[] = [];
  const baseline: { pi: number | null; inst: number | null }[] = [];
  const textOnly: { pi: number | null; inst: number | null }[] = [];
  for (const x of tests) {
    const need = { engine, discipline: x.discipline ?? undefined, asOf: x.year, excludeProjectIds: hidden };
    model.push(rankOf((await rankPeople(db, x.title, { ...need, limit: 50, highlightTop: 0 })).map((a) => a.personId), x.pi, x.institution));
    textOnly.push(rankOf((await rankPeople(db, x.title, { ...need, limit: 50, highlightTop: 0, weights: TEXT_ONLY })).map((a) => a.personId), x.pi, x.institution));
    baseline.push(rankOf((await base.search({ q: x.title, matching: "any", limit: 50, filter: { type: "person" } })).hits.map((h) => Number(h.entityId)), x.pi, x.institution));
  }
  log(`\n== held-out matching quality (${tests.length} NSSF projects of 2016–2017 whose PI has an earlier project) ==`);
  log(`affinity model (text evidence + priors, weights fitted on 2013–2015): ${fmt(score(model))}`);
  log(`the same candidates, text evidence only (0.7·best + 0.3·rest):         ${fmt(score(textOnly))}`);
  log(`BM25 over concatenated titles (baseline):                             ${fmt(score(baseline))}`);

  // 2. latency at the 80k scale (the same index: the whole archive but the held-out projects)
  await latency(db, engine, tests);

  // 3. assignment 500 × 2000, k = 3, L = 2
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const items = Array.from({ length: 500 }, (_, i) => `i${i}`);
  const experts = Array.from({ length: 2000 }, (_, i) => ({ id: `e${i}`, type: ["高校", "社科院", "党校行政学院", "科研院所"][i % 4] }));
  // topical structure: items and experts live on 40 topics; affinity is high within a topic
  const topicI = items.map(() => Math.floor(rnd() * 40));
  const topicE = experts.map(() => Math.floor(rnd() * 40));
  const aff = new Float32Array(items.length * experts.length);
  for (let i = 0; i < items.length; i++) for (let e = 0; e < experts.length; e++) aff[i * experts.length + e] = (topicI[i] === topicE[e] ? 0.6 : 0) + 0.4 * rnd() ** 3;
  const idx = (s: string) => Number(s.slice(1));
  const problem = {
    items,
    experts,
    affinity: (i: string, e: string) => aff[idx(i) * experts.length + idx(e)],
    conflict: (i: string, e: string) => (idx(i) * 7 + idx(e)) % 97 === 0,
    k: 3,
    L: 2,
    candidatesPerItem: 24,
  };
  t = performance.now();
  const cpu0 = process.cpuUsage();
  const solved = await solveAssignment(problem);
  const cpuUsed = process.cpuUsage(cpu0);
  const solveMs = performance.now() - t;
  t = performance.now();
  const greedy = greedyAssignment(problem);
  const greedyMs = performance.now() - t;
  if (!solved.ok) log(`assignment infeasible: ${solved.reason.en}`);
  else
    log(
      `\nassignment 500 items × 2000 experts, k=3, L=2: HiGHS ${(solveMs / 1000).toFixed(2)} s wall, ${((cpuUsed.user + cpuUsed.system) / 1e6).toFixed(2)} s CPU (model ${solved.timing.modelMs} ms, solve ${solved.timing.solveMs} ms incl. loading the WASM, ${solved.timing.rounds} round(s); ${solved.variables} variables; load average ${os.loadavg()[0].toFixed(2)}), total affinity ${solved.total.toFixed(2)}; greedy ${greedyMs.toFixed(0)} ms, total ${greedy.total.toFixed(2)}${greedy.complete ? "" : " (incomplete)"} → +${(((solved.total - greedy.total) / greedy.total) * 100).toFixed(2)} %`,
    );
  db.$client.close();
  if (!opt("keep")) fs.rmSync(dir, { recursive: true, force: true });
}

await main();
