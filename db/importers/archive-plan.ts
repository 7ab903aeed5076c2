import { createHash } from "node:crypto";
import type { Funder } from "../schema/archive";
import { normaliseName } from "../text";
import { ALL_HEADER_KEYS, headerKey, type Field } from "./columns";
import type { ReadResult } from "./archive-read";
import {
  cleanPersonName,
  cleanText,
  normaliseInstitutionType,
  normalisePiTitle,
  normaliseProvince,
  normaliseSystem,
  parseAmount,
  parseDate,
  parsePeriod,
  yearFromNsfcNumber,
  yearFromNssfNumber,
} from "./normalise";

/**
 * From rows to projects, without touching the database. Rows of one approval number merge into
 * one project: the first row is the project, later rows fill what it lacks and add results (成果).
 * The title is the exception: a later row's different title wins (the completion record carries
 * the title as finally approved, e.g. a corrected typo) and the earlier one goes to formerTitles.
 */

export type Message = { zh: string; en: string };
export const joinMessages = (ms: Message[]): string => `${ms.map((m) => m.zh).join("；")} / ${ms.map((m) => m.en).join("; ")}`;

export type PlannedOutput = {
  title: string;
  form: string | null;
  grade: string | null;
  completedOn: string | null;
  certificateNumber: string | null;
  publisher: string | null;
  publishedOn: string | null;
  authors: string | null;
  awards: string | null;
};

export type PlannedProject = {
  approvalNumber: string;
  synthetic: boolean;
  title: string;
  formerTitles: string[];
  category: string | null;
  discipline: string | null;
  year: number | null;
  approvedOn: string | null;
  piName: string | null;
  piTitle: string | null;
  institutionName: string | null;
  institutionType: string | null;
  province: string | null;
  system: string | null;
  amount: number | null;
  period: string | null;
  periodStartYear: number | null;
  grade: string | null;
  completedOn: string | null;
  certificateNumber: string | null;
  outputs: Map<string, PlannedOutput>;
};

export type RowPlan = {
  line: number;
  /** rejected, or the project's approval number and whether this row was its first in the file */
  outcome: "rejected" | "first" | "later";
  approvalNumber?: string;
  reason?: string;
  notes: Message[];
  raw?: string;
};

export type ImportPlan = { format: Funder; projects: Map<string, PlannedProject>; rows: RowPlan[] };

const FILL_FIELDS = [
  "category",
  "discipline",
  "approvedOn",
  "piName",
  "piTitle",
  "institutionName",
  "institutionType",
  "province",
  "system",
  "amount",
  "period",
  "periodStartYear",
  "grade",
  "completedOn",
  "certificateNumber",
] as const;

const DATE_LABELS: Record<"approvedOn" | "completedOn" | "publishedOn", Message> = {
  approvedOn: { zh: "立项时间", en: "approval date" },
  completedOn: { zh: "结项时间", en: "completion date" },
  publishedOn: { zh: "出版时间", en: "publication date" },
};

export function syntheticApprovalNumber(title: string, pi: string | null, institution: string | null): string {
  const h = createHash("sha256").update(`${normaliseName(title)}|${normaliseName(pi)}|${normaliseName(institution)}`).digest("hex");
  return `NOAPP-${h.slice(0, 10).toUpperCase()}`;
}

