import { Meilisearch, MeilisearchApiError, MeilisearchRequestError, MeilisearchRequestTimeOutError, MeilisearchTaskTimeOutError, type EnqueuedTaskPromise, type IndexSwap, type Settings, type Task } from "meilisearch";
import { SearchUnavailableError } from "../errors";
import { isGeneric } from "../text/generic";
import { normaliseText } from "../text/normalise";
import { preciseWords, prepare } from "../text/segment";
import type { DocType, Filter, SearchDoc, SearchEngine, SearchHit, SearchQuery, SearchResult } from "../port";
import { desiredSettings, settingsPatch } from "./settings";

export type MeiliOptions = {
  url: string;
  /** writes, settings, index management */
  adminKey?: string;
  /** queries only; falls back to the admin key when unset (development) */
  searchKey?: string;
  indexUid?: string;
  /** how long to wait for an indexing task before giving up */
  taskTimeoutMs?: number;
  /** per HTTP request, for admin calls */
  requestTimeoutMs?: number;
  /** per query (the circuit breaker keeps its own, usually equal, limit) */
  queryTimeoutMs?: number;
  /** how often a task's status is polled */
  taskPollMs?: number;
  batchSize?: number;
  /** an index being rebuilt that must receive the same writes (see rebuild) */
  shadowIndex?: () => string | undefined;
};

export function meiliOptionsFromEnv(env = process.env): MeiliOptions | undefined {
  if (!env.MEILI_URL) return undefined;
  const num = (v: string | undefined) => (v && Number.isFinite(Number(v)) ? Number(v) : undefined);
  return {
    url: env.MEILI_URL,
    adminKey: env.MEILI_ADMIN_KEY || undefined,
    searchKey: env.MEILI_SEARCH_KEY || undefined,
    indexUid: env.MEILI_INDEX || "portal",
    taskTimeoutMs: num(env.MEILI_TASK_TIMEOUT_MS),
    requestTimeoutMs: num(env.MEILI_REQUEST_TIMEOUT_MS),
    queryTimeoutMs: num(env.MEILI_QUERY_TIMEOUT_MS),
  };
}

/** Meilisearch document ids allow only [A-Za-z0-9_-]: "project:42" becomes "project-42". */
export function meiliKey(id: string): string {
  const [type, ...rest] = id.split(":");
  const entity = rest.join(":");
  const enc = (s: string) => s.replace(/[^A-Za-z0-9]/g, (c) => `_${c.codePointAt(0)!.toString(16)}_`);
  return `${enc(type)}-${enc(entity)}`;
}

/** Private-use marks around matches, so the text can be HTML-escaped before <mark> is added. */
const PRE = "\uE000";
const POST = "\uE001";
const HIGHLIGHTED = ["title", "subtitle", "body", "people", "institution"] as const;
const ESC: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

