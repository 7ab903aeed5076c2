import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isSearchError } from "#search/errors";
import { MeilisearchEngine, meiliKey, toMeiliFilter } from "#search/meilisearch/engine";
import { desiredSettings, synonymsMap } from "#search/meilisearch/settings";
import type { SearchDoc } from "#search/port";
import { startMeiliDouble, type MeiliDouble } from "../support/meili-double";
import { validateSchema } from "../support/openapi";

/**
 * The Meilisearch adapter against a local stand-in that answers as Meilisearch's published API
 * does. Every request and every response is checked against the OpenAPI description
 * (`double.violations` must stay empty).
 */

let double: MeiliDouble;
beforeAll(async () => {
  double = await startMeiliDouble();
});
afterAll(async () => {
  await double.stop();
});
beforeEach(() => {
  double.clearState();
  double.clearFaults();
  double.reset();
  double.answer = () => ({ keys: [] });
});
afterEach(() => {
  expect(double.violations).toEqual([]);
});

const engine = (over: Partial<ConstructorParameters<typeof MeilisearchEngine>[0]> = {}) =>
  new MeilisearchEngine({ url: double.url, adminKey: "admin-key", searchKey: "search-key", indexUid: "portal", taskPollMs: 5, taskTimeoutMs: 2000, ...over });

const project = (n: number, over: Partial<SearchDoc> = {}): SearchDoc => ({
  id: `project:${n}`,
  type: "project",
  entityId: String(n),
  title: `新型城镇化进程中的农民工市民化研究 ${n}`,
  people: ["张三"],
  peoplePinyin: ["zhangsan"],
  institution: "北京大学",
  funder: "nssf",
  year: 2015,
  ref: `15BSH00${n}`,
  visibility: "public",
  ...over,
});

describe("index settings", () => {
  it("creates the index and sends exactly the declared settings on first start", async () => {
    await engine().ensureReady();
    const acts = double.actions().map((r) => `${r.method} ${r.path}`);
    expect(acts).toEqual(["GET /indexes/portal/settings", "POST /indexes", "PATCH /indexes/portal/settings"]);
    expect(double.actions()[1].body).toEqual({ uid: "portal", primaryKey: "key" });
    const sent = double.actions()[2].body as Record<string, unknown>;
    expect(sent).toEqual({
      searchableAttributes: ["title", "subtitle", "keywords", "people", "peoplePinyin", "institution", "body", "outputs", "ref"],
      filterableAttributes: ["id", "type", "funder", "discipline", "category", "province", "grade", "year", "visibility", "personIds", "organisationId"],
      sortableAttributes: ["year"],
      rankingRules: ["words", "typo", "proximity", "attribute", "sort", "exactness"],
      localizedAttributes: [{ attributePatterns: ["title", "subtitle", "keywords", "people", "institution", "body", "outputs"], locales: ["cmn"] }],
      typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 6, twoTypos: 10 }, disableOnAttributes: ["ref"], disableOnNumbers: true },
      synonyms: synonymsMap(),
      stopWords: [],
    });
    expect((sent.synonyms as Record<string, string[]>)["城市化"]).toEqual(["城镇化"]);
    expect((sent.synonyms as Record<string, string[]>)["农民工"]).toEqual(["进城务工人员", "外来务工人员"]);
    // settings and index management use the admin key, never the search key
    expect(double.actions().every((r) => r.auth === "Bearer admin-key")).toBe(true);
    expect(double.indexes.get("portal")?.settings.searchableAttributes).toEqual(desiredSettings().searchableAttributes);
  });

  it("sends nothing on a second start when the server already holds the settings", async () => {
    await engine().ensureReady();
    double.reset();
    await engine().ensureReady();
    expect(double.actions().map((r) => `${r.method} ${r.path}`)).toEqual(["GET /indexes/portal/settings"]);
  });

  it("patches only the settings that drifted", async () => {
    await engine().ensureReady();
    const s = double.indexes.get("portal")!.settings;
    s.sortableAttributes = ["title", "year"];
    (s.typoTolerance as Record<string, unknown>).minWordSizeForTypos = { oneTypo: 5, twoTypos: 9 };
    double.reset();
    await engine().ensureReady();
    const patch = double.actions().find((r) => r.method === "PATCH");
    expect(patch?.body).toEqual({ sortableAttributes: ["year"], typoTolerance: desiredSettings().typoTolerance });
  });

  it("reports a failed settings task clearly instead of hanging", async () => {
    double.failNextTasks(1);
    const err = await engine().ensureReady().catch((e: unknown) => e);
    expect(isSearchError(err) && err.kind).toBe("task_failed");
    expect(isSearchError(err) && err.bilingual.zh).toContain("搜索索引");
  });

  it("gives up waiting for a task after MEILI_TASK_TIMEOUT_MS", async () => {
    double.taskDelayMs = 500;
    try {
      const err = await engine({ taskTimeoutMs: 100 }).ensureReady().catch((e: unknown) => e);
      expect(isSearchError(err) && err.kind).toBe("task_timeout");
    } finally {
      double.taskDelayMs = 0;
    }
  });
});

