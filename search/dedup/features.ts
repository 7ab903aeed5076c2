import { isGeneric } from "../text/generic";
import { preciseWords, prepare } from "../text/segment";
import { splitSubtitle } from "../text/subtitle";
import { titleTokenSet, type IdfTable } from "./idf";

/**
 * The features the similarity model compares two titles by. Main titles are compared apart
 * from subtitles (a subtitle names a case: 以湘江流域为例), which get a feature of their own.
 */

/** One way of reading a title: its main title, the whole of it, or (for a result named 不朽的丰碑——X研究) its subtitle. */
export type View = { text: string; core: string; tokens: Set<string> };
export type Prepared = {
  main: string;
  core: string;
  subtitle: string;
  tokens: Set<string>;
  subTokens: Set<string>;
  views: View[];
  /** the whole title, prepared, without spaces: what a quoted term is looked for in */
  flat: string;
  /** terms the title puts in quotation marks ('慢就业', "双减"), prepared, at least 2 characters */
  quoted: string[];
  /** its distinctive words (not generic, ≥ 2 characters), for the novelty features */
  words: string[];
};

/** a subtitle that names a case or a method, not the topic itself */
const CASE_SUBTITLE = /^(以.+为(例|中心|个案|对象)|基于|从.+看|兼论|兼谈|对.+的(调查|考察))/;

/** The core (a second jieba pass) is computed only for the reading a comparison picks. */
function view(text: string): View {
  let core: string | undefined;
  return {
    text,
    tokens: titleTokenSet(text),
    get core() {
      return (core ??= coreText(text));
    },
  };
}

/** Everything the comparison needs from a title, computed once per title. */
export function prepareTitle(title: string): Prepared {
  const { main, subtitle } = splitSubtitle(title);
  const m = prepare(main);
  const s = prepare(subtitle ?? "");
  const mainView = view(m);
  const views = [mainView];
  if (s && !CASE_SUBTITLE.test(s)) {
    views.push(view(`${m}${s}`));
    if (Array.from(s).length >= 6) views.push(view(s));
  }
  const flat = `${m}${s}`.replace(/\s/g, "");
  const quoted = [...new Set([...`${m} ${s}`.matchAll(/['"]([^'"]{2,20})['"]/g)].map((x) => x[1].replace(/\s/g, "")))].filter((q) => Array.from(q).length >= 2);
  const words = [...new Set([...mainView.tokens].filter((t) => t.startsWith("w:") && Array.from(t).length >= 4 && !isGeneric(t.slice(2))))];
  return {
    main: m,
    flat,
    quoted,
    words,
    get core() {
      return mainView.core;
    },
    subtitle: s,
    tokens: mainView.tokens,
    subTokens: titleTokenSet(s),
    views,
  };
}

/** The title without generic words and punctuation: what the character-level measure compares. */
function coreText(prepared: string): string {
  const ws = preciseWords(prepared).filter((w) => !isGeneric(w));
  return ws.join("");
}

export const FEATURE_NAMES = ["dice", "minCont", "maxCont", "lcs", "jaccard", "sub", "lenRatio", "diceLcs"] as const;
export type Features = Record<(typeof FEATURE_NAMES)[number], number>;

function weighted(a: Set<string>, b: Set<string>, idf: IdfTable): { wa: number; wb: number; shared: number } {
  let wa = 0;
  let wb = 0;
  let shared = 0;
  for (const t of a) {
    const w = idf.weight(t);
    wa += w;
    if (b.has(t)) shared += w;
  }
  for (const t of b) wb += idf.weight(t);
  return { wa, wb, shared };
}

/** Length of the longest common subsequence of characters (typo- and reorder-tolerant in part). */
export function lcsLength(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  if (!x.length || !y.length) return 0;
  let prev = new Uint16Array(y.length + 1);
  let cur = new Uint16Array(y.length + 1);
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) cur[j] = x[i - 1] === y[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
    [prev, cur] = [cur, prev];
  }
  return prev[y.length];
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let inter = 0;
  for (const t of a) if (b.has(t)) inter++;
  const union = a.size + b.size - inter;
  return union ? inter / union : 0;
}

/**
 * Features of the two readings that overlap most (chosen by weighted Dice, never by the model),
 * so a result titled 不朽的丰碑——中国共产党革命精神研究 is compared by its subtitle.
 */
