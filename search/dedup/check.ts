import type { Db } from "#db/client";
import type { SearchDoc, SearchEngine } from "../port";
import { highlight } from "../text/highlight";
import { normaliseText } from "../text/normalise";
import { features, novelty, prepareTitle, sharedPhrases, type Prepared } from "./features";
import { idfFor, titleTokenSet, type IdfTable } from "./idf";
import { resultScore, thresholds, titleScore } from "./model";

/**
 * The duplicate checker (查重): candidates from the search engine (any term, titles only),
 * re-ranked by the similarity model, with the evidence a reviewer needs to judge each match.
 * It depends only on the SearchEngine port, so it works the same over either engine.
 */

export type Level = "duplicate" | "similar" | "none";
export type CheckInput = { text: string; summary?: string; person?: string; institution?: string; excludeIds?: string[] };

export type Evidence = {
  /** the query's and the match's titles, HTML-escaped, shared phrases in <mark> (phrases shared with the matched result when the draft matched one) */
  queryHtml: string;
  matchHtml: string;
  sharedPhrases: string[];
  samePerson?: string;
  sameInstitution?: string;
  funder?: string;
  owner?: string;
  year?: number;
  grade?: string;
  discipline?: string;
  outputs: string[];
  people: string[];
  institution?: string;
  summaryOverlap?: number;
  /** the project's published result (成果) whose title the draft matches better than the project's own title */
  matchedResult?: string;
  /** the matched result's title, HTML-escaped, shared phrases in <mark> (matchHtml stays the project's title) */
  resultHtml?: string;
  /** …said in words: 与该项目成果《…》相同/相似 / matches (resembles) the project's result 《…》 */
  resultNote?: { zh: string; en: string };
  /** the draft and the matched result are the same text once normalised */
  resultSame?: boolean;
};

export type Match = { projectId: string; docId: string; type: string; entityId: string; title: string; score: number; level: Level; evidence: Evidence };
export type CheckResult = { level: Level; matches: Match[]; tookMs: number; degraded?: boolean };

/** the record types a topic can duplicate; later capabilities index theirs under these names */
export const DEDUP_TYPES = ["project", "topic", "need", "proposal"];
export const MAX_TEXT = 2000;
const CANDIDATES = 60;
const MIN_LISTED = 0.05;
/** a project lists a handful of results; a few list dozens (series of reports) */
const MAX_RESULTS = 20;

export type CheckOptions = {
  limit?: number;
  idf?: IdfTable;
  thresholds?: { duplicate: number; similar: number };
  types?: string[];
  /** compare the draft with the titles of the projects' published results too (default true) */
  useResults?: boolean;
};

const fullTitle = (d: SearchDoc) => (d.subtitle ? `${d.title}——${d.subtitle}` : d.title);
const sameName = (a?: string, b?: string) => !!a && !!b && normaliseText(a).replace(/\s/g, "") === normaliseText(b).replace(/\s/g, "");

export async function checkText(db: Db, engine: SearchEngine, input: CheckInput, opts: CheckOptions = {}): Promise<CheckResult> {
  const started = performance.now();
  const text = (input.text ?? "").slice(0, MAX_TEXT).trim();
  if (!normaliseText(text).replace(/[^\p{L}\p{N}]/gu, "")) return { level: "none", matches: [], tookMs: 0 };
  const idf = opts.idf ?? idfFor(db.$client);
  const th = opts.thresholds ?? thresholds();
  const useResults = opts.useResults ?? true;
  const res = await engine.search({
    q: text,
    matching: "any",
    limit: CANDIDATES,
    fields: useResults ? ["title", "subtitle", "keywords", "outputs"] : ["title", "subtitle", "keywords"],
    filter: { type: opts.types ?? DEDUP_TYPES, excludeIds: input.excludeIds },
  });
  const q = prepareTitle(text);
  const summaryTokens = input.summary ? titleTokenSet(normaliseText(input.summary.slice(0, 20_000))) : undefined;
  const scored = res.hits.map((h) => scoreCandidate(q, h.doc, idf, th, input, summaryTokens, useResults));
  scored.sort((a, b) => b.score - a.score || a.doc.id.localeCompare(b.doc.id));
  // evidence only for what is shown
  const matches = scored
    .filter((m) => m.score >= MIN_LISTED)
    .slice(0, opts.limit ?? 10)
    .map((m) => toMatch(text, m));
  const level: Level = matches.some((m) => m.level === "duplicate") ? "duplicate" : matches.some((m) => m.level === "similar") ? "similar" : "none";
  return { level, matches, tookMs: Math.round((performance.now() - started) * 100) / 100, degraded: res.degraded };
}

