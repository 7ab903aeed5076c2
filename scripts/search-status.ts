/**
 * `npm run search:status` — which engine answers, how far behind the index is (outbox size,
 * oldest pending change, failing rows) and document counts per type: index vs database.
 * Exits 1 when the outbox has failing rows or the counts differ.
 */
import { getDb } from "#db/client";
import { getEngines } from "#search/index";
import { searchStatus } from "#search/sync/status";

const db = getDb();
const engines = getEngines(db);
const s = await searchStatus(db, engines, { counts: true });
const health = engines.meili ? await engines.meili.health() : undefined;
const age = s.outbox.oldestPendingAgeMs;

console.log(`engine:        ${s.engine}${health ? ` (Meilisearch ${health.ok ? "reachable" : `unreachable: ${health.detail}`})` : ""}`);
console.log(`outbox:        ${s.outbox.pending} pending, ${s.outbox.failing} failing${age !== null ? `, oldest ${(age / 1000).toFixed(1)} s ago` : ""}`);
if (s.outbox.lastError) console.log(`last error:    ${s.outbox.lastError}`);
console.log("");
const cols = ["type", "database", "embedded", ...(engines.meili ? ["meilisearch"] : [])];
console.log(cols.map((c) => c.padEnd(14)).join(""));
let mismatch = false;
for (const [type, c] of Object.entries(s.counts ?? {})) {
  const cells = [type, c.database, c.embedded, ...(engines.meili ? [c.meilisearch] : [])];
  if (c.embedded !== c.database || (engines.meili && c.meilisearch !== c.database)) mismatch = true;
  console.log(cells.map((x) => String(x ?? "").padEnd(14)).join(""));
}
if (mismatch) console.log("\nindex and database differ: wait for the outbox to drain, or run `npm run search:reindex`");
db.$client.close();
process.exitCode = mismatch || s.outbox.failing > 0 ? 1 : 0;
