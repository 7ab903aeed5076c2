import { lte, sql } from "drizzle-orm";
import type { Db } from "#db/client";
import { searchOutbox } from "#db/schema";
import { allDocuments, countRecords, INDEXED_TYPES } from "../documents";
import type { Engines } from "../index";
import type { SearchDoc } from "../port";
import { clearRebuildMarker, setRebuildMarker } from "./marker";

export type ReindexReport = { engine: "embedded" | "meilisearch"; documents: number; ms: number; perSecond: number };

function* everything(db: Db, batchSize: number): Generator<SearchDoc[]> {
  for (const type of INDEXED_TYPES) yield* allDocuments(db, type, batchSize);
}

/**
 * Rebuilds every index from the database. The embedded index is rebuilt in place; Meilisearch
 * builds `<index>_next` and swaps it in, so searches keep answering from the old index meanwhile.
 * While it builds, the marker makes every outbox drain write into the new index too, so a change
 * committed during the rebuild is not lost at the swap. Outbox rows written before the rebuild
 * began are already in the new indexes and are cleared when it succeeds (after a bulk import).
 */
export async function reindex(
  db: Db,
  engines: Engines,
  opts: { batchSize?: number; onTargetReady?: () => void | Promise<void>; only?: ReindexReport["engine"] } = {},
): Promise<ReindexReport[]> {
  const batchSize = opts.batchSize ?? 2000;
  const coveredUpTo = db.select({ id: sql<number | null>`max(${searchOutbox.id})` }).from(searchOutbox).get()?.id ?? 0;
  const out: ReindexReport[] = [];
  const timed = async (engine: ReindexReport["engine"], run: () => Promise<{ documents: number }>) => {
    const t0 = performance.now();
    const { documents } = await run();
    const ms = Math.round(performance.now() - t0);
    out.push({ engine, documents, ms, perSecond: Math.round(documents / Math.max(ms / 1000, 0.001)) });
  };
  if (opts.only !== "meilisearch") await timed("embedded", () => engines.embedded.rebuild(everything(db, batchSize)));
  const meili = opts.only === "embedded" ? undefined : engines.meili;
  if (meili) {
    try {
      await timed("meilisearch", () =>
        meili.rebuild(everything(db, batchSize), {
          onTargetReady: async (uid) => {
            setRebuildMarker(db, uid);
            await opts.onTargetReady?.();
          },
          onSwapped: () => clearRebuildMarker(db),
        }),
      );
    } finally {
      clearRebuildMarker(db);
    }
  }
  // rows before the start are covered only when every index was rebuilt
  if (!opts.only) db.delete(searchOutbox).where(lte(searchOutbox.id, coveredUpTo)).run();
  return out;
}

/**
 * A Meilisearch index missing documents that the outbox cannot account for (MEILI_URL newly set,
 * a new or wiped server) is built from the database at start; queries are answered by the
 * embedded engine until it is complete.
 */
export async function bootstrapMeilisearch(db: Db, engines: Engines, opts: { onTargetReady?: () => void | Promise<void> } = {}): Promise<ReindexReport | undefined> {
  const meili = engines.meili;
  if (!meili) return undefined;
  const records = INDEXED_TYPES.reduce((n, t) => n + countRecords(db, t), 0);
  const pending = db.select({ n: sql<number>`count(*)` }).from(searchOutbox).get()?.n ?? 0;
  if (records - (await meili.count()) <= pending) return undefined;
  meili.building = true;
  try {
    const [report] = await reindex(db, engines, { only: "meilisearch", onTargetReady: opts.onTargetReady });
    return report;
  } finally {
    meili.building = false;
  }
}
