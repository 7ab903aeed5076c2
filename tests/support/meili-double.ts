import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { documentedSuccess, validateRequest, validateResponse } from "./openapi";

/**
 * A local stand-in for a Meilisearch server, answering as its published API does (checked
 * against the OpenAPI description on every request and response). It is not a search engine:
 * it keeps indexes, settings, documents and tasks, and answers a search with the hits the test
 * tells it to return. Faults can be injected: down (connection refused), slow, 5xx, failed
 * tasks, garbage bodies.
 */

type Doc = Record<string, unknown>;
type IndexState = { uid: string; primaryKey: string | null; createdAt: string; updatedAt: string; settings: Record<string, unknown>; docs: Map<string, Doc> };
type Task = Record<string, unknown> & { uid: number; status: string; type: string; indexUid: string | null };

export type RecordedRequest = { method: string; path: string; query: Record<string, string>; auth: string | null; body: unknown };
type Fault = { match: (r: RecordedRequest) => boolean; times: number; respond: { status: number; body: string } | "garbage" | "hang" };

const DEFAULT_SETTINGS = (): Record<string, unknown> => ({
  displayedAttributes: ["*"],
  searchableAttributes: ["*"],
  filterableAttributes: [],
  sortableAttributes: [],
  rankingRules: ["words", "typo", "proximity", "attribute", "sort", "exactness"],
  stopWords: [],
  nonSeparatorTokens: [],
  separatorTokens: [],
  dictionary: [],
  synonyms: {},
  distinctAttribute: null,
  proximityPrecision: "byWord",
  typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 }, disableOnWords: [], disableOnAttributes: [], disableOnNumbers: false },
  faceting: { maxValuesPerFacet: 100, sortFacetValuesBy: { "*": "alpha" } },
  pagination: { maxTotalHits: 1000 },
  embedders: {},
  searchCutoffMs: null,
  localizedAttributes: null,
  facetSearch: true,
  prefixSearch: "indexingTime",
});
/** settings whose sub-objects Meilisearch merges on PATCH instead of replacing */
const MERGED = new Set(["typoTolerance", "faceting", "pagination"]);
/** settings Meilisearch stores as sets and returns sorted */
const SORTED = new Set(["filterableAttributes", "sortableAttributes", "stopWords", "nonSeparatorTokens", "separatorTokens", "dictionary"]);

const DOC_ID = /^[A-Za-z0-9_-]{1,511}$/;

export function errorBody(code: string, message: string, type = "invalid_request") {
  return { message, code, type, link: `https://docs.meilisearch.com/errors#${code}` };
}

export type SearchAnswer = { keys: string[]; formatted?: Record<string, Record<string, unknown>>; scores?: number[]; total?: number; facetDistribution?: Record<string, Record<string, number>> };

export class MeiliDouble {
  readonly requests: RecordedRequest[] = [];
  /** every mismatch with the published API, in what was sent or answered */
  readonly violations: string[] = [];
  readonly indexes = new Map<string, IndexState>();
  readonly tasks = new Map<number, Task>();
  /** milliseconds to wait before answering any request */
  delayMs = 0;
  /** milliseconds a task stays enqueued before it is processed */
  taskDelayMs = 0;
  /** keys; requests must carry one (admin for anything, search for searching) */
  keys = { admin: "admin-key", search: "search-key" };
  /** what a search answers: the stored documents with these keys, in this order */
  answer: (index: string, body: Record<string, unknown>) => SearchAnswer = () => ({ keys: [] });
  private faults: Fault[] = [];
  private timers = new Set<NodeJS.Timeout>();
  private failTasks = 0;
  private nextTask = 0;
  private server: http.Server;
  private sockets = new Set<Socket>();
  private port = 0;
  up = false;

