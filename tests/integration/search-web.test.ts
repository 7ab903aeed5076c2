import { openApiDocument } from "~/features/api/openapi";
import { validateSchema, type Spec } from "../support/openapi";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organisations, people, projects } from "#db/schema";
import { allDocuments, personDocs } from "#search/documents";
import { resetSearchEngine } from "#search/index";
import { EmbeddedEngine } from "#search/embedded/engine";
import { createTestDb } from "../support/db";
import * as apiDedup from "../../app/routes/api.v1.dedup.check";
import * as apiSearch from "../../app/routes/api.v1.search";
import * as dedupCheck from "../../app/routes/dedup.check";
import * as dedupPage from "../../app/routes/dedup._index";
import * as searchPage from "../../app/routes/search";

/** The search page, the live check, and the API, the way Remix calls them; visibility comes from the database. */
type Json = Record<string, unknown> & { data?: { id: string; title: string; highlights?: { title?: string } }[]; matches?: { projectId: string; level: string }[]; results?: { id: string; level?: string; error?: unknown }[] };
const ctx = { ip: "127.0.0.1", cspNonce: "" };
let t: ReturnType<typeof createTestDb>;
let hiddenId: number;

beforeAll(async () => {
  resetSearchEngine();
  t = createTestDb();
  const p = (approvalNumber: string, title: string, extra: Partial<typeof projects.$inferInsert> = {}) =>
    t.db.insert(projects).values({ funder: "nssf", approvalNumber, title, year: 2014, discipline: "应用经济", ...extra }).run();
  p("14BJY001", "新型城镇化进程中农村土地流转机制研究", { piName: "张伟", institutionName: "湖南大学" });
  p("13BSH002", "农村留守儿童心理健康问题研究", { discipline: "社会学", year: 2013 });
  p("12AZD003", "长江经济带生态补偿机制研究——以湘江流域为例", { discipline: "应用经济", year: 2012, grade: "优秀" });
  t.db.insert(organisations).values({ kind: "thinkTank", name: "城镇化研究院", nameKey: "城镇化研究院" }).run();
  t.db.insert(people).values({ name: "李公开", identityKey: "李公开|", bio: "研究土地流转与城镇化", publicConsent: true, source: "portal" }).run();
  hiddenId = t.db.insert(people).values({ name: "王隐藏", identityKey: "王隐藏|", bio: "研究土地流转与城镇化", publicConsent: false, source: "portal" }).returning().get().id;
  const engine = new EmbeddedEngine(t.db.$client);
  await engine.ensureReady();
  for (const type of ["project", "person", "organisation"] as const) for (const b of allDocuments(t.db, type)) await engine.upsert(b);
  // the index claims the hidden expert is public: the database must still win
  await engine.upsert(personDocs(t.db, [hiddenId]).map((d) => ({ ...d, visibility: "public" as const })));
});
afterAll(() => {
  resetSearchEngine();
  t?.cleanup();
});

const get = async (route: { loader: (a: LoaderFunctionArgs) => unknown }, url: string) => {
  const r = (await route.loader({ request: new Request(`http://localhost${url}`), params: {}, context: ctx })) as Response | Record<string, unknown>;
  return r instanceof Response ? { status: r.status, body: (await r.json()) as Json } : { status: 200, body: r as Json };
};
const post = async (route: { action: (a: ActionFunctionArgs) => unknown }, url: string, body: BodyInit, headers: Record<string, string> = {}) => {
  const r = (await route.action({ request: new Request(`http://localhost${url}`, { method: "POST", body, headers }), params: {}, context: ctx })) as Response | Record<string, unknown>;
  return r instanceof Response ? { status: r.status, body: (await r.json()) as Json } : { status: 200, body: r as Json };
};

