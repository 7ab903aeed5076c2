import { normaliseWithMap } from "./normalise";
import { variantsOf } from "./synonyms";

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/**
 * Wraps every occurrence of the terms in `<mark>` in the ORIGINAL text, which is HTML-escaped.
 * Terms are matched on normalised text (full-width, traditional, case) and mapped back, and a
 * canonical synonym also marks its variants. Overlapping matches merge into one mark.
 */
export function highlight(original: string, terms: Iterable<string>): string {
  if (!original) return "";
  const { text, map } = normaliseWithMap(original);
  const ranges: [number, number][] = [];
  const all = new Set<string>();
  for (const t of terms) if (t) for (const v of variantsOf(t)) all.add(v.toLowerCase());
  for (const term of all) {
    let at = text.indexOf(term);
    while (at >= 0) {
      ranges.push([map[at], map[at + term.length]]);
      at = text.indexOf(term, at + 1);
    }
  }
  if (ranges.length === 0) return escapeHtml(original);
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  let out = "";
  let pos = 0;
  for (const [a, b] of merged) {
    out += escapeHtml(original.slice(pos, a)) + "<mark>" + escapeHtml(original.slice(a, b)) + "</mark>";
    pos = b;
  }
  return out + escapeHtml(original.slice(pos));
}
