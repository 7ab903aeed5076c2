import ExcelJS from "exceljs";
import type { CheckInput } from "./check";

/**
 * Reading batches of draft topics (JSONL or XLSX) for the duplicate check. A broken line or row
 * is reported with its number and the rest is still processed; nothing is silently dropped.
 */

export type BatchItem = CheckInput & { id: string; line: number };
export type BatchError = { id: string; line: number; error: { zh: string; en: string } };
export type Batch = { items: BatchItem[]; errors: BatchError[] };

export const MAX_BATCH = 5000;

const str = (v: unknown) => (typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined);

export function parseJsonl(text: string): Batch {
  const items: BatchItem[] = [];
  const errors: BatchError[] = [];
  const lines = text.replace(/^\ufeff/, "").split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (!raw.trim()) return;
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch {
      errors.push({ id: `line-${line}`, line, error: { zh: `第 ${line} 行不是有效的 JSON`, en: `line ${line} is not valid JSON` } });
      return;
    }
    const o = (v && typeof v === "object" && !Array.isArray(v) ? v : {}) as Record<string, unknown>;
    const id = str(o.id) ?? `line-${line}`;
    const text = str(o.text);
    if (!text || !text.trim()) {
      errors.push({ id, line, error: { zh: `第 ${line} 行缺少 "text"（题目）`, en: `line ${line} has no "text" (title)` } });
      return;
    }
    items.push({ id, line, text, summary: str(o.summary), person: str(o.person), institution: str(o.institution) });
  });
  return cap({ items, errors });
}

/** Header names accepted for each field (Chinese or English, any case). */
const HEADERS: Record<"id" | "text" | "summary" | "person" | "institution", string[]> = {
  id: ["id", "编号", "序号"],
  text: ["text", "title", "题目", "选题", "标题", "名称", "项目名称", "课题名称"],
  summary: ["summary", "摘要", "简介", "内容", "研究内容"],
  person: ["person", "负责人", "申请人", "主持人", "pi"],
  institution: ["institution", "单位", "工作单位", "依托单位", "所在单位"],
};

export class BatchFormatError extends Error {
  constructor(readonly bilingual: { zh: string; en: string }) {
    super(bilingual.en);
  }
}

export async function parseXlsx(buf: Buffer | ArrayBuffer): Promise<Batch> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as ArrayBuffer);
  } catch {
    throw new BatchFormatError({ zh: "无法读取该电子表格，请上传 .xlsx 文件", en: "The spreadsheet could not be read; please upload an .xlsx file" });
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new BatchFormatError({ zh: "电子表格中没有工作表", en: "The spreadsheet has no worksheet" });
  const cell = (row: ExcelJS.Row, c: number) => {
    const v = row.getCell(c).value as unknown;
    if (v == null) return "";
    if (typeof v === "object" && v !== null && "richText" in v) return (v as { richText: { text: string }[] }).richText.map((r) => r.text).join("");
    if (typeof v === "object" && v !== null && "text" in v) return String((v as { text: unknown }).text);
    if (typeof v === "object" && v !== null && "result" in v) return String((v as { result: unknown }).result ?? "");
    return String(v);
  };
  const header = ws.getRow(1);
  const cols: Partial<Record<keyof typeof HEADERS, number>> = {};
  for (let c = 1; c <= ws.columnCount; c++) {
    const h = cell(header, c).trim().toLowerCase();
    for (const [k, names] of Object.entries(HEADERS)) if (names.includes(h) && !cols[k as keyof typeof HEADERS]) cols[k as keyof typeof HEADERS] = c;
  }
  if (!cols.text)
    throw new BatchFormatError({
      zh: `第一行缺少题目列：请用以下列名之一：${HEADERS.text.join("、")}`,
      en: `The first row has no title column; name one of: ${HEADERS.text.join(", ")}`,
    });
  const items: BatchItem[] = [];
  const errors: BatchError[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const get = (k: keyof typeof HEADERS) => (cols[k] ? cell(row, cols[k]!).trim() : "");
    const id = get("id") || `row-${r}`;
    const text = get("text");
    const others = ["summary", "person", "institution"].some((k) => get(k as keyof typeof HEADERS));
    if (!text) {
      if (others) errors.push({ id, line: r, error: { zh: `第 ${r} 行缺少题目`, en: `row ${r} has no title` } });
      continue;
    }
    items.push({ id, line: r, text, summary: get("summary") || undefined, person: get("person") || undefined, institution: get("institution") || undefined });
  }
  return cap({ items, errors });
}

function cap(b: Batch): Batch {
  if (b.items.length <= MAX_BATCH) return b;
  const over = b.items.slice(MAX_BATCH);
  return {
    items: b.items.slice(0, MAX_BATCH),
    errors: [...b.errors, ...over.map((i) => ({ id: i.id, line: i.line, error: { zh: `超过单批 ${MAX_BATCH} 条的上限，未检查`, en: `over the limit of ${MAX_BATCH} per batch; not checked` } }))],
  };
}
