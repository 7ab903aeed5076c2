import { asc, eq, gt } from "drizzle-orm";
import { z } from "zod";
import { appendAudit } from "#db/audit";
import type { Db, DbOrTx } from "#db/client";
import { signInFailures, users } from "#db/schema";
import { TIME_ZONE } from "~/i18n/config";
import { type Bilingual } from "~/lib/errors";
import { defineVerb } from "~/lib/verb.server";
import { burnPasswordCheck, verifyPassword } from "./password.server";
import { createSession, invalidateSession, normaliseEmail, type Session, type SessionUser } from "./session.server";
import { hashToken } from "./tokens.server";

/**
 * Sign-in with a per-account lockout kept in the database (sign_in_failures), so a restart does
 * not reset it. Failures are counted per e-mail address whether or not an account exists, so the
 * lockout itself does not reveal which addresses are registered.
 */
export const lockoutConfig = () => ({
  threshold: Number(process.env.LOCKOUT_THRESHOLD ?? 5),
  lockMs: Number(process.env.LOCKOUT_MINUTES ?? 15) * 60_000,
  /** failures further apart than this start a fresh count */
  windowMs: Number(process.env.LOCKOUT_WINDOW_MINUTES ?? 15) * 60_000,
});

export const signInSchema = z.object({
  email: z.string({ required_error: "请输入邮箱 / Enter your e-mail address" }).trim().min(1, "请输入邮箱 / Enter your e-mail address").max(254),
  password: z.string({ required_error: "请输入密码 / Enter your password" }).min(1, "请输入密码 / Enter your password").max(1000),
});

export const invalidCredentials: Bilingual = {
  zh: "邮箱或密码不正确。",
  en: "The e-mail address or password is not correct.",
};

export function lockedMessage(lockedUntil: Date, now: Date): Bilingual {
  const minutes = Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 60_000));
  const { threshold, lockMs } = lockoutConfig();
  const lockMinutes = Math.round(lockMs / 60_000);
  const time = (l: string) => new Intl.DateTimeFormat(l, { timeZone: TIME_ZONE, hour: "2-digit", minute: "2-digit", hour12: false }).format(lockedUntil);
  return {
    zh: `由于连续 ${threshold} 次登录失败，该账户已被锁定 ${lockMinutes} 分钟。请在 ${minutes} 分钟后（北京时间 ${time("zh-CN")} 之后）再试，或通过“忘记密码”重设密码。`,
    en: `After ${threshold} failed sign-ins this account is locked for ${lockMinutes} minutes. Try again in ${minutes} minute${minutes === 1 ? "" : "s"} (after ${time("en-GB")} Beijing time), or reset your password with "Forgot password".`,
  };
}

export type SignInResult =
  | { ok: true; token: string; session: Session; user: SessionUser }
  | { ok: false; reason: "invalid"; message: Bilingual }
  | { ok: false; reason: "locked"; lockedUntil: Date; message: Bilingual };

type FailureReason = "unknown_account" | "wrong_password" | "disabled" | "no_password";

/**
 * Checks the password and, on success, opens a NEW session (a token the browser held before is
 * invalidated, never reused). The person sees one generic message; the audit trail says why.
 */
