import type Database from "better-sqlite3";
import type { DbOrTx } from "../client";

/**
 * The better-sqlite3 connection under a drizzle database or transaction handle, for bulk work
 * that prepares its own statements. Inside a transaction the statements run on the same
 * connection, so they commit or roll back with it.
 */
export function rawConnection(tx: DbOrTx): Database.Database {
  const direct = (tx as { $client?: Database.Database }).$client;
  if (direct) return direct;
  const client = (tx as unknown as { session?: { client?: Database.Database } }).session?.client;
  if (!client || typeof client.prepare !== "function") throw new Error("no better-sqlite3 connection behind this handle");
  return client;
}

/** Many search-outbox rows at once (the same rows `enqueueIndex` writes), for bulk imports. */
export function enqueueMany(c: Database.Database, items: [entityType: string, id: number][], now: Date): void {
  const stmt = c.prepare("insert into search_outbox (entity_type, entity_id, op, created_at, attempts, next_attempt_at) values (?, ?, 'upsert', ?, 0, ?)");
  const t = now.getTime();
  for (const [type, id] of items) stmt.run(type, String(id), t, t);
}