describe("global search", () => {
  it("finds projects, people and organisations with highlights, but not a hidden expert for an anonymous reader", async () => {
    const { body } = await get(searchPage, "/search?q=城镇化");
    const result = body.result as { hits: { id: string; type: string; highlights?: { title?: string } }[]; facets: Record<string, Record<string, number>> };
    const types = result.hits.map((h) => h.type);
    expect(types).toEqual(expect.arrayContaining(["project", "organisation", "person"]));
    expect(result.hits.find((h) => h.type === "project")?.highlights?.title).toContain("<mark>城镇化</mark>");
    expect(result.hits.map((h) => h.id)).not.toContain(`person:${hiddenId}`);
    expect(result.facets.type.project).toBe(1);
  });

  it("filters by type and facet, and answers an empty page without a query", async () => {
    const { body } = await get(searchPage, "/search?q=研究&type=project&discipline=社会学");
    const result = body.result as { hits: { id: string }[]; total: number };
    expect(result.hits).toHaveLength(1);
    expect(result.total).toBe(1);
    expect((await get(searchPage, "/search")).body.result).toBeNull();
  });

  it("the API answers the list envelope and rejects a bad page size", async () => {
    const ok = await get(apiSearch, "/api/v1/search?q=土地流转&type=project");
    expect(ok.status).toBe(200);
    expect(ok.body.data?.[0].title).toBe("新型城镇化进程中农村土地流转机制研究");
    expect(ok.body).toMatchObject({ page: 1, pageSize: 20, engine: "embedded", degraded: false });
    expect((await get(apiSearch, "/api/v1/search?q=x&pageSize=1000")).status).toBe(422);
  });
});

describe("duplicate check endpoints", () => {
  it("the live check answers JSON with matches and evidence", async () => {
    const { status, body } = await get(dedupCheck, `/dedup/check?text=${encodeURIComponent("新型城填化进程中乡村土地流转机制研究")}`);
    expect(status).toBe(200);
    expect(body.level).not.toBe("none");
    expect(body.matches?.[0].projectId).toBe("14BJY001");
    expect(await get(dedupCheck, "/dedup/check?text=")).toMatchObject({ status: 200, body: { level: "none", matches: [] } });
    expect((await get(dedupCheck, `/dedup/check?text=${"长".repeat(3000)}`)).status).toBe(422);
  });

  it("the page works without JavaScript: the form posts and the matches come back with what was typed", async () => {
    const form = new URLSearchParams({ text: "长江经济带生态补偿机制研究", person: "", institution: "" });
    const { body } = await post(dedupPage, "/dedup", form, { "content-type": "application/x-www-form-urlencoded" });
    expect((body.values as { text: string }).text).toBe("长江经济带生态补偿机制研究");
    const result = body.result as { level: string; matches: { projectId: string; level: string }[] };
    expect(result.matches[0]).toMatchObject({ projectId: "12AZD003", level: "duplicate" });
    const empty = await post(dedupPage, "/dedup", new URLSearchParams({ text: "  " }), { "content-type": "application/x-www-form-urlencoded" });
    expect((empty.body.errors as Record<string, string>).text).toContain("请填写题目");
  });

  it("the API checks one draft or a batch, and explains bad bodies in both languages", async () => {
    const one = await post(apiDedup, "/api/v1/dedup/check", JSON.stringify({ text: "农村留守儿童心理健康问题研究" }), { "content-type": "application/json" });
    expect(one.status).toBe(200);
    expect(one.body.matches?.[0]).toMatchObject({ projectId: "13BSH002", level: "duplicate" });
    // the answer is what the OpenAPI document says, to the field (unknown fields are errors here)
    const doc = openApiDocument as unknown as Spec;
    expect(validateSchema(doc.components.schemas.DedupResult, one.body, "$", true, doc)).toEqual([]);
    const batch = await post(apiDedup, "/api/v1/dedup/check", JSON.stringify({ items: [{ id: "a", text: "农村留守儿童心理健康研究" }, { id: "b" }] }), { "content-type": "application/json" });
    expect(batch.body.results?.map((r) => [r.id, r.level ?? "error"])).toEqual([
      ["a", "duplicate"],
      ["b", "error"],
    ]);
    const bad = await post(apiDedup, "/api/v1/dedup/check", "{not json", { "content-type": "application/json" });
    expect(bad.status).toBe(400);
    expect((bad.body.error as { message_en: string }).message_en).toContain("JSON");
  });
});
