/**
 * Calibration shaped like the three kinds of duplicate-check queries, on an archive database
 * whose embedded index is built (see docs/decisions/0008-similarity-model.md):
 *
 * - result:     the title of a completed project's published result (成果), where it differs from
 *               the project's title, with the project itself in the archive — expected: that project;
 * - paraphrase: a project's title reworded the way another department would write it (a synonym
 *               outside the checker's own synonym map, phrases reordered, a generic word swapped);
 * - novel:      titles of the newest projects, with their own project and every project of the
 *               same principal investigator removed from the candidates — anything flagged is a
 *               false alarm (an upper bound: the archive does hold real repeats);
 * - novel-new:  projects of the newest full year with a distinctive word no earlier title has, their
 *               own and same-PI projects removed — a topic new to the archive as it stood;
 * - result-reworded: a result title reworded as above, for the result readings of A.
 *
 * Queries are split by project into a calibration half and a held-out half. For each query the
 * script computes the features of every candidate (title and each result title), then:
 * 1. refits the logistic regression on the calibration half (titles only) and compares it with
 *    the committed model and with bigram Jaccard on the held-out half;
 * 2. sets the similar threshold where novel false alarms are ≤ 5 % and the duplicate one at ≤ 1 %;
 * 3. measures, per log-odds offset, what reading result titles adds (result-reworded flagged)
 *    and costs (novel false alarms).
 * 4. fits the novelty term (what the draft has and the candidate lacks) on the calibration half
 *    with the committed model as a fixed offset, and compares it on the held-out half at the
 *    committed thresholds and at equal false alarms.
 *
 *   npx tsx scripts/dedup-calibrate-archive.ts --db archive-copy.sqlite [--n 800]
 *
 * Projects and texts of the dev benchmark are excluded, so its figure stays held out.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { EmbeddedEngine } from "#search/embedded/engine";
import { FEATURE_NAMES, NOVELTY_NAMES, features, novelty, prepareTitle, type Prepared } from "#search/dedup/features";
import { IdfTable } from "#search/dedup/idf";
import { MODEL, NOVELTY, resultScore } from "#search/dedup/model";
import { prepare } from "#search/text/segment";
import type { SearchField } from "#search/port";

const arg = (name: string, dflt?: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const dbFile = arg("db");
if (!dbFile) throw new Error("--db <copy of an archive database with the embedded index built>");
const N = Number(arg("n", "800"));
const shared = path.resolve(process.cwd(), "../shared");

let seed = Number(arg("seed", "20261128"));
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];

const sqlite = new Database(dbFile, { readonly: true });
type P = { id: number; ref: string; title: string; pi: string; year: number; results: string[] };
const rows = sqlite.prepare("SELECT id, approval_number ref, title, pi_name pi, coalesce(year, 0) year FROM projects").all() as Omit<P, "results">[];
const projects = new Map<number, P>(rows.map((r) => [r.id, { ...r, results: [] }]));
for (const o of sqlite.prepare("SELECT project_id p, title t FROM project_outputs").all() as { p: number; t: string }[]) projects.get(o.p)?.results.push(o.t);
const byPi = new Map<string, number[]>();
for (const p of projects.values()) if (p.pi) (byPi.get(p.pi) ?? byPi.set(p.pi, []).get(p.pi)!).push(p.id);

const devTexts = new Set<string>();
const devRefs = new Set<string>();
const devFile = path.join(shared, "bench/dedup-dev.jsonl");
if (fs.existsSync(devFile))
  for (const l of fs.readFileSync(devFile, "utf8").split("\n").filter(Boolean)) {
    const q = JSON.parse(l) as { text: string; expect: string[] };
    devTexts.add(prepare(q.text));
    for (const e of q.expect) devRefs.add(e);
  }

/** Words a person rewording a title by hand would swap — deliberately NOT the checker's synonym map. */
const HAND_SYNONYMS: string[][] = [
  ["推进", "推动", "促进"], ["完善", "健全"], ["提升", "提高", "增强"], ["构建", "建立"], ["我国", "中国"],
  ["当代", "新时代", "当前"], ["路径", "途径", "路径选择"], ["对策", "策略", "对策建议"], ["机制", "体制机制"],
  ["影响", "作用"], ["演变", "演进", "变迁"], ["评价", "评估"], ["模式", "范式"], ["政策", "制度"], ["困境", "难题"],
];
function reword(title: string): string {
  let t = title;
  const ops: (() => string)[] = [
    () => {
      const g = HAND_SYNONYMS.filter((g) => g.some((w) => t.includes(w)));
      if (!g.length) return t;
      const grp = pick(g);
      const from = grp.find((w) => t.includes(w))!;
      const to = pick(grp.filter((w) => w !== from));
      return t.replace(from, to);
    },
    () => {
      const m = /^(.+?)(与|和|及)(.+?)(研究|问题研究)?$/.exec(t);
      return m ? `${m[3]}${m[2]}${m[1]}${m[4] ?? ""}` : t;
    },
    () => {
      const m = /^基于(.+?)的(.+)$/.exec(t);
      if (m) return `${m[1]}视角下的${m[2]}`;
      const n = /^(.+?)(视角下|视域下|背景下)的?(.+)$/.exec(t);
      return n ? `${n[3].replace(/研究$/, "")}研究——${n[1]}${n[2]}` : t;
    },
    () => (/研究$/.test(t) ? t.replace(/研究$/, pick(["问题研究", "探析", "对策研究", "的理论与实践研究"])) : `${t}研究`),
    () => (rand() < 0.5 ? t.replace(/的/, "") : `新时代${t.replace(/^(新时代|当代|新时期)/, "")}`),
    () => t.replace(/——.*$/, ""),
  ];
  const k = 2 + Math.floor(rand() * 2);
  for (let i = 0; i < k; i++) t = pick(ops)();
  return t;
}

