import type { DbOrTx } from "./client";
import { searchOutbox } from "./schema";

/** The kinds of records the search index holds; later capabilities add theirs. */
export type IndexedEntity = "project" | "person" | "organisation" | (string & {});

/** Records, inside the writer's transaction, that the index must catch up with this record. */
export function enqueueIndex(tx: DbOrTx, entityType: IndexedEntity, entityId: string | number, op: "upsert" | "delete" = "upsert", now = new Date()): void {
  tx.insert(searchOutbox).values({ entityType, entityId: String(entityId), op, createdAt: now, nextAttemptAt: now }).run();
}
