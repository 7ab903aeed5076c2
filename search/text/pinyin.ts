import { pinyin } from "pinyin-pro";

/**
 * Pinyin keys of a person's name, so "zhangwei", "zhang wei" and "zw" find 张伟: the joined
 * syllables, the initials, and each syllable (indexed as separate tokens).
 */
export function namePinyinTokens(name: string): string[] {
  if (!name || !/[\u3400-\u9fff]/.test(name)) return [];
  const syl = pinyin(name, { toneType: "none", type: "array", surname: "head", v: true }).map((s) => s.toLowerCase().replace(/[^a-z]/g, "")).filter(Boolean);
  if (syl.length === 0) return [];
  return [syl.join(""), syl.map((s) => s[0]).join(""), ...syl];
}

/** Whether a query looks like pinyin (latin letters only, at least two). */
export function looksLikePinyin(q: string): boolean {
  return /^[a-z\s']{2,}$/i.test(q.trim());
}
