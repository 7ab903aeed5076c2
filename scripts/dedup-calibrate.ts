/**
 * Calibrates the duplicate checker's similarity model from the archive itself (see
 * docs/decisions/0008-similarity-model.md): positives are a project's title against the titles
 * of its own published results and against synthetic rewordings of it; negatives are the other
 * candidates the engine returns for the same query. Fits a logistic regression on the
 * features and prints the coefficients and, per threshold, the share of positives flagged and
 * of leave-one-out queries (own project removed from the archive) that would raise a false alarm.
 *
 *   npx tsx scripts/dedup-calibrate.ts [--nssf ../shared/data/nssf-projects.csv] [--n 1500]
 *
 * Queries of the dev benchmark are excluded so that its figure stays a held-out measurement.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { parse } from "csv-parse/sync";
import { EmbeddedEngine } from "#search/embedded/engine";
import { FEATURE_NAMES, features, prepareTitle, type Prepared } from "#search/dedup/features";
import { IdfTable } from "#search/dedup/idf";
import { splitSubtitle } from "#search/text/subtitle";
import { prepare } from "#search/text/segment";
import type { SearchDoc } from "#search/port";

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const shared = path.resolve(process.cwd(), "../shared");
const csvFile = arg("nssf", path.join(shared, "data/nssf-projects.csv"));
const N = Number(arg("n", "1500"));
const DENOISE = process.argv.includes("--denoise");

// deterministic pseudo-random numbers, so a calibration can be repeated exactly
let seed = 20171;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);

type P = { id: string; title: string; discipline: string; results: Set<string> };
const rows = parse(fs.readFileSync(csvFile), { columns: true, bom: true, relax_column_count: true }) as Record<string, string>[];
const projects = new Map<string, P>();
for (const r of rows) {
  const id = r["项目批准号"];
  if (!id) continue;
  const p = projects.get(id) ?? { id, title: r["项目名称"], discipline: r["学科分类"], results: new Set<string>() };
  projects.set(id, p);
  if (r["成果名称"]) p.results.add(r["成果名称"].trim());
}
const devFile = path.join(shared, "bench/dedup-dev.jsonl");
const devTexts = new Set<string>();
const devProjects = new Set<string>();
if (fs.existsSync(devFile))
  for (const l of fs.readFileSync(devFile, "utf8").split("\n").filter(Boolean)) {
    const q = JSON.parse(l) as { text: string; expect: string[] };
    devTexts.add(prepare(q.text));
    for (const e of q.expect) devProjects.add(e);
  }

const sqlite = new Database(":memory:");
const engine = new EmbeddedEngine(sqlite);
await engine.ensureReady();
const all = [...projects.values()];
const docs: SearchDoc[] = all.map((p) => {
  const { main, subtitle } = splitSubtitle(p.title);
  return { id: `project:${p.id}`, type: "project", entityId: p.id, title: main, subtitle, ref: p.id };
});
await engine.rebuild((function* () {
  for (let i = 0; i < docs.length; i += 5000) yield docs.slice(i, i + 5000);
})());
const idf = IdfTable.fromTitles(all.map((p) => p.title));
const prepCache = new Map<string, Prepared>();
const prep = (t: string) => prepCache.get(t) ?? prepCache.set(t, prepareTitle(t)).get(t)!;

/** rewordings a department might write: a synonym, a generic ending swapped, a typo, phrases reordered */
function reword(title: string): string {
  let t = title;
  const ops = [
    () => t.replace(/研究$/, rand() < 0.5 ? "问题研究" : "探析"),
    () => t.replace(/农村/g, "乡村").replace(/城镇化/g, "城市化"),
    () => {
      const cs = Array.from(t);
      const i = Math.floor(rand() * cs.length);
      if (/[\u4e00-\u9fff]/.test(cs[i])) cs[i] = String.fromCharCode(0x4e00 + Math.floor(rand() * 0x5000));
      return cs.join("");
    },
    () => {
      const m = /^(.+?)(与|和|及)(.+?)(研究|问题研究)?$/.exec(t);
      return m ? `${m[3]}${m[2]}${m[1]}${m[4] ?? ""}` : t;
    },
    () => t.replace(/^(关于|论|试论)/, "").replace(/的/g, ""),
    () => t.replace(/——.*$/, ""),
    () => t.replace(/研究$/, "的理论与实践研究"),
  ];
  const k = 1 + Math.floor(rand() * 2);
  for (let i = 0; i < k; i++) t = ops[Math.floor(rand() * ops.length)]();
  return t;
}

type Sample = { x: number[]; y: number };
const samples: Sample[] = [];
const looNeg: { q: string; best: number[] }[] = []; // per query: feature vector of the best other candidate (scored later)
const posVecs: { kind: string; x: number[] }[] = [];
const queries: { kind: string; text: string; own: P }[] = [];

const withResults = all.filter((p) => !devProjects.has(p.id) && [...p.results].some((r) => prepare(r) !== prepare(p.title) && !devTexts.has(prepare(r))));
for (let i = 0; i < N && withResults.length; i++) {
  const p = withResults.splice(Math.floor(rand() * withResults.length), 1)[0];
  const r = [...p.results].find((x) => prepare(x) !== prepare(p.title) && !devTexts.has(prepare(x)))!;
  queries.push({ kind: "result", text: r, own: p });
}
const plain = all.filter((p) => !devProjects.has(p.id));
for (let i = 0; i < N / 3; i++) {
  const p = plain[Math.floor(rand() * plain.length)];
  const v = reword(p.title);
  if (prepare(v) !== prepare(p.title)) queries.push({ kind: "reword", text: v, own: p });
}

