import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, setDb } from "#db/client";
import { memberships, sessions, settings, signInFailures, users } from "#db/schema";
import { setPlatformRole as assignPlatformRole } from "~/features/admin/users.server";
import { changePassword, signOutEverywhere } from "~/features/auth/account.server";
import { getViewer } from "~/features/auth/guards.server";
import { purgeStaleAuthRows } from "~/features/auth/housekeeping.server";
import { acceptInvitationExistingAccount, acceptInvitationNewAccount, inviteMember, lookupInvitation, revokeInvitation } from "~/features/auth/invitations.server";
import { checkPasswordPolicy, defaultPasswordPolicy, getPasswordPolicy, hashPassword, isCommonPassword, verifyPassword } from "~/features/auth/password.server";
import { lookupReset, requestPasswordReset, resetPassword } from "~/features/auth/reset.server";
import { updatePasswordPolicy } from "~/features/auth/security.server";
import { createSession, invalidateUserSessions, validateSessionToken } from "~/features/auth/session.server";
import { listLockedAccounts, signIn, unlockAccount } from "~/features/auth/sign-in.server";
import { generateToken, hashToken } from "~/features/auth/tokens.server";
import { isServiceError, type ServiceError } from "~/lib/errors";
import { createTestDb } from "../support/db";
import { actorOf, auditRows, GOOD_PASSWORD, later, lastMail, makeOrganisation, makeUser, minutes, tokenFromMail } from "../support/auth";

const T0 = new Date("2026-11-28T02:00:00Z");
const BASE = "http://portal.test";

async function rejects(p: Promise<unknown> | (() => unknown)): Promise<ServiceError> {
  try {
    await (typeof p === "function" ? p() : p);
  } catch (e) {
    if (isServiceError(e)) return e;
    throw e;
  }
  throw new Error("expected a ServiceError");
}

