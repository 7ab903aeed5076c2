import { afterEach, beforeEach, describe, expect, it } from "vitest";
// the routes are exercised the way Remix calls them: a Request with a form body in, a Response or data out
import { action as forgotAction } from "../../app/routes/forgot-password";
import { action as invitationAction, loader as invitationLoader } from "../../app/routes/invitations.$token";
import { action as signInAction } from "../../app/routes/sign-in";
import { action as signOutAction } from "../../app/routes/sign-out";
import { loader as devMailLoader } from "../../app/routes/dev.mail";
import { inviteMember } from "~/features/auth/invitations.server";
import { validateSessionToken } from "~/features/auth/session.server";
import { createTestDb } from "../support/db";
import { actorOf, auditRows, GOOD_PASSWORD, lastMail, makeOrganisation, makeUser } from "../support/auth";

const BASE = "http://portal.test";
const context = { ip: "127.0.0.1", cspNonce: "" };
const post = (path: string, fields: Record<string, string>, cookie?: string) =>
  new Request(`${BASE}${path}`, { method: "POST", body: new URLSearchParams(fields), headers: { "content-type": "application/x-www-form-urlencoded", origin: BASE, ...(cookie ? { cookie } : {}) } });

type DataResult = { data: { formError?: { zh: string; en: string }; fields?: Record<string, unknown>; values?: Record<string, string>; ok?: boolean }; init: { status?: number } };
const cookieOf = (res: Response) => res.headers.get("set-cookie") ?? "";
const sessionTokenOf = (res: Response) => /(?:^|,\s*)session=([a-z2-7]+)/.exec(cookieOf(res))?.[1] ?? null;

describe("auth routes", () => {
  let t: ReturnType<typeof createTestDb>;
  beforeEach(() => {
    t = createTestDb();
  });
  afterEach(() => t.cleanup());

  it("sign-in: sets a fresh HttpOnly session cookie and follows a same-site redirectTo only", async () => {
    await makeUser(t.db, { email: "li@example.cn" });
    const res = (await signInAction({ request: post("/sign-in", { email: "li@example.cn", password: GOOD_PASSWORD, redirectTo: "/account" }), params: {}, context })) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/account");
    expect(cookieOf(res)).toMatch(/session=[a-z2-7]{52}; Path=\/; HttpOnly; SameSite=Lax/);
    const token = sessionTokenOf(res)!;
    expect(validateSessionToken(t.db, token)?.user.email).toBe("li@example.cn");

    const again = (await signInAction({ request: post("/sign-in", { email: "li@example.cn", password: GOOD_PASSWORD, redirectTo: "//evil.example" }, `session=${token}`), params: {}, context })) as Response;
    expect(again.headers.get("location")).toBe("/");
    expect(sessionTokenOf(again)).not.toBe(token);
    expect(validateSessionToken(t.db, token)).toBeNull();
  });

  it("sign-in: a wrong password re-renders with the generic message and the e-mail kept, never the password", async () => {
    await makeUser(t.db, { email: "li@example.cn" });
    const r = (await signInAction({ request: post("/sign-in", { email: "li@example.cn", password: "wrong one" }), params: {}, context })) as unknown as DataResult;
    expect(r.init.status).toBe(401);
    expect(r.data.formError?.zh).toBe("邮箱或密码不正确。");
    expect(r.data.values).toEqual({ email: "li@example.cn" });
    const empty = (await signInAction({ request: post("/sign-in", { email: "", password: "" }), params: {}, context })) as unknown as DataResult;
    expect(empty.init.status).toBe(422);
    expect(Object.keys(empty.data.fields ?? {}).sort()).toEqual(["email", "password"]);
  });

  it("sign-in: the locked person is told so (423) with how long", async () => {
    await makeUser(t.db, { email: "li@example.cn" });
    let last: DataResult | null = null;
    for (let i = 0; i < 5; i++) last = (await signInAction({ request: post("/sign-in", { email: "li@example.cn", password: `no-${i}` }), params: {}, context })) as unknown as DataResult;
    expect(last?.init.status).toBe(423);
    expect(last?.data.formError?.en).toMatch(/locked for 15 minutes/);
  });

  it("sign-out: ends the session and clears the cookie", async () => {
    await makeUser(t.db, { email: "li@example.cn" });
    const signedIn = (await signInAction({ request: post("/sign-in", { email: "li@example.cn", password: GOOD_PASSWORD }), params: {}, context })) as Response;
    const token = sessionTokenOf(signedIn)!;
    const res = (await signOutAction({ request: post("/sign-out", {}, `session=${token}`), params: {}, context })) as Response;
    expect(res.status).toBe(302);
    expect(cookieOf(res)).toMatch(/session=; .*Max-Age=0/);
    expect(validateSessionToken(t.db, token)).toBeNull();
    expect(auditRows(t.db, "auth.sign_out")).toHaveLength(1);
  });

  it("forgot-password: the same answer for a known and an unknown address", async () => {
    await makeUser(t.db, { email: "li@example.cn" });
    const known = (await forgotAction({ request: post("/forgot-password", { email: "li@example.cn" }), params: {}, context })) as unknown as DataResult;
    const unknown = (await forgotAction({ request: post("/forgot-password", { email: "nobody@example.cn" }), params: {}, context })) as unknown as DataResult;
    expect(known.data.ok).toBe(true);
    expect(JSON.stringify(unknown.data).replace("nobody", "li")).toEqual(JSON.stringify(known.data));
    expect(lastMail(t.db)?.text).toContain(`${BASE}/reset-password/`);
  });

  it("invitation link: accepted once through the page, then refused with 410 and audited", async () => {
    const org = makeOrganisation(t.db);
    const admin = await makeUser(t.db, { email: "admin@example.cn", orgs: [{ organisationId: org.id, role: "admin" }] });
    const { token } = inviteMember({ db: t.db, actor: actorOf(t.db, admin.id) }, { organisationId: org.id, email: "new@example.cn", role: "member", baseUrl: BASE });
    const page = await invitationLoader({ request: new Request(`${BASE}/invitations/${token}`), params: { token }, context });
    expect(page).toMatchObject({ mode: "create", invitation: { email: "new@example.cn" } });
    const res = (await invitationAction({
      request: post(`/invitations/${token}`, { intent: "create", displayName: "新成员", password: GOOD_PASSWORD, confirmPassword: GOOD_PASSWORD }),
      params: { token },
      context,
    })) as Response;
    expect(res.headers.get("location")).toBe("/account?welcome=1");
    expect(validateSessionToken(t.db, sessionTokenOf(res)!)?.user.email).toBe("new@example.cn");
    const refused = (await invitationLoader({ request: new Request(`${BASE}/invitations/${token}`), params: { token }, context })) as unknown as DataResult;
    expect(refused.init.status).toBe(410);
    expect(auditRows(t.db, "invitation.accept").map((r) => r.result)).toEqual(["ok", "denied"]);
  });

  it("development inbox lists mail newest first outside production", async () => {
    const org = makeOrganisation(t.db);
    const admin = await makeUser(t.db, { email: "admin@example.cn", orgs: [{ organisationId: org.id, role: "admin" }] });
    for (const email of ["first@example.cn", "second@example.cn"]) inviteMember({ db: t.db, actor: actorOf(t.db, admin.id) }, { organisationId: org.id, email, role: "member", baseUrl: BASE });
    const r = await devMailLoader({ request: new Request(`${BASE}/dev/mail`), params: {}, context });
    expect(r.mails.map((m) => m.to)).toEqual(["second@example.cn", "first@example.cn"]);
  });
});