export async function signIn(
  db: Db,
  input: { email: string; password: string; ip?: string | null; previousToken?: string | null },
  now = new Date(),
): Promise<SignInResult> {
  const email = normaliseEmail(input.email);
  const ip = input.ip ?? null;
  const current = db.select().from(signInFailures).where(eq(signInFailures.email, email)).get();
  if (current?.lockedUntil && current.lockedUntil > now) {
    db.transaction((tx) => appendAudit(tx, { actorLabel: email, action: "auth.sign_in", ip, result: "denied", detail: { reason: "locked", lockedUntil: current.lockedUntil?.toISOString() } }, now), {
      behavior: "immediate",
    });
    return { ok: false, reason: "locked", lockedUntil: current.lockedUntil, message: lockedMessage(current.lockedUntil, now) };
  }

  const user = db.select().from(users).where(eq(users.email, email)).get();
  let failure: FailureReason | null = null;
  if (!user) {
    await burnPasswordCheck(input.password);
    failure = "unknown_account";
  } else if (!user.passwordHash) {
    await burnPasswordCheck(input.password);
    failure = "no_password";
  } else if (!(await verifyPassword(user.passwordHash, input.password))) failure = "wrong_password";
  else if (user.disabledAt) failure = "disabled";

  if (failure || !user) {
    const lockedUntil = recordFailure(db, email, user?.id ?? null, failure ?? "unknown_account", ip, now);
    return lockedUntil ? { ok: false, reason: "locked", lockedUntil, message: lockedMessage(lockedUntil, now) } : { ok: false, reason: "invalid", message: invalidCredentials };
  }

  const { token, session } = db.transaction(
    (tx) => {
      tx.delete(signInFailures).where(eq(signInFailures.email, email)).run();
      if (input.previousToken) invalidateSession(tx, hashToken(input.previousToken));
      const created = createSession(tx, user.id, now);
      appendAudit(tx, { actorUserId: user.id, actorLabel: email, action: "auth.sign_in", entityType: "user", entityId: user.id, ip, result: "ok" }, now);
      return created;
    },
    { behavior: "immediate" },
  );
  return { ok: true, token, session, user };
}

/** Counts a failure; returns the lock's end when this failure locks the account. */
function recordFailure(db: Db, email: string, userId: number | null, reason: FailureReason, ip: string | null, now: Date): Date | null {
  const { threshold, lockMs, windowMs } = lockoutConfig();
  return db.transaction(
    (tx) => {
      const row = tx.select().from(signInFailures).where(eq(signInFailures.email, email)).get();
      // a lapsed lock or an old failure starts the count again
      const fresh = !row || (row.lockedUntil != null && row.lockedUntil <= now) || now.getTime() - row.lastFailureAt.getTime() > windowMs;
      const failures = (fresh ? 0 : row.failures) + 1;
      const lockedUntil = failures >= threshold ? new Date(now.getTime() + lockMs) : null;
      tx.insert(signInFailures)
        .values({ email, failures, lastFailureAt: now, lockedUntil })
        .onConflictDoUpdate({ target: signInFailures.email, set: { failures, lastFailureAt: now, lockedUntil } })
        .run();
      appendAudit(tx, { actorUserId: userId, actorLabel: email, action: "auth.sign_in", entityType: userId ? "user" : null, entityId: userId, ip, result: "failed", detail: { reason, failures } }, now);
      if (lockedUntil)
        appendAudit(tx, { actorUserId: userId, actorLabel: email, action: "auth.lockout", entityType: "account", entityId: email, ip, result: "ok", detail: { failures, lockedUntil: lockedUntil.toISOString() } }, now);
      return lockedUntil;
    },
    { behavior: "immediate" },
  );
}

export type LockedAccount = { email: string; displayName: string | null; failures: number; lockedUntil: Date; lastFailureAt: Date };

/** Accounts locked right now, soonest to unlock first, for the security administrator. */
export function listLockedAccounts(db: DbOrTx, now = new Date()): LockedAccount[] {
  return db
    .select({ email: signInFailures.email, displayName: users.displayName, failures: signInFailures.failures, lockedUntil: signInFailures.lockedUntil, lastFailureAt: signInFailures.lastFailureAt })
    .from(signInFailures)
    .leftJoin(users, eq(users.email, signInFailures.email))
    .where(gt(signInFailures.lockedUntil, now))
    .orderBy(asc(signInFailures.lockedUntil))
    .all() as LockedAccount[];
}

/** The security administrator lifts a lockout before it ends. */
export const unlockAccount = defineVerb({
  name: "account.unlock",
  permission: "unlock:account",
  input: z.object({ email: z.string().trim().toLowerCase().min(1, "请选择账户 / Choose an account") }),
  run: (tx, input) => {
    const changes = tx.delete(signInFailures).where(eq(signInFailures.email, input.email)).run().changes;
    return { email: input.email, wasLocked: changes > 0 };
  },
  audit: (r) => ({ entityType: "account", entityId: r.email, detail: { wasLocked: r.wasLocked } }),
});