/** Prepared titles and result titles, the least recently used dropped first (a few KB each). */
const prepCache = new Map<string, Prepared>();
const PREP_CACHE_SIZE = 20_000;
/** For benchmarks: measure checks without the titles earlier checks prepared. */
export function clearPrepCache(): void {
  prepCache.clear();
}
function prepCached(title: string): Prepared {
  let p = prepCache.get(title);
  if (p) {
    prepCache.delete(title);
  } else {
    p = prepareTitle(title);
    if (prepCache.size >= PREP_CACHE_SIZE) prepCache.delete(prepCache.keys().next().value!);
  }
  prepCache.set(title, p);
  return p;
}

function overlap(a: Set<string>, b: Set<string>, idf: IdfTable): number {
  let wa = 0;
  let wb = 0;
  let s = 0;
  for (const t of a) {
    const w = idf.weight(t);
    wa += w;
    if (b.has(t)) s += w;
  }
  for (const t of b) wb += idf.weight(t);
  return wa + wb ? (2 * s) / (wa + wb) : 0;
}

type Scored = { doc: SearchDoc; title: string; score: number; level: Level; samePerson?: string; sameInstitution?: string; summaryOverlap?: number; matchedResult?: string };

function scoreCandidate(
  q: Prepared,
  doc: SearchDoc,
  idf: IdfTable,
  th: { duplicate: number; similar: number },
  input: CheckInput,
  summaryTokens: Set<string> | undefined,
  useResults: boolean,
): Scored {
  const title = fullTitle(doc);
  const tp = prepCached(title);
  let score = titleScore(features(q, tp, idf), novelty(q, tp, idf));
  let matchedResult: string | undefined;
  // a draft that repeats the title of a book or report the project produced duplicates that project's work
  if (useResults && doc.outputs?.length) {
    for (const out of doc.outputs.slice(0, MAX_RESULTS)) {
      const rp = prepCached(out);
      const r = resultScore(titleScore(features(q, rp, idf), novelty(q, rp, idf)));
      if (r > score) {
        score = r;
        matchedResult = out;
      }
    }
  }
  const samePerson = doc.people?.find((p) => sameName(p, input.person));
  const sameInstitution = sameName(doc.institution, input.institution) ? doc.institution : undefined;
  let summaryOverlap: number | undefined;
  if (summaryTokens && doc.body) {
    summaryOverlap = overlap(summaryTokens, titleTokenSet(normaliseText(doc.body.slice(0, 20_000))), idf);
    // two summaries about the same thing make a close title more telling (a prior, not calibrated)
    score = 1 - (1 - score) * (1 - 0.5 * summaryOverlap);
  }
  // the same person or institution on a topic already close is the 一鱼多吃 pattern: raise it, never create it
  if (score >= th.similar * 0.6) {
    if (samePerson) score = 1 - (1 - score) * 0.6;
    else if (sameInstitution) score = 1 - (1 - score) * 0.85;
  }
  score = Math.round(score * 1000) / 1000;
  const level: Level = score >= th.duplicate ? "duplicate" : score >= th.similar ? "similar" : "none";
  return { doc, title, score, level, samePerson, sameInstitution, summaryOverlap, matchedResult };
}

const sameText = (a: string, b: string) => normaliseText(a).replace(/[^\p{L}\p{N}]/gu, "") === normaliseText(b).replace(/[^\p{L}\p{N}]/gu, "");

function resultNote(text: string, result: string): { zh: string; en: string } {
  return sameText(text, result)
    ? { zh: `与该项目成果《${result}》相同`, en: `matches the project's result 《${result}》` }
    : { zh: `与该项目成果《${result}》相似`, en: `resembles the project's result 《${result}》` };
}

function toMatch(text: string, s: Scored): Match {
  const { doc, title, score, level, samePerson, sameInstitution, summaryOverlap, matchedResult } = s;
  const phrases = sharedPhrases(text, matchedResult ?? title);
  return {
    projectId: doc.type === "project" && doc.ref ? doc.ref : doc.id,
    docId: doc.id,
    type: doc.type,
    entityId: doc.entityId,
    title,
    score,
    level,
    evidence: {
      queryHtml: highlight(text, phrases),
      matchHtml: highlight(title, phrases),
      sharedPhrases: phrases,
      samePerson,
      sameInstitution,
      funder: doc.funder,
      owner: doc.owner,
      year: doc.year,
      grade: doc.grade,
      discipline: doc.discipline,
      // the matched result first, so a list that shows only the first results shows it
      outputs: (matchedResult ? [matchedResult, ...(doc.outputs ?? []).filter((o) => o !== matchedResult)] : (doc.outputs ?? [])).slice(0, 5),
      people: doc.people ?? [],
      institution: doc.institution,
      summaryOverlap,
      matchedResult,
      resultHtml: matchedResult ? highlight(matchedResult, phrases) : undefined,
      resultNote: matchedResult ? resultNote(text, matchedResult) : undefined,
      resultSame: matchedResult ? sameText(text, matchedResult) : undefined,
    },
  };
}
