import { and, desc, eq, gt, inArray, isNull } from "drizzle-orm";
import { z } from "zod";
import { appendAudit } from "#db/audit";
import type { Db, DbOrTx } from "#db/client";
import { invitations, memberships, ORG_ROLES, organisations, users } from "#db/schema";
import { actorLabel, actorUserId, type Actor } from "~/features/access/actor";
import { queueMail } from "~/features/mail/outbox.server";
import { invitationMail } from "~/features/mail/templates.server";
import { SUPPORTED_LOCALES } from "~/i18n/config";
import { notFound, ServiceError, type Bilingual } from "~/lib/errors";
import { afterCommit, defineVerb } from "~/lib/verb.server";
import { acceptableHash, mismatch, newPasswordFields, parseNewPasswordForm, passwordsMatch } from "./account.server";
import { createSession, invalidateSession, type Session, type SessionUser } from "./session.server";
import { generateToken, hashToken, isWellFormedToken } from "./tokens.server";

/**
 * Invitations: an organisation admin (or the platform admin, for any organisation) invites an
 * e-mail address with a role. The link works once, expires, and is stored only as a hash.
 */
export const invitationTtlMs = () => Number(process.env.INVITATION_TTL_HOURS ?? 72) * 3_600_000;

/** Organisations people can be invited to (archive-only institutions have no members). */
const MEMBER_KINDS = ["department", "thinkTank", "managementOffice"] as const;

export const inviteSchema = z.object({
  organisationId: z.coerce.number({ invalid_type_error: "请选择机构 / Choose an organisation" }).int().positive("请选择机构 / Choose an organisation"),
  email: z
    .string({ required_error: "请填写邮箱 / Enter an e-mail address" })
    .trim()
    .toLowerCase()
    .min(1, "请填写邮箱 / Enter an e-mail address")
    .email("邮箱格式不正确 / This is not a valid e-mail address")
    .max(254),
  role: z.enum(ORG_ROLES, { errorMap: () => ({ message: "请选择角色 / Choose a role" }) }),
  baseUrl: z.string().url(),
});

export const inviteMember = defineVerb({
  name: "invitation.create",
  permission: "invite:member",
  scope: (raw) => ({ organisationId: Number(raw.organisationId) || null }),
  input: inviteSchema,
  run: (tx, input, ctx) => {
    const org = tx.select().from(organisations).where(eq(organisations.id, input.organisationId)).get();
    if (!org || !(MEMBER_KINDS as readonly string[]).includes(org.kind)) throw notFound({ zh: "机构", en: "organisation" });
    const existing = tx
      .select({ userId: users.id })
      .from(users)
      .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.organisationId, org.id)))
      .where(eq(users.email, input.email))
      .get();
    if (existing)
      throw new ServiceError(409, "already_member", { zh: "此人已是本机构成员。", en: "This person is already a member of the organisation." }, {
        email: { zh: "此邮箱已是本机构成员。", en: "This address is already a member of the organisation." },
      });
    // inviting again replaces the earlier link: only the newest one works
    tx.update(invitations)
      .set({ revokedAt: ctx.now })
      .where(and(eq(invitations.email, input.email), eq(invitations.organisationId, org.id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .run();
    const token = generateToken();
    const expiresAt = new Date(ctx.now.getTime() + invitationTtlMs());
    const inviterId = actorUserId(ctx.actor);
    const row = tx
      .insert(invitations)
      .values({ tokenHash: hashToken(token), email: input.email, organisationId: org.id, role: input.role, invitedBy: inviterId, expiresAt, createdAt: ctx.now })
      .returning({ id: invitations.id })
      .get();
    const inviter = inviterId ? tx.select({ displayName: users.displayName }).from(users).where(eq(users.id, inviterId)).get() : null;
    const link = `${input.baseUrl.replace(/\/$/, "")}/invitations/${token}`;
    queueMail(tx, invitationMail({ to: input.email, organisationName: org.name, role: input.role, inviterName: inviter?.displayName ?? null, link, expiresAt }), ctx.now);
    return { invitationId: row.id, organisationId: org.id, token, expiresAt };
  },
  // the token itself never reaches the audit trail
  audit: (r, input) => ({ entityType: "invitation", entityId: r.invitationId, detail: { organisationId: r.organisationId, email: input.email, role: input.role } }),
});