export function planImport(format: Funder, read: ReadResult): ImportPlan {
  const projects = new Map<string, PlannedProject>();
  const rows: RowPlan[] = [];
  for (const r of read.rejects) {
    rows.push(
      r.reason === "broken_quote"
        ? { line: r.line, outcome: "rejected", reason: "引号不配对，本行无法解析 / Unbalanced quotes; the line cannot be read", notes: [], raw: r.raw }
        : { line: r.line, outcome: "rejected", reason: `本行有 ${r.count} 列，表头有 ${read.columns} 列 / The line has ${r.count} columns, the header ${read.columns}`, notes: [], raw: r.raw },
    );
  }
  const idx = read.index;
  for (const rec of read.records) {
    const get = (f: Field): string | undefined => {
      const i = idx[f];
      return i == null ? undefined : rec.fields[i];
    };
    const raw = () => rec.fields.join(",").slice(0, 2000);
    if (rec.fields.every((v) => v.trim() === "")) {
      rows.push({ line: rec.line, outcome: "rejected", reason: "空行（各列均为空） / An empty row (every column blank)", notes: [], raw: raw() });
      continue;
    }
    const titleCell = get("title");
    if (titleCell && titleCell.length < 12 && ALL_HEADER_KEYS.has(headerKey(titleCell))) {
      rows.push({ line: rec.line, outcome: "rejected", reason: "重复的表头行 / A repeated header line", notes: [], raw: raw() });
      continue;
    }
    const title = cleanText(get("title"));
    if (!title) {
      rows.push({ line: rec.line, outcome: "rejected", reason: "缺少项目名称 / No project title", notes: [], raw: raw() });
      continue;
    }
    const notes: Message[] = [];
    const piName = cleanPersonName(get("piName"));
    const institutionName = cleanText(get("institution"))?.normalize("NFKC") ?? null;
    let approvalNumber = cleanText(get("approvalNumber"))?.normalize("NFKC").replace(/\s+/g, "").toUpperCase() ?? null;
    let synthetic = false;
    if (!approvalNumber) {
      approvalNumber = syntheticApprovalNumber(title, piName, institutionName);
      synthetic = true;
      notes.push({ zh: `缺少批准号，已按名称、负责人和单位生成 ${approvalNumber}`, en: `No approval number; ${approvalNumber} was derived from title, PI and institution` });
    }
    const dates = {} as Record<"approvedOn" | "completedOn" | "publishedOn", string | null>;
    for (const key of ["approvedOn", "completedOn", "publishedOn"] as const) {
      const d = parseDate(get(key));
      dates[key] = d.value;
      if (d.note === "zero") notes.push({ zh: `${DATE_LABELS[key].zh}为 0000-00-00，记为空`, en: `${DATE_LABELS[key].en} 0000-00-00 stored as empty` });
      if (d.note === "invalid") notes.push({ zh: `${DATE_LABELS[key].zh}“${get(key)}”无法识别，记为空`, en: `${DATE_LABELS[key].en} "${get(key)}" not understood, stored as empty` });
    }
    const amount = parseAmount(get("amount"));
    if (amount.invalid) notes.push({ zh: `金额“${get("amount")}”无法识别，记为空`, en: `amount "${get("amount")}" not understood, stored as empty` });
    const period = parsePeriod(get("period"));
    const grade = cleanText(get("grade"));
    const completedOn = dates.completedOn;
    const certificateNumber = cleanText(get("certificateNumber"));
    const row: Omit<PlannedProject, "outputs" | "formerTitles" | "year" | "approvalNumber" | "synthetic" | "title"> = {
      category: cleanText(get("category")),
      discipline: cleanText(get("discipline")),
      approvedOn: dates.approvedOn,
      piName,
      piTitle: normalisePiTitle(get("piTitle")),
      institutionName,
      institutionType: normaliseInstitutionType(get("institutionType")),
      province: normaliseProvince(get("province")),
      system: normaliseSystem(get("system")),
      amount: amount.value,
      period: period.value,
      periodStartYear: period.startYear,
      grade,
      completedOn,
      certificateNumber,
    };
    let outputTitle = cleanText(get("outputTitle"));
    const output = {
      form: cleanText(get("outputForm")),
      grade,
      completedOn,
      certificateNumber,
      publisher: cleanText(get("publisher")),
      publishedOn: dates.publishedOn,
      authors: cleanText(get("authors")),
      awards: cleanText(get("awards")),
    };
    // a result described without its own name (a translated book, a report) is the project's own result
    if (!outputTitle && (output.form || output.publisher || output.authors || output.awards)) outputTitle = title;

    let p = projects.get(approvalNumber);
    const first = !p;
    if (!p) {
      p = { approvalNumber, synthetic, title, formerTitles: [], year: null, outputs: new Map(), ...row };
      projects.set(approvalNumber, p);
    } else {
      if (normaliseName(p.title) !== normaliseName(title)) {
        if (!p.formerTitles.includes(p.title)) p.formerTitles.push(p.title);
        p.formerTitles = p.formerTitles.filter((t) => t !== title);
        notes.push({ zh: `项目名称更正为本行名称，原名称“${p.title}”保留为曾用名`, en: `title corrected to this row's; "${p.title}" kept as a former title` });
        p.title = title;
      }
      if (piName && p.piName && normaliseName(piName) !== normaliseName(p.piName))
        notes.push({ zh: `负责人“${piName}”与首行“${p.piName}”不同，保留首行`, en: `PI "${piName}" differs from the first row's "${p.piName}"; the first is kept` });
      for (const f of FILL_FIELDS) if (p[f] == null && row[f] != null) (p as Record<string, unknown>)[f] = row[f];
    }
    if (outputTitle) {
      const key = normaliseName(outputTitle);
      const existing = p.outputs.get(key);
      if (!existing) p.outputs.set(key, { title: outputTitle, ...output });
      else for (const [k, v] of Object.entries(output) as [keyof typeof output, string | null][]) if (existing[k] == null && v != null) existing[k] = v;
    }
    rows.push({ line: rec.line, outcome: first ? "first" : "later", approvalNumber, notes });
  }
  for (const p of projects.values()) p.year = projectYear(format, p);
  rows.sort((a, b) => a.line - b.line);
  return { format, projects, rows };
}

/** 立项年份: the approval date's year; else the year the approval number encodes; NSFC: else the start of the funding period. */
function projectYear(format: Funder, p: PlannedProject): number | null {
  if (p.approvedOn) return Number(p.approvedOn.slice(0, 4));
  if (p.synthetic) return p.periodStartYear;
  if (format === "nssf") return yearFromNssfNumber(p.approvalNumber);
  const fromNumber = yearFromNsfcNumber(p.approvalNumber);
  if (fromNumber && (p.periodStartYear == null || Math.abs(p.periodStartYear - fromNumber) <= 2)) return fromNumber;
  return p.periodStartYear;
}