  constructor() {
    this.server = this.createServer();
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private createServer(): http.Server {
    const server = http.createServer((req, res) => void this.handle(req, res));
    server.on("connection", (s) => {
      this.sockets.add(s);
      s.on("close", () => this.sockets.delete(s));
    });
    return server;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(this.port, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
    this.up = true;
    return this;
  }

  /** Stops listening: the next connection is refused, as when the server is down. */
  async down(): Promise<void> {
    if (!this.up) return;
    this.up = false;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server = this.createServer();
  }

  /** Listens again on the same port. */
  async restore(): Promise<void> {
    if (this.up) return;
    await this.start();
  }

  async stop(): Promise<void> {
    await this.down();
  }

  /** The next `times` requests matching answer with this status and Meilisearch error body. */
  failNext(match: Partial<{ method: string; path: RegExp }>, status = 503, times = 1, code = "internal"): void {
    const body = JSON.stringify(errorBody(code, status >= 500 ? "Meilisearch is unavailable." : "Bad request.", status >= 500 ? "internal" : "invalid_request"));
    this.faults.push({ match: this.matcher(match), times, respond: { status, body } });
  }

  /** The next `times` matching requests answer 200 with a body that is not JSON. */
  garbageNext(match: Partial<{ method: string; path: RegExp }>, times = 1): void {
    this.faults.push({ match: this.matcher(match), times, respond: "garbage" });
  }

  /** The next `times` tasks end as failed. */
  failNextTasks(times = 1): void {
    this.failTasks += times;
  }

  clearFaults(): void {
    this.faults = [];
    this.failTasks = 0;
    this.delayMs = 0;
    this.taskDelayMs = 0;
  }

  /** Forgets every index and every task not yet processed (between tests). */
  clearState(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.indexes.clear();
  }

  reset(): void {
    this.requests.length = 0;
    this.violations.length = 0;
  }

  /** Requests other than task polling, the ones that say what the adapter did. */
  actions(): RecordedRequest[] {
    return this.requests.filter((r) => !(r.method === "GET" && r.path.startsWith("/tasks/")));
  }

  documents(index: string): Doc[] {
    return [...(this.indexes.get(index)?.docs.values() ?? [])];
  }

  private matcher(m: Partial<{ method: string; path: RegExp }>) {
    return (r: RecordedRequest) => (!m.method || r.method === m.method) && (!m.path || m.path.test(r.path));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", this.url);
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    const rec: RecordedRequest = { method: req.method ?? "GET", path: url.pathname, query: Object.fromEntries(url.searchParams), auth: req.headers.authorization ?? null, body };
    this.requests.push(rec);
    this.violations.push(...validateRequest(rec.method, url, body));
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    if (!this.up || res.destroyed) return;

    const fault = this.faults.find((f) => f.times > 0 && f.match(rec));
    if (fault) {
      fault.times -= 1;
      if (fault.respond === "hang") return;
      if (fault.respond === "garbage") {
        res.writeHead(200, { "content-type": "application/json" }).end("<html>502 Bad Gateway</html>{");
        return;
      }
      return this.send(res, rec, fault.respond.status, JSON.parse(fault.respond.body));
    }

    const denied = this.authorize(rec);
    if (denied) return this.send(res, rec, denied.status, denied.body);
    try {
      const [status, out] = this.route(rec);
      this.send(res, rec, status, out);
    } catch (e) {
      this.send(res, rec, 500, errorBody("internal", (e as Error).message, "internal"));
    }
  }

  private send(res: http.ServerResponse, rec: RecordedRequest, status: number, out: unknown): void {
    this.violations.push(...validateResponse(rec.method, rec.path, status, out));
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(out));
  }

  private authorize(rec: RecordedRequest): { status: number; body: unknown } | undefined {
    if (rec.path === "/health") return undefined;
    if (!rec.auth) return { status: 401, body: errorBody("missing_authorization_header", "The Authorization header is missing. It must use the bearer authorization method.", "auth") };
    const key = rec.auth.replace(/^Bearer /, "");
    if (key === this.keys.admin) return undefined;
    const searching = rec.method === "POST" && /^\/indexes\/[^/]+\/search$/.test(rec.path);
    if (key === this.keys.search && searching) return undefined;
    return { status: 403, body: errorBody("invalid_api_key", "The provided API key is invalid.", "auth") };
  }

  private enqueue(type: string, indexUid: string | null, work: () => Record<string, unknown> | void, status?: number): [number, unknown] {
    const uid = this.nextTask++;
    const enqueuedAt = new Date().toISOString();
    const task: Task = { uid, batchUid: null, indexUid, status: "enqueued", type, canceledBy: null, details: {}, error: null, duration: null, enqueuedAt };
    this.tasks.set(uid, task);
    const run = () => {
      task.startedAt = new Date().toISOString();
      if (this.failTasks > 0) {
        this.failTasks -= 1;
        this.finish(task, "failed", {}, errorBody("internal", "An internal error has occurred while processing the task.", "internal"));
        return;
      }
      try {
        const details = work() ?? {};
        this.finish(task, "succeeded", details, null);
      } catch (e) {
        const err = e as Error & { code?: string };
        this.finish(task, "failed", {}, errorBody(err.code ?? "internal", err.message, err.code ? "invalid_request" : "internal"));
      }
    };
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, this.taskDelayMs);
    this.timers.add(timer);
    return [status ?? 202, { taskUid: uid, indexUid, status: "enqueued", type, enqueuedAt }];
  }

