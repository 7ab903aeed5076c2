import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { appendAudit } from "#db/audit";
import type { DbOrTx } from "#db/client";
import { memberships, organisations, users } from "#db/schema";
import { actorLabel, actorUserId } from "~/features/access/actor";
import { SUPPORTED_LOCALES } from "~/i18n/config";
import { forbidden, notFound, ServiceError, type Bilingual } from "~/lib/errors";
import { defineVerb, fieldErrors, type VerbContext } from "~/lib/verb.server";
import { checkPasswordPolicy, getPasswordPolicy, hashPassword, verifyPassword, type PolicyFailure } from "./password.server";
import { invalidateOtherSessions, invalidateSession, invalidateUserSessions } from "./session.server";

const invalidInput: Bilingual = { zh: "填写的内容有误，请按提示修改。", en: "Some fields need correcting." };

/** Several broken rules become one field message, one rule per line. */
export function policyMessage(failures: PolicyFailure[]): Bilingual {
  return { zh: failures.map((f) => f.message.zh).join("\n"), en: failures.map((f) => f.message.en).join("\n") };
}

export const newPasswordFields = {
  password: z.string({ required_error: "请输入新密码 / Enter a new password" }).min(1, "请输入新密码 / Enter a new password"),
  confirmPassword: z.string({ required_error: "请再次输入新密码 / Repeat the new password" }).min(1, "请再次输入新密码 / Repeat the new password"),
};
export const passwordsMatch = (v: { password: string; confirmPassword: string }) => v.password === v.confirmPassword;
export const mismatch = { message: "两次输入的密码不一致 / The two passwords do not match", path: ["confirmPassword"] };

/** Parses with zod and throws the one form error (422) with a message per field. */
export function parseOrThrow<S extends z.ZodTypeAny>(schema: S, raw: unknown): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ServiceError(422, "invalid_input", invalidInput, fieldErrors(parsed.error));
  return parsed.data;
}

/**
 * Parses a form that sets a new password: the zod messages and the policy's, together, so the
 * person sees at once that the passwords differ AND that the new one is too weak.
 */
export function parseNewPasswordForm<S extends z.ZodTypeAny>(db: DbOrTx, schema: S, raw: unknown, who: { email?: string | null; displayName?: string | null }): z.infer<S> {
  const parsed = schema.safeParse(raw);
  const fields = parsed.success ? {} : fieldErrors(parsed.error);
  const password = (raw as { password?: unknown } | null)?.password;
  if (typeof password === "string" && password && !fields.password) {
    const failures = checkPasswordPolicy(password, getPasswordPolicy(db), who);
    if (failures.length) fields.password = policyMessage(failures);
  }
  if (!parsed.success || Object.keys(fields).length) throw new ServiceError(422, "invalid_input", invalidInput, fields);
  return parsed.data;
}

/** Checks a new password against the policy in force and hashes it, or throws the per-rule messages. */
export async function acceptableHash(db: DbOrTx, password: string, who: { email?: string | null; displayName?: string | null }, field = "password"): Promise<string> {
  const failures = checkPasswordPolicy(password, getPasswordPolicy(db), who);
  if (failures.length) throw new ServiceError(422, "password_policy", invalidInput, { [field]: policyMessage(failures) });
  return hashPassword(password);
}

/* ------------------------------------------------------------ own account */

export const signOut = defineVerb({
  name: "auth.sign_out",
  permission: "write:account:own",
  input: z.object({ sessionId: z.string().min(1) }),
  run: (tx, input, ctx) => {
    if (ctx.actor.kind === "user") invalidateSession(tx, input.sessionId);
    return { userId: actorUserId(ctx.actor) };
  },
  audit: (r) => ({ entityType: "user", entityId: r.userId }),
});

