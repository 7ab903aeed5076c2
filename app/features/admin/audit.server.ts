import { and, count, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { appendAudit, verifyAuditChain, type AuditVerification } from "#db/audit";
import type { Db } from "#db/client";
import { auditLog } from "#db/schema";
import { actorLabel, actorUserId, type Actor } from "~/features/access/actor";
import { can } from "~/features/access/permissions";
import { forbidden, ServiceError } from "~/lib/errors";
import { fieldErrors } from "~/lib/verb.server";

/**
 * Reading the audit trail (审计日志) — only the audit administrator may, and every read and every
 * chain verification is itself recorded in the trail.
 */

export const AUDIT_PAGE_SIZE = 50;

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式应为 YYYY-MM-DD / Use the date format YYYY-MM-DD")
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00+08:00`)), "日期无效 / Not a valid date");

export const auditFilterSchema = z
  .object({
    action: z.string().trim().max(100).optional(),
    actor: z.string().trim().max(200).optional(),
    result: z.enum(["ok", "denied", "failed"], { errorMap: () => ({ message: "结果只能是 ok、denied 或 failed / Result must be ok, denied or failed" }) }).optional(),
    from: day.optional(),
    to: day.optional(),
    page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: "开始日期不能晚于结束日期 / The start date must not be after the end date", path: ["to"] });

export type AuditFilters = z.infer<typeof auditFilterSchema>;

/** Reads filters from a query string; empty fields are absent. */
export function parseAuditFilters(params: URLSearchParams): { filters: AuditFilters; errors: Record<string, { zh: string; en: string }> | null } {
  const raw: Record<string, string> = {};
  for (const k of ["action", "actor", "result", "from", "to", "page"]) {
    const v = params.get(k)?.trim();
    if (v) raw[k] = v;
  }
  const parsed = auditFilterSchema.safeParse(raw);
  if (parsed.success) return { filters: parsed.data, errors: null };
  return { filters: { page: 1 }, errors: fieldErrors(parsed.error) };
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
/** Dates are chosen in Asia/Shanghai (UTC+8, no daylight saving) and compared in UTC. */
const shanghaiMidnight = (d: string) => new Date(`${d}T00:00:00+08:00`);

export type AuditRow = typeof auditLog.$inferSelect;

function assertAuditReader(db: Db, actor: Actor, action: string): void {
  if (can(actor, "read:audit")) return;
  db.transaction((tx) => appendAudit(tx, { actorUserId: actorUserId(actor), actorLabel: actorLabel(actor), action, ip: "ip" in actor ? (actor.ip ?? null) : null, result: "denied" }), {
    behavior: "immediate",
  });
  throw forbidden();
}

/**
 * One page of the trail, newest first, matching the filters. The read itself is appended to the
 * trail before the page is read, so it appears at the top of an unfiltered first page.
 */
export function readAuditTrail(db: Db, actor: Actor, filters: AuditFilters, now = new Date()): { rows: AuditRow[]; total: number; page: number; pageSize: number } {
  assertAuditReader(db, actor, "audit.read");
  const { page, ...shown } = filters;
  db.transaction(
    (tx) => appendAudit(tx, { actorUserId: actorUserId(actor), actorLabel: actorLabel(actor), action: "audit.read", ip: "ip" in actor ? (actor.ip ?? null) : null, result: "ok", detail: { ...shown, page } }, now),
    { behavior: "immediate" },
  );
  const where: SQL[] = [];
  if (filters.action) where.push(sql`${auditLog.action} like ${`${escapeLike(filters.action)}%`} escape '\\'`);
  if (filters.actor) where.push(sql`${auditLog.actorLabel} like ${`%${escapeLike(filters.actor)}%`} escape '\\'`);
  if (filters.result) where.push(eq(auditLog.result, filters.result));
  if (filters.from) where.push(gte(auditLog.at, shanghaiMidnight(filters.from)));
  if (filters.to) where.push(lt(auditLog.at, new Date(shanghaiMidnight(filters.to).getTime() + 86_400_000)));
  const cond = where.length ? and(...where) : undefined;
  const total = db.select({ n: count() }).from(auditLog).where(cond).get()?.n ?? 0;
  const rows = db
    .select()
    .from(auditLog)
    .where(cond)
    .orderBy(desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE)
    .offset((page - 1) * AUDIT_PAGE_SIZE)
    .all();
  return { rows, total, page, pageSize: AUDIT_PAGE_SIZE };
}

/** Verifies the whole chain (outside any write lock) and records that it was verified and what was found. */
export function verifyAuditTrail(db: Db, actor: Actor, now = new Date()): AuditVerification {
  assertAuditReader(db, actor, "audit.verify");
  const result = verifyAuditChain(db);
  db.transaction(
    (tx) =>
      appendAudit(
        tx,
        {
          actorUserId: actorUserId(actor),
          actorLabel: actorLabel(actor),
          action: "audit.verify",
          ip: "ip" in actor ? (actor.ip ?? null) : null,
          result: "ok",
          detail: result.ok ? { chain: "ok", checked: result.checked } : { chain: "broken", checked: result.checked, brokenAtId: result.brokenAtId, reason: result.reason },
        },
        now,
      ),
    { behavior: "immediate" },
  );
  return result;
}

/** Distinct action names, for the filter's suggestions. */
export function auditActionNames(db: Db): string[] {
  return db
    .selectDistinct({ action: auditLog.action })
    .from(auditLog)
    .orderBy(auditLog.action)
    .limit(500)
    .all()
    .map((r) => r.action);
}

export function unknownAuditError(): ServiceError {
  return new ServiceError(400, "bad_request", { zh: "无法识别的操作。", en: "Unrecognised request." });
}
