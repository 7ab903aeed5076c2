import { asc, count, eq, inArray, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "#db/client";
import { memberships, organisations, PLATFORM_ROLES, users, type OrgRole, type PlatformRole } from "#db/schema";
import { invalidateUserSessions } from "~/features/auth/session.server";
import { notFound, ServiceError } from "~/lib/errors";
import { defineVerb, type VerbContext } from "~/lib/verb.server";

/**
 * Accounts, for the platform administrator: who has which memberships and platform role,
 * disabling and enabling, and assigning platform roles under separated duties (三权分立):
 * one platform role per account, and nobody changes their own.
 */

export const USERS_PAGE_SIZE = 50;

export type UserListRow = {
  id: number;
  email: string;
  displayName: string;
  platformRole: PlatformRole | null;
  disabledAt: Date | null;
  createdAt: Date;
  memberships: { organisationId: number; organisationName: string; role: OrgRole }[];
};

export function listUsers(db: Db, opts: { q?: string; page?: number } = {}): { rows: UserListRow[]; total: number; page: number; pageSize: number } {
  const page = Math.max(1, opts.page ?? 1);
  const q = opts.q?.trim();
  const cond = q
    ? or(sql`${users.email} like ${`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} escape '\\'`, sql`${users.displayName} like ${`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} escape '\\'`)
    : undefined;
  const total = db.select({ n: count() }).from(users).where(cond).get()?.n ?? 0;
  const base = db
    .select({ id: users.id, email: users.email, displayName: users.displayName, platformRole: users.platformRole, disabledAt: users.disabledAt, createdAt: users.createdAt })
    .from(users)
    .where(cond)
    .orderBy(asc(users.id))
    .limit(USERS_PAGE_SIZE)
    .offset((page - 1) * USERS_PAGE_SIZE)
    .all();
  const ids = base.map((u) => u.id);
  const ms = ids.length
    ? db
        .select({ userId: memberships.userId, organisationId: memberships.organisationId, organisationName: organisations.name, role: memberships.role })
        .from(memberships)
        .innerJoin(organisations, eq(memberships.organisationId, organisations.id))
        .where(inArray(memberships.userId, ids))
        .orderBy(asc(organisations.name))
        .all()
    : [];
  const rows = base.map((u) => ({ ...u, memberships: ms.filter((m) => m.userId === u.id).map(({ userId: _u, ...m }) => m) }));
  return { rows, total, page, pageSize: USERS_PAGE_SIZE };
}

const userIdField = z.coerce.number({ invalid_type_error: "请选择用户 / Choose a user" }).int().positive("请选择用户 / Choose a user");

const selfChange = () =>
  new ServiceError(409, "self_change", {
    zh: "不能更改自己的账户状态或平台角色，请由另一位平台管理员操作。",
    en: "You cannot change your own account status or platform role; ask another platform administrator.",
  });

const actorIsUser = (actor: VerbContext["actor"], userId: number) => actor.kind === "user" && actor.userId === userId;

const setDisabledVerb = defineVerb({
  name: "user.setDisabled",
  permission: "manage:users",
  input: z.object({ userId: userIdField, disabled: z.preprocess((v) => v === true || v === "true" || v === "1", z.boolean()) }),
  run: (tx, input, ctx) => {
    if (actorIsUser(ctx.actor, input.userId)) throw selfChange();
    const u = tx.select({ id: users.id, disabledAt: users.disabledAt }).from(users).where(eq(users.id, input.userId)).get();
    if (!u) throw notFound({ zh: "用户", en: "user" });
    tx.update(users)
      .set({ disabledAt: input.disabled ? (u.disabledAt ?? ctx.now) : null, updatedAt: ctx.now })
      .where(eq(users.id, u.id))
      .run();
    return { userId: u.id, disabled: input.disabled, changed: Boolean(u.disabledAt) !== input.disabled };
  },
  audit: (r) => ({ entityType: "user", entityId: r.userId, detail: { disabled: r.disabled, changed: r.changed } }),
});

/** Disables or re-enables an account; disabling also ends every session the account holds. */
export function setUserDisabled(ctx: VerbContext, raw: { userId: unknown; disabled: unknown }) {
  const r = setDisabledVerb(ctx, raw);
  // sessions of a disabled account are already refused at validation; this removes them outright
  if (r.disabled) invalidateUserSessions(ctx.db, r.userId);
  return r;
}

const roleLabel: Record<PlatformRole, { zh: string; en: string }> = {
  platformAdmin: { zh: "平台管理员", en: "platform administrator" },
  securityAdmin: { zh: "安全管理员", en: "security administrator" },
  auditAdmin: { zh: "审计管理员", en: "audit administrator" },
};

export const setPlatformRole = defineVerb({
  name: "user.setPlatformRole",
  permission: "manage:users",
  input: z.object({
    userId: userIdField,
    role: z.preprocess((v) => (v === "" || v == null ? null : v), z.enum(PLATFORM_ROLES, { errorMap: () => ({ message: "请选择有效的平台角色 / Choose a valid platform role" }) }).nullable()),
  }),
  run: (tx, input, ctx) => {
    if (actorIsUser(ctx.actor, input.userId)) throw selfChange();
    const u = tx.select({ id: users.id, platformRole: users.platformRole }).from(users).where(eq(users.id, input.userId)).get();
    if (!u) throw notFound({ zh: "用户", en: "user" });
    if (input.role && u.platformRole && u.platformRole !== input.role) {
      const held = roleLabel[u.platformRole];
      throw new ServiceError(
        409,
        "one_platform_role",
        { zh: `该用户已担任${held.zh}。一个账户只能担任一种平台角色，请先撤销现有角色。`, en: `This user is already the ${held.en}. An account holds one platform role at most; remove the current one first.` },
        { role: { zh: `已担任${held.zh}`, en: `Already the ${held.en}` } },
      );
    }
    tx.update(users).set({ platformRole: input.role, updatedAt: ctx.now }).where(eq(users.id, u.id)).run();
    return { userId: u.id, from: u.platformRole, to: input.role };
  },
  audit: (r) => ({ entityType: "user", entityId: r.userId, detail: { from: r.from, to: r.to } }),
});

export function countPlatformRoles(db: Db): Record<PlatformRole, number> {
  const out: Record<PlatformRole, number> = { platformAdmin: 0, securityAdmin: 0, auditAdmin: 0 };
  for (const r of db.select({ role: users.platformRole, n: count() }).from(users).groupBy(users.platformRole).all()) if (r.role) out[r.role] = r.n;
  return out;
}
