import fs from "node:fs";
import path from "node:path";
import { FUNDERS, type Funder } from "../schema/archive";

const FUNDER_NAMES: Record<Funder, { zh: string; en: string }> = {
  nssf: { zh: "国家社科基金", en: "NSSF" },
  nsfc: { zh: "国家自然科学基金", en: "NSFC" },
};
import { mapHeader, type Field } from "./columns";
import { decodeText, parseDelimited, type CsvRecord, type CsvReject } from "./csv-reader";
import { readXlsx } from "./xlsx-reader";
import { DEFAULT_ZIP_LIMITS, inspectZip, type ZipLimits } from "./zip-guard";

/** A file the importer refuses as a whole; nothing of it is written. Messages in both languages. */
export class ImportFileError extends Error {
  constructor(
    public readonly code: "too_large" | "empty" | "missing_columns" | "unsafe_zip" | "unsupported" | "unreadable",
    public readonly zh: string,
    public readonly en: string,
    public readonly missing: string[] = [],
  ) {
    super(`${zh} / ${en}`);
    this.name = "ImportFileError";
  }
}

export type ReadLimits = { maxBytes: number; zip: ZipLimits };

export const DEFAULT_MAX_BYTES = Number(process.env.ARCHIVE_IMPORT_MAX_MB ?? 300) * 1024 * 1024;
export const defaultReadLimits = (): ReadLimits => ({ maxBytes: DEFAULT_MAX_BYTES, zip: DEFAULT_ZIP_LIMITS });

export type ReadResult = {
  encoding: string;
  headerLine: number;
  /** how many columns the header has */
  columns: number;
  index: Partial<Record<Field, number>>;
  records: CsvRecord[];
  rejects: CsvReject[];
};

const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

/** Reads a CSV (UTF-8, GBK/GB18030, UTF-16) or XLSX file and maps its header to the format's fields. */
export async function readArchiveFile(file: string, format: Funder, limits: ReadLimits = defaultReadLimits(), displayName = path.basename(file)): Promise<ReadResult> {
  const stat = fs.statSync(file);
  if (stat.size > limits.maxBytes)
    throw new ImportFileError(
      "too_large",
      `文件大小为 ${mb(stat.size)}，超过上限 ${mb(limits.maxBytes)}，请拆分后分批导入。`,
      `The file is ${mb(stat.size)}, over the ${mb(limits.maxBytes)} limit; split it and import the parts.`,
    );
  if (stat.size === 0) throw new ImportFileError("empty", "文件为空。", "The file is empty.");
  const fd = fs.openSync(file, "r");
  const magic = Buffer.alloc(8);
  fs.readSync(fd, magic, 0, 8, 0);
  fs.closeSync(fd);

  let header: CsvRecord | null;
  let records: CsvRecord[];
  let rejects: CsvReject[] = [];
  let encoding: string;
  if (magic.readUInt32LE(0) === 0x04034b50 || /\.xlsx$/i.test(file)) {
    const verdict = inspectZip(file, limits.zip);
    if (!verdict.ok)
      throw new ImportFileError(
        verdict.reason === "not_zip" ? "unreadable" : "unsafe_zip",
        verdict.reason === "not_zip" ? "该文件不是有效的 XLSX 文件。" : `该 XLSX 文件解压后过大或压缩比异常（${verdict.detail}），为安全起见拒绝导入。`,
        verdict.reason === "not_zip" ? "This is not a valid XLSX file." : `This XLSX file would expand too far or is suspiciously compressed (${verdict.detail}); refused for safety.`,
      );
    try {
      ({ header, records } = await readXlsx(file));
    } catch {
      throw new ImportFileError("unreadable", "无法读取该 XLSX 文件，请用 Excel 另存后重试。", "The XLSX file cannot be read; save it again from Excel and retry.");
    }
    encoding = "xlsx";
  } else if (magic.readUInt32BE(0) === 0xd0cf11e0) {
    throw new ImportFileError("unsupported", "不支持旧版 .xls 文件，请另存为 .xlsx 或 CSV。", "Old .xls files are not supported; save as .xlsx or CSV.");
  } else {
    const decoded = decodeText(fs.readFileSync(file));
    encoding = decoded.encoding;
    ({ header, records, rejects } = parseDelimited(decoded.text));
  }
  if (!header) throw new ImportFileError("empty", "文件没有表头和数据。", "The file has no header and no data.");
  const { index, missing } = mapHeader(format, header.fields);
  if (missing.length > 0) {
    const other = FUNDERS.find((f) => f !== format && mapHeader(f, header!.fields).missing.length === 0);
    const hint = other ? { zh: `这像是${FUNDER_NAMES[other].zh}的文件，是否选错了格式？`, en: ` This looks like an ${FUNDER_NAMES[other].en} file; was the wrong format chosen?` } : { zh: "", en: "" };
    throw new ImportFileError(
      "missing_columns",
      `缺少必需的列：${missing.join("、")}（${displayName} 的表头为：${header.fields.join("，").slice(0, 300)}）。${hint.zh}`,
      `Required columns missing: ${missing.join(", ")} (the header of ${displayName} reads: ${header.fields.join(", ").slice(0, 300)}).${hint.en}`,
      missing,
    );
  }
  return { encoding, headerLine: header.line, columns: header.fields.length, index, records, rejects };
}