function markup(v: unknown): string | undefined {
  const text = Array.isArray(v) ? v.join("、") : typeof v === "string" ? v : undefined;
  if (text === undefined) return undefined;
  return text.replace(/[&<>"']/g, (c) => ESC[c]).replaceAll(PRE, "<mark>").replaceAll(POST, "</mark>");
}

const quote = (v: string | number) => (typeof v === "number" ? String(v) : `"${String(v).replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`);

/** The port's filter as Meilisearch filter expressions, ANDed. */
export function toMeiliFilter(f: Filter | undefined): string[] {
  if (!f) return [];
  const out: string[] = [];
  for (const key of ["type", "funder", "discipline", "category", "province", "grade", "visibility"] as const) {
    const v = f[key];
    if (v === undefined) continue;
    const list = Array.isArray(v) ? v : [v];
    if (list.length === 0) continue;
    out.push(list.length === 1 ? `${key} = ${quote(list[0])}` : `${key} IN [${list.map(quote).join(", ")}]`);
  }
  if (f.yearFrom !== undefined) out.push(`year >= ${Math.trunc(f.yearFrom)}`);
  if (f.yearTo !== undefined) out.push(`year <= ${Math.trunc(f.yearTo)}`);
  if (f.excludeIds?.length) out.push(`id NOT IN [${f.excludeIds.map(quote).join(", ")}]`);
  return out;
}

const HAN = /\p{Script=Han}/u;
/** Meilisearch reads only the first ten words of a query; a pasted page is cut short here. */
const MAX_QUERY = 500;

/**
 * The query as Meilisearch should read it: normalised like the index (full-width, traditional,
 * control characters), and without generic words (研究, 问题 …) when it has others, as the
 * embedded engine does — they say what kind of work a title is, not what it is about.
 */
export function meiliQueryText(q: string): string {
  const norm = normaliseText(q).slice(0, MAX_QUERY);
  const meaningful = preciseWords(prepare(norm)).filter((w) => !isGeneric(w));
  return meaningful.length ? meaningful.join(" ") : norm;
}

/** The search request the port's query becomes. */
export function toMeiliSearch(q: SearchQuery): Record<string, unknown> {
  const params: Record<string, unknown> = {
    q: meiliQueryText(q.q),
    limit: q.limit ?? 20,
    offset: q.offset ?? 0,
    // "frequency" drops the commonest words first, so generic words (研究, 问题) give way before topic words
    matchingStrategy: q.matching === "any" ? "frequency" : "all",
    showRankingScore: true,
  };
  const filter = toMeiliFilter(q.filter);
  if (filter.length) params.filter = filter;
  if (q.facets?.length) params.facets = q.facets;
  if (q.fields?.length) params.attributesToSearchOn = q.fields.flatMap((f) => (f === "people" ? ["people", "peoplePinyin"] : [f]));
  if (q.highlight) Object.assign(params, { attributesToHighlight: [...HIGHLIGHTED], highlightPreTag: PRE, highlightPostTag: POST });
  if (HAN.test(q.q)) params.locales = ["cmn"];
  return params;
}

function fromMeiliDoc(d: Record<string, unknown>): SearchDoc {
  const { key: _key, _formatted: _f, _rankingScore: _s, _matchesPosition: _m, _rankingScoreDetails: _d, ...doc } = d;
  return doc as SearchDoc;
}

/** Turns anything the client throws into a SearchUnavailableError saying what happened. */
export function mapMeiliError(e: unknown): SearchUnavailableError {
  if (e instanceof SearchUnavailableError) return e;
  if (e instanceof MeilisearchTaskTimeOutError) return new SearchUnavailableError("task_timeout", e.message, true);
  if (e instanceof MeilisearchRequestError) {
    const timeout = e.cause instanceof MeilisearchRequestTimeOutError;
    const cause = e.cause as Error | undefined;
    return new SearchUnavailableError(timeout ? "timeout" : "unavailable", timeout ? (cause?.message ?? e.message) : `${e.message}: ${cause?.message ?? ""}`, true);
  }
  if (e instanceof MeilisearchApiError) {
    const status = e.response.status;
    const code = e.cause?.code ?? String(status);
    if (status >= 500) return new SearchUnavailableError("unavailable", `${status} ${code}: ${e.message}`, true);
    return new SearchUnavailableError("rejected", `${status} ${code}: ${e.message}`, false);
  }
  if (e instanceof SyntaxError) return new SearchUnavailableError("bad_response", e.message, true);
  return new SearchUnavailableError("unavailable", (e as Error)?.message ?? String(e), true);
}

async function guard<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw mapMeiliError(e);
  }
}

export class MeilisearchEngine implements SearchEngine {
  readonly name = "meilisearch" as const;
  readonly indexUid: string;
  private readonly admin: Meilisearch;
  private readonly searcher: Meilisearch;
  private readonly taskTimeoutMs: number;
  private readonly taskPollMs: number;
  private readonly batchSize: number;
  private ready: Promise<void> | undefined;
  /** set while the index is first built from the database: queries go to the fallback meanwhile */
  building = false;

