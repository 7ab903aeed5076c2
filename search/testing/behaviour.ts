import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SearchDoc, SearchEngine } from "../port";

/**
 * The behaviour every search engine must show, run against the embedded engine and (by the
 * Meilisearch tests) against Meilisearch. `makeEngine` returns a fresh, empty engine.
 */

const project = (id: string, title: string, extra: Partial<SearchDoc> = {}): SearchDoc => ({
  id: `project:${id}`,
  type: "project",
  entityId: id,
  title,
  ref: id,
  funder: "nssf",
  visibility: "public",
  ...extra,
});

export const BEHAVIOUR_DOCS: SearchDoc[] = [
  project("14XSH008", "藏族天文历算的社会功能与文化价值研究", { people: ["张伟"], peoplePinyin: ["zhangwei", "zw"], institution: "西藏大学", year: 2014, discipline: "社会学", province: "西藏", grade: "良好" }),
  project("13BJY061", "新型城镇化进程中农村土地流转机制研究", { subtitle: "以湘江流域为例", people: ["李娜"], peoplePinyin: ["lina", "ln"], institution: "湖南大学", year: 2013, discipline: "应用经济", province: "湖南" }),
  project("12CJY020", "农村金融服务体系创新研究", { people: ["王芳"], peoplePinyin: ["wangfang", "wf"], institution: "西南财经大学", year: 2012, discipline: "应用经济", province: "四川", grade: "优秀" }),
  project("11BGL063", "公共就业培训绩效评估研究", { people: ["刘洋"], peoplePinyin: ["liuyang", "ly"], institution: "北京大学", year: 2011, discipline: "管理学", province: "北京" }),
  project("G0301", "国家自然科学基金管理项目：企业风险预警模型", { funder: "nsfc", people: ["陈静"], peoplePinyin: ["chenjing", "cj"], institution: "清华大学", year: 2016, discipline: "管理科学", province: "北京" }),
  {
    id: "person:7",
    type: "person",
    entityId: "7",
    title: "周杰",
    body: "长期研究乡村振兴与土地制度改革。",
    people: ["周杰"],
    peoplePinyin: ["zhoujie", "zj"],
    institution: "中国人民大学",
    visibility: "public",
  },
];