export const signOutEverywhere = defineVerb({
  name: "auth.sign_out_everywhere",
  permission: "write:account:own",
  input: z.object({}),
  run: (tx, _input, ctx) => {
    const userId = actorUserId(ctx.actor)!;
    return { userId, sessions: invalidateUserSessions(tx, userId) };
  },
  audit: (r) => ({ entityType: "user", entityId: r.userId, detail: { sessions: r.sessions } }),
});

export const profileSchema = z.object({
  displayName: z
    .string({ required_error: "请填写显示名称 / Enter a display name" })
    .trim()
    .min(1, "请填写显示名称 / Enter a display name")
    .max(60, "显示名称不能超过 60 个字符 / The display name cannot exceed 60 characters"),
  locale: z.enum(SUPPORTED_LOCALES, { errorMap: () => ({ message: "请选择语言 / Choose a language" }) }),
});

export const updateProfile = defineVerb({
  name: "account.update_profile",
  permission: "write:account:own",
  input: profileSchema,
  run: (tx, input, ctx) => {
    const userId = actorUserId(ctx.actor)!;
    tx.update(users).set({ displayName: input.displayName, locale: input.locale, updatedAt: ctx.now }).where(eq(users.id, userId)).run();
    return { userId };
  },
  audit: (r, input) => ({ entityType: "user", entityId: r.userId, detail: { locale: input.locale } }),
});

const setOwnPassword = defineVerb({
  name: "account.password_change",
  permission: "write:account:own",
  input: z.object({ passwordHash: z.string().min(20), keepSessionId: z.string().nullable() }),
  run: (tx, input, ctx) => {
    const userId = actorUserId(ctx.actor)!;
    tx.update(users).set({ passwordHash: input.passwordHash, updatedAt: ctx.now }).where(eq(users.id, userId)).run();
    return { userId, signedOut: invalidateOtherSessions(tx, userId, input.keepSessionId) };
  },
  audit: (r) => ({ entityType: "user", entityId: r.userId, detail: { otherSessionsSignedOut: r.signedOut } }),
});

export const changePasswordSchema = z
  .object({ currentPassword: z.string({ required_error: "请输入当前密码 / Enter your current password" }).min(1, "请输入当前密码 / Enter your current password"), ...newPasswordFields })
  .refine(passwordsMatch, mismatch);

/** Current password, then the new one under the policy; every other session of the account ends. */
export async function changePassword(ctx: VerbContext & { sessionId: string | null }, raw: unknown): Promise<{ signedOut: number }> {
  const { db, actor } = ctx;
  if (actor.kind !== "user") throw forbidden();
  const user = db.select().from(users).where(eq(users.id, actor.userId)).get();
  if (!user) throw notFound({ zh: "账户", en: "account" });
  const input = parseNewPasswordForm(db, changePasswordSchema, raw, user);
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    db.transaction((tx) => appendAudit(tx, { actorUserId: user.id, actorLabel: actorLabel(actor), action: "account.password_change", ip: actor.ip ?? null, result: "failed", detail: { reason: "wrong_current_password" } }, ctx.now), {
      behavior: "immediate",
    });
    throw new ServiceError(422, "invalid_input", invalidInput, { currentPassword: { zh: "当前密码不正确。", en: "The current password is not correct." } });
  }
  const passwordHash = await acceptableHash(db, input.password, user);
  const r = setOwnPassword(ctx, { passwordHash, keepSessionId: ctx.sessionId });
  return { signedOut: r.signedOut };
}

/* ------------------------------------------------------------- read side */

export function accountOverview(db: DbOrTx, userId: number) {
  const user = db.select().from(users).where(eq(users.id, userId)).get();
  if (!user) throw notFound({ zh: "账户", en: "account" });
  const orgs = db
    .select({ organisationId: organisations.id, name: organisations.name, kind: organisations.kind, role: memberships.role, since: memberships.createdAt })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(and(eq(memberships.userId, userId)))
    .orderBy(organisations.name)
    .all();
  return { id: user.id, email: user.email, displayName: user.displayName, platformRole: user.platformRole, locale: user.locale, memberships: orgs };
}