describe("accounts and sign-in", () => {
  let t: ReturnType<typeof createTestDb>;
  beforeEach(() => {
    t = createTestDb();
  });
  afterEach(() => t.cleanup());

  describe("sessions (Lucia guide)", () => {
    it("expire after 30 idle minutes, slide while used, and end after 12 hours whatever happens", async () => {
      const u = await makeUser(t.db, { email: "a@example.cn" });
      const { token } = createSession(t.db, u.id, T0);
      expect(validateSessionToken(t.db, token, later(T0, minutes(29)))).not.toBeNull();
      // used at minute 29, so idle expiry moved to minute 59
      expect(validateSessionToken(t.db, token, later(T0, minutes(58)))).not.toBeNull();
      expect(validateSessionToken(t.db, token, later(T0, minutes(58 + 31)))).toBeNull();
      // absolute lifetime: used every 20 minutes, still ends at 12 h
      const s2 = createSession(t.db, u.id, T0);
      for (let m = 20; m < 12 * 60; m += 20) expect(validateSessionToken(t.db, s2.token, later(T0, minutes(m))), `minute ${m}`).not.toBeNull();
      expect(validateSessionToken(t.db, s2.token, later(T0, minutes(12 * 60)))).toBeNull();
      // an expired session is deleted, not just refused
      expect(t.db.select().from(sessions).where(eq(sessions.id, s2.session.id)).get()).toBeUndefined();
    });

    it("refreshes the idle expiry at minute granularity: no write within the same minute", async () => {
      const u = await makeUser(t.db, { email: "a@example.cn" });
      const { token, session } = createSession(t.db, u.id, T0);
      const stored = () => t.db.select().from(sessions).where(eq(sessions.id, session.id)).get()!.idleExpiresAt.getTime();
      const r1 = validateSessionToken(t.db, token, later(T0, 30_000));
      expect(r1?.refreshed).toBe(false);
      expect(stored()).toBe(T0.getTime() + minutes(30));
      const r2 = validateSessionToken(t.db, token, later(T0, 61_000));
      expect(r2?.refreshed).toBe(true);
      expect(stored()).toBe(T0.getTime() + 61_000 + minutes(30));
    });

    it("stores only the SHA-256 of the token, and refuses a forged or unknown cookie (audited, cookie cleared)", async () => {
      const u = await makeUser(t.db, { email: "a@example.cn" });
      const { token } = createSession(t.db, u.id);
      const row = t.db.select().from(sessions).get()!;
      expect(row.id).toBe(hashToken(token));
      expect(row.id).not.toContain(token);
      const good = getViewer(new Request(`${BASE}/`, { headers: { cookie: `session=${token}` } }), { ip: "1.2.3.4" }, t.db);
      expect(good.user?.id).toBe(u.id);
      for (const forged of [generateToken(), row.id, "x".repeat(52), `${token.slice(0, -1)}${token.endsWith("a") ? "b" : "a"}`]) {
        const v = getViewer(new Request(`${BASE}/`, { headers: { cookie: `session=${forged}` } }), { ip: "1.2.3.4" }, t.db);
        expect(v.user).toBeNull();
        expect(v.actor.kind).toBe("anonymous");
        expect(v.clearCookie).toMatch(/Max-Age=0/);
      }
      expect(auditRows(t.db, "session.refused").length).toBeGreaterThanOrEqual(3);
    });
  });

  describe("sign-in", () => {
    it("creates a NEW session token on every sign-in and drops the one the browser held", async () => {
      const u = await makeUser(t.db, { email: "li@example.cn" });
      const first = await signIn(t.db, { email: "li@example.cn", password: GOOD_PASSWORD });
      expect(first.ok).toBe(true);
      if (!first.ok) return;
      const second = await signIn(t.db, { email: " LI@example.cn ", password: GOOD_PASSWORD, previousToken: first.token });
      expect(second.ok).toBe(true);
      if (!second.ok) return;
      expect(second.token).not.toBe(first.token);
      expect(validateSessionToken(t.db, first.token)).toBeNull();
      expect(validateSessionToken(t.db, second.token)?.user.id).toBe(u.id);
      expect(auditRows(t.db, "auth.sign_in").filter((r) => r.result === "ok")).toHaveLength(2);
    });

    it("shows one generic message but audits whether the account was unknown or the password wrong", async () => {
      await makeUser(t.db, { email: "li@example.cn" });
      const unknown = await signIn(t.db, { email: "nobody@example.cn", password: GOOD_PASSWORD });
      const wrong = await signIn(t.db, { email: "li@example.cn", password: "wrong password" });
      expect(unknown.ok || wrong.ok).toBe(false);
      if (unknown.ok || wrong.ok) return;
      expect(unknown.message).toEqual(wrong.message);
      expect(unknown.message.zh).toBe("邮箱或密码不正确。");
      const failed = auditRows(t.db, "auth.sign_in").filter((r) => r.result === "failed");
      expect(failed.map((r) => r.detail?.reason)).toEqual(["unknown_account", "wrong_password"]);
      expect(failed[0].actorLabel).toBe("nobody@example.cn");
    });

    it("locks an account for 15 minutes after 5 failures, says so, and lets it in again afterwards", async () => {
      await makeUser(t.db, { email: "li@example.cn" });
      for (let i = 1; i <= 4; i++) {
        const r = await signIn(t.db, { email: "li@example.cn", password: `wrong-${i}` }, later(T0, minutes(i)));
        expect(r.ok === false && r.reason).toBe("invalid");
      }
      const fifth = await signIn(t.db, { email: "li@example.cn", password: "wrong-5" }, later(T0, minutes(5)));
      expect(fifth.ok === false && fifth.reason).toBe("locked");
      // even the right password is refused while locked
      const during = await signIn(t.db, { email: "li@example.cn", password: GOOD_PASSWORD }, later(T0, minutes(10)));
      expect(during.ok).toBe(false);
      if (during.ok || during.reason !== "locked") throw new Error("expected locked");
      expect(during.message.zh).toContain("已被锁定 15 分钟");
      expect(during.message.zh).toContain("10 分钟后");
      expect(during.message.en).toContain("locked for 15 minutes");
      expect(during.lockedUntil.getTime()).toBe(later(T0, minutes(20)).getTime());
      expect(auditRows(t.db, "auth.lockout")).toHaveLength(1);
      expect(auditRows(t.db, "auth.sign_in").some((r) => r.result === "denied" && r.detail?.reason === "locked")).toBe(true);
      const after = await signIn(t.db, { email: "li@example.cn", password: GOOD_PASSWORD }, later(T0, minutes(20)));
      expect(after.ok).toBe(true);
      // success resets the counter
      expect(t.db.select().from(signInFailures).all()).toHaveLength(0);
    });

    it("counts only failures within the window, and a success resets the count", async () => {
      await makeUser(t.db, { email: "li@example.cn" });
      for (let i = 0; i < 4; i++) await signIn(t.db, { email: "li@example.cn", password: "nope" }, later(T0, minutes(i)));
      expect((await signIn(t.db, { email: "li@example.cn", password: GOOD_PASSWORD }, later(T0, minutes(4)))).ok).toBe(true);
      for (let i = 0; i < 4; i++) await signIn(t.db, { email: "li@example.cn", password: "nope" }, later(T0, minutes(5 + i)));
      const fifthAfterReset = await signIn(t.db, { email: "li@example.cn", password: "nope" }, later(T0, minutes(9)));
      expect(fifthAfterReset.ok === false && fifthAfterReset.reason).toBe("locked");
    });

    it("keeps a lockout across a restart (the same database file closed and opened again)", async () => {
      await makeUser(t.db, { email: "li@example.cn" });
      for (let i = 0; i < 5; i++) await signIn(t.db, { email: "li@example.cn", password: "nope" }, later(T0, minutes(i)));
      t.db.$client.close();
      const reopened = openDatabase(t.file);
      setDb(reopened);
      try {
        const r = await signIn(reopened, { email: "li@example.cn", password: GOOD_PASSWORD }, later(T0, minutes(6)));
        expect(r.ok === false && r.reason).toBe("locked");
        expect(listLockedAccounts(reopened, later(T0, minutes(6))).map((a) => a.email)).toEqual(["li@example.cn"]);
      } finally {
        reopened.$client.close();
      }
    });

    it("lets the security administrator see and unlock a locked account; others may not", async () => {
      await makeUser(t.db, { email: "li@example.cn" });
      const sec = await makeUser(t.db, { email: "sec@example.cn", platformRole: "securityAdmin" });
      const plat = await makeUser(t.db, { email: "plat@example.cn", platformRole: "platformAdmin" });
      for (let i = 0; i < 5; i++) await signIn(t.db, { email: "li@example.cn", password: "nope" }, later(T0, minutes(i)));
      const now = later(T0, minutes(6));
      expect(listLockedAccounts(t.db, now)).toHaveLength(1);
      expect((await rejects(() => unlockAccount({ db: t.db, actor: actorOf(t.db, plat.id), now }, { email: "li@example.cn" }))).status).toBe(403);
      unlockAccount({ db: t.db, actor: actorOf(t.db, sec.id), now }, { email: "li@example.cn" });
      expect(listLockedAccounts(t.db, now)).toHaveLength(0);
      expect((await signIn(t.db, { email: "li@example.cn", password: GOOD_PASSWORD }, now)).ok).toBe(true);
      expect(auditRows(t.db, "account.unlock").map((r) => r.result)).toEqual(["denied", "ok"]);
    });

    it("signs out everywhere", async () => {
      const u = await makeUser(t.db, { email: "li@example.cn" });
      const a = createSession(t.db, u.id);
      const b = createSession(t.db, u.id);
      signOutEverywhere({ db: t.db, actor: actorOf(t.db, u.id) }, {});
      expect(validateSessionToken(t.db, a.token)).toBeNull();
      expect(validateSessionToken(t.db, b.token)).toBeNull();
      expect(auditRows(t.db, "auth.sign_out_everywhere")[0].detail).toEqual({ sessions: 2 });
    });
  });

  describe("passwords", () => {
    it("hashes with argon2id and verifies", async () => {
      const h = await hashPassword(GOOD_PASSWORD);
      expect(h).toMatch(/^\$argon2id\$/);
      expect(await verifyPassword(h, GOOD_PASSWORD)).toBe(true);
      expect(await verifyPassword(h, "other")).toBe(false);
      expect(await verifyPassword(null, GOOD_PASSWORD)).toBe(false);
    });

    it("refuses short, too simple, common and personal passwords, one bilingual message per rule", () => {
      const policy = { minLength: 10, requireClasses: 2 };
      const rules = (pw: string, who = {}) => checkPasswordPolicy(pw, policy, who).map((f) => f.rule);
      expect(rules("Short1!")).toEqual(["minLength"]);
      expect(rules("abcdefghijkl")).toEqual(["classes"]);
      for (const common of ["123456789a", "woaini1314", "qwertyuiop", "password123", "Password123!", "1qaz2wsx3edc"]) expect(rules(common), common).toContain("common");
      expect(rules("zhangwei-2026", { email: "zhangwei@example.cn" })).toEqual(["personal"]);
      expect(rules(GOOD_PASSWORD)).toEqual([]);
      const all = checkPasswordPolicy("qwerty", { minLength: 10, requireClasses: 3 });
      expect(all.map((f) => f.rule)).toEqual(["minLength", "classes", "common"]);
      for (const f of all) {
        expect(f.message.zh).toMatch(/[\u4e00-\u9fff]/);
        expect(f.message.en).toMatch(/^[A-Z]/);
      }
      expect(isCommonPassword("QWERTYUIOP")).toBe(true);
    });

    it("takes the complexity from PASSWORD_REQUIRE_CLASSES, and the security administrator's setting over it", async () => {
      const old = process.env.PASSWORD_REQUIRE_CLASSES;
      process.env.PASSWORD_REQUIRE_CLASSES = "3";
      try {
        expect(defaultPasswordPolicy()).toEqual({ minLength: 10, requireClasses: 3 });
        expect(getPasswordPolicy(t.db).requireClasses).toBe(3);
      } finally {
        if (old === undefined) delete process.env.PASSWORD_REQUIRE_CLASSES;
        else process.env.PASSWORD_REQUIRE_CLASSES = old;
      }
      const sec = await makeUser(t.db, { email: "sec@example.cn", platformRole: "securityAdmin" });
      const plat = await makeUser(t.db, { email: "plat@example.cn", platformRole: "platformAdmin" });
      expect((await rejects(() => updatePasswordPolicy({ db: t.db, actor: actorOf(t.db, plat.id) }, { minLength: 12, requireClasses: 3 }))).status).toBe(403);
      const low = await rejects(() => updatePasswordPolicy({ db: t.db, actor: actorOf(t.db, sec.id) }, { minLength: 8, requireClasses: 3 }));
      expect(low.fields?.minLength.zh).toContain("不能低于 10");
      updatePasswordPolicy({ db: t.db, actor: actorOf(t.db, sec.id) }, { minLength: "14", requireClasses: "4" });
      expect(getPasswordPolicy(t.db)).toEqual({ minLength: 14, requireClasses: 4 });
      expect(t.db.select().from(settings).where(eq(settings.key, "passwordPolicy")).get()?.value).toEqual({ minLength: 14, requireClasses: 4 });
      expect(checkPasswordPolicy("Lantingxu2026east", getPasswordPolicy(t.db)).map((f) => f.rule)).toEqual(["classes"]);
    });

    it("changes a password only with the current one, under the policy, and signs out the other sessions", async () => {
      const u = await makeUser(t.db, { email: "li@example.cn" });
      const here = createSession(t.db, u.id);
      const elsewhere = createSession(t.db, u.id);
      const ctx = { db: t.db, actor: actorOf(t.db, u.id), sessionId: here.session.id };
      const wrong = await rejects(changePassword(ctx, { currentPassword: "nope", password: "Another-pass 77", confirmPassword: "Another-pass 77" }));
      expect(wrong.fields?.currentPassword.en).toMatch(/not correct/);
      const weak = await rejects(changePassword(ctx, { currentPassword: GOOD_PASSWORD, password: "woaini1314", confirmPassword: "woaini1314" }));
      expect(weak.fields?.password.zh).toContain("常见密码");
      const mism = await rejects(changePassword(ctx, { currentPassword: GOOD_PASSWORD, password: "Another-pass 77", confirmPassword: "Another-pass 78" }));
      expect(mism.fields?.confirmPassword.en).toMatch(/do not match/);
      // both problems at once: weak and not repeated correctly
      const both = await rejects(changePassword(ctx, { currentPassword: GOOD_PASSWORD, password: "qwerty", confirmPassword: "qwertz" }));
      expect(Object.keys(both.fields ?? {}).sort()).toEqual(["confirmPassword", "password"]);
      expect(both.fields?.password.zh.split("\n")).toHaveLength(3);
      await changePassword(ctx, { currentPassword: GOOD_PASSWORD, password: "Another-pass 77", confirmPassword: "Another-pass 77" });
      expect(validateSessionToken(t.db, here.token)).not.toBeNull();
      expect(validateSessionToken(t.db, elsewhere.token)).toBeNull();
      expect((await signIn(t.db, { email: "li@example.cn", password: "Another-pass 77" })).ok).toBe(true);
    });
  });

  describe("platform roles", () => {
    it("are assigned by the platform administrator, at most one per account, never one's own", async () => {
      const plat = await makeUser(t.db, { email: "plat@example.cn", platformRole: "platformAdmin" });
      const u = await makeUser(t.db, { email: "li@example.cn" });
      const ctx = { db: t.db, actor: actorOf(t.db, plat.id) };
      assignPlatformRole(ctx, { userId: u.id, role: "auditAdmin" });
      const second = await rejects(() => assignPlatformRole(ctx, { userId: u.id, role: "securityAdmin" }));
      expect(second.code).toBe("one_platform_role");
      expect(second.bilingual.zh).toContain("一种平台角色");
      expect(t.db.select().from(users).where(eq(users.id, u.id)).get()?.platformRole).toBe("auditAdmin");
      assignPlatformRole(ctx, { userId: u.id, role: null });
      assignPlatformRole(ctx, { userId: u.id, role: "securityAdmin" });
      expect(t.db.select().from(users).where(eq(users.id, u.id)).get()?.platformRole).toBe("securityAdmin");
      expect((await rejects(() => assignPlatformRole(ctx, { userId: plat.id, role: null }))).status).toBeGreaterThanOrEqual(400);
      expect(t.db.select().from(users).where(eq(users.id, plat.id)).get()?.platformRole).toBe("platformAdmin");
      const sec = { db: t.db, actor: actorOf(t.db, u.id) };
      expect((await rejects(() => assignPlatformRole(sec, { userId: plat.id, role: null }))).status).toBe(403);
    });
  });

  describe("invitations", () => {
    it("lets an organisation admin invite; the link works once, signs the new person in and creates the membership", async () => {
      const org = makeOrganisation(t.db);
      const admin = await makeUser(t.db, { email: "admin@example.cn", displayName: "王主任", orgs: [{ organisationId: org.id, role: "admin" }] });
      const r = inviteMember({ db: t.db, actor: actorOf(t.db, admin.id), now: T0 }, { organisationId: org.id, email: "New.Person@Example.cn", role: "reviewer", baseUrl: BASE });
      const mail = lastMail(t.db)!;
      expect(mail.to).toBe("new.person@example.cn");
      expect(mail.text).toContain(`${BASE}/invitations/${r.token}`);
      expect(mail.text.indexOf("您好")).toBeLessThan(mail.text.indexOf("Hello"));
      const token = tokenFromMail(mail.text, "invitations");
      const weak = await rejects(acceptInvitationNewAccount(t.db, token, { displayName: "新人", password: "password123", confirmPassword: "password123" }, { now: later(T0, minutes(5)) }));
      expect(weak.fields?.password.en).toMatch(/common password/);
      const accepted = await acceptInvitationNewAccount(t.db, token, { displayName: "新人", password: GOOD_PASSWORD, confirmPassword: GOOD_PASSWORD }, { now: later(T0, minutes(6)) });
      expect(validateSessionToken(t.db, accepted.token, later(T0, minutes(7)))?.user.email).toBe("new.person@example.cn");
      expect(t.db.select().from(memberships).where(eq(memberships.userId, accepted.user.id)).all()).toMatchObject([{ organisationId: org.id, role: "reviewer" }]);
      // second use refused and audited
      const again = await rejects(acceptInvitationNewAccount(t.db, token, { displayName: "别人", password: GOOD_PASSWORD, confirmPassword: GOOD_PASSWORD }, { now: later(T0, minutes(8)) }));
      expect(again.code).toBe("invitation_used");
      expect(again.bilingual.zh).toContain("只能使用一次");
      const denied = auditRows(t.db, "invitation.accept").filter((a) => a.result === "denied");
      expect(denied.map((a) => a.detail?.reason)).toEqual(["used"]);
      expect(JSON.stringify(auditRows(t.db, "invitation.create"))).not.toContain(token);
    });

    it("refuses an expired, revoked or unknown link, with an audit entry", async () => {
      const org = makeOrganisation(t.db);
      const plat = await makeUser(t.db, { email: "plat@example.cn", platformRole: "platformAdmin" });
      const ctx = { db: t.db, actor: actorOf(t.db, plat.id), now: T0 };
      const a = inviteMember(ctx, { organisationId: org.id, email: "a@example.cn", role: "member", baseUrl: BASE });
      const b = inviteMember(ctx, { organisationId: org.id, email: "b@example.cn", role: "member", baseUrl: BASE });
      const after72h = later(T0, 72 * 3_600_000);
      expect(lookupInvitation(t.db, a.token, later(after72h, -1000)).ok).toBe(true);
      const expired = await rejects(acceptInvitationNewAccount(t.db, a.token, { displayName: "A", password: GOOD_PASSWORD, confirmPassword: GOOD_PASSWORD }, { now: after72h }));
      expect(expired.code).toBe("invitation_expired");
      revokeInvitation(ctx, { organisationId: org.id, invitationId: b.invitationId });
      expect((await rejects(acceptInvitationNewAccount(t.db, b.token, {}, { now: T0 }))).code).toBe("invitation_revoked");
      expect((await rejects(acceptInvitationNewAccount(t.db, generateToken(), {}, { now: T0 }))).code).toBe("invitation_unknown");
      expect((await rejects(acceptInvitationNewAccount(t.db, "../../etc", {}, { now: T0 }))).code).toBe("invitation_unknown");
      expect(auditRows(t.db, "invitation.accept").map((r) => [r.result, r.detail?.reason])).toEqual([
        ["denied", "expired"],
        ["denied", "revoked"],
        ["denied", "unknown"],
        ["denied", "unknown"],
      ]);
      expect(t.db.select().from(users).all()).toHaveLength(1);
    });

    it("asks an existing account to sign in and then adds the membership; another account may not take it", async () => {
      const org = makeOrganisation(t.db);
      const admin = await makeUser(t.db, { email: "admin@example.cn", orgs: [{ organisationId: org.id, role: "admin" }] });
      const existing = await makeUser(t.db, { email: "old@example.cn" });
      const other = await makeUser(t.db, { email: "other@example.cn" });
      const { token } = inviteMember({ db: t.db, actor: actorOf(t.db, admin.id) }, { organisationId: org.id, email: "old@example.cn", role: "member", baseUrl: BASE });
      const lookup = lookupInvitation(t.db, token);
      expect(lookup.ok && lookup.invitation.existingUserId).toBe(existing.id);
      expect((await rejects(acceptInvitationNewAccount(t.db, token, { displayName: "x", password: GOOD_PASSWORD, confirmPassword: GOOD_PASSWORD }))).code).toBe("account_exists");
      expect((await rejects(() => acceptInvitationExistingAccount(t.db, token, actorOf(t.db, other.id)))).status).toBe(403);
      acceptInvitationExistingAccount(t.db, token, actorOf(t.db, existing.id));
      expect(t.db.select().from(memberships).where(eq(memberships.userId, existing.id)).all()).toMatchObject([{ organisationId: org.id, role: "member" }]);
      expect((await rejects(() => acceptInvitationExistingAccount(t.db, token, actorOf(t.db, existing.id)))).code).toBe("invitation_used");
    });

    it("only lets admins of that organisation (or the platform admin) invite", async () => {
      const org = makeOrganisation(t.db);
      const otherOrg = makeOrganisation(t.db);
      const member = await makeUser(t.db, { email: "m@example.cn", orgs: [{ organisationId: org.id, role: "member" }] });
      const otherAdmin = await makeUser(t.db, { email: "oa@example.cn", orgs: [{ organisationId: otherOrg.id, role: "admin" }] });
      for (const u of [member, otherAdmin])
        expect((await rejects(() => inviteMember({ db: t.db, actor: actorOf(t.db, u.id) }, { organisationId: org.id, email: "x@example.cn", role: "admin", baseUrl: BASE }))).status).toBe(403);
      const bad = await rejects(() => inviteMember({ db: t.db, actor: actorOf(t.db, otherAdmin.id) }, { organisationId: otherOrg.id, email: "not-an-address", role: "boss", baseUrl: BASE }));
      expect(Object.keys(bad.fields ?? {}).sort()).toEqual(["email", "role"]);
    });
  });

  describe("password reset", () => {
    it("answers the same for unknown addresses, and the link works once, ends all sessions and lifts a lockout", async () => {
      const u = await makeUser(t.db, { email: "li@example.cn" });
      const s = createSession(t.db, u.id, T0);
      const unknownAnswer = requestPasswordReset(t.db, { email: "nobody@example.cn" }, { baseUrl: BASE, now: T0 });
      expect(lastMail(t.db)).toBeUndefined();
      const knownAnswer = requestPasswordReset(t.db, { email: "li@example.cn" }, { baseUrl: BASE, now: T0 });
      expect(knownAnswer).toEqual(unknownAnswer);
      const token = tokenFromMail(lastMail(t.db)!.text, "reset-password");
      for (let i = 0; i < 5; i++) await signIn(t.db, { email: "li@example.cn", password: "nope" }, T0);
      await resetPassword(t.db, token, { password: "Brand-new pass 9", confirmPassword: "Brand-new pass 9" }, { now: later(T0, minutes(10)) });
      expect(validateSessionToken(t.db, s.token, later(T0, minutes(10)))).toBeNull();
      expect((await signIn(t.db, { email: "li@example.cn", password: "Brand-new pass 9" }, later(T0, minutes(11)))).ok).toBe(true);
      const reuse = await rejects(resetPassword(t.db, token, { password: "Other new pass 9", confirmPassword: "Other new pass 9" }, { now: later(T0, minutes(12)) }));
      expect(reuse.code).toBe("reset_used");
      expect(auditRows(t.db, "password_reset.complete").map((r) => r.result)).toEqual(["ok", "denied"]);
    });

    it("expires after an hour", async () => {
      await makeUser(t.db, { email: "li@example.cn" });
      requestPasswordReset(t.db, { email: "li@example.cn" }, { baseUrl: BASE, now: T0 });
      const token = tokenFromMail(lastMail(t.db)!.text, "reset-password");
      expect(lookupReset(t.db, token, later(T0, minutes(59))).ok).toBe(true);
      expect((await rejects(resetPassword(t.db, token, { password: "Brand-new pass 9", confirmPassword: "Brand-new pass 9" }, { now: later(T0, minutes(60)) }))).code).toBe("reset_expired");
    });
  });

  it("keeps sessions of other users when one signs out everywhere", async () => {
    const a = await makeUser(t.db, { email: "a@example.cn" });
    const b = await makeUser(t.db, { email: "b@example.cn" });
    createSession(t.db, a.id);
    const sb = createSession(t.db, b.id);
    invalidateUserSessions(t.db, a.id);
    expect(validateSessionToken(t.db, sb.token)?.user.id).toBe(b.id);
  });
});

describe("auth housekeeping", () => {
  let t: ReturnType<typeof createTestDb>;
  beforeEach(() => {
    t = createTestDb();
  });
  afterEach(() => t.cleanup());

  it("purges expired sessions and stale failure counts, never a live lock or a live session", async () => {
    const u = await makeUser(t.db, { email: "li@example.cn" });
    createSession(t.db, u.id, T0);
    const live = createSession(t.db, u.id, later(T0, minutes(50)));
    await signIn(t.db, { email: "old@example.cn", password: "x" }, T0);
    for (let i = 0; i < 5; i++) await signIn(t.db, { email: "locked@example.cn", password: "x" }, later(T0, minutes(50)));
    const r = purgeStaleAuthRows(t.db, later(T0, minutes(60)));
    expect(r).toEqual({ sessions: 1, failures: 1 });
    expect(validateSessionToken(t.db, live.token, later(T0, minutes(61)))).not.toBeNull();
    expect(t.db.select().from(signInFailures).all().map((f) => f.email)).toEqual(["locked@example.cn"]);
  });
});
