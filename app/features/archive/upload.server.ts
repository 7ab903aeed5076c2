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
import { DEFAULT_MAX_BYTES, defaultReadLimits } from "#db/importers/archive-read";
import { FUNDERS, type Funder } from "#db/schema";
import type { Actor } from "~/features/access/actor";
import type { Bilingual } from "~/lib/errors";
import { runArchiveImport, type ImportOutcome } from "./import.server";

/**
 * The upload form of /admin/imports: the file goes to a private temporary folder (never into
 * memory whole), is imported by the same importer as the command line, and is deleted after.
 */

export type UploadResult =
  | { ok: true; runId: number }
  | { ok: false; runId: number | null; fields: { format?: Bilingual; file?: Bilingual }; form?: Bilingual; values: { format: string } };

export const uploadLimitBytes = () => DEFAULT_MAX_BYTES;

export async function importUpload(db: Db, actor: Actor, request: Request, maxBytes = uploadLimitBytes()): Promise<UploadResult> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  const limit = maxBytes >= 1024 * 1024 ? `${Math.round(maxBytes / 1024 / 1024)} MB` : `${Math.ceil(maxBytes / 1024)} KB`;
  const tooLarge: Bilingual = { zh: `文件超过 ${limit} 上限，请拆分后分批导入。`, en: `The file is over the ${limit} limit; split it and import the parts.` };
  if (declared > maxBytes + 64 * 1024) return { ok: false, runId: null, fields: { file: tooLarge }, values: { format: "" } };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "archive-upload-"));
  try {
    let form: FormData;
    let originalName = "";
    try {
      form = await unstable_parseMultipartFormData(
        request,
        unstable_composeUploadHandlers(
          unstable_createFileUploadHandler({
            directory: dir,
            maxPartSize: maxBytes,
            // stored under a fixed name (the person's file name never becomes a path); kept for the report
            file: ({ filename }) => {
              originalName = filename;
              return "upload.bin";
            },
            filter: ({ name }) => name === "file",
          }),
          unstable_createMemoryUploadHandler({ maxPartSize: 10_000 }),
        ),
      );
    } catch (e) {
      if (e instanceof MaxPartSizeExceededError) return { ok: false, runId: null, fields: { file: tooLarge }, values: { format: "" } };
      throw e;
    }
    const format = String(form.get("format") ?? "");
    const file = form.get("file");
    const fields: { format?: Bilingual; file?: Bilingual } = {};
    if (!(FUNDERS as readonly string[]).includes(format)) fields.format = { zh: "请选择文件格式。", en: "Choose the file's format." };
    if (!(file instanceof NodeOnDiskFile) || file.size === 0) fields.file = { zh: "请选择要导入的文件。", en: "Choose a file to import." };
    if (fields.format || fields.file || !(file instanceof NodeOnDiskFile)) return { ok: false, runId: null, fields, values: { format } };
    const fileName = path.basename(originalName || "upload").slice(0, 200);
    const outcome: ImportOutcome = await runArchiveImport(db, actor, {
      file: file.getFilePath(),
      format: format as Funder,
      fileName,
      limits: { ...defaultReadLimits(), maxBytes },
    });
    if (outcome.ok) return { ok: true, runId: outcome.summary.runId };
    return { ok: false, runId: outcome.runId, fields: {}, form: { zh: outcome.zh, en: outcome.en }, values: { format } };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
