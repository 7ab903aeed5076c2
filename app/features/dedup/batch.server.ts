import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  MaxPartSizeExceededError,
  NodeOnDiskFile,
  unstable_composeUploadHandlers,
  unstable_createFileUploadHandler,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import type { Db } from "#db/client";
import { inspectZip } from "#db/importers/zip-guard";
import { BatchFormatError, parseJsonl, parseXlsx, type Batch } from "#search/dedup/batch";
import { batchReportXlsx, checkBatch } from "#search/dedup/batch-check";
import { getSearchEngine } from "#search/index";
import type { Actor } from "~/features/access/actor";
import type { Bilingual } from "~/lib/errors";
import { visibleMatches } from "./check.server";

/**
 * The batch check of /dedup/batch: an uploaded .xlsx or .jsonl of topics is checked against
 * itself and the archive, and the XLSX report is returned for download.
 */
export const BATCH_MAX_BYTES = 10 * 1024 * 1024;
export const BATCH_ZIP_LIMITS = { maxUncompressedBytes: 100 * 1024 * 1024, maxRatio: 200, maxEntries: 1000 };

export type BatchOutcome = { ok: true; report: Buffer; fileName: string; checked: number; errors: number } | { ok: false; error: Bilingual };

const msg = {
  noFile: { zh: "请选择要上传的文件。", en: "Please choose a file to upload." },
  tooLarge: { zh: "文件超过 10 MB。", en: "The file is larger than 10 MB." },
  badType: { zh: "仅支持 .xlsx 和 .jsonl 文件。", en: "Only .xlsx and .jsonl files are accepted." },
  unsafe: { zh: "该文件不是有效的 Excel 文件，或解压后过大。", en: "This is not a valid Excel file, or it unpacks to too much data." },
  empty: { zh: "文件中没有可查重的题目。", en: "The file holds no titles to check." },
};

export async function batchUpload(db: Db, actor: Actor, request: Request): Promise<BatchOutcome> {
  if (Number(request.headers.get("content-length") ?? 0) > BATCH_MAX_BYTES + 64 * 1024) return { ok: false, error: msg.tooLarge };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dedup-batch-"));
  try {
    let form: FormData;
    try {
      form = await unstable_parseMultipartFormData(
        request,
        unstable_composeUploadHandlers(
          unstable_createFileUploadHandler({ directory: dir, maxPartSize: BATCH_MAX_BYTES, file: () => "upload.bin", filter: ({ name }) => name === "file" }),
          unstable_createMemoryUploadHandler({ maxPartSize: 10_000 }),
        ),
      );
    } catch (e) {
      if (e instanceof MaxPartSizeExceededError) return { ok: false, error: msg.tooLarge };
      throw e;
    }
    const file = form.get("file");
    if (!(file instanceof NodeOnDiskFile) || file.size === 0) return { ok: false, error: msg.noFile };
    const name = path.basename(file.name || "topics");
    const filePath = file.getFilePath();
    let batch: Batch;
    try {
      if (/\.xlsx$/i.test(name)) {
        if (!inspectZip(filePath, BATCH_ZIP_LIMITS).ok) return { ok: false, error: msg.unsafe };
        batch = await parseXlsx(fs.readFileSync(filePath));
      } else if (/\.jsonl?$/i.test(name)) batch = parseJsonl(fs.readFileSync(filePath, "utf8"));
      else return { ok: false, error: msg.badType };
    } catch (e) {
      if (e instanceof BatchFormatError) return { ok: false, error: e.bilingual };
      throw e;
    }
    if (batch.items.length === 0 && batch.errors.length === 0) return { ok: false, error: msg.empty };
    const { results, errors } = await checkBatch(db, getSearchEngine(db), batch);
    for (const r of results) r.matches = visibleMatches(db, actor, r.matches);
    const report = await batchReportXlsx(results, errors);
    return { ok: true, report, fileName: `${name.replace(/\.(xlsx|jsonl?)$/i, "")}-查重报告.xlsx`, checked: results.length, errors: errors.length };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
