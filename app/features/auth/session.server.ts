import { and, eq, lt, ne, or } from "drizzle-orm";
import type { Db, DbOrTx } from "#db/client";
import { memberships, organisations, sessions, users } from "#db/schema";
import type { Actor, Membership } from "~/features/access/actor";
import { generateToken, hashToken } from "./tokens.server";

/**
 * Sessions after the Lucia guide: a random token in an HttpOnly cookie, its SHA-256 in the
 * database; a sliding idle timeout refreshed at minute granularity and an absolute lifetime.
 */
export const sessionConfig = {
  idleMs: Number(process.env.SESSION_IDLE_MINUTES ?? 30) * 60_000,
  absoluteMs: Number(process.env.SESSION_ABSOLUTE_HOURS ?? 12) * 3_600_000,
  /** don't write the session row on every request: only once the idle expiry moved by a minute */
  refreshGranularityMs: 60_000,
};

export const secureCookies = () => (process.env.COOKIE_SECURE ? process.env.COOKIE_SECURE === "true" : process.env.NODE_ENV === "production");
export const sessionCookieName = () => (secureCookies() ? "__Host-session" : "session");

export type SessionUser = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;

export function createSession(db: DbOrTx, userId: number, now = new Date()): { token: string; session: Session } {
  const token = generateToken();
  const session: Session = {
    id: hashToken(token),
    userId,
    createdAt: now,
    idleExpiresAt: new Date(now.getTime() + sessionConfig.idleMs),
    expiresAt: new Date(now.getTime() + sessionConfig.absoluteMs),
  };
  db.insert(sessions).values(session).run();
  return { token, session };
}

export type ValidatedSession = { session: Session; user: SessionUser; refreshed: boolean };

export function validateSessionToken(db: Db, token: string, now = new Date()): ValidatedSession | null {
  if (!/^[a-z2-7]{40,64}$/.test(token)) return null;
  const row = db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(sessions.userId, users.id))
    .where(eq(sessions.id, hashToken(token)))
    .get();
  if (!row) return null;
  const { session, user } = row;
  const t = now.getTime();
  if (t >= session.expiresAt.getTime() || t >= session.idleExpiresAt.getTime() || user.disabledAt) {
    db.delete(sessions).where(eq(sessions.id, session.id)).run();
    return null;
  }
  const nextIdle = Math.min(t + sessionConfig.idleMs, session.expiresAt.getTime());
  let refreshed = false;
  if (nextIdle - session.idleExpiresAt.getTime() >= sessionConfig.refreshGranularityMs) {
    session.idleExpiresAt = new Date(nextIdle);
    db.update(sessions).set({ idleExpiresAt: session.idleExpiresAt }).where(eq(sessions.id, session.id)).run();
    refreshed = true;
  }
  return { session, user, refreshed };
}

export function invalidateSession(db: DbOrTx, sessionId: string): void {
  db.delete(sessions).where(eq(sessions.id, sessionId)).run();
}

/** Sign out everywhere. */
export function invalidateUserSessions(db: DbOrTx, userId: number): number {
  return db.delete(sessions).where(eq(sessions.userId, userId)).run().changes;
}

/** After a password change: every other browser is signed out, this one stays. */
export function invalidateOtherSessions(db: DbOrTx, userId: number, keepSessionId: string | null): number {
  const where = keepSessionId ? and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId)) : eq(sessions.userId, userId);
  return db.delete(sessions).where(where).run().changes;
}

export function purgeExpiredSessions(db: Db, now = new Date()): number {
  return db
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, now), lt(sessions.idleExpiresAt, now)))
    .run().changes;
}

export function sessionCookie(token: string, expiresAt: Date): string {
  const parts = [`${sessionCookieName()}=${token}`, "Path=/", "HttpOnly", "SameSite=Lax", `Expires=${expiresAt.toUTCString()}`];
  if (secureCookies()) parts.push("Secure");
  return parts.join("; ");
}

export function blankSessionCookie(): string {
  const parts = [`${sessionCookieName()}=`, "Path=/", "HttpOnly", "SameSite=Lax", "Max-Age=0"];
  if (secureCookies()) parts.push("Secure");
  return parts.join("; ");
}

export function readSessionToken(request: Request): string | null {
  const header = request.headers.get("cookie");
  if (!header) return null;
  const name = sessionCookieName();
  for (const part of header.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return v.join("=") || null;
  }
  return null;
}

export function membershipsOf(db: DbOrTx, userId: number): Membership[] {
  return db
    .select({ organisationId: memberships.organisationId, role: memberships.role, organisationKind: organisations.kind, partner: organisations.partner })
    .from(memberships)
    .innerJoin(organisations, eq(memberships.organisationId, organisations.id))
    .where(eq(memberships.userId, userId))
    .all();
}

export function actorForUser(db: DbOrTx, user: SessionUser, ip?: string | null): Actor {
  return {
    kind: "user",
    userId: user.id,
    label: user.email,
    personId: user.personId,
    platformRole: user.platformRole,
    memberships: membershipsOf(db, user.id),
    ip: ip ?? null,
  };
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export function userByEmail(db: DbOrTx, email: string) {
  return db.select().from(users).where(eq(users.email, normaliseEmail(email))).get();
}
