import { fileTypeFromBuffer } from "file-type";
import { ServiceError } from "~/lib/errors";

/** PDF, DOCX and XLSX only, recognised by their content (a renamed file is refused), 10 MB each. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const ALLOWED = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
} as const;

export type CheckedAttachment = { fileName: string; mime: string; size: number; content: Buffer };

export async function checkAttachment(fileName: string, content: Buffer): Promise<CheckedAttachment> {
  const name = fileName.replace(/[\\/]/g, "_").slice(0, 200) || "attachment";
  if (content.length === 0) throw new ServiceError(422, "attachment_empty", { zh: `附件“${name}”是空文件。`, en: `The attachment "${name}" is empty.` });
  if (content.length > MAX_ATTACHMENT_BYTES)
    throw new ServiceError(413, "attachment_too_large", {
      zh: `附件“${name}”超过 10 MB 的上限。`,
      en: `The attachment "${name}" is larger than the 10 MB limit.`,
    });
  const ext = name.toLowerCase().split(".").pop() ?? "";
  const detected = await fileTypeFromBuffer(content);
  const claimed = ALLOWED[ext as keyof typeof ALLOWED];
  if (!claimed || !detected || detected.ext !== ext)
    throw new ServiceError(415, "attachment_type", {
      zh: `附件“${name}”的内容不是其扩展名声称的类型；只接受 PDF、DOCX、XLSX 文件。`,
      en: `The content of "${name}" is not what its extension claims; only PDF, DOCX and XLSX files are accepted.`,
    });
  return { fileName: name, mime: claimed, size: content.length, content };
}
