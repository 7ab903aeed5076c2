import type Database from "better-sqlite3";
import type { DocType, Filter, SearchDoc, SearchEngine, SearchField, SearchHit, SearchQuery, SearchResult } from "../port";
import { SEARCH_FIELDS } from "../port";
import { highlight } from "../text/highlight";
import { looksLikePinyin, namePinyinTokens } from "../text/pinyin";
import { indexString, prepare, preciseWords, queryTerms, bigrams } from "../text/segment";
import { isGeneric } from "../text/generic";

/**
 * The embedded engine: SQLite FTS5 in the portal's own database file. Text is segmented in JS
 * (jieba search-mode words + CJK bigrams, space-joined) and FTS5's unicode61 tokenizer only
 * splits on the spaces. The tables are derived data, created by ensureReady() (not by a
 * migration) and rebuilt from the database by `search:reindex` — see docs/decisions.
 */

const FTS = "search_fts";
const DOCS = "search_docs";
/** bm25 weights in SEARCH_FIELDS order: title > subtitle/keywords > people/institution > body/outputs */
const WEIGHTS: Record<SearchField, number> = { title: 10, subtitle: 4, keywords: 4, people: 3, institution: 2, body: 1, outputs: 1 };
const FACET_COLUMNS = { type: "type", funder: "funder", discipline: "discipline", province: "province", grade: "grade", year: "year" } as const;
const FILTER_COLUMNS = ["type", "funder", "discipline", "category", "province", "grade", "visibility"] as const;
/** at most this many terms in an any-mode query, the rarest first */
const MAX_ANY_TERMS = 16;
/** terms in more than this share of documents say little about a topic and cost the most */
const MAX_DF_SHARE = 0.01;
/** …and in more than this many at all: at 1 M documents this keeps a candidate query under ~80 ms of CPU */
const MAX_DF_ABS = 3000;

const quote = (t: string) => `"${t.replace(/"/g, '""')}"`;

type Row = { rowid: number; doc: string; r: number };

export class EmbeddedEngine implements SearchEngine {
  readonly name = "embedded" as const;
  private ready = false;
  private dfCache = new Map<string, number>();
  private dfStamp = -1;
  private totalCache: number | undefined;

  constructor(private readonly sqlite: Database.Database) {}

  async ensureReady(): Promise<void> {
    this.ensureSync();
  }

  private ensureSync(): void {
    if (this.ready) return;
    this.sqlite.exec(`
      CREATE TABLE IF NOT EXISTS ${DOCS} (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        funder TEXT, discipline TEXT, category TEXT, province TEXT, grade TEXT, year INTEGER, visibility TEXT,
        doc TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS ${DOCS}_type_idx ON ${DOCS}(type, year);
      CREATE VIRTUAL TABLE IF NOT EXISTS ${FTS} USING fts5(
        ${SEARCH_FIELDS.join(", ")},
        content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0', detail=full
      );
      CREATE VIRTUAL TABLE IF NOT EXISTS ${FTS}_vocab USING fts5vocab(${FTS}, row);
    `);
    this.ready = true;
  }

  async upsert(docs: SearchDoc[]): Promise<void> {
    this.ensureSync();
    this.write(docs);
  }