type Kind = "result" | "paraphrase" | "novel" | "novel-new" | "result-reworded";
const isNovel = (k: Kind) => k === "novel" || k === "novel-new";
type Q = { kind: Kind; text: string; own: P; heldOut: boolean };
const queries: Q[] = [];
const eligible = [...projects.values()].filter((p) => !devRefs.has(p.ref));
const heldOut = (p: P) => p.id % 2 === 1;
const shuffled = eligible.map((p) => [rand(), p] as const).sort((a, b) => a[0] - b[0]).map((x) => x[1]);
const differs = (p: P, r: string) => prepare(r) !== prepare(p.title) && !devTexts.has(prepare(r)) && Array.from(r).length >= 4;
for (const p of shuffled.filter((p) => p.results.some((r) => differs(p, r))).slice(0, N)) queries.push({ kind: "result", text: pick(p.results.filter((r) => differs(p, r))), own: p, heldOut: heldOut(p) });
for (const p of shuffled.slice(N, 3 * N)) {
  if (queries.filter((q) => q.kind === "paraphrase").length >= N) break;
  const v = reword(p.title);
  if (prepare(v) !== prepare(p.title)) queries.push({ kind: "paraphrase", text: v, own: p, heldOut: heldOut(p) });
}
const newest = Math.max(...eligible.map((p) => p.year));
for (const p of shuffled.filter((p) => p.year >= newest - 1).slice(0, 2 * N)) queries.push({ kind: "novel", text: p.title, own: p, heldOut: heldOut(p) });
// novel-new: a project of the newest full year with a distinctive word that no earlier project's title has —
// a topic new to the archive as it stood, the closest proxy for a draft about something new
const lastYear = [...eligible].map((p) => p.year).sort((a, b) => b - a).find((y) => eligible.filter((p) => p.year === y).length >= 100)!;
const earlierWords = new Set<string>();
for (const p of eligible) if (p.year < lastYear) for (const w of prepareTitle(p.title).words) earlierWords.add(w);
const novelIds = new Set(queries.filter((q) => q.kind === "novel").map((q) => q.own.id));
for (const p of shuffled.filter((p) => p.year === lastYear && !novelIds.has(p.id) && prepareTitle(p.title).words.some((w) => !earlierWords.has(w))).slice(0, N))
  queries.push({ kind: "novel-new", text: p.title, own: p, heldOut: heldOut(p) });