  constructor(private readonly opts: MeiliOptions) {
    this.indexUid = opts.indexUid ?? "portal";
    this.taskTimeoutMs = opts.taskTimeoutMs ?? 30_000;
    this.taskPollMs = opts.taskPollMs ?? 50;
    this.batchSize = opts.batchSize ?? 1000;
    this.admin = new Meilisearch({ host: opts.url, apiKey: opts.adminKey, timeout: opts.requestTimeoutMs ?? 10_000 });
    this.searcher = new Meilisearch({ host: opts.url, apiKey: opts.searchKey ?? opts.adminKey, timeout: opts.queryTimeoutMs ?? 1_000 });
  }

  /** Waits for a task and fails clearly unless it succeeded. */
  private async wait(p: EnqueuedTaskPromise): Promise<Task> {
    const task = await p.waitTask({ timeout: this.taskTimeoutMs, interval: this.taskPollMs });
    if (task.status !== "succeeded") {
      const err = task.error ? `${task.error.code}: ${task.error.message}` : task.status;
      throw new SearchUnavailableError("task_failed", `task ${task.uid} (${task.type}) ${err}`, false);
    }
    return task;
  }

  /** Creates the index if missing and applies the declared settings where they differ. */
  ensureReady(): Promise<void> {
    this.ready ??= this.prepare(this.indexUid).catch((e) => {
      this.ready = undefined;
      throw e;
    });
    return this.ready;
  }

  private async prepare(uid: string): Promise<void> {
    await guard(async () => {
      let current: Settings | undefined;
      try {
        current = await this.admin.index(uid).getSettings();
      } catch (e) {
        if (!(e instanceof MeilisearchApiError && e.cause?.code === "index_not_found")) throw e;
        // another process may create it at the same moment: that is as good
        await this.wait(this.admin.createIndex(uid, { primaryKey: "key" })).catch((err: unknown) => {
          if (!(err instanceof SearchUnavailableError && err.detail.includes("index_already_exists"))) throw err;
        });
      }
      const patch = settingsPatch(current, desiredSettings());
      if (Object.keys(patch).length > 0) await this.wait(this.admin.index(uid).updateSettings(patch));
    });
  }

  private async addTo(uid: string, docs: SearchDoc[]): Promise<void> {
    for (let i = 0; i < docs.length; i += this.batchSize) {
      const batch = docs.slice(i, i + this.batchSize).map((d) => ({ ...d, key: meiliKey(d.id) }));
      await this.wait(this.admin.index(uid).addDocuments(batch, { primaryKey: "key" }));
    }
  }

