import { and, eq, gt, isNull } from "drizzle-orm";
import { z } from "zod";
import { appendAudit } from "#db/audit";
import type { Db, DbOrTx } from "#db/client";
import { passwordResets, signInFailures, users } from "#db/schema";
import { queueMail } from "~/features/mail/outbox.server";
import { passwordResetMail } from "~/features/mail/templates.server";
import { ServiceError, type Bilingual } from "~/lib/errors";
import { afterCommit } from "~/lib/verb.server";
import { acceptableHash, mismatch, newPasswordFields, parseNewPasswordForm, parseOrThrow, passwordsMatch } from "./account.server";
import { invalidateUserSessions, normaliseEmail } from "./session.server";
import { generateToken, hashToken, isWellFormedToken } from "./tokens.server";

/**
 * Password reset: the answer to "forgot password" is the same whether or not the address has an
 * account (no enumeration); the mailed link works once, for an hour, and ends every session.
 */
export const resetTtlMs = () => Number(process.env.PASSWORD_RESET_TTL_MINUTES ?? 60) * 60_000;

export const forgotSchema = z.object({
  email: z
    .string({ required_error: "请填写邮箱 / Enter your e-mail address" })
    .trim()
    .min(1, "请填写邮箱 / Enter your e-mail address")
    .email("邮箱格式不正确 / This is not a valid e-mail address")
    .max(254),
});

export const forgotAnswer: Bilingual = {
  zh: "如果该邮箱已在平台注册，我们已向它发送了重设密码的链接，链接 1 小时内有效。请查收邮件（包括垃圾邮件箱）。",
  en: "If this address has an account, we have sent it a link to reset the password; the link is valid for one hour. Check your inbox (and spam folder).",
};

export function requestPasswordReset(db: Db, raw: unknown, meta: { baseUrl: string; ip?: string | null; now?: Date }): Bilingual {
  const { email } = parseOrThrow(forgotSchema, raw);
  const now = meta.now ?? new Date();
  const ip = meta.ip ?? null;
  const address = normaliseEmail(email);
  const user = db.select().from(users).where(eq(users.email, address)).get();
  db.transaction(
    (tx) => {
      if (!user || user.disabledAt) {
        appendAudit(tx, { actorLabel: address, action: "password_reset.request", ip, result: "failed", detail: { reason: user ? "disabled" : "unknown_account" } }, now);
        return;
      }
      // only the newest link works
      tx.delete(passwordResets).where(and(eq(passwordResets.userId, user.id), isNull(passwordResets.usedAt))).run();
      const token = generateToken();
      const expiresAt = new Date(now.getTime() + resetTtlMs());
      tx.insert(passwordResets).values({ tokenHash: hashToken(token), userId: user.id, expiresAt, createdAt: now }).run();
      queueMail(tx, passwordResetMail({ to: user.email, link: `${meta.baseUrl.replace(/\/$/, "")}/reset-password/${token}`, expiresAt }), now);
      appendAudit(tx, { actorUserId: user.id, actorLabel: address, action: "password_reset.request", entityType: "user", entityId: user.id, ip, result: "ok" }, now);
    },
    { behavior: "immediate" },
  );
  afterCommit.emit("commit", { indexed: false });
  return forgotAnswer;
}

export type ResetRefusal = "unknown" | "used" | "expired";
export const resetRefusals: Record<ResetRefusal, Bilingual> = {
  unknown: { zh: "这个重设密码链接无效。请重新申请。", en: "This password-reset link is not valid. Ask for a new one." },
  used: { zh: "这个重设密码链接已经使用过，每个链接只能使用一次。如需再次重设，请重新申请。", en: "This password-reset link has already been used; each link works once. Ask for a new one if needed." },
  expired: { zh: "这个重设密码链接已过期（有效期 1 小时）。请重新申请。", en: "This password-reset link has expired (links last one hour). Ask for a new one." },
};

export type ResetLookup = { ok: true; userId: number; email: string; displayName: string; resetId: number } | { ok: false; reason: ResetRefusal; message: Bilingual };

export function lookupReset(db: DbOrTx, token: string, now = new Date()): ResetLookup {
  const refuse = (reason: ResetRefusal): ResetLookup => ({ ok: false, reason, message: resetRefusals[reason] });
  if (!isWellFormedToken(token)) return refuse("unknown");
  const row = db
    .select({ reset: passwordResets, email: users.email, displayName: users.displayName })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(eq(passwordResets.tokenHash, hashToken(token)))
    .get();
  if (!row) return refuse("unknown");
  if (row.reset.usedAt) return refuse("used");
  if (row.reset.expiresAt <= now) return refuse("expired");
  return { ok: true, userId: row.reset.userId, email: row.email, displayName: row.displayName, resetId: row.reset.id };
}

export function auditResetRefusal(db: Db, reason: ResetRefusal, ip: string | null, now = new Date()): void {
  db.transaction((tx) => appendAudit(tx, { actorLabel: "anonymous", action: "password_reset.complete", ip, result: "denied", detail: { reason } }, now), { behavior: "immediate" });
}

export const resetSchema = z.object(newPasswordFields).refine(passwordsMatch, mismatch);

/** Sets the new password, uses up the link, ends every session and lifts a lockout. */
export async function resetPassword(db: Db, token: string, raw: unknown, meta: { ip?: string | null; now?: Date } = {}): Promise<{ userId: number }> {
  const now = meta.now ?? new Date();
  const ip = meta.ip ?? null;
  const found = lookupReset(db, token, now);
  if (!found.ok) {
    auditResetRefusal(db, found.reason, ip, now);
    throw new ServiceError(410, `reset_${found.reason}`, found.message);
  }
  const input = parseNewPasswordForm(db, resetSchema, raw, found);
  const passwordHash = await acceptableHash(db, input.password, found);
  const done = db.transaction(
    (tx) => {
      const claimed = tx
        .update(passwordResets)
        .set({ usedAt: now })
        .where(and(eq(passwordResets.id, found.resetId), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)))
        .run().changes;
      if (claimed !== 1) return false;
      tx.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, found.userId)).run();
      const sessions = invalidateUserSessions(tx, found.userId);
      tx.delete(signInFailures).where(eq(signInFailures.email, found.email)).run();
      appendAudit(tx, { actorUserId: found.userId, actorLabel: found.email, action: "password_reset.complete", entityType: "user", entityId: found.userId, ip, result: "ok", detail: { sessionsEnded: sessions } }, now);
      return true;
    },
    { behavior: "immediate" },
  );
  if (!done) {
    auditResetRefusal(db, "used", ip, now);
    throw new ServiceError(410, "reset_used", resetRefusals.used);
  }
  return { userId: found.userId };
}
