/**
 * `npm run search:reindex` — rebuilds the search index(es) from the database: the embedded index
 * in place, and, when MEILI_URL is set, a new Meilisearch index swapped in when complete.
 */
import { getDb } from "#db/client";
import { getEngines } from "#search/index";
import { reindex } from "#search/sync/reindex";

const db = getDb();
const engines = getEngines(db);
try {
  for (const r of await reindex(db, engines)) {
    console.log(`${r.engine}: ${r.documents} documents in ${(r.ms / 1000).toFixed(1)} s (${r.perSecond}/s)`);
  }
} catch (e) {
  console.error(`search:reindex failed: ${(e as Error).message}`);
  process.exitCode = 1;
} finally {
  db.$client.close();
}
