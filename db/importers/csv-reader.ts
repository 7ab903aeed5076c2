import iconv from "iconv-lite";

/**
 * Decoding and splitting of delimited text files, written here rather than taken from csv-parse
 * because the report needs the PHYSICAL line each record starts on, and a record with a broken
 * quote must cost only its own line: the parser re-synchronises on the next line instead of
 * swallowing the rest of the file into one quoted field.
 */

export type Encoding = "utf-8" | "utf-16le" | "gb18030";

/** Valid UTF-8 (with or without BOM) → UTF-8; a UTF-16 BOM → UTF-16; anything else is read as GB18030 (a superset of GBK). */
export function decodeText(buf: Buffer): { text: string; encoding: Encoding } {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return { text: buf.subarray(2).toString("utf16le"), encoding: "utf-16le" };
  const body = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? buf.subarray(3) : buf;
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(body), encoding: "utf-8" };
  } catch {
    return { text: iconv.decode(buf, "gb18030"), encoding: "gb18030" };
  }
}

export type CsvRecord = { line: number; fields: string[] };
export type CsvReject = { line: number; reason: "broken_quote" | "column_count"; count?: number; raw: string };

const NL = 10;
const CR = 13;
const QUOTE = 34;

/** The delimiter of the first line: a tab when it has more tabs than commas, else a comma. */
export function sniffDelimiter(text: string): string {
  const end = text.search(/\r|\n/);
  const first = end < 0 ? text : text.slice(0, end);
  return (first.match(/\t/g)?.length ?? 0) > (first.match(/,/g)?.length ?? 0) ? "\t" : ",";
}

/**
 * Splits `text` into records. The first non-empty record is the header; every later record whose
 * field count differs from the header's is rejected with its line, and when that record had
 * crossed a line break inside quotes, parsing resumes on the line after its first one.
 */
export function parseDelimited(text: string, delimiter = sniffDelimiter(text)): { header: CsvRecord | null; records: CsvRecord[]; rejects: CsvReject[] } {
  const d = delimiter.charCodeAt(0);
  const n = text.length;
  const records: CsvRecord[] = [];
  const rejects: CsvReject[] = [];
  let header: CsvRecord | null = null;
  let pos = 0;
  let line = 1;
  // a "line" is what editors and `sed -n` count: ended by \n (or \r\n); a lone \r inside a field
  // does not start a new line, unless the whole file uses bare \r as its line ending
  const crOnly = text.indexOf("\n") < 0;

  /** End of the physical line starting at p (index of its line break, or n). */
  const lineEnd = (p: number) => {
    let i = p;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === NL) return i > p && text.charCodeAt(i - 1) === CR ? i - 1 : i;
      if (c === CR && crOnly) return i;
      i++;
    }
    return i;
  };
  /** Index just after the line break at i. */
  const skipBreak = (i: number) => (i < n && text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === NL ? i + 2 : i < n ? i + 1 : i);

  while (pos < n) {
    const startPos = pos;
    const startLine = line;
    const fields: string[] = [];
    let field = "";
    let i = pos;
    let crossed = false;
    let broken = false;
    let linesUsed = 0;
    // one record
    for (;;) {
      if (i >= n) {
        fields.push(field);
        break;
      }
      let c = text.charCodeAt(i);
      if (c === QUOTE && field === "") {
        // quoted field
        i++;
        let closed = false;
        let segStart = i;
        let buf = "";
        while (i < n) {
          c = text.charCodeAt(i);
          if (c === QUOTE) {
            if (text.charCodeAt(i + 1) === QUOTE) {
              buf += text.slice(segStart, i + 1);
              i += 2;
              segStart = i;
              continue;
            }
            buf += text.slice(segStart, i);
            i++;
            closed = true;
            break;
          }
          if (c === NL || c === CR) {
            crossed = true;
            if (c === CR && text.charCodeAt(i + 1) === NL) i++;
            if (c === NL || text.charCodeAt(i) === NL || crOnly) linesUsed++;
          }
          i++;
        }
        if (!closed) {
          broken = true;
          break;
        }
        field = buf;
        // text after the closing quote: tolerated on one line ("a"b → a"b), broken if the field spanned lines
        if (i < n) {
          c = text.charCodeAt(i);
          if (c !== d && c !== NL && c !== CR) {
            if (crossed) {
              broken = true;
              break;
            }
            const e = nextStop(text, i, d);
            field = `"${buf}"${text.slice(i, e)}`;
            i = e;
          }
        }
        continue;
      }
      if (c === d) {
        fields.push(field);
        field = "";
        i++;
        continue;
      }
      if (c === NL || c === CR) {
        fields.push(field);
        if (c === NL || text.charCodeAt(i + 1) === NL || crOnly) linesUsed += 1;
        i = skipBreak(i);
        break;
      }
      // unquoted run up to the next delimiter or line break; quotes inside are literal
      const e = nextStop(text, i, d);
      field += text.slice(i, e);
      i = e;
    }

    const blank = fields.length === 1 && fields[0].trim() === "" && !broken;
    if (blank) {
      pos = i;
      line += linesUsed;
      continue;
    }
    const expected = header ? header.fields.length : fields.length;
    if (broken || (crossed && fields.length !== expected)) {
      // give up on this record at its first line and read on from the next one
      const e = lineEnd(startPos);
      rejects.push({ line: startLine, reason: "broken_quote", raw: text.slice(startPos, e) });
      pos = skipBreak(e);
      line = startLine + 1;
      continue;
    }
    if (!header) header = { line: startLine, fields };
    else if (fields.length !== expected) rejects.push({ line: startLine, reason: "column_count", count: fields.length, raw: text.slice(startPos, lineEnd(startPos)) });
    else records.push({ line: startLine, fields });
    pos = i;
    line = startLine + linesUsed;
  }
  return { header, records, rejects };
}

function nextStop(text: string, from: number, d: number): number {
  let i = from;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === d || c === NL || c === CR) break;
    i++;
  }
  return i;
}