  private async removeFrom(uid: string, ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += this.batchSize) {
      await this.wait(this.admin.index(uid).deleteDocuments(ids.slice(i, i + this.batchSize).map(meiliKey)));
    }
  }

  async upsert(docs: SearchDoc[]): Promise<void> {
    if (docs.length === 0) return;
    await this.ensureReady();
    await guard(async () => {
      await this.addTo(this.indexUid, docs);
      const shadow = this.opts.shadowIndex?.();
      if (shadow) await this.addTo(shadow, docs);
    });
  }

  async remove(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.ensureReady();
    await guard(async () => {
      await this.removeFrom(this.indexUid, ids);
      const shadow = this.opts.shadowIndex?.();
      if (shadow) await this.removeFrom(shadow, ids);
    });
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    if (this.building) throw new SearchUnavailableError("building", "the index is being built from the database", false);
    const started = performance.now();
    const params = toMeiliSearch(query);
    const send = async (p: Record<string, unknown>) => {
      const res = await guard(() => this.searcher.index(this.indexUid).search(p.q as string, p));
      if (!res || typeof res !== "object" || !Array.isArray(res.hits)) throw new SearchUnavailableError("bad_response", "search response without hits", true);
      return res;
    };
    let res = await send(params);
    // a typo in one Chinese word (城填化) matches nothing when every word is required: ask again,
    // letting Meilisearch drop words from the end, rather than answer with nothing
    const nothing = res.hits.length === 0 && !res.estimatedTotalHits;
    if (nothing && params.matchingStrategy === "all" && !params.offset && (params.limit as number) > 0 && /\S\s*\S/.test(String(params.q))) res = await send({ ...params, matchingStrategy: "last" });
    const hits: SearchHit[] = res.hits.map((h) => {
      const raw = h as Record<string, unknown>;
      const doc = fromMeiliDoc(raw);
      const hit: SearchHit = { id: doc.id, type: doc.type, entityId: doc.entityId, score: typeof raw._rankingScore === "number" ? raw._rankingScore : 0, doc };
      const formatted = raw._formatted as Record<string, unknown> | undefined;
      if (query.highlight && formatted) {
        hit.highlights = {};
        for (const f of HIGHLIGHTED) {
          const m = markup(formatted[f]);
          if (m !== undefined && m !== "") hit.highlights[f] = m;
        }
      }
      return hit;
    });
    const total = typeof res.estimatedTotalHits === "number" ? res.estimatedTotalHits : hits.length;
    const result: SearchResult = { hits, total, engine: "meilisearch", tookMs: performance.now() - started };
    if (query.facets?.length) result.facets = (res.facetDistribution ?? {}) as Record<string, Record<string, number>>;
    return result;
  }

  /** Documents in the index (of one type: from the type facet); 0 when the index does not exist yet. */
  async count(type?: DocType): Promise<number> {
    return guard(async () => {
      try {
        if (!type) return (await this.admin.index(this.indexUid).getStats()).numberOfDocuments;
        const res = await this.admin.index(this.indexUid).search("", { limit: 0, facets: ["type"] });
        return (res.facetDistribution?.type?.[type] as number | undefined) ?? 0;
      } catch (e) {
        if (e instanceof MeilisearchApiError && e.cause?.code === "index_not_found") return 0;
        throw e;
      }
    });
  }

  /**
   * Builds `<uid>_next` from scratch with the declared settings, swaps it with the live index
   * (atomic on the server: readers see the old index until the swap) and drops the old one.
   * `onTargetReady` runs once the new index exists, so writers can mirror into it meanwhile.
   */
  async rebuild(batches: AsyncIterable<SearchDoc[]> | Iterable<SearchDoc[]>, hooks: { onTargetReady?: (uid: string) => void | Promise<void>; onSwapped?: () => void | Promise<void> } = {}): Promise<{ documents: number }> {
    const next = `${this.indexUid}_next`;
    let documents = 0;
    await guard(async () => {
      await this.deleteIfExists(next);
      await this.prepare(next);
      await hooks.onTargetReady?.(next);
      // a few batches in flight, so Meilisearch can merge consecutive additions into one indexing run
      const inFlight: Promise<void>[] = [];
      let failure: unknown;
      for await (const batch of batches) {
        for (let i = 0; i < batch.length; i += this.batchSize) {
          const docs = batch.slice(i, i + this.batchSize).map((d) => ({ ...d, key: meiliKey(d.id) }));
          const enqueued = this.admin.index(next).addDocuments(docs, { primaryKey: "key" });
          await enqueued;
          inFlight.push(
            this.wait(enqueued).then(
              () => undefined,
              (e: unknown) => void (failure ??= e),
            ),
          );
          if (inFlight.length >= 4) await inFlight.shift();
          if (failure) throw failure;
        }
        documents += batch.length;
      }
      await Promise.all(inFlight);
      if (failure) throw failure;
      await this.ensureReady();
      // no `rename` field: servers before 1.18 reject unknown fields, and it defaults to false
      await this.wait(this.admin.swapIndexes([{ indexes: [this.indexUid, next] } as IndexSwap]));
      await hooks.onSwapped?.();
      await this.deleteIfExists(next);
    });
    return { documents };
  }

  /** Deletes this engine's index (tests against a real server clean up with it). */
  async dropIndex(): Promise<void> {
    await guard(() => this.deleteIfExists(this.indexUid));
    this.ready = undefined;
  }

  private async deleteIfExists(uid: string): Promise<void> {
    try {
      await this.wait(this.admin.deleteIndex(uid));
    } catch (e) {
      if (e instanceof SearchUnavailableError && e.detail.includes("index_not_found")) return;
      throw e;
    }
  }

  async health(): Promise<{ ok: boolean; detail?: string }> {
    try {
      const h = await this.admin.health();
      return { ok: h?.status === "available", detail: h?.status };
    } catch (e) {
      return { ok: false, detail: mapMeiliError(e).message };
    }
  }
}
