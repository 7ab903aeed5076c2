import { gt, sql } from "drizzle-orm";
import type { Db } from "#db/client";
import { searchOutbox } from "#db/schema";
import { countRecords, INDEXED_TYPES } from "../documents";
import { isSearchError } from "../errors";
import { getEngines, type Engines } from "../index";
import type { BreakerState } from "../resilient";

export type SearchStatus = {
  engine: "embedded" | "meilisearch";
  /** Meilisearch's circuit: closed = answering, open = queries served by the embedded engine */
  breaker?: { state: BreakerState; failures: number; lastError?: string; retryInMs?: number };
  outbox: { pending: number; failing: number; oldestPendingAgeMs: number | null; lastError: string | null };
  /** per type: records in the database and documents in each index (when asked for) */
  counts?: Record<string, { database: number; embedded?: number; meilisearch?: number | string }>;
};

/** Search lag and health from the outbox, cheap enough for /healthz; counts on request. */
export async function searchStatus(db: Db, engines: Engines = getEngines(db), opts: { counts?: boolean; now?: Date } = {}): Promise<SearchStatus> {
  const now = (opts.now ?? new Date()).getTime();
  const o = db
    .select({ pending: sql<number>`count(*)`, oldest: sql<number | null>`min(${searchOutbox.createdAt})` })
    .from(searchOutbox)
    .get();
  const failing = db.select({ n: sql<number>`count(*)` }).from(searchOutbox).where(gt(searchOutbox.attempts, 0)).get()?.n ?? 0;
  const lastError = db.select({ e: searchOutbox.lastError }).from(searchOutbox).where(gt(searchOutbox.attempts, 0)).orderBy(sql`${searchOutbox.id} desc`).limit(1).get()?.e ?? null;
  const status: SearchStatus = {
    engine: engines.meili ? "meilisearch" : "embedded",
    outbox: { pending: o?.pending ?? 0, failing, oldestPendingAgeMs: o?.oldest != null ? Math.max(0, now - Number(o.oldest)) : null, lastError },
  };
  if (engines.resilient) status.breaker = engines.resilient.breaker();
  if (opts.counts) {
    status.counts = {};
    for (const type of INDEXED_TYPES) {
      const c: { database: number; embedded?: number; meilisearch?: number | string } = { database: countRecords(db, type) };
      c.embedded = await engines.embedded.count(type);
      if (engines.meili) c.meilisearch = await engines.meili.count(type).catch((e: unknown) => (isSearchError(e) ? `${e.kind}: ${e.detail}` : String(e)));
      status.counts[type] = c;
    }
  }
  return status;
}
