import * as OpenCC from "opencc-js";

/**
 * Text normalisation shared by indexing, querying and the duplicate check, so that the same
 * words written in full-width, traditional characters or other punctuation compare equal.
 */

// Taiwan and Hong Kong variants both map to mainland simplified; built once (the tables are large).
const twToCn = OpenCC.Converter({ from: "tw", to: "cn" });
const hkToCn = OpenCC.Converter({ from: "hk", to: "cn" });

const PUNCT: [RegExp, string][] = [
  [/[“”„‟«»「」『』〝〞＂]/g, '"'],
  [/[‘’‚‛]/g, "'"],
  [/[—–―－─━]+/g, "—"],
  [/[〔［【]/g, "("],
  [/[〕］】]/g, ")"],
  [/[《〈]/g, "《"],
  [/[》〉]/g, "》"],
  [/[·•・]/g, "·"],
  [/[，、]/g, ","],
  [/[。．]/g, "."],
  [/[；]/g, ";"],
  [/[：]/g, ":"],
  [/[！]/g, "!"],
  [/[？]/g, "?"],
];

// C0/C1 control characters, zero-width marks and the BOM carry no meaning in a title.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/g;
/** zero-width marks join what they sit between */
const ZERO_WIDTH = /[\u200b-\u200f\u2060\ufeff]/g;

/** Traditional → simplified (Taiwan and Hong Kong forms). */
export function toSimplified(s: string): string {
  return hkToCn(twToCn(s));
}

/**
 * NFKC (full-width → half-width), traditional → simplified, one kind of each punctuation mark,
 * lowercase, control characters dropped, runs of white space collapsed.
 */
export function normaliseText(input: string | null | undefined): string {
  if (!input) return "";
  let s = input.normalize("NFKC").replace(ZERO_WIDTH, "").replace(CONTROL, " ");
  s = toSimplified(s);
  for (const [re, to] of PUNCT) s = s.replace(re, to);
  return s.toLowerCase().replace(/[\s\u3000]+/g, " ").trim();
}

/**
 * Normalises one character at a time, returning the normalised text and, for each of its
 * UTF-16 units, the index of the original unit it came from — so matches found in normalised
 * text can be highlighted in the original.
 */
export function normaliseWithMap(input: string): { text: string; map: number[] } {
  // fast path: per-character NFKC and punctuation, then one traditional → simplified pass when it keeps the length
  const chars = Array.from(input);
  const pieces = chars.map((ch) => {
    let n = ch.normalize("NFKC").replace(ZERO_WIDTH, "").replace(CONTROL, " ");
    for (const [re, to] of PUNCT) n = n.replace(re, to);
    return n.toLowerCase();
  });
  const joined = pieces.join("");
  const simplified = toSimplified(joined);
  if (simplified.length === joined.length) {
    const map: number[] = [];
    let i = 0;
    chars.forEach((ch, k) => {
      for (let j = 0; j < pieces[k].length; j++) map.push(i);
      i += ch.length;
    });
    map.push(i);
    return { text: simplified.toLowerCase(), map };
  }
  let text = "";
  const map: number[] = [];
  let i = 0;
  for (const ch of input) {
    let n = ch.normalize("NFKC").replace(ZERO_WIDTH, "").replace(CONTROL, " ");
    n = toSimplified(n);
    for (const [re, to] of PUNCT) n = n.replace(re, to);
    n = n.toLowerCase();
    for (let k = 0; k < n.length; k++) map.push(i);
    text += n;
    i += ch.length;
  }
  map.push(i);
  return { text, map };
}
