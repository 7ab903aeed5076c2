/**
 * Cleaning of single archive values. Each returns null for "nothing there" (empty, "0", "无"),
 * so the merge of several rows can tell a missing value from a real one.
 */

const EMPTY = new Set(["", "0", "无", "-", "—", "null", "NULL", "N/A", "n/a"]);

/** Trimmed, inner runs of whitespace collapsed to one space; empty markers → null. */
export function cleanText(v: string | undefined | null): string | null {
  if (v == null) return null;
  const s = v.replace(/[\s\u3000\u00a0]+/g, " ").trim();
  return EMPTY.has(s) ? null : s;
}

/** A person's name: one name even when a cell repeats it on several lines ("梁佳\n梁佳"). */
export function cleanPersonName(v: string | undefined | null): string | null {
  if (v == null) return null;
  const parts = [
    ...new Set(
      v
        .split(/[\r\n]+/)
        .map((p) => p.replace(/[\s\u3000\u00a0]+/g, " ").trim().replace(/(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])/g, ""))
        .filter(Boolean),
    ),
  ];
  const s = parts.join("、");
  return EMPTY.has(s) ? null : s;
}

export type DateResult = { value: string | null; note?: "zero" | "invalid" };

/** YYYY-MM-DD from 2015-06-30, 2015/6/30, 2015.06.30, 2015年6月30日 or 20150630; 0000-00-00 → null with a note. */
export function parseDate(v: string | null | undefined): DateResult {
  const s = cleanText(v);
  if (!s) return { value: null };
  if (/^0{4}[-/.]?0{1,2}[-/.]?0{1,2}$/.test(s)) return { value: null, note: "zero" };
  const m = /^(\d{4})(?:[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?)?月?)?(?:[ T].*)?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return { value: null, note: "invalid" };
  const y = Number(m[1]);
  const mo = m[2] ? Number(m[2]) : 1;
  const d = m[3] ? Number(m[3]) : 1;
  if (y < 1900 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > 31) return { value: null, note: "invalid" };
  if (mo === 0 || d === 0) return { value: null, note: "zero" };
  return { value: `${y}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}` };
}

const PROVINCES = [
  "北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江", "安徽", "福建", "江西", "山东", "河南",
  "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川", "贵州", "云南", "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆", "台湾", "香港", "澳门",
];
const PROVINCE_ALIASES: Record<string, string> = { 内蒙: "内蒙古", 新疆生产建设兵团: "兵团", 中国社科院: "中国社会科学院", 中央国家机关: "中央、国家机关" };

/**
 * 所在省区市: "山东省", "湖北武汉", "广西壮族自治区" → the province ("山东", "湖北", "广西");
 * the non-geographic channels NSSF uses (教育部, 党校, 军队 …) are kept as they are.
 */
export function normaliseProvince(v: string | null | undefined): string | null {
  const s = cleanText(v)?.normalize("NFKC").replace(/\s+/g, "");
  if (!s) return null;
  if (PROVINCE_ALIASES[s]) return PROVINCE_ALIASES[s];
  const hit = PROVINCES.find((p) => s.startsWith(p));
  if (hit) return hit;
  if (s.startsWith("内蒙")) return "内蒙古";
  return s;
}

/**
 * 单位类别: "985大学、211大学", "211大学、985大学", "211且985" → "211、985"; "非211大学、非985大学" → "非211、非985".
 * Labels with anything unrecognised (typos such as "212大学") are kept as written.
 */
export function normaliseInstitutionType(v: string | null | undefined): string | null {
  const s = cleanText(v)?.normalize("NFKC").replace(/\s+/g, "");
  if (!s) return null;
  const tokens = [...s.matchAll(/(非)?(985|211)/g)].map((m) => `${m[1] ?? ""}${m[2]}`);
  const rest = s.replace(/(非)?(985|211)/g, "").replace(/工程|大学|院校|高校|且|和|及|[、,，;；/]/g, "");
  if (tokens.length === 0 || rest !== "") return s;
  const order = (t: string) => (t.endsWith("211") ? 0 : 1);
  return [...new Set(tokens)].sort((a, b) => order(a) - order(b)).join("、");
}

const SYSTEM_ALIASES: [RegExp, string][] = [
  [/^(高等(院校|学校)(、其[他它](学校|学院|院校))?|其[他它]学校)$/, "高等院校、其他学校"],
  [/^省、?市社(会科学|科)院$/, "省、市社会科学院"],
  [/^中国社(会科学|科)院$/, "中国社会科学院"],
  [/^军队(系统)?(\(包括地方军队院校\))?$/, "军队系统"],
  [/^其它$/, "其他"],
];

/** 所属系统: spelling variants of the same system merged ("高等学校、其它学校" → "高等院校、其他学校"); stray one-letter values dropped. */
export function normaliseSystem(v: string | null | undefined): string | null {
  const s = cleanText(v)?.normalize("NFKC").replace(/\s+/g, "");
  if (!s || /^[A-Za-z&]$/.test(s)) return null;
  for (const [re, to] of SYSTEM_ALIASES) if (re.test(s)) return to;
  return s;
}

/** 专业职务: "正高级（教授、研究员等）" → "正高级"; "正高" → "正高级". */
export function normalisePiTitle(v: string | null | undefined): string | null {
  const s = cleanText(v)?.normalize("NFKC").replace(/\(.*\)$/, "").trim();
  if (!s) return null;
  if (s === "正高" || s === "副高") return `${s}级`;
  return s;
}

/** Year from an NSSF approval number ("13AZD079" → 2013), or null when it does not look like one. */
export function yearFromNssfNumber(n: string): number | null {
  const m = /^(\d{2})[A-Z]/.exec(n);
  if (!m) return null;
  const yy = Number(m[1]);
  return yy >= 80 ? 1900 + yy : yy <= 30 ? 2000 + yy : null;
}

/** Year from an NSFC approval number: digits 2–3 ("71701001" → 2017). */
export function yearFromNsfcNumber(n: string): number | null {
  const m = /^\d(\d{2})\d{5}$/.exec(n);
  if (!m) return null;
  const yy = Number(m[1]);
  return yy >= 80 ? 1900 + yy : 2000 + yy;
}

/** 起止年月 "2018.01-2020.12" → "2018-01/2020-12" and its start year. */
export function parsePeriod(v: string | null | undefined): { value: string | null; startYear: number | null } {
  const s = cleanText(v);
  if (!s) return { value: null, startYear: null };
  const m = /^(\d{4})[.\-/年]?(\d{1,2})?月?\s*[-~至—–]+\s*(\d{4})[.\-/年]?(\d{1,2})?月?$/.exec(s.normalize("NFKC"));
  if (!m) return { value: s, startYear: /^\d{4}/.test(s) ? Number(s.slice(0, 4)) : null };
  const part = (y: string, mo?: string) => (mo ? `${y}-${mo.padStart(2, "0")}` : y);
  return { value: `${part(m[1], m[2])}/${part(m[3], m[4])}`, startYear: Number(m[1]) };
}

/** 金额 in 万元: "18", "18.5", "18万元" → number; anything else → null with the caller noting it. */
export function parseAmount(v: string | null | undefined): { value: number | null; invalid: boolean } {
  const s = cleanText(v)?.normalize("NFKC").replace(/万元?$/, "").replace(/,/g, "");
  if (!s) return { value: null, invalid: false };
  const n = Number(s);
  return Number.isFinite(n) && n >= 0 ? { value: n, invalid: false } : { value: null, invalid: true };
}

/** Whether a 所在省区市 value names a province-level region (not a channel such as 教育部). */
export const isProvince = (s: string) => PROVINCES.includes(s);
