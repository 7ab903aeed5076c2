import type { Db } from "#db/client";
import { getEngines } from "#search/index";
import { bootstrapMeilisearch } from "#search/sync/reindex";
import { createOutboxWorker, type OutboxWorker } from "#search/sync/worker";
import { afterCommit } from "~/lib/verb.server";

/**
 * Keeps the search index(es) caught up with the database: the outbox is drained right after each
 * commit that queued index work, and every SEARCH_SYNC_INTERVAL_MS (default 5 s) for retries.
 */
const g = globalThis as unknown as { __searchSync?: { db: Db; worker: OutboxWorker; listener: (e: { indexed?: boolean }) => void } };

export function startSearchSync(db: Db): OutboxWorker {
  if (g.__searchSync?.db === db) return g.__searchSync.worker;
  stopSearchSync();
  const engines = getEngines(db);
  // settings are applied now if Meilisearch answers (otherwise on the first successful write);
  // an empty Meilisearch index beside a full database is built from it
  engines.engine
    .ensureReady()
    .then(() => bootstrapMeilisearch(db, engines))
    .then((r) => r && console.log(`search: Meilisearch index built from the database: ${r.documents} documents in ${r.ms} ms`))
    .catch((e: Error) => console.warn(`search: not ready at start (${e.message}); will retry on the next write`));
  const worker = createOutboxWorker(db, () => getEngines(db).engine, {
    intervalMs: Number(process.env.SEARCH_SYNC_INTERVAL_MS ?? 5000),
    onError: (e) => console.warn(`search: outbox drain failed: ${(e as Error).message}`),
    onReport: (r) => {
      if (r.failed > 0) console.warn(`search: ${r.failed} outbox row(s) will be retried: ${r.errors[0] ?? ""}`);
    },
  });
  const listener = (e: { indexed?: boolean }) => {
    if (e?.indexed) void worker.trigger();
  };
  afterCommit.on("commit", listener);
  g.__searchSync = { db, worker, listener };
  void worker.trigger();
  return worker;
}

export function stopSearchSync(): void {
  if (!g.__searchSync) return;
  afterCommit.off("commit", g.__searchSync.listener);
  g.__searchSync.worker.stop();
  g.__searchSync = undefined;
}
