import { desc, eq } from "drizzle-orm";
import type { Db } from "#db/client";
import { auditLog, mailOutbox, memberships, organisations, users, type OrgRole, type PlatformRole } from "#db/schema";
import { hashPassword } from "~/features/auth/password.server";
import { actorForUser } from "~/features/auth/session.server";

export const GOOD_PASSWORD = "Lanting-Xu 2026";

let orgCounter = 0;
export function makeOrganisation(db: Db, name = `测试智库${++orgCounter}`, kind: "department" | "thinkTank" | "managementOffice" = "thinkTank") {
  return db.insert(organisations).values({ kind, name, nameKey: `${name}-${orgCounter}` }).returning().get();
}

export async function makeUser(
  db: Db,
  opts: { email: string; password?: string; displayName?: string; platformRole?: PlatformRole | null; orgs?: { organisationId: number; role: OrgRole }[] },
) {
  const user = db
    .insert(users)
    .values({ email: opts.email, displayName: opts.displayName ?? opts.email.split("@")[0], passwordHash: await hashPassword(opts.password ?? GOOD_PASSWORD), platformRole: opts.platformRole ?? null })
    .returning()
    .get();
  for (const m of opts.orgs ?? []) db.insert(memberships).values({ userId: user.id, organisationId: m.organisationId, role: m.role }).run();
  return user;
}

export const actorOf = (db: Db, userId: number) => actorForUser(db, db.select().from(users).where(eq(users.id, userId)).get()!, "127.0.0.1");

export const auditRows = (db: Db, action: string) =>
  db
    .select()
    .from(auditLog)
    .where(eq(auditLog.action, action))
    .all()
    .map((r) => ({ ...r, detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null }));

export const lastMail = (db: Db) => db.select().from(mailOutbox).orderBy(desc(mailOutbox.id)).limit(1).get();

/** The token from the link of a mail's text. */
export function tokenFromMail(text: string, path: "invitations" | "reset-password"): string {
  const m = new RegExp(`/${path}/([a-z2-7]+)`).exec(text);
  if (!m) throw new Error(`no ${path} link in mail`);
  return m[1];
}

export const minutes = (n: number) => n * 60_000;
export const later = (from: Date, ms: number) => new Date(from.getTime() + ms);
