import type { Settings } from "meilisearch";
import { SYNONYM_GROUPS } from "../text/synonyms";

/**
 * The Meilisearch index settings, declared here and applied at start when they differ from what
 * the server holds (see `settingsPatch`). Choices, in short:
 * - searchable fields in order of weight: a match in the title outranks one in the summary;
 *   `ref` (approval number) last, typo-free, so "22BZZ001" finds its project exactly.
 * - Chinese (`cmn`) declared for the Chinese fields, so Meilisearch segments them with its
 *   Chinese dictionary instead of guessing the language of short titles (kanji-only text is
 *   otherwise often taken for Japanese).
 * - typo tolerance raised: Chinese words are one to four characters, where one wrong character
 *   is a different word (城填 ↔ 城镇 is handled by the text layer, not by edit distance); typos
 *   still help long pinyin names.
 * - no stop words: generic words (研究, 问题 …) carry phrase structure and a title may be made of
 *   little else; they are weighted down by the "frequency" matching strategy and the duplicate
 *   checker instead of being removed from the index.
 * - synonyms from the text layer's curated groups, each word pointing to the others.
 */
export const SEARCHABLE = ["title", "subtitle", "keywords", "people", "peoplePinyin", "institution", "body", "outputs", "ref"] as const;
export const FILTERABLE = ["id", "type", "funder", "discipline", "category", "province", "grade", "year", "visibility", "personIds", "organisationId"] as const;
export const CHINESE_FIELDS = ["title", "subtitle", "keywords", "people", "institution", "body", "outputs"];

export function synonymsMap(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const group of SYNONYM_GROUPS) for (const w of group) out[w] = group.filter((x) => x !== w);
  return out;
}

export function desiredSettings(): Settings {
  return {
    searchableAttributes: [...SEARCHABLE],
    filterableAttributes: [...FILTERABLE],
    sortableAttributes: ["year"],
    rankingRules: ["words", "typo", "proximity", "attribute", "sort", "exactness"],
    localizedAttributes: [{ attributePatterns: CHINESE_FIELDS, locales: ["cmn"] }],
    typoTolerance: {
      enabled: true,
      minWordSizeForTypos: { oneTypo: 6, twoTypos: 10 },
      disableOnAttributes: ["ref"],
      disableOnNumbers: true,
    },
    synonyms: synonymsMap(),
    stopWords: [],
  };
}

/** Settings Meilisearch stores as sets (returned sorted): compared without order. */
const UNORDERED = new Set(["filterableAttributes", "sortableAttributes", "stopWords", "disableOnAttributes", "disableOnWords"]);

function canonical(key: string, v: unknown): unknown {
  if (Array.isArray(v)) {
    const items = v.map((x) => canonical("", x));
    return UNORDERED.has(key) ? items.map((x) => JSON.stringify(x)).sort() : items;
  }
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    // synonym lists are sets too
    if (key === "synonyms") return Object.fromEntries(Object.keys(o).sort().map((k) => [k, [...(o[k] as string[])].sort()]));
    return Object.fromEntries(Object.keys(o).sort().map((k) => [k, canonical(k, o[k])]));
  }
  return v;
}

/** Only the part the server holds differently; nested objects compared on the keys we declare. */
function differs(key: string, want: unknown, have: unknown): boolean {
  if (want && typeof want === "object" && !Array.isArray(want) && key !== "synonyms") {
    if (!have || typeof have !== "object") return true;
    return Object.entries(want as Record<string, unknown>).some(([k, v]) => differs(k, v, (have as Record<string, unknown>)[k]));
  }
  return JSON.stringify(canonical(key, want)) !== JSON.stringify(canonical(key, have ?? null));
}

/** The settings to PATCH so that the server holds `desired` (empty when nothing differs). */
export function settingsPatch(current: Settings | undefined, desired: Settings = desiredSettings()): Settings {
  const patch: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(desired)) {
    if (!current || differs(k, v, (current as Record<string, unknown>)[k])) patch[k] = v;
  }
  return patch as Settings;
}
