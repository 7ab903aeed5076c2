/**
 * npm run matching:fit -- --archive FILE [--from 2013] [--to 2015] [--sample N] [--depth 100]
 *
 * Fits the affinity model's weights (app/features/matching/model.ts) on an EARLIER window of the
 * archive than the benchmark's 2016–2017 test: for NSSF projects approved in [from, to] whose PI
 * has an earlier project, each is hidden from the index and from the priors, all people are ranked
 * by affinity to its title, and a conditional logit over each query's candidates learns how much
 * the text evidence and each prior count. Prints the weights (to copy into model.ts), the fit
 * window's figures (in-sample and two-fold), and the share of queries whose PI is a candidate.
 * Works on a copy of FILE (an archive database with NSSF + NSFC imported); FILE is never written.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "#db/client";
import { allDocuments } from "#search/documents";
import { EmbeddedEngine } from "#search/embedded/engine";
import { rankPeople } from "~/features/matching/affinity.server";
import { FEATURE_NAMES, WEIGHTS, fitConditionalLogit, linear, logLikelihood, type Features, type Weights } from "~/features/matching/model";

const argv = process.argv.slice(2);
const opt = (n: string) => (argv.includes(`--${n}`) ? argv[argv.indexOf(`--${n}`) + 1] : undefined);
const archive = opt("archive");
if (!archive || !fs.existsSync(archive)) {
  console.error("usage: npm run matching:fit -- --archive FILE [--from 2013] [--to 2015] [--sample N] [--depth 100]");
  process.exit(2);
}
const from = Number(opt("from") ?? 2013);
const to = Number(opt("to") ?? 2015);
const sample = Number(opt("sample") ?? 1_000_000);
const depth = Number(opt("depth") ?? 100);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fit-affinity-"));
const file = path.join(dir, "fit.sqlite");
fs.copyFileSync(archive, file);
const db = openDatabase(file);

type Q = { id: number; title: string; pi: number; discipline: string | null; year: number };
const rows = db.$client
  .prepare(
    `SELECT p.id, p.title, p.pi_person_id pi, p.discipline, p.year FROM projects p
     WHERE p.funder = 'nssf' AND p.year BETWEEN ? AND ? AND p.pi_person_id IS NOT NULL
       AND EXISTS (SELECT 1 FROM projects q WHERE q.pi_person_id = p.pi_person_id AND q.year < p.year)
     ORDER BY p.id`,
  )
  .all(from, to) as Q[];
const step = Math.max(1, Math.floor(rows.length / sample));
const qs = rows.filter((_, i) => i % step === 0).slice(0, sample);
const hidden = new Set(qs.map((q) => q.id));
console.log(`fit window ${from}–${to}: ${rows.length} candidates, ${qs.length} sampled`);

const engine = new EmbeddedEngine(db.$client);
let t = performance.now();
await engine.rebuild(
  (function* () {
    for (const batch of allDocuments(db, "project")) yield batch.filter((d) => !hidden.has(Number(d.entityId)));
  })(),
);
console.log(`index without the fit window's held-out projects: ${((performance.now() - t) / 1000).toFixed(1)} s`);

t = performance.now();
const groups: { x: Features[]; y: number }[] = [];
let found = 0;
for (const q of qs) {
  const ranked = await rankPeople(db, q.title, { engine, limit: 100_000, depth, discipline: q.discipline ?? undefined, asOf: q.year, excludeProjectIds: hidden, highlightTop: 0 });
  const y = ranked.findIndex((a) => a.personId === q.pi);
  if (y >= 0) found++;
  groups.push({ x: ranked.map((a) => a.features), y });
}
console.log(`candidates: true PI among them in ${found}/${qs.length} queries (${((found / qs.length) * 100).toFixed(1)} %); ${((performance.now() - t) / qs.length).toFixed(1)} ms per query`);

function evaluate(gs: { x: Features[]; y: number }[], w: Weights) {
  let r10 = 0;
  let r50 = 0;
  let mrr = 0;
  for (const g of gs) {
    if (g.y < 0) continue;
    const s = g.x.map((x) => linear(x, w));
    const mine = s[g.y];
    // ties count against the true person
    const rank = 1 + s.filter((v, i) => i !== g.y && v >= mine).length;
    if (rank <= 10) r10++;
    if (rank <= 50) r50++;
    mrr += 1 / rank;
  }
  const n = gs.length;
  return `recall@10 ${(r10 / n).toFixed(3)}  recall@50 ${(r50 / n).toFixed(3)}  MRR ${(mrr / n).toFixed(3)}  LL ${logLikelihood(gs, w).toFixed(3)}`;
}

const zero = Object.fromEntries(FEATURE_NAMES.map((k) => [k, 0])) as Weights;
const textOnly: Weights = { ...zero, best: 0.7, rest: 0.3 };
const full = fitConditionalLogit(groups);
const textFit = fitConditionalLogit(groups, ["best", "bestAbs", "rest"]);
console.log(`\ntext only (0.7·best + 0.3·rest):  ${evaluate(groups, textOnly)}`);
console.log(`text, fitted:                      ${evaluate(groups, textFit)}`);
console.log(`text + priors, fitted (in-sample): ${evaluate(groups, full)}`);
console.log(`weights in model.ts now:           ${evaluate(groups, WEIGHTS)}`);
// two-fold: fit on one half, measure on the other
const even = groups.filter((_, i) => i % 2 === 0);
const odd = groups.filter((_, i) => i % 2 === 1);
const wE = fitConditionalLogit(even);
const wO = fitConditionalLogit(odd);
console.log(`two-fold (fit even → odd):         ${evaluate(odd, wE)}`);
console.log(`two-fold (fit odd → even):         ${evaluate(even, wO)}`);
const round = (w: Weights) => Object.fromEntries(FEATURE_NAMES.map((k) => [k, Math.round(w[k] * 1000) / 1000]));
console.log(`\nfitted weights: ${JSON.stringify(round(full))}`);
console.log(`text-only fitted: ${JSON.stringify(round(textFit))}`);

db.$client.close();
fs.rmSync(dir, { recursive: true, force: true });