  private write(docs: SearchDoc[]): void {
    const find = this.sqlite.prepare(`SELECT rowid FROM ${DOCS} WHERE id = ?`);
    const delFts = this.sqlite.prepare(`DELETE FROM ${FTS} WHERE rowid = ?`);
    const delDoc = this.sqlite.prepare(`DELETE FROM ${DOCS} WHERE rowid = ?`);
    const insDoc = this.sqlite.prepare(
      `INSERT INTO ${DOCS} (id, type, entity_id, funder, discipline, category, province, grade, year, visibility, doc) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
    );
    const insFts = this.sqlite.prepare(`INSERT INTO ${FTS} (rowid, ${SEARCH_FIELDS.join(", ")}) VALUES (?,?,?,?,?,?,?,?)`);
    const run = this.sqlite.transaction((batch: SearchDoc[]) => {
      for (const d of batch) {
        const old = find.get(d.id) as { rowid: number } | undefined;
        if (old) {
          delFts.run(old.rowid);
          delDoc.run(old.rowid);
        }
        const info = insDoc.run(d.id, d.type, d.entityId, d.funder ?? null, d.discipline ?? null, d.category ?? null, d.province ?? null, d.grade ?? null, d.year ?? null, d.visibility ?? "public", JSON.stringify(d));
        insFts.run(info.lastInsertRowid, ...ftsColumns(d));
      }
    });
    run(docs);
    this.invalidate();
  }

  async remove(ids: string[]): Promise<void> {
    this.ensureSync();
    const find = this.sqlite.prepare(`SELECT rowid FROM ${DOCS} WHERE id = ?`);
    const delFts = this.sqlite.prepare(`DELETE FROM ${FTS} WHERE rowid = ?`);
    const delDoc = this.sqlite.prepare(`DELETE FROM ${DOCS} WHERE rowid = ?`);
    this.sqlite.transaction(() => {
      for (const id of ids) {
        const old = find.get(id) as { rowid: number } | undefined;
        if (old) {
          delFts.run(old.rowid);
          delDoc.run(old.rowid);
        }
      }
    })();
    this.invalidate();
  }

  /** data_version does not change for this connection's own writes */
  private invalidate(): void {
    this.dfCache.clear();
    this.totalCache = undefined;
  }

  async count(type?: DocType): Promise<number> {
    this.ensureSync();
    const r = (type ? this.sqlite.prepare(`SELECT count(*) n FROM ${DOCS} WHERE type = ?`).get(type) : this.sqlite.prepare(`SELECT count(*) n FROM ${DOCS}`).get()) as { n: number };
    return r.n;
  }

  async rebuild(batches: AsyncIterable<SearchDoc[]> | Iterable<SearchDoc[]>): Promise<{ documents: number }> {
    this.ensureSync();
    this.sqlite.exec(`DELETE FROM ${FTS}; DELETE FROM ${DOCS};`);
    let documents = 0;
    for await (const batch of batches) {
      this.write(batch);
      documents += batch.length;
    }
    this.sqlite.exec(`INSERT INTO ${FTS}(${FTS}) VALUES ('optimize')`);
    return { documents };
  }

  async health(): Promise<{ ok: boolean; detail?: string }> {
    try {
      this.ensureSync();
      this.sqlite.prepare(`SELECT 1 FROM ${FTS} LIMIT 1`).get();
      return { ok: true };
    } catch (e) {
      return { ok: false, detail: (e as Error).message };
    }
  }

  /** Number of documents containing a token (for dropping near-universal terms from any-mode queries). */
  private docFrequency(term: string): number {
    this.checkStamp();
    let n = this.dfCache.get(term);
    if (n === undefined) {
      n = ((this.sqlite.prepare(`SELECT doc FROM ${FTS}_vocab WHERE term = ?`).get(term) as { doc: number } | undefined)?.doc ?? 0);
      if (this.dfCache.size > 200_000) this.dfCache.clear();
      this.dfCache.set(term, n);
    }
    return n;
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    return this.searchSync(query);
  }

  searchSync(query: SearchQuery): SearchResult {
    const started = performance.now();
    this.ensureSync();
    const limit = Math.max(0, Math.min(query.limit ?? 20, 1000));
    const offset = Math.max(0, query.offset ?? 0);
    const { where, params } = filterSql(query.filter);
    const q = (query.q ?? "").slice(0, 2000);
    const built = buildMatch(q, query.matching ?? "all", query.fields, (t) => this.docFrequency(t), this.total());

    let hits: Row[];
    let total: number;
    let matchUsed: string | null = built.match;
    if (!built.match) {
      if (q.trim() && built.empty) {
        hits = [];
        total = 0;
      } else {
        // browse: no text, only filters — newest first
        hits = this.sqlite.prepare(`SELECT d.rowid, d.doc, 0 r FROM ${DOCS} d WHERE ${where} ORDER BY d.year DESC, d.rowid LIMIT ? OFFSET ?`).all(...params, limit, offset) as Row[];
        total = (this.sqlite.prepare(`SELECT count(*) n FROM ${DOCS} d WHERE ${where}`).get(...params) as { n: number }).n;
      }
    } else {
      ({ hits, total } = this.run(built.match, where, params, limit, offset));
      // all words found nowhere together (a typo, a word the archive never uses): match any rare term instead
      if (total === 0 && (query.matching ?? "all") === "all") {
        const loose = buildMatch(q, "any", query.fields, (t) => this.docFrequency(t), this.total());
        if (loose.match) {
          matchUsed = loose.match;
          ({ hits, total } = this.run(loose.match, where, params, limit, offset));
        }
      }
    }

    const facets = query.facets?.length ? this.facets(query.facets, matchUsed, where, params) : undefined;
    const terms = query.highlight ? highlightTerms(q) : [];
    const out: SearchHit[] = hits.map((h) => {
      const doc = JSON.parse(h.doc) as SearchDoc;
      const hit: SearchHit = { id: doc.id, type: doc.type, entityId: doc.entityId, score: -h.r, doc };
      if (query.highlight) {
        hit.highlights = {
          title: highlight(doc.title, terms),
          ...(doc.subtitle ? { subtitle: highlight(doc.subtitle, terms) } : {}),
          ...(doc.body ? { body: highlight(excerpt(doc.body, terms), terms) } : {}),
          ...(doc.people?.length ? { people: highlight(doc.people.join("、"), [...terms, ...pinyinNames(q, doc.people)]) } : {}),
          ...(doc.institution ? { institution: highlight(doc.institution, terms) } : {}),
        };
      }
      return hit;
    });
    return { hits: out, total, facets, engine: "embedded", tookMs: Math.round((performance.now() - started) * 100) / 100 };
  }

  /** Caches (document frequencies, total) live until this or another connection writes. */
  private checkStamp(): void {
    const stamp = this.sqlite.pragma("data_version", { simple: true }) as number;
    if (stamp !== this.dfStamp) {
      this.dfCache.clear();
      this.totalCache = undefined;
      this.dfStamp = stamp;
    }
  }

  private total(): number {
    this.checkStamp();
    this.totalCache ??= (this.sqlite.prepare(`SELECT count(*) n FROM ${DOCS}`).get() as { n: number }).n;
    return this.totalCache;
  }

  private stmts = new Map<string, Database.Statement>();
  /** Query statements are prepared once per shape (the filter's SQL), not per search. */
  private stmt(sql: string): Database.Statement {
    let st = this.stmts.get(sql);
    if (!st) {
      if (this.stmts.size > 200) this.stmts.clear();
      st = this.sqlite.prepare(sql);
      this.stmts.set(sql, st);
    }
    return st;
  }

  /**
   * One pass: rank and count the filtered matches together (a window count, instead of a second
   * MATCH + join just to count), sorting only rowids and scores, then read the documents of the
   * page alone — the JSON of thousands of matched rows never enters the sorter.
   */
  private run(match: string, where: string, params: unknown[], limit: number, offset: number): { hits: Row[]; total: number } {
    const w = SEARCH_FIELDS.map((f) => WEIGHTS[f]).join(", ");
    const hits = this.stmt(
      `SELECT d.rowid, d.doc, t.r, t.n FROM (
         SELECT f.rowid, f.r, count(*) OVER () n FROM (SELECT rowid, bm25(${FTS}, ${w}) r FROM ${FTS} WHERE ${FTS} MATCH ?) f
         JOIN ${DOCS} d ON d.rowid = f.rowid WHERE ${where} ORDER BY f.r, f.rowid LIMIT ? OFFSET ?
       ) t JOIN ${DOCS} d ON d.rowid = t.rowid ORDER BY t.r, t.rowid`,
    ).all(match, ...params, limit, offset) as (Row & { n: number })[];
    const total = hits.length
      ? hits[0].n
      : offset === 0
        ? 0
        : (this.stmt(`SELECT count(*) n FROM ${FTS} f JOIN ${DOCS} d ON d.rowid = f.rowid WHERE ${FTS} MATCH ? AND ${where}`).get(match, ...params) as { n: number }).n;
    return { hits, total };
  }

  private facets(names: NonNullable<SearchQuery["facets"]>, match: string | null, where: string, params: unknown[]): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const name of names) {
      const col = FACET_COLUMNS[name];
      if (!col) continue;
      const sql = match
        ? `SELECT d.${col} v, count(*) n FROM ${FTS} f JOIN ${DOCS} d ON d.rowid = f.rowid WHERE ${FTS} MATCH ? AND ${where} AND d.${col} IS NOT NULL GROUP BY d.${col} ORDER BY n DESC LIMIT 100`
        : `SELECT d.${col} v, count(*) n FROM ${DOCS} d WHERE ${where} AND d.${col} IS NOT NULL GROUP BY d.${col} ORDER BY n DESC LIMIT 100`;
      const rows = this.sqlite.prepare(sql).all(...(match ? [match, ...params] : params)) as { v: string | number; n: number }[];
      out[name] = Object.fromEntries(rows.map((r) => [String(r.v), r.n]));
    }
    return out;
  }
}

function ftsColumns(d: SearchDoc): string[] {
  const people = [indexString((d.people ?? []).join(" ")), ...(d.peoplePinyin ?? []).map((p) => p.toLowerCase()), ...(d.people ?? []).flatMap(namePinyinTokens)];
  return [
    indexString(d.title),
    indexString(d.subtitle),
    indexString((d.keywords ?? []).join(" ")),
    people.filter(Boolean).join(" "),
    indexString(d.institution),
    indexString(d.body),
    indexString((d.outputs ?? []).join(" ")),
  ];
}

function filterSql(f: Filter | undefined): { where: string; params: unknown[] } {
  const parts: string[] = ["1=1"];
  const params: unknown[] = [];
  if (f) {
    for (const col of FILTER_COLUMNS) {
      const v = f[col];
      if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
      const vs = Array.isArray(v) ? v : [v];
      parts.push(`d.${col} IN (${vs.map(() => "?").join(",")})`);
      params.push(...vs);
    }
    if (f.yearFrom != null) {
      parts.push("d.year >= ?");
      params.push(f.yearFrom);
    }
    if (f.yearTo != null) {
      parts.push("d.year <= ?");
      params.push(f.yearTo);
    }
    if (f.excludeIds?.length) {
      parts.push(`d.id NOT IN (${f.excludeIds.map(() => "?").join(",")})`);
      params.push(...f.excludeIds);
    }
  }
  return { where: parts.join(" AND "), params };
}

/**
 * Turns user text into an FTS5 expression in which every token is a quoted string, so nothing
 * the user types is ever read as FTS5 syntax.
 * - all: every non-generic word must match — as a word, or through all its bigrams (unknown words);
 *   latin words match as prefixes (pinyin "zhangw").
 * - any: the rarest non-generic words and bigrams, OR-ed (candidate recall for the duplicate check).
 */
export function buildMatch(
  q: string,
  matching: "all" | "any",
  fields: SearchField[] | undefined,
  df: (t: string) => number,
  totalDocs: number,
): { match: string | null; empty: boolean } {
  const prepared = prepare(q);
  if (!prepared) return { match: null, empty: false };
  const scope = (expr: string) => (fields?.length ? `{${fields.filter((f) => SEARCH_FIELDS.includes(f)).join(" ")}} : (${expr})` : expr);
  if (matching === "any") {
    const terms = queryTerms(q).filter((t) => !t.generic && /[\p{L}\p{N}]/u.test(t.term));
    const present = terms
      .map((t) => ({ ...t, df: df(t.term) }))
      .filter((t) => t.df > 0)
      .sort((a, b) => a.df - b.df);
    // the rarest terms; at least three, however common, so that a short query still finds something
    const cap = Math.min(MAX_DF_ABS, Math.max(50, totalDocs * MAX_DF_SHARE));
    const scored = present.filter((t, i) => t.df <= cap || i < 3).slice(0, MAX_ANY_TERMS);
    if (scored.length === 0) return { match: null, empty: true };
    return { match: scope(scored.map((t) => quote(t.term)).join(" OR ")), empty: false };
  }
  const ws = preciseWords(prepared);
  const meaningful = ws.filter((w) => !isGeneric(w));
  const use = (meaningful.length ? meaningful : ws).slice(0, 32);
  const clauses = use.map((w) => {
    if (/^[a-z0-9']+$/.test(w)) return looksLikePinyin(w) && w.length >= 2 ? `${quote(w)}*` : quote(w);
    const bs = bigrams(w);
    if (bs.length <= 1 || bs.includes(w)) return quote(w);
    return `(${quote(w)} OR (${bs.map(quote).join(" AND ")}))`;
  });
  if (clauses.length === 0) return { match: null, empty: true };
  return { match: scope(clauses.join(" AND ")), empty: false };
}

/** Names a pinyin query (zhangwei, zhang wei, zw) stands for, so they are marked too. */
function pinyinNames(q: string, names: string[]): string[] {
  if (!looksLikePinyin(q)) return [];
  const key = q.toLowerCase().replace(/[^a-z]/g, "");
  return names.filter((n) => namePinyinTokens(n).slice(0, 2).some((p) => p.startsWith(key)));
}

function highlightTerms(q: string): string[] {
  const terms = queryTerms(q);
  const meaningful = terms.filter((t) => !t.generic);
  return (meaningful.length ? meaningful : terms).map((t) => t.term);
}

/** Up to ~160 characters of a long body around its first match. */
function excerpt(body: string, terms: string[]): string {
  if (body.length <= 160) return body;
  const lower = body.toLowerCase();
  const at = Math.min(...terms.map((t) => lower.indexOf(t)).filter((i) => i >= 0), body.length);
  const start = at === body.length ? 0 : Math.max(0, at - 40);
  return (start > 0 ? "…" : "") + body.slice(start, start + 160) + (start + 160 < body.length ? "…" : "");
}
