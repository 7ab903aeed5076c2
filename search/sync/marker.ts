import { eq } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { settings } from "#db/schema";

/**
 * While `search:reindex` builds a new Meilisearch index, every process draining the outbox must
 * write into that index too, or changes made during the rebuild would be lost at the swap. The
 * rebuild announces its target in the settings table; drains read it before each write.
 */
const KEY = "search.rebuild";
/** a marker older than this is a crashed reindex, not a running one */
const STALE_MS = 6 * 60 * 60 * 1000;

type Marker = { index: string; startedAt: number };

export function setRebuildMarker(db: DbOrTx, index: string, now = new Date()): void {
  const value: Marker = { index, startedAt: now.getTime() };
  db.insert(settings).values({ key: KEY, value, updatedAt: now }).onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } }).run();
}

export function clearRebuildMarker(db: DbOrTx): void {
  db.delete(settings).where(eq(settings.key, KEY)).run();
}

export function rebuildTarget(db: DbOrTx, now = Date.now()): string | undefined {
  const row = db.select({ value: settings.value }).from(settings).where(eq(settings.key, KEY)).get();
  const m = row?.value as Marker | undefined;
  if (!m?.index || now - m.startedAt > STALE_MS) return undefined;
  return m.index;
}