describe("documents", () => {
  it("sends documents with a Meilisearch-safe primary key and waits for the task", async () => {
    const e = engine();
    await e.upsert([project(1), project(2, { title: "数字经济" })]);
    const add = double.actions().find((r) => r.path === "/indexes/portal/documents")!;
    expect(add.method).toBe("POST");
    expect(add.query).toEqual({ primaryKey: "key" });
    expect(add.body).toEqual([
      { ...project(1), key: "project-1" },
      { ...project(2, { title: "数字经济" }), key: "project-2" },
    ]);
    expect(double.documents("portal")).toHaveLength(2);
    await e.remove(["project:1"]);
    const del = double.actions().find((r) => r.path === "/indexes/portal/documents/delete-batch")!;
    expect(del.body).toEqual(["project-1"]);
    expect(double.documents("portal").map((d) => d.id)).toEqual(["project:2"]);
  });

  it("escapes characters Meilisearch does not allow in ids", () => {
    expect(meiliKey("project:42")).toBe("project-42");
    expect(meiliKey("topic:a/b c")).toBe("topic-a_2f_b_20_c");
    expect(meiliKey("topic:a/b c")).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it("throws a clear error when the task fails, so the outbox keeps the rows", async () => {
    const e = engine();
    await e.ensureReady();
    double.failNextTasks(1);
    const err = await e.upsert([project(1)]).catch((x: unknown) => x);
    expect(isSearchError(err) && err.kind).toBe("task_failed");
    expect(isSearchError(err) && err.transient).toBe(false);
    expect(double.documents("portal")).toHaveLength(0);
  });

  it("counts documents per type and in all (0 before the index exists)", async () => {
    const e = engine();
    expect(await e.count()).toBe(0);
    expect(await e.count("project")).toBe(0);
    await e.upsert([project(1), project(2), { id: "person:1", type: "person", entityId: "1", title: "张三" }]);
    expect(await e.count()).toBe(3);
    expect(await e.count("project")).toBe(2);
    expect(await e.count("person")).toBe(1);
    expect(await e.count("organisation")).toBe(0);
  });
});

describe("queries", () => {
  it("maps filters, facets and highlighting to Meilisearch's parameters, with the search key", async () => {
    const e = engine();
    await e.upsert([project(1), project(2)]);
    double.answer = () => ({
      keys: ["project-2", "project-1"],
      scores: [0.93, 0.71],
      total: 2,
      formatted: { "project-2": { title: "新型\uE000城镇化\uE001进程 <script>x</script>", people: ["\uE000张三\uE001"] } },
      facetDistribution: { funder: { nssf: 2 }, year: { "2015": 2 } },
    });
    double.reset();
    const r = await e.search({
      q: "城镇化 农民工",
      filter: { type: "project", funder: ["nssf", "nsfc"], yearFrom: 2010, yearTo: 2020, excludeIds: ["project:9"] },
      facets: ["funder", "year"],
      highlight: true,
      limit: 10,
      offset: 0,
    });
    const req = double.actions().find((x) => x.path === "/indexes/portal/search")!;
    expect(req.auth).toBe("Bearer search-key");
    expect(req.body).toEqual({
      q: "城镇化 农民工",
      limit: 10,
      offset: 0,
      matchingStrategy: "all",
      showRankingScore: true,
      filter: ['type = "project"', 'funder IN ["nssf", "nsfc"]', "year >= 2010", "year <= 2020", 'id NOT IN ["project:9"]'],
      facets: ["funder", "year"],
      attributesToHighlight: ["title", "subtitle", "body", "people", "institution"],
      highlightPreTag: "\uE000",
      highlightPostTag: "\uE001",
      locales: ["cmn"],
    });
    expect(r.engine).toBe("meilisearch");
    expect(r.total).toBe(2);
    expect(r.hits.map((h) => [h.id, h.score])).toEqual([
      ["project:2", 0.93],
      ["project:1", 0.71],
    ]);
    expect(r.hits[0].doc).toEqual(project(2));
    // highlights are HTML-escaped, with <mark> only around the matches
    expect(r.hits[0].highlights?.title).toBe("新型<mark>城镇化</mark>进程 &lt;script&gt;x&lt;/script&gt;");
    expect(r.hits[0].highlights?.people).toBe("<mark>张三</mark>");
    expect(r.facets).toEqual({ funder: { nssf: 2 }, year: { "2015": 2 } });
  });

  it("asks for any-term matching with the frequency strategy, and only the requested fields", async () => {
    const e = engine();
    await e.ensureReady();
    double.reset();
    await e.search({ q: "zhangsan", matching: "any", fields: ["title", "people"] });
    const body = double.actions().find((x) => x.path === "/indexes/portal/search")!.body as Record<string, unknown>;
    expect(body.matchingStrategy).toBe("frequency");
    expect(body.attributesToSearchOn).toEqual(["title", "people", "peoplePinyin"]);
    // a Latin-script query is not forced to Chinese segmentation
    expect(body.locales).toBeUndefined();
  });

  it("sends the query normalised (full-width, traditional, control characters) and without generic words", async () => {
    const e = engine();
    await e.ensureReady();
    double.reset();
    await e.search({ q: "土地流轉\u0000 ＺＨＡＮＧＷＥＩ" });
    await e.search({ q: "新型城镇化进程中的农民工市民化研究" });
    await e.search({ q: "研究" });
    const firstAsked = double.actions().filter((x) => (x.body as { matchingStrategy: string }).matchingStrategy === "all");
    expect(firstAsked.map((x) => (x.body as { q: string }).q)).toEqual(["土地 流转 zhangwei", "新型 城镇化 进程 农民工 市民化", "研究"]);
  });

  it("asks again with Meilisearch's 'last' strategy when requiring every word finds nothing (a typo)", async () => {
    const e = engine();
    await e.upsert([project(1)]);
    double.answer = (_ix, body) => ({ keys: body.matchingStrategy === "last" ? ["project-1"] : [] });
    double.reset();
    const r = await e.search({ q: "新型城填化 农民工" });
    const sent = double.actions().filter((x) => x.path.endsWith("/search")).map((x) => (x.body as { matchingStrategy: string }).matchingStrategy);
    expect(sent).toEqual(["all", "last"]);
    expect(r.hits.map((h) => h.id)).toEqual(["project:1"]);
    // not for a second page, nor in recall mode, nor when only counts are asked for
    double.reset();
    await e.search({ q: "新型城填化 农民工", offset: 20 });
    await e.search({ q: "新型城填化 农民工", matching: "any" });
    await e.search({ q: "新型城填化 农民工", limit: 0, facets: ["type"] });
    expect(double.actions().filter((x) => x.path.endsWith("/search"))).toHaveLength(3);
  });

  it("quotes filter values so a quote in a value cannot change the filter", () => {
    expect(toMeiliFilter({ funder: 'a" OR type = "x' })).toEqual(['funder = "a\\" OR type = \\"x"']);
  });

  it("maps each fault to a clear, bilingual error", async () => {
    const e = engine();
    await e.ensureReady();
    double.failNext({ path: /search$/ }, 503);
    const five = await e.search({ q: "x" }).catch((x: unknown) => x);
    expect(isSearchError(five) && [five.kind, five.transient]).toEqual(["unavailable", true]);
    double.garbageNext({ path: /search$/ });
    const garbage = await e.search({ q: "x" }).catch((x: unknown) => x);
    expect(isSearchError(garbage) && [garbage.kind, garbage.transient]).toEqual(["bad_response", true]);
    const wrongKey = await engine({ searchKey: "nope" }).search({ q: "x" }).catch((x: unknown) => x);
    expect(isSearchError(wrongKey) && [wrongKey.kind, wrongKey.transient]).toEqual(["rejected", false]);
    expect(isSearchError(wrongKey) && wrongKey.bilingual.en).toMatch(/keys/);
  });
});

describe("rebuild", () => {
  it("builds <uid>_next with the settings, swaps it in and deletes the old index", async () => {
    const e = engine();
    await e.upsert([project(1), project(99, { title: "已删除的旧项目" })]);
    double.reset();
    const seen: string[] = [];
    const r = await e.rebuild([[project(1), project(2)], [project(3)]], { onTargetReady: (uid) => void seen.push(uid) });
    expect(r.documents).toBe(3);
    expect(seen).toEqual(["portal_next"]);
    const acts = double.actions().map((x) => `${x.method} ${x.path}`);
    expect(acts).toEqual([
      "DELETE /indexes/portal_next",
      "GET /indexes/portal_next/settings",
      "POST /indexes",
      "PATCH /indexes/portal_next/settings",
      "POST /indexes/portal_next/documents",
      "POST /indexes/portal_next/documents",
      "POST /swap-indexes",
      "DELETE /indexes/portal_next",
    ]);
    expect(double.actions().find((x) => x.path === "/swap-indexes")?.body).toEqual([{ indexes: ["portal", "portal_next"] }]);
    expect(double.documents("portal").map((d) => d.id).sort()).toEqual(["project:1", "project:2", "project:3"]);
    expect(double.indexes.has("portal_next")).toBe(false);
    expect(double.indexes.get("portal")?.settings.localizedAttributes).toEqual(desiredSettings().localizedAttributes);
  });
});

describe("a failed rebuild", () => {
  it("leaves the live index untouched when a batch's task fails", async () => {
    const e = engine({ batchSize: 1 });
    await e.upsert([project(1)]);
    double.reset();
    const live = double.documents("portal");
    let tasks = 0;
    const batches = async function* () {
      for (let i = 2; i < 8; i++) {
        // the fourth document's task fails, while others are in flight
        if (++tasks === 4) double.failNextTasks(1);
        yield [project(i)];
      }
    };
    const err = await e.rebuild(batches()).catch((x: unknown) => x);
    expect(isSearchError(err) && err.kind).toBe("task_failed");
    expect(double.requests.some((r) => r.path === "/swap-indexes")).toBe(false);
    expect(double.documents("portal")).toEqual(live);
  });
});

describe("the OpenAPI checks themselves", () => {
  it("catch a response that is not what the API documents", () => {
    expect(validateSchema({ $ref: "#/components/schemas/SummarizedTaskView" }, { taskUid: -1, status: "done" })).not.toEqual([]);
    expect(validateSchema({ $ref: "#/components/schemas/ResponseError" }, { message: "x", code: "internal", type: "internal", link: "l" })).toEqual([]);
  });
});
