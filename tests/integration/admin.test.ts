import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appendAudit } from "#db/audit";
import { apiTokens, auditLog, memberships, organisations, sessions, users, type OrgRole, type PlatformRole } from "#db/schema";
import { adminPagesFor } from "~/features/admin/hub.server";
import { apiActor } from "~/features/api/api.server";
import { createSession } from "~/features/auth/session.server";
import { createTestDb } from "../support/db";
// the routes are exercised the way Remix calls them
import * as hubRoute from "../../app/routes/admin._index";
import * as tokensRoute from "../../app/routes/admin.api-tokens";
import * as auditRoute from "../../app/routes/admin.audit";
import * as usersRoute from "../../app/routes/admin.users";

type Loader = (args: LoaderFunctionArgs) => Promise<unknown>;
type Action = (args: ActionFunctionArgs) => Promise<unknown>;
type DataResult = { data: Record<string, unknown>; init: { status: number } };

describe("administration", () => {
  let t: ReturnType<typeof createTestDb>;
  const ids = {} as Record<string, number>;
  const cookies = {} as Record<string, string>;
  const context = { ip: "10.0.0.9", cspNonce: "" };

  const request = (url: string, who?: string, form?: Record<string, string>) =>
    new Request(`http://localhost${url}`, {
      method: form ? "POST" : "GET",
      headers: { ...(who ? { cookie: `session=${cookies[who]}` } : {}), ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
  const load = <T = Record<string, unknown>>(route: { loader: Loader }, url: string, who?: string) => route.loader({ request: request(url, who), params: {}, context }) as Promise<T>;
  const act = <T = Record<string, unknown>>(route: { action: Action }, url: string, who: string | undefined, form: Record<string, string>) =>
    route.action({ request: request(url, who, form), params: {}, context }) as Promise<T>;
  /** What a guard throws (a 403 or a redirect), as a Response. */
  const thrown = async (p: Promise<unknown>): Promise<Response> => {
    try {
      await p;
    } catch (e) {
      if (e instanceof Response) return e;
      throw e;
    }
    throw new Error("expected the guard to throw a Response");
  };
  const audits = (action: string) => t.db.select().from(auditLog).where(eq(auditLog.action, action)).all();

  const user = (key: string, m: { org?: string; role?: OrgRole; platformRole?: PlatformRole } = {}) => {
    const u = t.db.insert(users).values({ email: `${key}@example.cn`, displayName: key, platformRole: m.platformRole ?? null }).returning().get();
    if (m.org) t.db.insert(memberships).values({ userId: u.id, organisationId: ids[m.org], role: m.role ?? "member" }).run();
    ids[key] = u.id;
    cookies[key] = createSession(t.db, u.id).token;
  };

  beforeEach(() => {
    t = createTestDb();
    for (const [key, kind, name] of [
      ["dept", "department", "省发展改革委"],
      ["tt", "thinkTank", "湘江发展研究院"],
      ["office", "managementOffice", "省社科规划办"],
    ] as const)
      ids[key] = t.db.insert(organisations).values({ kind, name, nameKey: name }).returning().get().id;
    user("platform", { platformRole: "platformAdmin" });
    user("platform2", { platformRole: "platformAdmin" });
    user("security", { platformRole: "securityAdmin" });
    user("auditor", { platformRole: "auditAdmin" });
    user("deptAdmin", { org: "dept", role: "admin" });
    user("deptMember", { org: "dept" });
    user("ttAdmin", { org: "tt", role: "admin" });
    user("reviewer", { org: "office", role: "reviewer" });
  });
  afterEach(() => t.cleanup());

  describe("the hub", () => {
    it("lists only the pages the viewer may use", async () => {
      const pages = async (who: string) => ((await load<{ pages: { key: string }[] }>(hubRoute, "/admin", who)).pages ?? []).map((p) => p.key);
      expect(await pages("platform")).toEqual(["members", "imports", "users"]);
      expect(await pages("security")).toEqual(["security"]);
      expect(await pages("auditor")).toEqual(["audit"]);
      expect(await pages("deptAdmin")).toEqual(["members", "apiTokens"]);
      expect(await pages("reviewer")).toEqual(["imports"]);
      expect(await pages("deptMember")).toEqual([]);
      expect(adminPagesFor({ kind: "anonymous" })).toEqual([]);
      const anon = await thrown(load(hubRoute, "/admin"));
      expect(anon.status).toBe(302);
      expect(anon.headers.get("location")).toBe("/sign-in?redirectTo=%2Fadmin");
    });
  });

  describe("the audit trail page", () => {
    it("is readable only by the audit administrator; everyone else gets 403, and the refusal is audited", async () => {
      for (const who of ["platform", "security", "deptAdmin", "deptMember"]) {
        const r = await thrown(load(auditRoute, "/admin/audit", who));
        expect(r.status, who).toBe(403);
      }
      const denied = audits("access.read:audit");
      expect(denied.map((a) => [a.actorLabel, a.result, a.ip])).toEqual(
        ["platform", "security", "deptAdmin", "deptMember"].map((w) => [`${w}@example.cn`, "denied", "10.0.0.9"]),
      );
      expect((await thrown(load(auditRoute, "/admin/audit"))).status).toBe(302);
      // a verification attempt by someone else is refused the same way
      expect((await thrown(act(auditRoute, "/admin/audit", "platform", { intent: "verify" }))).status).toBe(403);
      expect(audits("audit.verify")).toEqual([]);
    });

    it("shows the trail newest first, 50 a page, and records each reading with its filters", async () => {
      for (let i = 0; i < 60; i++) t.db.transaction((tx) => appendAudit(tx, { actorLabel: "someone@example.cn", action: "topic.update", entityType: "topic", entityId: i, result: "ok" }));
      const p1 = await load<{ rows: { id: number; action: string }[]; total: number; pages: number }>(auditRoute, "/admin/audit", "auditor");
      expect(p1.total).toBe(61);
      expect(p1.pages).toBe(2);
      expect(p1.rows).toHaveLength(50);
      // the reading itself is the newest entry
      expect(p1.rows[0].action).toBe("audit.read");
      expect(p1.rows.map((r) => r.id)).toEqual([...p1.rows.map((r) => r.id)].sort((a, b) => b - a));
      const p2 = await load<{ rows: { id: number }[]; total: number }>(auditRoute, "/admin/audit?page=2", "auditor");
      expect(p2.total).toBe(62);
      expect(p2.rows).toHaveLength(12);
      expect(p2.rows.at(-1)!.id).toBe(1);
      const reads = audits("audit.read");
      expect(reads).toHaveLength(2);
      expect(JSON.parse(reads[1].detail!)).toEqual({ page: 2 });
      expect(reads[1]).toMatchObject({ actorLabel: "auditor@example.cn", result: "ok", ip: "10.0.0.9" });
    });

    it("filters by action prefix, actor, result and a date range in Beijing time", async () => {
      const at = (iso: string) => new Date(iso);
      t.db.transaction((tx) => {
        appendAudit(tx, { actorLabel: "a@example.cn", action: "apiToken.create", result: "ok" }, at("2026-03-01T15:30:00Z")); // 23:30 on 1 March in Beijing
        appendAudit(tx, { actorLabel: "a@example.cn", action: "apiToken.revoke", result: "denied" }, at("2026-03-01T16:30:00Z")); // 00:30 on 2 March
        appendAudit(tx, { actorLabel: "b@example.cn", action: "user.setDisabled", result: "ok" }, at("2026-03-05T02:00:00Z"));
        appendAudit(tx, { actorLabel: "b@example.cn", action: "apiTokenish", result: "failed" }, at("2026-03-06T02:00:00Z"));
      });
      type Page = { rows: { action: string; actorLabel: string }[]; errors: Record<string, { zh: string; en: string }> | null };
      const actions = async (qs: string) => (await load<Page>(auditRoute, `/admin/audit?${qs}`, "auditor")).rows.map((r) => r.action).filter((a) => a !== "audit.read");
      expect(await actions("action=apiToken.")).toEqual(["apiToken.revoke", "apiToken.create"]);
      expect(await actions("actor=b%40example")).toEqual(["apiTokenish", "user.setDisabled"]);
      expect(await actions("result=denied")).toEqual(["apiToken.revoke"]);
      expect(await actions("from=2026-03-02&to=2026-03-05")).toEqual(["user.setDisabled", "apiToken.revoke"]);
      expect(await actions("to=2026-03-01")).toEqual(["apiToken.create"]);
      expect(await actions("action=100%25")).toEqual([]);
      const reversed = await load<Page>(auditRoute, "/admin/audit?from=2026-03-09&to=2026-03-01", "auditor");
      expect(reversed.rows).toEqual([]);
      expect(reversed.errors!.to.en).toMatch(/start date/);
      const bad = await load<Page>(auditRoute, "/admin/audit?from=2026-3-9&result=maybe", "auditor");
      expect(bad.errors!.result.zh).toMatch(/结果/);
      expect(bad.errors!.from.en).toMatch(/YYYY-MM-DD/);
    });

    it("verifies the chain on request, shows a break, and records each verification", async () => {
      for (let i = 0; i < 3; i++) t.db.transaction((tx) => appendAudit(tx, { actorLabel: "x", action: "thing.write", result: "ok" }));
      const ok = await act<{ verification: { ok: boolean; checked: number } }>(auditRoute, "/admin/audit", "auditor", { intent: "verify" });
      expect(ok.verification).toEqual({ ok: true, checked: 3 });
      t.db.$client.exec("drop trigger audit_log_no_update");
      t.db.$client.prepare("update audit_log set actor_label = 'intruder' where id = 2").run();
      const broken = await act<{ verification: { ok: boolean; brokenAtId?: number } }>(auditRoute, "/admin/audit", "auditor", { intent: "verify" });
      expect(broken.verification).toMatchObject({ ok: false, brokenAtId: 2 });
      const recorded = audits("audit.verify").map((a) => JSON.parse(a.detail!));
      expect(recorded).toEqual([
        { chain: "ok", checked: 3 },
        { chain: "broken", checked: 1, brokenAtId: 2, reason: expect.stringMatching(/edited/) },
      ]);
    });
  });

  describe("users", () => {
    it("lists accounts with their memberships and platform roles, for the platform administrator only", async () => {
      type Page = { users: { email: string; platformRole: string | null; memberships: { organisationName: string; role: string }[] }[]; total: number };
      const page = await load<Page>(usersRoute, "/admin/users", "platform");
      expect(page.total).toBe(8);
      expect(page.users.find((u) => u.email === "deptAdmin@example.cn")).toMatchObject({ platformRole: null, memberships: [{ organisationName: "省发展改革委", role: "admin" }] });
      expect(page.users.find((u) => u.email === "auditor@example.cn")).toMatchObject({ platformRole: "auditAdmin", memberships: [] });
      const found = await load<Page>(usersRoute, "/admin/users?q=review", "platform");
      expect(found.users.map((u) => u.email)).toEqual(["reviewer@example.cn"]);
      for (const who of ["security", "auditor", "deptAdmin"]) expect((await thrown(load(usersRoute, "/admin/users", who))).status, who).toBe(403);
    });

    it("disables an account, ending its sessions, and enables it again — both audited", async () => {
      createSession(t.db, ids.deptMember);
      expect(t.db.select().from(sessions).where(eq(sessions.userId, ids.deptMember)).all()).toHaveLength(2);
      const r = await act(usersRoute, "/admin/users", "platform", { intent: "disable", userId: String(ids.deptMember) });
      expect(r).toMatchObject({ ok: "disabled" });
      expect(t.db.select().from(users).where(eq(users.id, ids.deptMember)).get()!.disabledAt).toBeInstanceOf(Date);
      expect(t.db.select().from(sessions).where(eq(sessions.userId, ids.deptMember)).all()).toEqual([]);
      // the old cookie no longer signs anyone in
      expect((await thrown(load(hubRoute, "/admin", "deptMember"))).status).toBe(302);
      await act(usersRoute, "/admin/users", "platform", { intent: "enable", userId: String(ids.deptMember) });
      expect(t.db.select().from(users).where(eq(users.id, ids.deptMember)).get()!.disabledAt).toBeNull();
      expect(audits("user.setDisabled").map((a) => [a.entityId, JSON.parse(a.detail!).disabled, a.result])).toEqual([
        [String(ids.deptMember), true, "ok"],
        [String(ids.deptMember), false, "ok"],
      ]);
    });

    it("refuses to let an administrator disable themself", async () => {
      const r = (await act(usersRoute, "/admin/users", "platform", { intent: "disable", userId: String(ids.platform) })) as DataResult;
      expect(r.init.status).toBe(409);
      expect(r.data.error).toMatchObject({ zh: expect.stringContaining("不能更改自己"), en: expect.stringContaining("cannot change your own") });
      expect(t.db.select().from(users).where(eq(users.id, ids.platform)).get()!.disabledAt).toBeNull();
      expect(audits("user.setDisabled").map((a) => a.result)).toEqual(["failed"]);
    });

    it("assigns and removes a platform role, one role per account, never one's own", async () => {
      const set = (who: string, userKey: string, role: string) => act(usersRoute, "/admin/users", who, { intent: "role", userId: String(ids[userKey]), role });
      expect(await set("platform", "deptMember", "auditAdmin")).toMatchObject({ ok: "role" });
      expect(t.db.select().from(users).where(eq(users.id, ids.deptMember)).get()!.platformRole).toBe("auditAdmin");
      // a second role is refused: the current one must be removed first
      const second = (await set("platform", "deptMember", "securityAdmin")) as DataResult;
      expect(second.init.status).toBe(409);
      expect(second.data.error).toMatchObject({ zh: expect.stringContaining("只能担任一种平台角色"), en: expect.stringContaining("one platform role at most") });
      expect(await set("platform", "deptMember", "")).toMatchObject({ ok: "role" });
      expect(await set("platform", "deptMember", "securityAdmin")).toMatchObject({ ok: "role" });
      // a platform administrator cannot grant himself the audit role (nor change his own role at all)
      const self = (await set("platform", "platform", "auditAdmin")) as DataResult;
      expect(self.init.status).toBe(409);
      expect(t.db.select().from(users).where(eq(users.id, ids.platform)).get()!.platformRole).toBe("platformAdmin");
      const bogus = (await set("platform", "deptMember", "superuser")) as DataResult;
      expect(bogus.init.status).toBe(422);
      // only the platform administrator assigns roles; the refusal is audited by the guard
      expect((await thrown(set("security", "deptMember", "auditAdmin"))).status).toBe(403);
      const log = audits("user.setPlatformRole").filter((a) => a.result === "ok").map((a) => JSON.parse(a.detail!));
      expect(log).toEqual([
        { from: null, to: "auditAdmin" },
        { from: "auditAdmin", to: null },
        { from: null, to: "securityAdmin" },
      ]);
      expect(audits("access.manage:users").map((a) => a.actorLabel)).toEqual(["security@example.cn"]);
    });
  });

  describe("API tokens page", () => {
    type Page = { organisationId: number; tokens: { id: number; name: string; prefix: string; lastUsedAt: string | null; revokedAt: string | null }[] };

    it("creates a token shown once, lists it without its secret, and revokes it — audited; a revoked token is refused by the API", async () => {
      const created = await act<{ ok: string; created: { token: string; prefix: string } }>(tokensRoute, "/admin/api-tokens", "deptAdmin", { intent: "create", organisationId: String(ids.dept), name: "数据中心同步" });
      expect(created.ok).toBe("created");
      expect(created.created.token).toMatch(/^zk_[a-z2-7]{52}$/);
      const page = await load<Page>(tokensRoute, "/admin/api-tokens", "deptAdmin");
      expect(page.organisationId).toBe(ids.dept);
      expect(page.tokens).toEqual([expect.objectContaining({ name: "数据中心同步", prefix: created.created.token.slice(0, 11), lastUsedAt: null, revokedAt: null })]);
      expect(JSON.stringify(page)).not.toContain(created.created.token);
      const apiRequest = new Request("http://localhost/api/v1/people", { headers: { authorization: `Bearer ${created.created.token}` } });
      expect(apiActor(apiRequest, context, t.db)).toMatchObject({ kind: "apiToken", organisationId: ids.dept });

      const revoked = await act(tokensRoute, "/admin/api-tokens", "deptAdmin", { intent: "revoke", organisationId: String(ids.dept), tokenId: String(page.tokens[0].id) });
      expect(revoked).toMatchObject({ ok: "revoked" });
      expect((await load<Page>(tokensRoute, "/admin/api-tokens", "deptAdmin")).tokens[0].revokedAt).toEqual(expect.any(String));
      expect(() => apiActor(new Request("http://localhost/api/v1/people", { headers: { authorization: `Bearer ${created.created.token}` } }), context, t.db)).toThrow(/invalid|revoked/);
      expect(audits("apiToken.create").map((a) => a.result)).toEqual(["ok"]);
      expect(audits("apiToken.revoke").map((a) => a.result)).toEqual(["ok"]);
      const again = (await act(tokensRoute, "/admin/api-tokens", "deptAdmin", { intent: "revoke", organisationId: String(ids.dept), tokenId: String(page.tokens[0].id) })) as DataResult;
      expect(again.init.status).toBe(409);
    });

    it("keeps what was typed and explains a missing name", async () => {
      const r = (await act(tokensRoute, "/admin/api-tokens", "deptAdmin", { intent: "create", organisationId: String(ids.dept), name: "   " })) as DataResult;
      expect(r.init.status).toBe(422);
      expect((r.data.fields as Record<string, { zh: string; en: string }>).name).toEqual({ zh: "请填写令牌名称", en: "Enter a name for the token" });
      expect(r.data.values).toEqual({ name: "   " });
      expect(t.db.select().from(apiTokens).all()).toEqual([]);
    });

    it("is for organisation administrators only, each for their own organisation", async () => {
      for (const who of ["deptMember", "platform", "auditor"]) expect((await thrown(load(tokensRoute, "/admin/api-tokens", who))).status, who).toBe(403);
      // an admin of one organisation cannot see or make another's tokens
      expect((await thrown(load(tokensRoute, `/admin/api-tokens?org=${ids.dept}`, "ttAdmin"))).status).toBe(403);
      expect((await thrown(act(tokensRoute, "/admin/api-tokens", "ttAdmin", { intent: "create", organisationId: String(ids.dept), name: "越权" }))).status).toBe(403);
      expect(t.db.select().from(apiTokens).where(and(eq(apiTokens.organisationId, ids.dept))).all()).toEqual([]);
      expect(audits("access.manage:apiToken").map((a) => a.actorLabel)).toEqual(["deptMember@example.cn", "platform@example.cn", "auditor@example.cn", "ttAdmin@example.cn", "ttAdmin@example.cn"]);
    });
  });
});