const vec = (f: Record<string, number>) => FEATURE_NAMES.map((n) => f[n]);
let t0 = performance.now();
for (const q of queries) {
  const res = engine.searchSync({ q: q.text, matching: "any", limit: 60, fields: ["title", "subtitle", "keywords"] });
  const qp = prep(q.text);
  const ownMain = prepare(splitSubtitle(q.own.title).main);
  const ownPrep = prep(q.own.title);
  const pos = vec(features(qp, prep(q.own.title), idf));
  samples.push({ x: pos, y: 1 });
  posVecs.push({ kind: q.kind, x: pos });
  const negs: number[][] = [];
  for (const h of res.hits) {
    if (h.entityId === q.own.id) continue;
    const ct = h.doc.title + (h.doc.subtitle ? `——${h.doc.subtitle}` : "");
    if (prepare(h.doc.title) === ownMain) continue; // the same topic funded twice: not a negative
    // nor a candidate that is itself a near-copy of the query's own project (label noise otherwise)
    if (DENOISE && features(ownPrep, prep(ct), idf).dice >= 0.7) continue;
    const x = vec(features(qp, prep(ct), idf));
    negs.push(x);
    samples.push({ x, y: 0 });
  }
  looNeg.push({ q: q.text, best: negs.length ? negs.flat() : [] });
}
console.error(`features for ${queries.length} queries in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${samples.length} pairs`);

// logistic regression, plain gradient descent on standardised features, positives re-weighted to balance
const d = FEATURE_NAMES.length;
const mean = Array(d).fill(0);
const sd = Array(d).fill(0);
for (const s of samples) s.x.forEach((v, j) => (mean[j] += v / samples.length));
for (const s of samples) s.x.forEach((v, j) => (sd[j] += (v - mean[j]) ** 2 / samples.length));
for (let j = 0; j < d; j++) sd[j] = Math.sqrt(sd[j]) || 1;
const z = (x: number[]) => x.map((v, j) => (v - mean[j]) / sd[j]);
const nPos = samples.filter((s) => s.y).length;
const wPos = process.argv.includes("--balance") ? (samples.length - nPos) / nPos : 1;
let w = Array(d).fill(0);
let b = 0;
t0 = performance.now();
const zs = samples.map((s) => z(s.x));
for (let it = 0; it < 600; it++) {
  const gw = Array(d).fill(0);
  let gb = 0;
  let tw = 0;
  for (let k = 0; k < samples.length; k++) {
    const s = samples[k];
    const xs = zs[k];
    const p = 1 / (1 + Math.exp(-(b + xs.reduce((a, v, j) => a + v * w[j], 0))));
    const cw = s.y ? wPos : 1;
    const g = (p - s.y) * cw;
    xs.forEach((v, j) => (gw[j] += g * v));
    gb += g;
    tw += cw;
  }
  w = w.map((v, j) => v - 1.0 * (gw[j] / tw + 1e-3 * v));
  b -= 1.0 * (gb / tw);
}
// fold the standardisation into the coefficients
const coef = Object.fromEntries(FEATURE_NAMES.map((n, j) => [n, +(w[j] / sd[j]).toFixed(4)]));
const bias = +(b - FEATURE_NAMES.reduce((a, _n, j) => a + (w[j] * mean[j]) / sd[j], 0)).toFixed(4);
const score = (x: number[]) => 1 / (1 + Math.exp(-(bias + x.reduce((a, v, j) => a + v * coef[FEATURE_NAMES[j]], 0))));
console.log(JSON.stringify({ coef, bias }));

const looMax = looNeg.map((l) => {
  let m = 0;
  for (let i = 0; i < l.best.length; i += d) m = Math.max(m, score(l.best.slice(i, i + d)));
  return m;
});
console.log("threshold  result-flagged  reword-flagged  loo-any-flag");
for (let th = 0.3; th <= 0.951; th += 0.05) {
  const rf = posVecs.filter((p) => p.kind === "result");
  const wf = posVecs.filter((p) => p.kind === "reword");
  const f = (xs: typeof rf) => (xs.filter((p) => score(p.x) >= th).length / Math.max(1, xs.length)).toFixed(3);
  console.log(`${th.toFixed(2)}       ${f(rf)}           ${f(wf)}           ${(looMax.filter((m) => m >= th).length / looMax.length).toFixed(3)}`);
}
{
  const j = FEATURE_NAMES.indexOf("jaccard");
  const looJ = looNeg.map((l) => { let m = 0; for (let i = 0; i < l.best.length; i += d) m = Math.max(m, l.best[i + j]); return m; });
  const rate = looJ.filter((m) => m >= 0.35).length / looJ.length;
  const sorted = [...looMax].sort((a, b) => b - a);
  const th = sorted[Math.max(0, Math.floor(rate * sorted.length) - 1)];
  const rf = posVecs.filter((p) => p.kind === "result");
  console.log(`model at the reference's false-alarm rate ${rate.toFixed(3)}: threshold ${th.toFixed(3)} result-flagged ${(rf.filter((p) => score(p.x) >= th).length / rf.length).toFixed(3)}`);
}
// the brute-force reference on the same queries: plain bigram Jaccard of main titles
{
  const j = FEATURE_NAMES.indexOf("jaccard");
  const rf = posVecs.filter((p) => p.kind === "result");
  const looJ = looNeg.map((l) => {
    let m = 0;
    for (let i = 0; i < l.best.length; i += d) m = Math.max(m, l.best[i + j]);
    return m;
  });
  for (const th of [0.3, 0.35, 0.4])
    console.log(`jaccard>=${th}: result-flagged ${(rf.filter((p) => p.x[j] >= th).length / rf.length).toFixed(3)} loo-any-flag ${(looJ.filter((m) => m >= th).length / looJ.length).toFixed(3)}`);
}