export function features(a: Prepared, b: Prepared, idf: IdfTable): Features {
  let best: [View, View] = [a.views[0], b.views[0]];
  let bestDice = -1;
  if (a.views.length * b.views.length === 1) return viewFeatures(best[0], best[1], a, b, idf);
  for (const va of a.views)
    for (const vb of b.views) {
      const { wa, wb, shared } = weighted(va.tokens, vb.tokens, idf);
      const d = wa + wb ? (2 * shared) / (wa + wb) : 0;
      if (d > bestDice) {
        bestDice = d;
        best = [va, vb];
      }
    }
  return viewFeatures(best[0], best[1], a, b, idf);
}

function viewFeatures(va: View, vb: View, a: Prepared, b: Prepared, idf: IdfTable): Features {
  const { wa, wb, shared } = weighted(va.tokens, vb.tokens, idf);
  const contA = wa ? shared / wa : 0;
  const contB = wb ? shared / wb : 0;
  const dice = wa + wb ? (2 * shared) / (wa + wb) : 0;
  const la = Array.from(va.core).length;
  const lb = Array.from(vb.core).length;
  const lcs = la && lb ? (2 * lcsLength(va.core.slice(0, 200), vb.core.slice(0, 200))) / (Math.min(la, 200) + Math.min(lb, 200)) : 0;
  const bigA = new Set([...va.tokens].filter((t) => !t.startsWith("w:")));
  const bigB = new Set([...vb.tokens].filter((t) => !t.startsWith("w:")));
  // subtitles: 1 when both name the same case, 0 when they differ, 0.5 when one side has none
  let sub = 0.5;
  if (a.subtitle && b.subtitle) {
    const s = weighted(a.subTokens, b.subTokens, idf);
    sub = s.wa + s.wb ? (2 * s.shared) / (s.wa + s.wb) : 0;
  }
  const lenRatio = la && lb ? Math.min(la, lb) / Math.max(la, lb) : 0;
  return { dice, minCont: Math.min(contA, contB), maxCont: Math.max(contA, contB), lcs, jaccard: jaccard(bigA, bigB), sub, lenRatio, diceLcs: dice * lcs };
}

/**
 * What the draft has and the candidate lacks — the evidence that a draft is about something new
 * even when every word the two titles share is the field's (高校毕业生'慢就业'现象… against
 * 高校毕业生就业问题…). Asymmetric: `a` is the draft, `b` the candidate.
 * - quoteMiss: the draft quotes a term the candidate does not contain (1) or not (0);
 * - newMiss: the draft has a distinctive word the archive has (almost) never seen — in at most
 *   NEW_DF titles — that the candidate lacks (1) or not (0);
 * - rareMiss: the IDF-weighted share of the draft's distinctive words missing from the candidate.
 */
export const NOVELTY_NAMES = ["quoteMiss", "newMiss", "rareMiss"] as const;
export type Novelty = Record<(typeof NOVELTY_NAMES)[number], number>;
/** a word in at most this many archive titles counts as new to the archive */
export const NEW_DF = 3;

export function novelty(a: Prepared, b: Prepared, idf: IdfTable): Novelty {
  const quoteMiss = a.quoted.some((q) => !b.flat.includes(q)) ? 1 : 0;
  let newMiss = 0;
  let all = 0;
  let missing = 0;
  for (const w of a.words) {
    const wt = idf.weight(w);
    all += wt;
    if (!b.tokens.has(w) && !b.subTokens.has(w) && !b.flat.includes(w.slice(2))) {
      missing += wt;
      if (idf.df(w) <= NEW_DF) newMiss = 1;
    }
  }
  return { quoteMiss, newMiss, rareMiss: all ? missing / all : 0 };
}

/** Phrases (≥ 2 characters) the two titles share, longest first — the evidence shown to a reviewer. */
export function sharedPhrases(a: string, b: string, min = 2): string[] {
  const x = Array.from(prepare(a));
  const yText = prepare(b);
  const found: string[] = [];
  let i = 0;
  while (i < x.length) {
    let best = 0;
    for (let len = min; i + len <= x.length; len++) {
      const piece = x.slice(i, i + len).join("");
      if (!/^[\p{L}\p{N}]/u.test(piece) || !yText.includes(piece)) break;
      best = len;
    }
    if (best >= min) {
      const piece = x.slice(i, i + best).join("");
      if (!isGeneric(piece)) found.push(piece);
      i += best;
    } else i++;
  }
  return [...new Set(found)].sort((p, q) => q.length - p.length);
}
