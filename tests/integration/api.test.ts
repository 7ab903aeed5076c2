import fs from "node:fs";
import path from "node:path";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { apiTokens, auditLog, memberships, organisations, people, projectOutputs, projects, users } from "#db/schema";
import { systemActor } from "~/features/access/actor";
import { authenticateApiToken, createApiToken, LAST_USED_GRANULARITY_MS, revokeApiToken } from "~/features/api/tokens.server";
import { openApiDocument } from "~/features/api/openapi";
import { createSession } from "~/features/auth/session.server";
import { createTestDb } from "../support/db";
// the routes are exercised the way Remix calls them: a Request in, a Response out
import * as openapiRoute from "../../app/routes/api.v1.openapi[.]json";
import * as orgDetail from "../../app/routes/api.v1.organisations.$id";
import * as orgList from "../../app/routes/api.v1.organisations._index";
import * as personDetail from "../../app/routes/api.v1.people.$id";
import * as peopleList from "../../app/routes/api.v1.people._index";
import * as projectDetail from "../../app/routes/api.v1.projects.$ref";
import * as projectList from "../../app/routes/api.v1.projects._index";
import * as unknownRoute from "../../app/routes/api.v1.$";

type Route = { loader: (args: LoaderFunctionArgs) => Promise<Response> };
type Body = Record<string, unknown> & { data?: Record<string, unknown>[] & Record<string, unknown>; total?: number; error?: { code: string; message: string; message_en: string; fields?: Record<string, { message: string; message_en: string }> } };

