import ExcelJS from "exceljs";
import type { CsvRecord } from "./csv-reader";

/** Text of one cell as a person would read it in Excel (dates as YYYY-MM-DD). */
function cellText(v: ExcelJS.CellValue): string {
  if (v == null) return "";
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? "" : v.toISOString().slice(0, 10);
  if (typeof v === "object") {
    if ("richText" in v && Array.isArray(v.richText)) return v.richText.map((r) => r.text).join("");
    if ("text" in v && typeof v.text === "string") return v.text;
    if ("result" in v) return cellText((v as { result?: ExcelJS.CellValue }).result ?? null);
    if ("error" in v) return "";
    return "";
  }
  return String(v);
}

/**
 * Reads the first worksheet with exceljs's streaming reader (the caller has already passed the
 * zip through the zip-bomb guard). A row's number is its spreadsheet row, shown as its "line".
 */
export async function readXlsx(file: string): Promise<{ header: CsvRecord | null; records: CsvRecord[] }> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: "cache", hyperlinks: "ignore", styles: "cache", worksheets: "emit", entries: "emit" });
  let header: CsvRecord | null = null;
  const records: CsvRecord[] = [];
  for await (const sheet of reader) {
    for await (const row of sheet) {
      const values = row.values as ExcelJS.CellValue[];
      const fields: string[] = [];
      for (let c = 1; c < values.length; c++) fields.push(cellText(values[c] ?? null));
      if (fields.every((f) => f.trim() === "")) continue;
      if (!header) header = { line: row.number, fields };
      else {
        while (fields.length < header.fields.length) fields.push("");
        records.push({ line: row.number, fields });
      }
    }
    break; // the first worksheet only
  }
  return { header, records };
}
