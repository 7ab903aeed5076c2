import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict";
import { isGeneric } from "./generic";
import { normaliseText } from "./normalise";
import { canonicalise } from "./synonyms";

/**
 * Segmentation: jieba in search mode (long words and their parts) plus character bigrams of
 * every CJK run, so that words jieba does not know and typos still share most of their
 * tokens (城填化 → 城填 填化; 城镇化 → 城镇 镇化: they share nothing by words, but a typo only
 * breaks the bigrams it touches).
 */

let jieba: Jieba | undefined;
/** The dictionary takes ~150 ms to load: once per process. */
function getJieba(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]+/g;
const WORDISH = /[\p{L}\p{N}]/u;

/** Normalised and synonym-canonicalised text: the form every comparison works on. */
export function prepare(text: string): string {
  return canonicalise(normaliseText(text));
}

/** jieba search-mode words of prepared text (punctuation and spaces dropped). */
export function words(prepared: string): string[] {
  if (!prepared) return [];
  return getJieba()
    .cutForSearch(prepared, true)
    .map((w) => w.trim())
    .filter((w) => w && WORDISH.test(w));
}

/** jieba precise-mode words (no overlapping parts): the units a query must match. */
export function preciseWords(prepared: string): string[] {
  if (!prepared) return [];
  return getJieba()
    .cut(prepared, true)
    .map((w) => w.trim())
    .filter((w) => w && WORDISH.test(w));
}

/** Character bigrams of every CJK run (a lone character stands for itself). */
export function bigrams(prepared: string): string[] {
  const out: string[] = [];
  for (const m of prepared.matchAll(CJK)) {
    const run = Array.from(m[0]);
    if (run.length === 1) out.push(run[0]);
    for (let i = 0; i + 1 < run.length; i++) out.push(run[i] + run[i + 1]);
  }
  return out;
}

export type Tokens = { words: string[]; bigrams: string[] };

export function tokenize(text: string): Tokens {
  const p = prepare(text);
  return { words: words(p), bigrams: bigrams(p) };
}

/**
 * The string stored in an FTS5 column: words and bigrams, space-separated. Bigrams that are
 * also words appear twice, which is what we want: a whole-word match counts more.
 */
export function indexString(text: string | null | undefined): string {
  if (!text) return "";
  const t = tokenize(text);
  return [...t.words, ...t.bigrams].join(" ");
}

/** Query terms: distinct words and bigrams, generic ones flagged so callers may drop them. */
export function queryTerms(text: string): { term: string; generic: boolean; kind: "word" | "bigram" }[] {
  const t = tokenize(text);
  const seen = new Set<string>();
  const out: { term: string; generic: boolean; kind: "word" | "bigram" }[] = [];
  for (const w of t.words) {
    if (seen.has(w)) continue;
    seen.add(w);
    out.push({ term: w, generic: isGeneric(w), kind: "word" });
  }
  // a bigram is generic when both its characters come from generic words (背景下 → 景下, 机制研究 → 制研)
  const genericChars = new Set(t.words.filter(isGeneric).flatMap((g) => Array.from(g)));
  for (const b of t.bigrams) {
    if (seen.has(b)) continue;
    seen.add(b);
    const [a, c] = Array.from(b);
    out.push({ term: b, generic: isGeneric(b) || (genericChars.has(a) && (c === undefined || genericChars.has(c))), kind: "bigram" });
  }
  return out;
}
