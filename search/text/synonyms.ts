/**
 * A small curated map of words that name the same thing in research titles. Each group is
 * reduced to its first (canonical) form before segmentation, in indexed text and in queries
 * alike, so "乡村振兴" finds "农村振兴" and "城市化" finds "城镇化". Kept short on purpose:
 * every pair here was checked to be interchangeable in the archive's titles; a wrong pair
 * makes unrelated topics look alike. Longer variants are listed first so they win.
 */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ["城镇化", "城市化"],
  ["农村", "乡村"],
  ["农民工", "进城务工人员", "外来务工人员"],
  ["互联网+", "互联网十", "互联网加"],
  ["大数据", "海量数据"],
  ["一带一路", "丝绸之路经济带和21世纪海上丝绸之路"],
  ["高校", "高等院校", "高等学校"],
  ["中小学", "基础教育学校"],
  ["贫困", "贫穷"],
  ["扶贫", "脱贫"],
  ["养老", "老年照护"],
  ["民营企业", "私营企业"],
  ["国有企业", "国企"],
  ["留守儿童", "农村留守子女"],
  ["新型冠状病毒", "新冠"],
  ["影响因素", "决定因素"],
  ["治理", "管治"],
  ["可持续发展", "永续发展"],
  ["知识产权", "智慧财产权"],
];

const pairs: [string, string][] = SYNONYM_GROUPS.flatMap((g) => g.slice(1).map((v) => [v, g[0]] as [string, string])).sort(
  (a, b) => b[0].length - a[0].length,
);
const pattern = new RegExp(pairs.map(([v]) => v.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g");
const toCanonical = new Map(pairs);

/** Replaces each variant by its canonical form; expects normalised (lowercase, simplified) text. */
export function canonicalise(text: string): string {
  return text.replace(pattern, (m) => toCanonical.get(m) ?? m);
}

/** Every written form of a canonical word (for highlighting the original text). */
export function variantsOf(word: string): string[] {
  const g = SYNONYM_GROUPS.find((x) => x.includes(word));
  return g ? [...g] : [word];
}