  private finish(task: Task, status: string, details: Record<string, unknown>, error: unknown): void {
    task.status = status;
    task.details = details;
    task.error = error;
    task.finishedAt = new Date().toISOString();
    task.duration = "PT0.001S";
  }

  private index(uid: string, create = false, primaryKey: string | null = null): IndexState {
    let ix = this.indexes.get(uid);
    if (!ix && create) {
      const now = new Date().toISOString();
      ix = { uid, primaryKey, createdAt: now, updatedAt: now, settings: DEFAULT_SETTINGS(), docs: new Map() };
      this.indexes.set(uid, ix);
    }
    if (!ix) throw Object.assign(new Error(`Index \`${uid}\` not found.`), { code: "index_not_found" });
    return ix;
  }

  private notFound(uid: string): [number, unknown] {
    return [404, errorBody("index_not_found", `Index \`${uid}\` not found.`)];
  }

  private route(r: RecordedRequest): [number, unknown] {
    const m = r.path.match(/^\/indexes\/([^/]+)(\/.*)?$/);
    const ok = (out: unknown): [number, unknown] => [documentedSuccess(r.method, r.path), out];
    const task = (type: string, indexUid: string | null, work: () => Record<string, unknown> | void) => this.enqueue(type, indexUid, work, documentedSuccess(r.method, r.path));
    if (r.path === "/health") return ok({ status: "available" });
    if (r.path === "/version") return ok({ commitSha: "0b0b0fd", commitDate: "2025-06-01T00:00:00Z", pkgVersion: "1.15.2" });
    const t = r.path.match(/^\/tasks\/(\d+)$/);
    if (t) {
      const found = this.tasks.get(Number(t[1]));
      return found ? ok(found) : [404, errorBody("task_not_found", `Task \`${t[1]}\` not found.`)];
    }
    if (r.path === "/indexes" && r.method === "POST") {
      const b = r.body as { uid: string; primaryKey?: string };
      return task("indexCreation", b.uid, () => {
        if (this.indexes.has(b.uid)) throw Object.assign(new Error(`Index \`${b.uid}\` already exists.`), { code: "index_already_exists" });
        this.index(b.uid, true, b.primaryKey ?? null);
        return { primaryKey: b.primaryKey ?? null };
      });
    }
    if (r.path === "/swap-indexes" && r.method === "POST") {
      const pairs = r.body as { indexes: [string, string] }[];
      return task("indexSwap", null, () => {
        for (const { indexes: [a, b] } of pairs) {
          const ia = this.index(a);
          const ib = this.index(b);
          this.indexes.set(a, { ...ib, uid: a });
          this.indexes.set(b, { ...ia, uid: b });
        }
        return { swaps: pairs };
      });
    }
    if (!m) return [404, errorBody("bad_request", "Not found.")];
    const uid = decodeURIComponent(m[1]);
    const sub = m[2] ?? "";
    const ix = this.indexes.get(uid);

    if (sub === "" && r.method === "GET") return ix ? ok({ uid, primaryKey: ix.primaryKey, createdAt: ix.createdAt, updatedAt: ix.updatedAt }) : this.notFound(uid);
    if (sub === "" && r.method === "DELETE")
      return task("indexDeletion", uid, () => {
        const n = this.index(uid).docs.size;
        this.indexes.delete(uid);
        return { deletedDocuments: n };
      });
    if (sub === "/settings" && r.method === "GET") return ix ? ok(ix.settings) : this.notFound(uid);
    if (sub === "/settings" && r.method === "PATCH") {
      const patch = r.body as Record<string, unknown>;
      return task("settingsUpdate", uid, () => {
        const target = this.index(uid, true);
        const defaults = DEFAULT_SETTINGS();
        for (const [k, v] of Object.entries(patch)) {
          let next = v === null ? defaults[k] : MERGED.has(k) ? { ...(target.settings[k] as object), ...(v as object) } : v;
          if (SORTED.has(k) && Array.isArray(next)) next = [...new Set(next as string[])].sort();
          target.settings[k] = next;
        }
        return patch;
      });
    }
    if (sub === "/documents" && r.method === "POST") {
      const docs = r.body as Doc[];
      return task("documentAdditionOrUpdate", uid, () => {
        const target = this.index(uid, true, r.query.primaryKey ?? null);
        if (!target.primaryKey) target.primaryKey = r.query.primaryKey ?? null;
        const pk = target.primaryKey;
        if (!pk) throw Object.assign(new Error("The primary key inference failed."), { code: "index_primary_key_no_candidate_found" });
        for (const d of docs) {
          const id = d[pk];
          if (typeof id !== "string" || !DOC_ID.test(id)) throw Object.assign(new Error(`Document identifier \`${JSON.stringify(id)}\` is invalid.`), { code: "invalid_document_id" });
        }
        for (const d of docs) target.docs.set(d[pk] as string, d);
        target.updatedAt = new Date().toISOString();
        return { receivedDocuments: docs.length, indexedDocuments: docs.length };
      });
    }
    if (sub === "/documents/delete-batch" && r.method === "POST") {
      const ids = r.body as string[];
      return task("documentDeletion", uid, () => {
        const target = this.index(uid, true);
        let n = 0;
        for (const id of ids) if (target.docs.delete(String(id))) n++;
        return { providedIds: ids.length, deletedDocuments: n };
      });
    }
    if (sub === "/stats" && r.method === "GET") {
      if (!ix) return this.notFound(uid);
      const fieldDistribution: Record<string, number> = {};
      for (const d of ix.docs.values()) for (const k of Object.keys(d)) fieldDistribution[k] = (fieldDistribution[k] ?? 0) + 1;
      return ok({ numberOfDocuments: ix.docs.size, rawDocumentDbSize: ix.docs.size * 512, avgDocumentSize: ix.docs.size ? 512 : 0, isIndexing: false, numberOfEmbeddings: 0, numberOfEmbeddedDocuments: 0, fieldDistribution });
    }
    if (sub === "/search" && r.method === "POST") {
      if (!ix) return this.notFound(uid);
      const b = r.body as Record<string, unknown>;
      const limit = typeof b.limit === "number" ? b.limit : 20;
      const offset = typeof b.offset === "number" ? b.offset : 0;
      const facets = Array.isArray(b.facets) ? (b.facets as string[]) : undefined;
      const said = this.answer(uid, b);
      const hits = said.keys
        .map((k, i) => {
          const d = ix.docs.get(k);
          if (!d) return undefined;
          const hit: Record<string, unknown> = { ...d };
          if (b.attributesToHighlight) hit._formatted = { ...d, ...(said.formatted?.[k] ?? {}) };
          if (b.showRankingScore) hit._rankingScore = said.scores?.[i] ?? 1 - i * 0.01;
          return hit;
        })
        .filter(Boolean)
        .slice(0, limit);
      let facetDistribution = said.facetDistribution;
      if (facets && !facetDistribution && !b.q && !b.filter) facetDistribution = this.countFacets(ix, facets);
      const out: Record<string, unknown> = { hits, query: (b.q as string) ?? "", processingTimeMs: 1, limit, offset, estimatedTotalHits: said.total ?? hits.length };
      if (facets) {
        out.facetDistribution = facetDistribution ?? Object.fromEntries(facets.map((f) => [f, {}]));
        out.facetStats = {};
      }
      return ok(out);
    }
    return [404, errorBody("bad_request", `No route ${r.method} ${r.path} in this double.`)];
  }

  /** Counting the values of a field over all documents, as a placeholder search with facets does. */
  private countFacets(ix: IndexState, facets: string[]): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const f of facets) {
      const counts: Record<string, number> = {};
      for (const d of ix.docs.values()) {
        const v = d[f];
        for (const x of Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]) counts[String(x)] = (counts[String(x)] ?? 0) + 1;
      }
      out[f] = counts;
    }
    return out;
  }
}

export async function startMeiliDouble(): Promise<MeiliDouble> {
  return new MeiliDouble().start();
}
