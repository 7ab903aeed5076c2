import { asc, inArray, lte, sql } from "drizzle-orm";
import type { Db } from "#db/client";
import { searchOutbox } from "#db/schema";
import { docId, documentLoaders } from "../documents";
import { isSearchError } from "../errors";
import type { SearchDoc, SearchEngine } from "../port";

export type DrainOptions = {
  batchSize?: number;
  now?: () => Date;
  /** first retry after this long, doubling each attempt */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** stop after this many batches (the worker comes back for the rest) */
  maxBatches?: number;
};

export type DrainReport = { batches: number; applied: number; upserted: number; removed: number; failed: number; errors: string[] };

type Row = typeof searchOutbox.$inferSelect;

export function backoffMs(attempts: number, base = 2_000, max = 10 * 60_000): number {
  return Math.min(max, base * 2 ** Math.max(0, attempts - 1));
}

/**
 * What a set of outbox rows asks of the index, coalesced per record (the latest row wins) and
 * re-read from the database: a record that is gone, or whose latest row says delete, is removed.
 */
export function planRows(db: Db, rows: Row[]): { upserts: SearchDoc[]; removals: string[] } {
  const latest = new Map<string, Row>();
  for (const r of rows) {
    const k = `${r.entityType}\u0000${r.entityId}`;
    const prev = latest.get(k);
    if (!prev || prev.id < r.id) latest.set(k, r);
  }
  const byType = new Map<string, string[]>();
  const removals: string[] = [];
  for (const r of latest.values()) {
    if (r.op === "delete") removals.push(docId(r.entityType, r.entityId));
    else (byType.get(r.entityType) ?? byType.set(r.entityType, []).get(r.entityType)!).push(r.entityId);
  }
  const upserts: SearchDoc[] = [];
  for (const [type, ids] of byType) {
    const load = documentLoaders[type];
    if (!load) throw new Error(`no document loader for type "${type}"`);
    const docs = load(db, ids.map(Number));
    const found = new Set(docs.map((d) => d.id));
    upserts.push(...docs);
    for (const id of ids) if (!found.has(docId(type, id))) removals.push(docId(type, id));
  }
  return { upserts, removals };
}

async function apply(db: Db, engine: SearchEngine, rows: Row[]): Promise<{ upserted: number; removed: number }> {
  const { upserts, removals } = planRows(db, rows);
  if (upserts.length) await engine.upsert(upserts);
  if (removals.length) await engine.remove(removals);
  return { upserted: upserts.length, removed: removals.length };
}

function markFailed(db: Db, rows: Row[], error: unknown, now: Date, o: Required<Pick<DrainOptions, "backoffBaseMs" | "backoffMaxMs">>): string {
  const message = (isSearchError(error) ? error.message : (error as Error)?.message ?? String(error)).slice(0, 1000);
  db.transaction(
    (tx) => {
      for (const r of rows) {
        const attempts = r.attempts + 1;
        tx.update(searchOutbox)
          .set({ attempts, lastError: message, nextAttemptAt: new Date(now.getTime() + backoffMs(attempts, o.backoffBaseMs, o.backoffMaxMs)) })
          .where(sql`${searchOutbox.id} = ${r.id}`)
          .run();
      }
    },
    { behavior: "immediate" },
  );
  return message;
}

function done(db: Db, rows: Row[]): void {
  const ids = rows.map((r) => r.id);
  db.transaction(
    (tx) => {
      for (let i = 0; i < ids.length; i += 500) tx.delete(searchOutbox).where(inArray(searchOutbox.id, ids.slice(i, i + 500))).run();
    },
    { behavior: "immediate" },
  );
}

/**
 * Drains due outbox rows into the engine, in id order and in batches. A batch that fails is kept
 * with its attempt count, last error and next attempt time (exponential backoff), never dropped.
 * When the failure is the record's own (not the engine being down), the batch is retried record
 * by record so one bad record cannot hold back the others.
 */
export async function drainOutbox(db: Db, engine: SearchEngine, opts: DrainOptions = {}): Promise<DrainReport> {
  const o = { batchSize: 500, now: () => new Date(), backoffBaseMs: 2_000, backoffMaxMs: 10 * 60_000, maxBatches: Infinity, ...opts };
  const report: DrainReport = { batches: 0, applied: 0, upserted: 0, removed: 0, failed: 0, errors: [] };
  const skip = new Set<number>();
  while (report.batches < o.maxBatches) {
    const now = o.now();
    const rows = db
      .select()
      .from(searchOutbox)
      .where(lte(searchOutbox.nextAttemptAt, now))
      .orderBy(asc(searchOutbox.id))
      .limit(o.batchSize + skip.size)
      .all()
      .filter((r) => !skip.has(r.id))
      .slice(0, o.batchSize);
    if (rows.length === 0) break;
    // let requests through between batches of a long drain (after a bulk import)
    if (report.batches > 0) await new Promise((r) => setImmediate(r));
    report.batches += 1;
    try {
      const r = await apply(db, engine, rows);
      done(db, rows);
      report.applied += rows.length;
      report.upserted += r.upserted;
      report.removed += r.removed;
    } catch (e) {
      // an error that is not the engine's (a missing loader, a bad record) is isolated record by record
      const transient = isSearchError(e) && e.transient;
      if (transient || rows.length === 1) {
        report.errors.push(markFailed(db, rows, e, now, o));
        report.failed += rows.length;
        for (const row of rows) skip.add(row.id);
        // the engine is in trouble: leave the rest for the next round
        if (transient) break;
        continue;
      }
      // isolate the record(s) at fault, grouped by record
      const groups = new Map<string, Row[]>();
      for (const row of rows) (groups.get(`${row.entityType}:${row.entityId}`) ?? groups.set(`${row.entityType}:${row.entityId}`, []).get(`${row.entityType}:${row.entityId}`)!).push(row);
      for (const g of groups.values()) {
        try {
          const r = await apply(db, engine, g);
          done(db, g);
          report.applied += g.length;
          report.upserted += r.upserted;
          report.removed += r.removed;
        } catch (e2) {
          report.errors.push(markFailed(db, g, e2, now, o));
          report.failed += g.length;
          for (const row of g) skip.add(row.id);
        }
      }
    }
  }
  return report;
}
