import { createHash } from "node:crypto";
import { asc, desc, gt, lt } from "drizzle-orm";
import type { Db, DbOrTx } from "./client";
import { auditLog } from "./schema";

export type AuditResult = "ok" | "denied" | "failed";
export type AuditEntry = {
  actorUserId?: number | null;
  actorLabel: string;
  action: string;
  entityType?: string | null;
  entityId?: string | number | null;
  ip?: string | null;
  result: AuditResult;
  detail?: Record<string, unknown> | null;
};

export const GENESIS_HASH = "0".repeat(64);
/** The minimum retention of the audit trail; the database refuses earlier deletion. */
export const AUDIT_RETENTION_DAYS = 184;

type Row = typeof auditLog.$inferSelect;

function rowHash(prevHash: string, r: Omit<Row, "id" | "hash" | "prevHash"> & { id: number }): string {
  const canonical = JSON.stringify([
    r.id,
    r.at instanceof Date ? r.at.getTime() : r.at,
    r.actorUserId,
    r.actorLabel,
    r.action,
    r.entityType,
    r.entityId,
    r.ip,
    r.result,
    r.detail,
  ]);
  return createHash("sha256").update(prevHash).update("\n").update(canonical).digest("hex");
}

/**
 * Appends one entry, chained to the previous one. Call it inside the transaction of the change
 * it records (a verb does), so the audit row and the change commit or roll back together.
 */
export function appendAudit(tx: DbOrTx, e: AuditEntry, now: Date = new Date()): void {
  const last = tx.select({ id: auditLog.id, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1).get();
  const id = (last?.id ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const row = {
    id,
    at: now,
    actorUserId: e.actorUserId ?? null,
    actorLabel: e.actorLabel,
    action: e.action,
    entityType: e.entityType ?? null,
    entityId: e.entityId == null ? null : String(e.entityId),
    ip: e.ip ?? null,
    result: e.result,
    detail: e.detail ? JSON.stringify(e.detail) : null,
  };
  tx.insert(auditLog)
    .values({ ...row, prevHash, hash: rowHash(prevHash, row) })
    .run();
}

export type AuditVerification =
  | { ok: true; checked: number }
  | { ok: false; checked: number; brokenAtId: number; reason: string };

/**
 * Walks the chain. Rows purged after the retention period leave the first remaining row's
 * prevHash as the anchor; any other gap, edit or reorder breaks the chain.
 */
export function verifyAuditChain(db: DbOrTx, batchSize = 5000): AuditVerification {
  let checked = 0;
  let prev: { id: number; hash: string } | null = null;
  let cursor = 0;
  for (;;) {
    const rows = db.select().from(auditLog).where(gt(auditLog.id, cursor)).orderBy(asc(auditLog.id)).limit(batchSize).all();
    if (rows.length === 0) break;
    for (const r of rows) {
      if (prev && r.id !== prev.id + 1)
        return { ok: false, checked, brokenAtId: r.id, reason: `row ${prev.id + 1} is missing (deleted)` };
      if (prev && r.prevHash !== prev.hash)
        return { ok: false, checked, brokenAtId: r.id, reason: "previous hash does not match the row before it" };
      const expected = rowHash(r.prevHash, r);
      if (expected !== r.hash) return { ok: false, checked, brokenAtId: r.id, reason: "row content does not match its hash (edited)" };
      prev = { id: r.id, hash: r.hash };
      checked++;
    }
    cursor = rows[rows.length - 1].id;
  }
  return { ok: true, checked };
}

/**
 * The retention purge: deletes entries older than `days` (never fewer than the 184-day minimum)
 * and records the purge itself in the trail. The remaining chain still verifies, anchored on the
 * first remaining row's prevHash.
 */
export function purgeAuditOlderThan(db: Db, days: number, now: Date = new Date()): number {
  if (!Number.isFinite(days) || days < AUDIT_RETENTION_DAYS)
    throw new RangeError(`audit entries are kept at least ${AUDIT_RETENTION_DAYS} days; refusing to purge entries younger than that (asked: ${days})`);
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  return db.transaction(
    (tx) => {
      const deleted = tx.delete(auditLog).where(lt(auditLog.at, cutoff)).run().changes;
      appendAudit(tx, { actorLabel: "system:retention", action: "audit.purge", result: "ok", detail: { days, before: cutoff.toISOString(), deleted } }, now);
      return deleted;
    },
    { behavior: "immediate" },
  );
}