for (const p of shuffled.slice(3 * N).filter((p) => p.results.some((r) => differs(p, r))).slice(0, N / 2)) {
  const v = reword(pick(p.results.filter((r) => differs(p, r))));
  if (!devTexts.has(prepare(v))) queries.push({ kind: "result-reworded", text: v, own: p, heldOut: heldOut(p) });
}

const engine = new EmbeddedEngine(sqlite);
const idf = IdfTable.fromTitles(rows.map((r) => r.title));
const cache = new Map<string, Prepared>();
const prep = (t: string) => cache.get(t) ?? cache.set(t, prepareTitle(t)).get(t)!;
const vec = (f: Record<string, number>) => FEATURE_NAMES.map((n) => f[n]);

const nvec = (f: Record<string, number>) => NOVELTY_NAMES.map((n) => f[n]);
/** viaTitles: found by the titles-only candidate query (the others only when results are searched too); *N: the novelty features */
type Cand = { own: boolean; viaTitles: boolean; title: number[]; titleN: number[]; results: number[][]; resultsN: number[][] };
type Row = { q: Q; cands: Cand[] };
const data: Row[] = [];
let t0 = performance.now();
for (const q of queries) {
  const exclude = isNovel(q.kind) ? [q.own.id, ...(byPi.get(q.own.pi) ?? [])].map((id) => `project:${id}`) : undefined;
  const search = (fields: SearchField[]) => engine.searchSync({ q: q.text, matching: "any", limit: 60, fields, filter: { type: ["project"], excludeIds: exclude } }).hits;
  const titleHits = new Set(search(["title", "subtitle", "keywords"]).map((h) => h.entityId));
  const hits = search(["title", "subtitle", "keywords", "outputs"]);
  const ids = [...new Set([...titleHits, ...hits.map((h) => h.entityId)])];
  const qp = prep(q.text);
  const cands: Cand[] = [];
  let ownSeen = false;
  for (const id of ids) {
    const p = projects.get(Number(id));
    if (!p) continue;
    const own = p.id === q.own.id || (!isNovel(q.kind) && prepare(p.title) === prepare(q.own.title));
    ownSeen ||= p.id === q.own.id;
    const rs = p.results.slice(0, 20);
    cands.push({
      own,
      viaTitles: titleHits.has(id),
      title: vec(features(qp, prep(p.title), idf)),
      titleN: nvec(novelty(qp, prep(p.title), idf)),
      results: rs.map((r) => vec(features(qp, prep(r), idf))),
      resultsN: rs.map((r) => nvec(novelty(qp, prep(r), idf))),
    });
  }
  // a query whose project the engine did not return is a recall miss: its project scores 0
  if (!ownSeen && !isNovel(q.kind)) cands.push({ own: true, viaTitles: true, title: FEATURE_NAMES.map(() => 0), titleN: NOVELTY_NAMES.map(() => 0), results: [], resultsN: [] });
  data.push({ q, cands });
}
console.error(`features for ${queries.length} queries in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

type Model = (x: number[], n: number[]) => number;
const logit = (coef: Record<string, number>, bias: number, x: number[]) => bias + x.reduce((a, v, j) => a + v * coef[FEATURE_NAMES[j]], 0);
const lr = (coef: Record<string, number>, bias: number): Model => (x) => 1 / (1 + Math.exp(-logit(coef, bias, x)));
const committed = lr(MODEL.coef, MODEL.bias);
const withNovelty = (coef: Record<string, number>, bias: number, nov: Record<string, number>): Model => (x, n) =>
  1 / (1 + Math.exp(-(logit(coef, bias, x) + n.reduce((a, v, j) => a + v * nov[NOVELTY_NAMES[j]], 0))));
const committedNovelty = withNovelty(MODEL.coef, MODEL.bias, NOVELTY);
const jac = FEATURE_NAMES.indexOf("jaccard");
const jaccard: Model = (x) => x[jac];

// refit on the calibration half: positives = own project of result/paraphrase queries; negatives = every other candidate
const train = data.filter((r) => !r.q.heldOut && r.q.kind !== "result-reworded" && r.q.kind !== "novel-new");
const samples: { x: number[]; y: number }[] = [];
for (const r of train) for (const c of r.cands) if (c.viaTitles && c.title.some((v) => v)) samples.push({ x: c.title, y: c.own && !isNovel(r.q.kind) ? 1 : 0 });
const d = FEATURE_NAMES.length;
const mean = Array<number>(d).fill(0);
const sd = Array<number>(d).fill(0);
for (const s of samples) s.x.forEach((v, j) => (mean[j] += v / samples.length));
for (const s of samples) s.x.forEach((v, j) => (sd[j] += (v - mean[j]) ** 2 / samples.length));
for (let j = 0; j < d; j++) sd[j] = Math.sqrt(sd[j]) || 1;
const zs = samples.map((s) => s.x.map((v, j) => (v - mean[j]) / sd[j]));
const nPos = samples.filter((s) => s.y).length;
const wPos = (samples.length - nPos) / Math.max(1, nPos);
let w = Array<number>(d).fill(0);
let b = 0;
t0 = performance.now();
for (let it = 0; it < 800; it++) {
  const gw = Array<number>(d).fill(0);
  let gb = 0;
  let tw = 0;
  for (let k = 0; k < samples.length; k++) {
    const xs = zs[k];
    let zz = b;
    for (let j = 0; j < d; j++) zz += xs[j] * w[j];
    const cw = samples[k].y ? wPos : 1;
    const g = (1 / (1 + Math.exp(-zz)) - samples[k].y) * cw;
    for (let j = 0; j < d; j++) gw[j] += g * xs[j];
    gb += g;
    tw += cw;
  }
  w = w.map((v, j) => v - 1.0 * (gw[j] / tw + 1e-3 * v));
  b -= gb / tw;
}
const coef = Object.fromEntries(FEATURE_NAMES.map((n, j) => [n, +(w[j] / sd[j]).toFixed(4)]));
const bias = +(b - FEATURE_NAMES.reduce((a, _n, j) => a + (w[j] * mean[j]) / sd[j], 0)).toFixed(4);
const refit = lr(coef, bias);
console.log(`refit on ${train.length} calibration queries, ${samples.length} pairs (${nPos} positive) in ${((performance.now() - t0) / 1000).toFixed(1)} s:`);
console.log(JSON.stringify({ coef, bias }));

/** per query: the own project's score, the best other candidate's score, and the own project's rank */
function evaluate(rows: Row[], m: Model, offset: number | null) {
  return rows.map((r) => {
    let ownBest = 0;
    let other = 0;
    for (const c of r.cands) {
      if (offset === null && !c.viaTitles) continue;
      let s = m(c.title, c.titleN);
      if (offset !== null) c.results.forEach((x, i) => (s = Math.max(s, resultScore(m(x, c.resultsN[i]), offset))));
      if (c.own) ownBest = Math.max(ownBest, s);
      else other = Math.max(other, s);
    }
    return { kind: r.q.kind, own: ownBest, other, first: ownBest > other };
  });
}
const share = (xs: boolean[]) => (xs.length ? xs.filter(Boolean).length / xs.length : 0);
/** the lowest threshold at which at most `rate` of novel queries have any candidate at or above it */
function thresholdFor(ev: ReturnType<typeof evaluate>, rate: number): number {
  const tops = ev.filter((e) => e.kind === "novel").map((e) => e.other).sort((a, b) => b - a);
  const k = Math.floor(rate * tops.length);
  return Math.min(0.999, (tops[k] ?? 0) + 1e-3);
}
function table(label: string, m: Model, rows: Row[], sim: number, dup: number, offset: number | null) {
  const ev = evaluate(rows, m, offset);
  const of = (k: Kind) => ev.filter((e) => e.kind === k);
  const f = (k: Kind, th: number) => share(of(k).map((e) => e.own >= th)).toFixed(3);
  const r1 = (k: Kind) => share(of(k).map((e) => e.first)).toFixed(3);
  console.log(
    `${label.padEnd(34)} sim ${sim.toFixed(3)} dup ${dup.toFixed(3)} | result r@1 ${r1("result")} flagged ${f("result", sim)} | paraphrase r@1 ${r1("paraphrase")} flagged ${f("paraphrase", sim)} dup ${f("paraphrase", dup)} | novel any_flag ${share(of("novel").map((e) => e.other >= sim)).toFixed(3)} any_dup ${share(of("novel").map((e) => e.other >= dup)).toFixed(3)} | novel-new any_flag ${share(of("novel-new").map((e) => e.other >= sim)).toFixed(3)} any_dup ${share(of("novel-new").map((e) => e.other >= dup)).toFixed(3)} | result-reworded flagged ${f("result-reworded", sim)}`,
  );
}
const cal = data.filter((r) => !r.q.heldOut);
const held = data.filter((r) => r.q.heldOut);
const count = (rs: Row[], k: Kind) => rs.filter((r) => r.q.kind === k).length;
console.log(`queries (calibration / held-out): ${(["result", "paraphrase", "novel", "novel-new", "result-reworded"] as Kind[]).map((k) => `${k} ${count(cal, k)}/${count(held, k)}`).join(", ")}`);

const calRefit = evaluate(cal, refit, null);
const simRefit = thresholdFor(calRefit, 0.05);
const dupRefit = thresholdFor(calRefit, 0.01);
const calComm = evaluate(cal, committed, null);
const simComm = thresholdFor(calComm, 0.05);
const dupComm = thresholdFor(calComm, 0.01);
const simJac = thresholdFor(evaluate(cal, jaccard, null), 0.05);
console.log("\ntitles only — held-out half (thresholds set on the calibration half):");
table("bigram Jaccard ≥ 0.35", jaccard, held, 0.35, 1, null);
table("bigram Jaccard at ≤5% novel", jaccard, held, simJac, 1, null);
table("committed model, 0.75 / 0.95", committed, held, 0.75, 0.95, null);
table("committed model at ≤5% / ≤1% novel", committed, held, simComm, dupComm, null);
table("refit model at ≤5% / ≤1% novel", refit, held, simRefit, dupRefit, null);
for (const rate of [0.1, 0.15, 0.2]) {
  table(`committed model at ≤${rate * 100}% / ≤1% novel`, committed, held, thresholdFor(calComm, rate), dupComm, null);
  table(`refit model at ≤${rate * 100}% / ≤1% novel`, refit, held, thresholdFor(calRefit, rate), dupRefit, null);
}
console.log("\ntitles only — calibration half:");
table("committed model at ≤5% / ≤1% novel", committed, cal, simComm, dupComm, null);
table("refit model at ≤5% / ≤1% novel", refit, cal, simRefit, dupRefit, null);

console.log("\nwith result titles read (committed model; offset = log-odds discount of a result reading), held-out half:");
for (const off of [0, 0.5, 1, 1.5, 2, 3]) table(`results, offset ${off}`, committed, held, 0.75, 0.95, off);
for (const off of [0, 1, 2]) table(`results, offset ${off}, refit thresholds`, refit, held, simRefit, dupRefit, off);

// The novelty term: the committed model's log-odds kept as they are (an offset), plus a weight for each
// feature of what the draft has and the candidate lacks, fitted by maximum likelihood on the calibration
// half (titles; classes balanced; every novel and novel-new candidate a negative), each weight kept ≤ 0.
// Then compared at equal false alarms: the committed model's similar threshold moved (on the
// calibration half) to the novel false-alarm rate the novelty term reaches at 0.75.
{
  const pairs: { z0: number; n: number[]; y: number }[] = [];
  for (const r of data.filter((r) => !r.q.heldOut && r.q.kind !== "result-reworded"))
    for (const c of r.cands) if (c.viaTitles && c.title.some((v) => v)) pairs.push({ z0: logit(MODEL.coef, MODEL.bias, c.title), n: c.titleN, y: c.own && !isNovel(r.q.kind) ? 1 : 0 });
  const k = NOVELTY_NAMES.length;
  const pos = pairs.filter((p) => p.y).length;
  const wp = (pairs.length - pos) / Math.max(1, pos);
  let beta = Array<number>(k).fill(0);
  for (let it = 0; it < 1500; it++) {
    const g = Array<number>(k).fill(0);
    let tw = 0;
    for (const p of pairs) {
      const z = p.z0 + p.n.reduce((a, v, j) => a + v * beta[j], 0);
      const cw = p.y ? wp : 1;
      const e = (1 / (1 + Math.exp(-z)) - p.y) * cw;
      for (let j = 0; j < k; j++) g[j] += e * p.n[j];
      tw += cw;
    }
    // what the draft has and the candidate lacks can only argue against a duplicate: weights kept ≤ 0
    beta = beta.map((v, j) => Math.min(0, v - 20 * (g[j] / tw + 1e-4 * v)));
  }
  const nov = Object.fromEntries(NOVELTY_NAMES.map((n, j) => [n, +beta[j].toFixed(3)]));
  const share1 = (j: number, y: number) => (pairs.filter((p) => p.y === y && p.n[j] > 0).length / Math.max(1, pairs.filter((p) => p.y === y).length)).toFixed(3);
  console.log(`\nnovelty term fitted on ${pairs.length} calibration pairs (${pos} positive): ${JSON.stringify(nov)} (model.ts has ${JSON.stringify(NOVELTY)})`);
  console.log(`share of pairs with the feature > 0, positives / negatives: ${NOVELTY_NAMES.map((n, j) => `${n} ${share1(j, 1)} / ${share1(j, 0)}`).join(", ")}`);
  const fitted = withNovelty(MODEL.coef, MODEL.bias, nov);
  console.log("held-out half, committed thresholds 0.75 / 0.95:");
  table("committed (titles)", committed, held, 0.75, 0.95, null);
  table("committed + novelty fitted (titles)", fitted, held, 0.75, 0.95, null);
  table("committed + novelty model.ts (titles)", committedNovelty, held, 0.75, 0.95, null);
  table("committed (results, offset 1)", committed, held, 0.75, 0.95, 1);
  table("committed + novelty fitted (results, 1)", fitted, held, 0.75, 0.95, 1);
  table("committed + novelty model.ts (results, 1)", committedNovelty, held, 0.75, 0.95, 1);
  for (let j = 0; j < k; j++) {
    const only = Object.fromEntries(NOVELTY_NAMES.map((n, i) => [n, i === j ? nov[n] : 0]));
    table(`committed + ${NOVELTY_NAMES[j]} only (titles)`, withNovelty(MODEL.coef, MODEL.bias, only), held, 0.75, 0.95, null);
  }
  const calFitted = evaluate(cal, fitted, null);
  const rate = share(calFitted.filter((e) => e.kind === "novel").map((e) => e.other >= 0.75));
  console.log(`at equal false alarms (calibration novel any_flag ${rate.toFixed(3)}), held-out half:`);
  table("committed at that rate (titles)", committed, held, thresholdFor(calComm, rate), 0.95, null);
  table("committed + novelty fitted (titles)", fitted, held, 0.75, 0.95, null);
  table("committed at that rate (results, 1)", committed, held, thresholdFor(calComm, rate), 0.95, 1);
  table("committed + novelty fitted (results, 1)", fitted, held, 0.75, 0.95, 1);
  console.log("calibration half, committed thresholds:");
  table("committed (titles)", committed, cal, 0.75, 0.95, null);
  table("committed + novelty fitted (titles)", fitted, cal, 0.75, 0.95, null);
}
