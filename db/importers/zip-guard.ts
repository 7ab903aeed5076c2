import fs from "node:fs";
import zlib from "node:zlib";

/**
 * An .xlsx file is a zip. Before any library inflates it, read the zip's central directory and
 * refuse archives whose declared sizes are too large or too compressible (zip bombs); then
 * inflate each entry with a hard output cap equal to its declared size, so an archive that lies
 * about its sizes is refused too instead of filling memory.
 */

export type ZipLimits = {
  /** total uncompressed bytes of all entries */
  maxUncompressedBytes: number;
  /** uncompressed / compressed, per entry (entries under 1 MB are not judged by ratio) */
  maxRatio: number;
  maxEntries: number;
};

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxUncompressedBytes: Number(process.env.ARCHIVE_IMPORT_MAX_UNZIPPED_MB ?? 1024) * 1024 * 1024,
  maxRatio: Number(process.env.ARCHIVE_IMPORT_MAX_ZIP_RATIO ?? 200),
  maxEntries: 10_000,
};

export type ZipVerdict =
  | { ok: true; entries: number; uncompressedBytes: number }
  | { ok: false; reason: "not_zip" | "too_many_entries" | "too_large" | "ratio" | "size_mismatch" | "zip64"; detail: string };

type Entry = { name: string; method: number; compressed: number; uncompressed: number; offset: number };

function readCentralDirectory(buf: Buffer): Entry[] | "not_zip" | "zip64" {
  const min = Math.max(0, buf.length - 65_557);
  let eocd = -1;
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return "not_zip";
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) return "zip64";
  if (cdOffset + cdSize > buf.length) return "not_zip";
  const entries: Entry[] = [];
  let p = cdOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) return "not_zip";
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const uncompressed = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const offset = buf.readUInt32LE(p + 42);
    if (compressed === 0xffffffff || uncompressed === 0xffffffff || offset === 0xffffffff) return "zip64";
    const name = buf.toString("utf8", p + 46, p + 46 + nameLen);
    entries.push({ name, method, compressed, uncompressed, offset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Checks the file at `file` (already size-checked by the caller) against `limits`. */
export function inspectZip(file: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipVerdict {
  const buf = fs.readFileSync(file);
  const entries = readCentralDirectory(buf);
  if (entries === "not_zip") return { ok: false, reason: "not_zip", detail: "no zip central directory" };
  if (entries === "zip64") return { ok: false, reason: "zip64", detail: "ZIP64 archives are not accepted" };
  if (entries.length > limits.maxEntries) return { ok: false, reason: "too_many_entries", detail: `${entries.length} entries` };
  let total = 0;
  for (const e of entries) {
    total += e.uncompressed;
    if (total > limits.maxUncompressedBytes) return { ok: false, reason: "too_large", detail: `${e.name}: ${total} bytes uncompressed` };
    const ratio = e.uncompressed / Math.max(e.compressed, 1);
    if (e.uncompressed > 1024 * 1024 && ratio > limits.maxRatio) return { ok: false, reason: "ratio", detail: `${e.name}: ratio ${Math.round(ratio)}` };
  }
  // the declared sizes passed; now make sure they are true, never inflating past them
  for (const e of entries) {
    if (buf.readUInt32LE(e.offset) !== 0x04034b50) return { ok: false, reason: "not_zip", detail: `${e.name}: bad local header` };
    const start = e.offset + 30 + buf.readUInt16LE(e.offset + 26) + buf.readUInt16LE(e.offset + 28);
    const data = buf.subarray(start, start + e.compressed);
    if (e.method === 0) {
      if (e.compressed !== e.uncompressed) return { ok: false, reason: "size_mismatch", detail: e.name };
      continue;
    }
    if (e.method !== 8) continue;
    try {
      const out = zlib.inflateRawSync(data, { maxOutputLength: Math.max(e.uncompressed, 1) });
      if (out.length !== e.uncompressed) return { ok: false, reason: "size_mismatch", detail: e.name };
    } catch {
      return { ok: false, reason: "size_mismatch", detail: `${e.name}: inflates beyond its declared size or is corrupt` };
    }
  }
  return { ok: true, entries: entries.length, uncompressedBytes: total };
}