export const revokeInvitation = defineVerb({
  name: "invitation.revoke",
  permission: "invite:member",
  scope: (raw) => ({ organisationId: Number(raw.organisationId) || null }),
  input: z.object({ organisationId: z.coerce.number().int().positive(), invitationId: z.coerce.number().int().positive() }),
  run: (tx, input, ctx) => {
    const changes = tx
      .update(invitations)
      .set({ revokedAt: ctx.now })
      .where(and(eq(invitations.id, input.invitationId), eq(invitations.organisationId, input.organisationId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .run().changes;
    if (!changes) throw notFound({ zh: "待接受的邀请", en: "pending invitation" });
    return { invitationId: input.invitationId };
  },
  audit: (r, input) => ({ entityType: "invitation", entityId: r.invitationId, detail: { organisationId: input.organisationId } }),
});

/* ---------------------------------------------------------------- lookup */

export type InvitationRefusal = "unknown" | "used" | "expired" | "revoked";

export const invitationRefusals: Record<InvitationRefusal, Bilingual> = {
  unknown: { zh: "这个邀请链接无效。请检查链接是否完整，或请邀请人重新发送。", en: "This invitation link is not valid. Check that the link is complete, or ask for a new invitation." },
  used: { zh: "这个邀请链接已经使用过，每个链接只能使用一次。如已设置密码，请直接登录。", en: "This invitation link has already been used; each link works once. If you set a password, sign in." },
  expired: { zh: "这个邀请链接已过期。请联系邀请人重新发送邀请。", en: "This invitation link has expired. Ask the person who invited you to send a new one." },
  revoked: { zh: "这个邀请已被撤销。如有疑问，请联系机构管理员。", en: "This invitation was withdrawn. Contact the organisation's administrator if in doubt." },
};

export type ValidInvitation = {
  id: number;
  email: string;
  role: (typeof ORG_ROLES)[number];
  organisationId: number;
  organisationName: string;
  expiresAt: Date;
  existingUserId: number | null;
};

export type InvitationLookup = { ok: true; invitation: ValidInvitation } | { ok: false; reason: InvitationRefusal; message: Bilingual };

export function lookupInvitation(db: DbOrTx, token: string, now = new Date()): InvitationLookup {
  const refuse = (reason: InvitationRefusal): InvitationLookup => ({ ok: false, reason, message: invitationRefusals[reason] });
  if (!isWellFormedToken(token)) return refuse("unknown");
  const row = db
    .select({ inv: invitations, organisationName: organisations.name })
    .from(invitations)
    .innerJoin(organisations, eq(organisations.id, invitations.organisationId))
    .where(eq(invitations.tokenHash, hashToken(token)))
    .get();
  if (!row) return refuse("unknown");
  const { inv } = row;
  if (inv.acceptedAt) return refuse("used");
  if (inv.revokedAt) return refuse("revoked");
  if (inv.expiresAt <= now) return refuse("expired");
  const existing = db.select({ id: users.id }).from(users).where(eq(users.email, inv.email)).get();
  return {
    ok: true,
    invitation: { id: inv.id, email: inv.email, role: inv.role, organisationId: inv.organisationId, organisationName: row.organisationName, expiresAt: inv.expiresAt, existingUserId: existing?.id ?? null },
  };
}

/** A refused link is recorded (who tried, why), never the token. */
export function auditInvitationRefusal(db: Db, reason: InvitationRefusal | "wrong_account", ip: string | null, now = new Date(), actor?: Actor): void {
  db.transaction(
    (tx) =>
      appendAudit(
        tx,
        { actorUserId: actor ? actorUserId(actor) : null, actorLabel: actor ? actorLabel(actor) : "anonymous", action: "invitation.accept", ip, result: "denied", detail: { reason } },
        now,
      ),
    { behavior: "immediate" },
  );
}

function refusalError(l: Extract<InvitationLookup, { ok: false }>): ServiceError {
  return new ServiceError(410, `invitation_${l.reason}`, l.message);
}

/** Marks the invitation used; false when another request used it first. */
function claim(tx: DbOrTx, id: number, now: Date): boolean {
  return tx.update(invitations).set({ acceptedAt: now }).where(and(eq(invitations.id, id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now))).run().changes === 1;
}

export const acceptNewAccountSchema = z
  .object({
    displayName: z
      .string({ required_error: "请填写显示名称 / Enter a display name" })
      .trim()
      .min(1, "请填写显示名称 / Enter a display name")
      .max(60, "显示名称不能超过 60 个字符 / The display name cannot exceed 60 characters"),
    locale: z.enum(SUPPORTED_LOCALES).catch("zh-CN"),
    ...newPasswordFields,
  })
  .refine(passwordsMatch, mismatch);

export type Accepted = { token: string; session: Session; user: SessionUser; organisationId: number };

/** A new person: creates the account and its membership and signs them in, once. */
export async function acceptInvitationNewAccount(db: Db, token: string, raw: unknown, meta: { ip?: string | null; now?: Date; previousToken?: string | null } = {}): Promise<Accepted> {
  const now = meta.now ?? new Date();
  const ip = meta.ip ?? null;
  const found = lookupInvitation(db, token, now);
  if (!found.ok) {
    auditInvitationRefusal(db, found.reason, ip, now);
    throw refusalError(found);
  }
  const inv = found.invitation;
  if (inv.existingUserId)
    throw new ServiceError(409, "account_exists", { zh: "此邮箱已有账户，请先登录再接受邀请。", en: "This address already has an account: sign in first, then accept the invitation." });
  const displayName = (raw as { displayName?: unknown } | null)?.displayName;
  const input = parseNewPasswordForm(db, acceptNewAccountSchema, raw, { email: inv.email, displayName: typeof displayName === "string" ? displayName : null });
  const passwordHash = await acceptableHash(db, input.password, { email: inv.email, displayName: input.displayName });
  const result = db.transaction(
    (tx) => {
      if (!claim(tx, inv.id, now)) return null;
      const user = tx.insert(users).values({ email: inv.email, displayName: input.displayName, passwordHash, locale: input.locale, createdAt: now, updatedAt: now }).returning().get();
      tx.insert(memberships).values({ userId: user.id, organisationId: inv.organisationId, role: inv.role, createdAt: now }).run();
      // whoever was signed in on this browser before is signed out, as on any sign-in
      if (meta.previousToken) invalidateSession(tx, hashToken(meta.previousToken));
      const { token: sessionToken, session } = createSession(tx, user.id, now);
      appendAudit(tx, { actorUserId: user.id, actorLabel: user.email, action: "invitation.accept", entityType: "invitation", entityId: inv.id, ip, result: "ok", detail: { organisationId: inv.organisationId, role: inv.role, newAccount: true } }, now);
      return { token: sessionToken, session, user, organisationId: inv.organisationId };
    },
    { behavior: "immediate" },
  );
  if (!result) {
    auditInvitationRefusal(db, "used", ip, now);
    throw refusalError({ ok: false, reason: "used", message: invitationRefusals.used });
  }
  afterCommit.emit("commit", { indexed: false });
  return result;
}

/** Someone who already has an account, signed in as the invited address: adds the membership. */
export function acceptInvitationExistingAccount(db: Db, token: string, actor: Actor, now = new Date()): { organisationId: number } {
  const ip = "ip" in actor ? (actor.ip ?? null) : null;
  const found = lookupInvitation(db, token, now);
  if (!found.ok) {
    auditInvitationRefusal(db, found.reason, ip, now, actor);
    throw refusalError(found);
  }
  const inv = found.invitation;
  if (actor.kind !== "user" || actor.userId !== inv.existingUserId) {
    auditInvitationRefusal(db, "wrong_account", ip, now, actor);
    throw new ServiceError(403, "invitation_other_account", {
      zh: `这份邀请是发给 ${inv.email} 的。请退出当前账户，再用该邮箱登录后接受邀请。`,
      en: `This invitation was sent to ${inv.email}. Sign out, sign in with that address, then accept it.`,
    });
  }
  const ok = db.transaction(
    (tx) => {
      if (!claim(tx, inv.id, now)) return false;
      tx.insert(memberships)
        .values({ userId: actor.userId, organisationId: inv.organisationId, role: inv.role, createdAt: now })
        .onConflictDoUpdate({ target: [memberships.userId, memberships.organisationId], set: { role: inv.role } })
        .run();
      appendAudit(tx, { actorUserId: actor.userId, actorLabel: actor.label, action: "invitation.accept", entityType: "invitation", entityId: inv.id, ip, result: "ok", detail: { organisationId: inv.organisationId, role: inv.role, newAccount: false } }, now);
      return true;
    },
    { behavior: "immediate" },
  );
  if (!ok) {
    auditInvitationRefusal(db, "used", ip, now, actor);
    throw refusalError({ ok: false, reason: "used", message: invitationRefusals.used });
  }
  return { organisationId: inv.organisationId };
}

/* ------------------------------------------------------- members page */

/** Organisations the actor may invite into: all member organisations for the platform admin, else those they administer. */
export function invitableOrganisations(db: DbOrTx, actor: Actor) {
  if (actor.kind !== "user") return [];
  const base = db.select({ id: organisations.id, name: organisations.name, kind: organisations.kind }).from(organisations);
  if (actor.platformRole === "platformAdmin") return base.where(inArray(organisations.kind, [...MEMBER_KINDS])).orderBy(organisations.namePinyin, organisations.name).all();
  const ids = actor.memberships.filter((m) => m.role === "admin").map((m) => m.organisationId);
  return ids.length ? base.where(inArray(organisations.id, ids)).orderBy(organisations.name).all() : [];
}

export function organisationMembers(db: DbOrTx, organisationId: number) {
  return db
    .select({ userId: users.id, displayName: users.displayName, email: users.email, role: memberships.role, since: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.organisationId, organisationId))
    .orderBy(users.displayName)
    .all();
}

export function pendingInvitations(db: DbOrTx, organisationId: number, now = new Date()) {
  return db
    .select({ id: invitations.id, email: invitations.email, role: invitations.role, createdAt: invitations.createdAt, expiresAt: invitations.expiresAt, invitedBy: users.displayName })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(and(eq(invitations.organisationId, organisationId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now)))
    .orderBy(desc(invitations.createdAt))
    .all();
}
