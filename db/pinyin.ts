import { pinyin } from "pinyin-pro";

/**
 * Pinyin keys for names, so a person can be found by typing "zhangwei" or "zw" for 张伟.
 * Lowercase, no tones, no spaces; ü is written v (as on a keyboard); surnames read as surnames (单 → shan).
 */
const clean = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");

export function namePinyin(name: string): string {
  if (!name) return "";
  return clean(pinyin(name, { toneType: "none", type: "array", surname: "head", v: true }).join(""));
}

export function nameInitials(name: string): string {
  if (!name) return "";
  return clean(pinyin(name, { pattern: "first", toneType: "none", type: "array", surname: "head" }).join(""));
}

/** What a search box's text becomes before it is compared with the pinyin keys. */
export const pinyinQuery = (q: string) => clean(q.replace(/ü/g, "v"));
