/**
 * The search port: what the portal asks of a search engine. Two engines implement it —
 * Meilisearch (search/meilisearch/) and the embedded SQLite FTS5 engine (search/embedded/) —
 * and one behaviour suite runs against both.
 */

export const DOC_TYPES = ["project", "person", "organisation"] as const;
/** Later capabilities add their types (topic, call, need, proposal …). */
export type DocType = (typeof DOC_TYPES)[number] | (string & {});

/** One indexed record. `id` is `${type}:${entityId}` so every type lives in one index. */
export type SearchDoc = {
  id: string;
  type: DocType;
  entityId: string;
  /** main title, subtitle (——以…为例) kept apart */
  title: string;
  subtitle?: string;
  /** summary or biography */
  body?: string;
  keywords?: string[];
  /** people named on the record (PI, authors) and their pinyin */
  people?: string[];
  peoplePinyin?: string[];
  institution?: string;
  /** filterable facets */
  funder?: string;
  year?: number;
  discipline?: string;
  category?: string;
  province?: string;
  grade?: string;
  /** for projects: the approval number (批准号); for people: the person id */
  ref?: string;
  personIds?: number[];
  organisationId?: number;
  /** the department or funder that owns the record, for dedup evidence */
  owner?: string;
  /** results (成果) titles, searchable with low weight */
  outputs?: string[];
  /** visibility marker; readers' permissions are always rechecked against the database */
  visibility?: "public" | "partners" | "restricted";
};

export type Filter = Partial<Record<"type" | "funder" | "discipline" | "category" | "province" | "grade" | "visibility", string | string[]>> & {
  yearFrom?: number;
  yearTo?: number;
  excludeIds?: string[];
};

export type SearchQuery = {
  q: string;
  filter?: Filter;
  facets?: ("type" | "funder" | "discipline" | "province" | "grade" | "year")[];
  limit?: number;
  offset?: number;
  /** wrap matched terms in <mark> in `highlights` */
  highlight?: boolean;
  /** recall mode for candidate generation (dedup): match any term rather than all */
  matching?: "all" | "any";
  /** search only these fields (Meilisearch: attributesToSearchOn); all searchable fields when absent */
  fields?: SearchField[];
};

export const SEARCH_FIELDS = ["title", "subtitle", "keywords", "people", "institution", "body", "outputs"] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

export type SearchHit = {
  id: string;
  type: DocType;
  entityId: string;
  score: number;
  doc: SearchDoc;
  /** field → HTML-escaped text with <mark>…</mark> around matches */
  highlights?: Partial<Record<"title" | "subtitle" | "body" | "people" | "institution", string>>;
};

export type SearchResult = {
  hits: SearchHit[];
  total: number;
  facets?: Record<string, Record<string, number>>;
  /** which engine answered; `degraded` when Meilisearch failed and the embedded engine stood in */
  engine: "embedded" | "meilisearch";
  degraded?: boolean;
  tookMs: number;
};

export interface SearchEngine {
  readonly name: "embedded" | "meilisearch";
  /** declare index settings (idempotent) */
  ensureReady(): Promise<void>;
  upsert(docs: SearchDoc[]): Promise<void>;
  remove(ids: string[]): Promise<void>;
  search(query: SearchQuery): Promise<SearchResult>;
  count(type?: DocType): Promise<number>;
  /** replace the whole index with these documents (Meilisearch: build a new index, then swap) */
  rebuild(batches: AsyncIterable<SearchDoc[]> | Iterable<SearchDoc[]>): Promise<{ documents: number }>;
  health(): Promise<{ ok: boolean; detail?: string }>;
}