describe("the public API /api/v1", () => {
  let t: ReturnType<typeof createTestDb>;
  const ids = {} as Record<string, number>;
  const tokens = {} as Record<string, string>;
  const cookies = {} as Record<string, string>;

  async function call(route: Route, url: string, opts: { params?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<{ status: number; body: Body; headers: Headers }> {
    const request = new Request(`http://localhost${url}`, { headers: opts.headers });
    const res = await route.loader({ request, params: opts.params ?? {}, context: { ip: "127.0.0.1", cspNonce: "" } });
    return { status: res.status, body: (await res.json()) as Body, headers: res.headers };
  }
  const bearer = (k: string) => ({ authorization: `Bearer ${tokens[k]}` });
  const cookie = (k: string) => ({ cookie: `session=${cookies[k]}` });

  const org = (key: string, v: Partial<typeof organisations.$inferInsert> & { kind: (typeof organisations.$inferInsert)["kind"]; name: string }) => {
    ids[key] = t.db.insert(organisations).values({ nameKey: v.name, ...v }).returning().get().id;
  };
  const person = (key: string, v: Partial<typeof people.$inferInsert> & { name: string }) => {
    ids[key] = t.db.insert(people).values({ identityKey: `${v.name}|${key}`, ...v }).returning().get().id;
  };
  const user = (key: string, orgKey: string | null, role: "admin" | "member" | "reviewer" = "member", personKey?: string) => {
    const u = t.db
      .insert(users)
      .values({ email: `${key}@example.cn`, displayName: key, personId: personKey ? ids[personKey] : null })
      .returning()
      .get();
    if (orgKey) t.db.insert(memberships).values({ userId: u.id, organisationId: ids[orgKey], role }).run();
    ids[`user:${key}`] = u.id;
    cookies[key] = createSession(t.db, u.id).token;
  };

  beforeEach(() => {
    t = createTestDb();
    org("dept", { kind: "department", name: "省发展改革委", region: "湖南", level: "provincial" });
    org("partner", { kind: "thinkTank", name: "赣江大学智库", namePinyin: "ganjiangdaxuezhiku", region: "江西", thinkTankType: "高校", partner: true });
    org("other", { kind: "thinkTank", name: "湘江发展研究院", shortName: "湘江院", region: "湖南", thinkTankType: "社科院" });
    org("office", { kind: "managementOffice", name: "省社科规划办", region: "湖南" });
    org("inst", { kind: "institution", name: "某大学" });
    person("public", { name: "张伟", namePinyin: "zhangwei", organisationId: ids.other, institutionName: "湘江发展研究院", publicConsent: true, email: "zhangwei@xiangjiang.cn", phone: "13812345678", disciplines: ["应用经济"] });
    person("hidden", { name: "李娜", namePinyin: "lina", organisationId: ids.other, institutionName: "湘江发展研究院", publicConsent: false, email: "lina@xiangjiang.cn", phone: "13900001111", disciplines: ["法学"] });
    person("partnerExpert", { name: "王芳", namePinyin: "wangfang", organisationId: ids.partner, institutionName: "赣江大学智库", publicConsent: true, email: "wf@ganjiang.cn", disciplines: ["法学"] });
    person("archivePi", { name: "赵强", namePinyin: "zhaoqiang", institutionName: "某大学", source: "archive" });
    const p = (v: Partial<typeof projects.$inferInsert> & { approvalNumber: string; title: string }) => t.db.insert(projects).values({ funder: "nssf", ...v }).returning().get().id;
    ids.p1 = p({ approvalNumber: "21BJY001", title: "区域协调发展研究", category: "一般项目", discipline: "应用经济", year: 2021, province: "湖南", grade: "良好", piName: "张伟", piPersonId: ids.public, institutionId: ids.other, institutionName: "湘江发展研究院" });
    ids.p2 = p({ approvalNumber: "23BFX002", title: "基层治理法治化研究", category: "青年项目", discipline: "法学", year: 2023, province: "湖南", piName: "李娜", piPersonId: ids.hidden, institutionId: ids.other, institutionName: "湘江发展研究院" });
    ids.p3 = p({ approvalNumber: "22BSH010", title: "养老服务体系研究", category: "一般项目", discipline: "社会学", year: 2022, province: "江西", grade: "优秀", piName: "王芳", institutionId: ids.partner, institutionName: "赣江大学智库" });
    ids.p4 = p({ funder: "nsfc", approvalNumber: "72074001", title: "区域创新网络研究", category: "面上项目", year: 2020, province: "北京", piName: "赵强", piPersonId: ids.archivePi, institutionId: ids.inst, institutionName: "某大学" });
    ids.p5 = p({ funder: "nssf", approvalNumber: "72074001", title: "同号的社科项目", category: "一般项目", year: 2019, province: "湖南", piName: "某人", institutionName: "某学院" });
    t.db.insert(projectOutputs).values({ projectId: ids.p1, title: "区域协调发展研究报告", form: "研究报告", grade: "良好" }).run();

    user("deptAdmin", "dept", "admin");
    user("partnerAdmin", "partner", "admin");
    user("partnerMember", "partner", "member");
    user("otherAdmin", "other", "admin");
    user("otherMember", "other", "member");
    user("lina", "other", "member", "hidden");
    const admin = (k: string) => ({ db: t.db, actor: { kind: "user" as const, userId: ids[`user:${k}`], label: k, personId: null, platformRole: null, memberships: t.db.select().from(memberships).where(eq(memberships.userId, ids[`user:${k}`])).all().map((m) => ({ organisationId: m.organisationId, role: m.role, organisationKind: t.db.select().from(organisations).where(eq(organisations.id, m.organisationId)).get()!.kind, partner: false })) } });
    const dt = createApiToken(admin("deptAdmin"), { organisationId: ids.dept, name: "数据中心同步" });
    tokens.dept = dt.token;
    ids.deptToken = dt.id;
    tokens.partner = createApiToken(admin("partnerAdmin"), { organisationId: ids.partner, name: "智库系统" }).token;
  });
  afterEach(() => t.cleanup());

  describe("organisations", () => {
    it("lists member organisations in the envelope, with archive-only institutions only on request", async () => {
      const r = await call(orgList, "/api/v1/organisations");
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ page: 1, pageSize: 20, total: 4 });
      expect(r.body.data!.map((o) => o.name)).toEqual(["省发展改革委", "赣江大学智库", "湘江发展研究院", "省社科规划办"]);
      expect(r.body.data![0]).toMatchObject({ kind: "department", region: "湖南", createdAt: expect.stringMatching(/Z$/) });
      expect(r.body.data![0]).not.toHaveProperty("nameKey");
      const inst = await call(orgList, "/api/v1/organisations?kind=institution");
      expect(inst.body.data!.map((o) => o.name)).toEqual(["某大学"]);
    });

    it("filters by kind, region, think-tank type and text (name, short name, pinyin)", async () => {
      const names = async (qs: string) => (await call(orgList, `/api/v1/organisations?${qs}`)).body.data!.map((o) => o.name);
      expect(await names("kind=thinkTank")).toEqual(["赣江大学智库", "湘江发展研究院"]);
      expect(await names("region=湖南&kind=thinkTank")).toEqual(["湘江发展研究院"]);
      expect(await names(`thinkTankType=${encodeURIComponent("高校")}`)).toEqual(["赣江大学智库"]);
      expect(await names(`q=${encodeURIComponent("湘江院")}`)).toEqual(["湘江发展研究院"]);
      expect(await names("q=ganjiang")).toEqual(["赣江大学智库"]);
      expect(await names("q=100%25")).toEqual([]);
    });

    it("paginates with page and pageSize and reports the total", async () => {
      const p1 = await call(orgList, "/api/v1/organisations?pageSize=3");
      const p2 = await call(orgList, "/api/v1/organisations?pageSize=3&page=2");
      expect(p1.body).toMatchObject({ page: 1, pageSize: 3, total: 4 });
      expect(p1.body.data).toHaveLength(3);
      expect(p2.body).toMatchObject({ page: 2, pageSize: 3, total: 4 });
      expect(p2.body.data!.map((o) => o.name)).toEqual(["省社科规划办"]);
      const past = await call(orgList, "/api/v1/organisations?page=9");
      expect(past.body.data).toEqual([]);
    });

    it("refuses bad parameters with 422, a bilingual message and the parameter at fault", async () => {
      const big = await call(orgList, "/api/v1/organisations?pageSize=101");
      expect(big.status).toBe(422);
      expect(big.body.error).toMatchObject({ code: "invalid_query", message: expect.stringMatching(/查询参数/), message_en: expect.stringMatching(/invalid/) });
      expect(big.body.error!.fields!.pageSize).toEqual({ message: expect.stringContaining("1 到 100"), message_en: expect.stringContaining("1 to 100") });
      const zero = await call(orgList, "/api/v1/organisations?page=0");
      expect(zero.body.error!.fields).toHaveProperty("page");
      const kind = await call(orgList, "/api/v1/organisations?kind=ministry");
      expect(kind.status).toBe(422);
      expect(kind.body.error!.fields!.kind.message_en).toMatch(/department, thinkTank/);
    });

    it("answers one organisation with counts of the people the caller may see, and 404 JSON otherwise", async () => {
      const anon = await call(orgDetail, `/api/v1/organisations/${ids.other}`, { params: { id: String(ids.other) } });
      expect(anon.status).toBe(200);
      expect(anon.body).toMatchObject({ data: { id: ids.other, name: "湘江发展研究院", peopleCount: 1, projectCount: 2 } });
      const partner = await call(orgDetail, `/api/v1/organisations/${ids.other}`, { params: { id: String(ids.other) }, headers: cookie("partnerMember") });
      expect(partner.body.data).toMatchObject({ peopleCount: 2 });
      for (const id of ["999999", "abc", "-1"]) {
        const r = await call(orgDetail, `/api/v1/organisations/${id}`, { params: { id } });
        expect(r.status).toBe(404);
        expect(r.body.error).toMatchObject({ code: "not_found", message: "未找到该机构。", message_en: "This organisation was not found." });
      }
    });
  });

  describe("people: the web's visibility and masking rules", () => {
    const names = (b: Body) => b.data!.map((p) => p.name);

    it("shows anonymous callers consenting portal experts only, with contact details masked", async () => {
      const r = await call(peopleList, "/api/v1/people");
      expect(r.status).toBe(200);
      expect(names(r.body)).toEqual(["王芳", "张伟"]);
      const zw = r.body.data!.find((p) => p.name === "张伟")!;
      expect(zw).toMatchObject({ email: "z***@xiangjiang.cn", phone: "138****5678", contactMasked: true, organisation: { id: ids.other, name: "湘江发展研究院" } });
      expect(JSON.stringify(r.body)).not.toContain("zhangwei@xiangjiang.cn");
      expect(JSON.stringify(r.body)).not.toContain("13812345678");
    });

    it("shows experts without public consent to a partner's signed-in member (session cookie) and a department's token, not to a non-partner think tank's token", async () => {
      expect(names((await call(peopleList, "/api/v1/people", { headers: cookie("partnerMember") })).body)).toEqual(["李娜", "王芳", "张伟"]);
      expect(names((await call(peopleList, "/api/v1/people", { headers: bearer("dept") })).body)).toEqual(["李娜", "王芳", "张伟"]);
      expect(names((await call(peopleList, "/api/v1/people", { headers: cookie("otherMember") })).body)).toEqual(["王芳", "张伟"]);
      // the partner think tank's token: think-tank tokens never see hidden experts (rules in permissions.ts)
      expect(names((await call(peopleList, "/api/v1/people", { headers: bearer("partner") })).body)).toEqual(["王芳", "张伟"]);
    });

    it("hides a hidden person's detail as 404 from those who may not see them, and shows it to those who may", async () => {
      const params = { id: String(ids.hidden) };
      expect((await call(personDetail, `/api/v1/people/${ids.hidden}`, { params })).status).toBe(404);
      expect((await call(personDetail, `/api/v1/people/${ids.hidden}`, { params, headers: bearer("partner") })).status).toBe(404);
      const seen = await call(personDetail, `/api/v1/people/${ids.hidden}`, { params, headers: bearer("dept") });
      expect(seen.status).toBe(200);
      expect(seen.body.data).toMatchObject({ name: "李娜", publicConsent: false, contactMasked: true, email: "l***@xiangjiang.cn", projects: [{ approvalNumber: "23BFX002" }] });
      // the person themself
      const self = await call(personDetail, `/api/v1/people/${ids.hidden}`, { params, headers: cookie("lina") });
      expect(self.body.data).toMatchObject({ email: "lina@xiangjiang.cn", phone: "13900001111", contactMasked: false });
    });

    it("unmasks contact details only for callers allowed read:person:contact (their organisation's admin), and records that access", async () => {
      const params = { id: String(ids.public) };
      const admin = await call(personDetail, `/api/v1/people/${ids.public}`, { params, headers: cookie("otherAdmin") });
      expect(admin.body.data).toMatchObject({ email: "zhangwei@xiangjiang.cn", phone: "13812345678", contactMasked: false });
      const audit = t.db.select().from(auditLog).where(eq(auditLog.action, "person.read.restricted")).all();
      expect(audit.map((a) => [a.actorLabel, a.entityId])).toEqual([["otherAdmin@example.cn", String(ids.public)]]);
      const list = await call(peopleList, "/api/v1/people", { headers: cookie("otherAdmin") });
      expect(list.body.data!.find((p) => p.name === "张伟")).toMatchObject({ email: "zhangwei@xiangjiang.cn", contactMasked: false });
      expect(list.body.data!.find((p) => p.name === "王芳")).toMatchObject({ email: "w***@ganjiang.cn", contactMasked: true });
      const bulk = t.db.select().from(auditLog).where(eq(auditLog.action, "person.list.contact")).all();
      expect(bulk.map((a) => [a.actorLabel, JSON.parse(a.detail!).personIds])).toEqual([["otherAdmin@example.cn", [ids.hidden, ids.public]]]);
      // lists where every contact is masked leave no such entry
      await call(peopleList, "/api/v1/people", { headers: bearer("dept") });
      expect(t.db.select().from(auditLog).where(eq(auditLog.action, "person.list.contact")).all()).toHaveLength(1);
      for (const who of [bearer("dept"), bearer("partner"), cookie("partnerAdmin")]) {
        const r = await call(personDetail, `/api/v1/people/${ids.public}`, { params, headers: who });
        expect(r.body.data).toMatchObject({ email: "z***@xiangjiang.cn", contactMasked: true });
      }
    });

    it("filters people by text, organisation, discipline and source", async () => {
      const q = async (qs: string, h?: Record<string, string>) => names((await call(peopleList, `/api/v1/people?${qs}`, { headers: h })).body);
      expect(await q("q=zhang")).toEqual(["张伟"]);
      expect(await q(`q=${encodeURIComponent("赣江")}`)).toEqual(["王芳"]);
      expect(await q(`organisationId=${ids.other}`)).toEqual(["张伟"]);
      expect(await q(`organisationId=${ids.other}`, cookie("partnerMember"))).toEqual(["李娜", "张伟"]);
      expect(await q(`discipline=${encodeURIComponent("法学")}`)).toEqual(["王芳"]);
      expect(await q("source=archive")).toEqual(["赵强"]);
      expect(await q("source=all")).toEqual(["王芳", "张伟", "赵强"]);
      expect((await call(peopleList, "/api/v1/people?source=secret")).status).toBe(422);
      expect((await call(peopleList, "/api/v1/people?organisationId=x")).status).toBe(422);
    });
  });

  describe("projects: the archive", () => {
    const numbers = (b: Body) => b.data!.map((p) => p.approvalNumber);
    const list = async (qs: string) => (await call(projectList, `/api/v1/projects?${qs}`)).body;

    it("lists newest first and filters by funder, year, discipline, category, province, grade, institution and title", async () => {
      expect(numbers(await list(""))).toEqual(["23BFX002", "22BSH010", "21BJY001", "72074001", "72074001"]);
      expect((await list("")).total).toBe(5);
      expect(numbers(await list("funder=nsfc"))).toEqual(["72074001"]);
      expect(numbers(await list("year=2022"))).toEqual(["22BSH010"]);
      expect(numbers(await list(`discipline=${encodeURIComponent("法学")}`))).toEqual(["23BFX002"]);
      expect(numbers(await list(`category=${encodeURIComponent("一般项目")}&province=${encodeURIComponent("湖南")}`))).toEqual(["21BJY001", "72074001"]);
      expect(numbers(await list(`grade=${encodeURIComponent("优秀")}`))).toEqual(["22BSH010"]);
      expect(numbers(await list(`institution=${ids.other}`))).toEqual(["23BFX002", "21BJY001"]);
      expect(numbers(await list(`institution=${encodeURIComponent("赣江")}`))).toEqual(["22BSH010"]);
      expect(numbers(await list(`q=${encodeURIComponent("区域")}`))).toEqual(["21BJY001", "72074001"]);
      expect(numbers(await list("pageSize=2&page=2"))).toEqual(["21BJY001", "72074001"]);
      const bad = await call(projectList, "/api/v1/projects?year=twenty&funder=nih");
      expect(bad.status).toBe(422);
      expect(Object.keys(bad.body.error!.fields!).sort()).toEqual(["funder", "year"]);
    });

    it("answers one project by approval number or id, with its outputs", async () => {
      const r = await call(projectDetail, "/api/v1/projects/21BJY001", { params: { ref: "21BJY001" } });
      expect(r.status).toBe(200);
      expect(r.body.data).toMatchObject({ title: "区域协调发展研究", funder: "nssf", formerTitles: [], outputs: [{ title: "区域协调发展研究报告", form: "研究报告", grade: "良好" }] });
      const byId = await call(projectDetail, `/api/v1/projects/${ids.p3}`, { params: { ref: String(ids.p3) } });
      expect(byId.body.data).toMatchObject({ approvalNumber: "22BSH010", outputs: [] });
    });

    it("asks for the funder when two funders share an approval number, and 404s an unknown one", async () => {
      const amb = await call(projectDetail, "/api/v1/projects/72074001", { params: { ref: "72074001" } });
      expect(amb.status).toBe(409);
      expect(amb.body.error).toMatchObject({ code: "ambiguous", message: expect.stringContaining("funder"), message_en: expect.stringContaining("nssf") });
      const one = await call(projectDetail, "/api/v1/projects/72074001?funder=nsfc", { params: { ref: "72074001" } });
      expect(one.body.data).toMatchObject({ title: "区域创新网络研究", funder: "nsfc" });
      const none = await call(projectDetail, "/api/v1/projects/99XYZ999", { params: { ref: "99XYZ999" } });
      expect(none.status).toBe(404);
      expect(none.body.error).toMatchObject({ message: "未找到该项目。", message_en: "This project was not found." });
    });

    it("answers unknown /api/v1 paths with a JSON 404", async () => {
      const r = await call(unknownRoute, "/api/v1/nothing-here", { params: { "*": "nothing-here" } });
      expect(r.status).toBe(404);
      expect(r.body.error).toMatchObject({ code: "not_found", message_en: "This endpoint was not found." });
    });
  });

  describe("bearer tokens", () => {
    it("authenticates a valid token and records its use at most once a minute", async () => {
      expect(t.db.select().from(apiTokens).where(eq(apiTokens.id, ids.deptToken)).get()!.lastUsedAt).toBeNull();
      const r = await call(orgList, "/api/v1/organisations", { headers: bearer("dept") });
      expect(r.status).toBe(200);
      const first = t.db.select().from(apiTokens).where(eq(apiTokens.id, ids.deptToken)).get()!.lastUsedAt!;
      expect(first).toBeInstanceOf(Date);
      await call(orgList, "/api/v1/organisations", { headers: bearer("dept") });
      expect(t.db.select().from(apiTokens).where(eq(apiTokens.id, ids.deptToken)).get()!.lastUsedAt!.getTime()).toBe(first.getTime());
      const later = new Date(first.getTime() + LAST_USED_GRANULARITY_MS);
      const actor = authenticateApiToken(t.db, tokens.dept, null, later);
      expect(actor).toMatchObject({ kind: "apiToken", organisationId: ids.dept, organisationKind: "department" });
      expect(t.db.select().from(apiTokens).where(eq(apiTokens.id, ids.deptToken)).get()!.lastUsedAt!.getTime()).toBe(later.getTime());
    });

    it("refuses a revoked, a bogus and a malformed credential with 401, both languages, and an audit entry", async () => {
      revokeApiToken({ db: t.db, actor: systemActor("test") }, { organisationId: ids.dept, tokenId: ids.deptToken });
      const cases = [bearer("dept"), { authorization: `Bearer zk_${"a".repeat(52)}` }, { authorization: "Bearer nonsense" }, { authorization: "Basic dXNlcjpwYXNz" }];
      for (const headers of cases) {
        const r = await call(peopleList, "/api/v1/people", { headers });
        expect(r.status).toBe(401);
        expect(r.headers.get("www-authenticate")).toMatch(/^Bearer/);
        expect(r.body.error).toEqual({ code: "invalid_token", message: "API 令牌无效或已被撤销。", message_en: "The API token is invalid or has been revoked." });
      }
      const refused = t.db.select().from(auditLog).where(eq(auditLog.action, "api.token.refused")).all();
      expect(refused).toHaveLength(4);
      expect(refused.every((a) => a.result === "denied" && a.ip === "127.0.0.1")).toBe(true);
      expect(JSON.parse(refused[0].detail!)).toMatchObject({ path: "/api/v1/people", prefix: tokens.dept.slice(0, 11) });
      // the secret itself is never written down
      expect(JSON.stringify(refused)).not.toContain(tokens.dept);
    });

    it("stores only the token's hash and prefix", () => {
      const row = t.db.select().from(apiTokens).where(eq(apiTokens.id, ids.deptToken)).get()!;
      expect(row.prefix).toBe(tokens.dept.slice(0, 11));
      expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(t.db.select().from(apiTokens).all())).not.toContain(tokens.dept);
    });
  });

  describe("the OpenAPI document", () => {
    it("is served as valid JSON, OpenAPI 3.1, and every $ref resolves", async () => {
      const r = await call(openapiRoute, "/api/v1/openapi.json");
      expect(r.status).toBe(200);
      expect(r.body.openapi).toBe("3.1.0");
      const text = JSON.stringify(r.body);
      expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(openApiDocument)));
      const refs = [...text.matchAll(/"\$ref":"#\/components\/(\w+)\/(\w+)"/g)];
      expect(refs.length).toBeGreaterThan(10);
      const components = (r.body as unknown as { components: Record<string, Record<string, unknown>> }).components;
      for (const [, section, name] of refs) expect(components[section]?.[name], `${section}/${name}`).toBeDefined();
      for (const [p, ops] of Object.entries(openApiDocument.paths))
        for (const op of Object.values(ops)) {
          expect(op.responses["200"], p).toBeDefined();
          for (const m of p.matchAll(/\{(\w+)\}/g)) expect(op.parameters?.some((x) => "name" in x && x.name === m[1] && x.in === "path"), `${p} declares ${m[1]}`).toBe(true);
        }
    });

    it("describes every /api/v1 route file in app/routes", () => {
      const files = fs.readdirSync(path.resolve("app/routes")).filter((f) => /^api\.v1\..+\.tsx?$/.test(f));
      expect(files.length).toBeGreaterThanOrEqual(7);
      // flat-routes file name → URL: dots are slashes, `[.]` a literal dot, `$id` a parameter, `_index` nothing
      const toPath = (file: string) =>
        "/" +
        file
          .replace(/\.tsx?$/, "")
          .replace(/\[\.\]/g, "~")
          .split(".")
          .filter((seg) => seg !== "_index")
          .map((seg) => seg.replace(/^\$(\w+)$/, "{$1}"))
          .join("/")
          .replace(/~/g, ".");
      expect(toPath("api.v1.openapi[.]json.ts")).toBe("/api/v1/openapi.json");
      const missing = files
        .filter((f) => f !== "api.v1.$.ts") // the catch-all 404 is not an endpoint
        .map((f) => toPath(f))
        .filter((p) => !(p in openApiDocument.paths));
      expect(missing, "add these routes to app/features/api/openapi.ts").toEqual([]);
    });
  });
});