export function describeEngineBehaviour(name: string, makeEngine: () => Promise<{ engine: SearchEngine; cleanup?: () => Promise<void> | void }>): void {
  describe(`search engine behaviour: ${name}`, () => {
    let engine: SearchEngine;
    let cleanup: (() => Promise<void> | void) | undefined;
    beforeAll(async () => {
      ({ engine, cleanup } = await makeEngine());
      await engine.ensureReady();
      await engine.upsert(BEHAVIOUR_DOCS);
    });
    afterAll(async () => {
      await cleanup?.();
    });
    const ids = async (q: Parameters<SearchEngine["search"]>[0]) => (await engine.search(q)).hits.map((h) => h.id);

    it("finds Chinese words inside titles", async () => {
      expect(await ids({ q: "土地流转" })).toEqual(["project:13BJY061"]);
      expect((await ids({ q: "天文历算" }))[0]).toBe("project:14XSH008");
    });

    it("reads traditional characters and full-width text as simplified", async () => {
      expect(await ids({ q: "土地流轉" })).toContain("project:13BJY061");
      expect(await ids({ q: "ＺＨＡＮＧＷＥＩ" })).toContain("project:14XSH008");
    });

    it("finds people by pinyin, full or initials", async () => {
      expect(await ids({ q: "zhangwei" })).toContain("project:14XSH008");
      expect(await ids({ q: "zhoujie" })).toContain("person:7");
    });

    it("survives a typo (城填 for 城镇)", async () => {
      expect((await ids({ q: "新型城填化 土地流转" }))[0]).toBe("project:13BJY061");
    });

    it("finds synonyms (乡村 ↔ 农村)", async () => {
      expect(await ids({ q: "乡村金融服务" })).toContain("project:12CJY020");
    });

    it("searches subtitles", async () => {
      expect(await ids({ q: "湘江流域" })).toContain("project:13BJY061");
    });

    it("ranks a title match above a body match", async () => {
      const hits = await ids({ q: "土地" });
      expect(hits.indexOf("project:13BJY061")).toBeLessThan(hits.indexOf("person:7"));
    });

    it("filters by type, funder, discipline, province and year range", async () => {
      expect(await ids({ q: "天文历算", filter: { type: "person" } })).toEqual([]);
      expect(await ids({ q: "土地", filter: { type: "person" } })).toEqual(["person:7"]);
      expect(await ids({ q: "", filter: { funder: "nsfc" } })).toEqual(["project:G0301"]);
      expect(await ids({ q: "", filter: { discipline: "应用经济", yearFrom: 2013 } })).toEqual(["project:13BJY061"]);
      expect(await ids({ q: "", filter: { province: ["北京"], type: "project" } })).toHaveLength(2);
      expect(await ids({ q: "研究", filter: { excludeIds: ["project:13BJY061"] } })).not.toContain("project:13BJY061");
    });

    it("counts facets over the matching documents", async () => {
      const r = await engine.search({ q: "", filter: { type: "project" }, facets: ["funder", "discipline"] });
      expect(r.facets?.funder).toEqual({ nssf: 4, nsfc: 1 });
      expect(r.facets?.discipline?.["应用经济"]).toBe(2);
    });

    it("highlights matches in the original text, HTML-escaped", async () => {
      const r = await engine.search({ q: "土地流转", highlight: true });
      expect(r.hits[0].highlights?.title).toContain("<mark>");
      expect(r.hits[0].highlights?.title?.replace(/<\/?mark>/g, "")).toBe("新型城镇化进程中农村土地流转机制研究");
      await engine.upsert([project("X1", "<script>alert(1)</script>土地")]);
      const x = await engine.search({ q: "土地", highlight: true, filter: { excludeIds: ["project:13BJY061", "person:7"] } });
      expect(x.hits[0].highlights?.title).toBe("&lt;script&gt;alert(1)&lt;/script&gt;<mark>土地</mark>");
      await engine.remove(["project:X1"]);
    });

    it("treats query syntax as plain text", async () => {
      for (const q of ['"', "AND OR NOT", "土地 NEAR(流转)", "title:土地", "*", "(((", "^", "-土地"]) {
        const r = await engine.search({ q });
        expect(Array.isArray(r.hits)).toBe(true);
      }
    });

    it("paginates with a stable total", async () => {
      const all = await engine.search({ q: "", limit: 100 });
      const p1 = await engine.search({ q: "", limit: 2, offset: 0 });
      const p2 = await engine.search({ q: "", limit: 2, offset: 2 });
      expect(p1.total).toBe(all.total);
      expect([...p1.hits, ...p2.hits].map((h) => h.id)).toEqual(all.hits.slice(0, 4).map((h) => h.id));
    });

    it("matches any term in recall mode, restricted to fields when asked", async () => {
      const any = await ids({ q: "农村金融 公共就业", matching: "any" });
      expect(any).toEqual(expect.arrayContaining(["project:12CJY020", "project:11BGL063"]));
      expect(await ids({ q: "西藏大学", matching: "any", fields: ["title", "subtitle"] })).toEqual([]);
    });

    it("upserts idempotently and deletes", async () => {
      const before = await engine.count();
      await engine.upsert([BEHAVIOUR_DOCS[3], BEHAVIOUR_DOCS[3]]);
      expect(await engine.count()).toBe(before);
      await engine.upsert([{ ...BEHAVIOUR_DOCS[3], title: "公共就业服务质量评估研究" }]);
      expect(await ids({ q: "质量评估" })).toEqual(["project:11BGL063"]);
      expect(await ids({ q: "绩效" })).not.toContain("project:11BGL063");
      await engine.remove(["project:11BGL063", "project:nope"]);
      expect(await engine.count()).toBe(before - 1);
      expect(await ids({ q: "公共就业" })).toEqual([]);
      await engine.upsert([BEHAVIOUR_DOCS[3]]);
      expect(await engine.count("project")).toBe(5);
    });
  });
}
