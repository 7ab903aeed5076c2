import fs from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/client";
import { BatchFormatError, parseJsonl, parseXlsx } from "#search/dedup/batch";
import { batchReportXlsx, checkBatch } from "#search/dedup/batch-check";
import { checkText } from "#search/dedup/check";
import { features, novelty, prepareTitle } from "#search/dedup/features";
import { IdfTable } from "#search/dedup/idf";
import { thresholds, titleScore } from "#search/dedup/model";
import { EmbeddedEngine } from "#search/embedded/engine";
import type { SearchDoc } from "#search/port";
import { splitSubtitle } from "#search/text/subtitle";
import { createTestDb, SHARED_DIR } from "../support/db";

/** Golden cases built at run time from real archive titles: typo, subtitle, reordered phrases, synonyms. */
type Row = { id: string; title: string; person: string; institution: string; results: string[] };
let rows: Row[] = [];
let t: ReturnType<typeof createTestDb>;
let db: Db;
let engine: EmbeddedEngine;
let idf: IdfTable;

const pick = (pred: (title: string) => boolean) => {
  const r = rows.find((x) => pred(x.title));
  if (!r) throw new Error("no archive title fits this golden case");
  return r;
};

beforeAll(async () => {
  const csv = parse(fs.readFileSync(path.join(SHARED_DIR, "data/nssf-projects.csv")), { columns: true, bom: true, relax_column_count: true }) as Record<string, string>[];
  const seen = new Map<string, Row>();
  for (const r of csv) {
    const id = r["项目批准号"];
    if (!id) continue;
    let row = seen.get(id);
    if (!row) {
      row = { id, title: r["项目名称"], person: r["项目负责人"], institution: r["工作单位"], results: [] };
      seen.set(id, row);
      rows.push(row);
    }
    const result = r["成果名称"]?.trim();
    if (result && !row.results.includes(result)) row.results.push(result);
  }
  // the first 12,000 projects are older and rarely list results: add 1,500 completed ones that do
  rows = [...new Set(rows.slice(0, 12000).concat(rows.filter((r) => r.title.includes("城填")), rows.slice(12000).filter((r) => r.results.length).slice(0, 1500)))];
  t = createTestDb();
  db = t.db;
  engine = new EmbeddedEngine(db.$client);
  await engine.ensureReady();
  const docs: SearchDoc[] = rows.map((r) => {
    const { main, subtitle } = splitSubtitle(r.title);
    return { id: `project:${r.id}`, type: "project", entityId: r.id, title: main, subtitle, ref: r.id, people: [r.person], institution: r.institution, funder: "nssf", outputs: r.results };
  });
  await engine.upsert(docs);
  idf = IdfTable.fromTitles(rows.map((r) => r.title));
});
afterAll(() => t?.cleanup());

const check = (text: string, extra: Partial<Parameters<typeof checkText>[2]> = {}) => checkText(db, engine, { text, ...extra }, { idf });

describe("golden duplicate cases from real archive titles", () => {
  it("a typo (城填 ↔ 城镇) still finds the project and flags it", async () => {
    const src = pick((x) => x.includes("城镇化") && x.length < 24);
    const r = await check(src.title.replace("城镇", "城填"));
    expect(r.matches[0].projectId).toBe(src.id);
    expect(r.matches[0].level).not.toBe("none");
    const archived = pick((x) => x.includes("城填"));
    const r2 = await check(archived.title.replace("城填", "城镇"));
    expect(r2.matches[0].projectId).toBe(archived.id);
    expect(r2.level).not.toBe("none");
  });

  it("the same topic with or without a case subtitle is a duplicate", async () => {
    const src = pick((x) => /——以.+为例$/.test(x) && splitSubtitle(x).main.length >= 10);
    const main = splitSubtitle(src.title).main;
    const r = await check(main);
    expect(r.matches[0].projectId).toBe(src.id);
    expect(r.matches[0].level).toBe("duplicate");
    const r2 = await check(`${main}——以长三角城市群为例`);
    expect(r2.matches[0].projectId).toBe(src.id);
    expect(r2.matches[0].level).not.toBe("none");
  });

  it("reordered phrases (A与B → B与A) are flagged", async () => {
    const src = pick((x) => /^[^与—]{4,12}与[^与—]{4,12}研究$/.test(x));
    const m = /^(.+)与(.+)研究$/.exec(src.title)!;
    const r = await check(`${m[2]}与${m[1]}研究`);
    expect(r.matches[0].projectId).toBe(src.id);
    expect(r.matches[0].level).not.toBe("none");
  });

  it("synonyms (农村 → 乡村) are flagged, and generic word swaps (研究 → 问题探析) too", async () => {
    const src = pick((x) => x.includes("农村") && x.endsWith("研究") && x.length >= 12 && x.length < 22);
    const r = await check(src.title.replace(/农村/g, "乡村").replace(/研究$/, "问题探析"));
    expect(r.matches[0].projectId).toBe(src.id);
    expect(r.matches[0].level).not.toBe("none");
  });

  it("an unrelated topic is not flagged", async () => {
    const r = await check("量子计算芯片低温散热材料设计");
    expect(r.level).toBe("none");
  });

  it("shows the evidence: shared phrases marked on both sides, same person and institution", async () => {
    const src = pick((x) => x.includes("农村") && x.length >= 12 && x.length < 22);
    const r = await check(src.title, { person: src.person, institution: src.institution });
    const m = r.matches[0];
    expect(m.projectId).toBe(src.id);
    expect(m.score).toBeGreaterThan(0.9);
    expect(m.score).toBeLessThanOrEqual(1);
    expect(m.evidence.samePerson).toBe(src.person);
    expect(m.evidence.sameInstitution).toBe(src.institution);
    expect(m.evidence.queryHtml).toContain("<mark>");
    expect(m.evidence.matchHtml).toContain("<mark>");
    expect(m.evidence.sharedPhrases.length).toBeGreaterThan(0);
  });

  it("ranks at most ten matches, best first, and honours excludeIds", async () => {
    const src = pick((x) => x.includes("农村") && x.length >= 12);
    const r = await check(src.title);
    expect(r.matches.length).toBeLessThanOrEqual(10);
    expect(r.matches.map((m) => m.score)).toEqual([...r.matches.map((m) => m.score)].sort((a, b) => b - a));
    const r2 = await check(src.title, { excludeIds: [`project:${src.id}`] });
    expect(r2.matches.map((m) => m.projectId)).not.toContain(src.id);
  });
});

describe("drafts compared with what projects produced (成果)", () => {
  /** a project whose published result is titled quite unlike the project itself */
  const withResult = () => {
    for (const r of rows)
      for (const res of r.results) {
        const len = Array.from(res).length;
        if (len < 10 || len > 30 || /[a-z]/i.test(res) || res.includes("——")) continue;
        if (titleScore(features(prepareTitle(res), prepareTitle(r.title), idf)) < 0.2) return { row: r, result: res };
      }
    throw new Error("no project with a differently titled result");
  };

  it("a draft equal to a project's result title is flagged as a duplicate of that project, with the result as evidence", async () => {
    const { row, result } = withResult();
    const r = await check(result);
    const m = r.matches[0];
    expect(m.projectId).toBe(row.id);
    expect(m.level).toBe("duplicate");
    expect(m.evidence.matchedResult).toBe(result);
    expect(m.evidence.resultNote).toEqual({ zh: `与该项目成果《${result}》相同`, en: `matches the project's result 《${result}》` });
    expect(m.evidence.resultHtml).toContain("<mark>");
    expect(m.evidence.outputs[0]).toBe(result);
    // the project's own title is still what names the match
    expect(m.title).toBe(row.title.replace(/\s*——\s*/, "——"));
  });

  it("a reworded result title is flagged too, said to resemble the result", async () => {
    const { row, result } = withResult();
    const r = await check(`${result.replace(/研究$/, "")}问题探析`);
    const m = r.matches.find((x) => x.projectId === row.id);
    expect(m?.level).not.toBe("none");
    expect(m?.evidence.resultNote?.zh).toBe(`与该项目成果《${result}》相似`);
  });

  it("reading titles only, the same draft does not flag that project: the result is what connects them", async () => {
    const { row, result } = withResult();
    const r = await checkText(db, engine, { text: result }, { idf, useResults: false });
    const m = r.matches.find((x) => x.projectId === row.id);
    expect(m?.level ?? "none").toBe("none");
    expect(m?.evidence.matchedResult).toBeUndefined();
  });

  it("a novel draft is not flagged by any project's results", async () => {
    for (const text of ["量子计算芯片低温散热材料设计", "生成式人工智能大模型训练数据的著作权合理使用规则"]) {
      const r = await check(text);
      expect(r.level).toBe("none");
      expect(r.matches.filter((m) => m.evidence.matchedResult && m.level !== "none")).toEqual([]);
    }
  });
});

describe("similarity model", () => {
  it("scores identical titles above the duplicate threshold, unrelated ones far below the similar one, and either order alike", () => {
    const a = prepareTitle("农村土地流转机制研究");
    expect(features(a, a, idf).dice).toBeCloseTo(1);
    expect(titleScore(features(a, a, idf))).toBeGreaterThan(thresholds({}).duplicate);
    expect(titleScore(features(a, prepareTitle("明清小说版本考"), idf))).toBeLessThan(thresholds({}).similar / 3);
    const b = prepareTitle("乡村土地流转机制问题探析");
    expect(titleScore(features(a, b, idf))).toBeCloseTo(titleScore(features(b, a, idf)), 1);
  });

  it("weighs what the draft has and the candidate lacks: a draft about something new in an old field scores lower, a copy does not", () => {
    const field = prepareTitle("城市社区治理模式研究");
    const fresh = prepareTitle("城市社区'网格员'队伍职业化与治理模式研究");
    const copy = prepareTitle("城市社区治理模式研究");
    // a copy lacks nothing: the term adds nothing, so identical titles stay duplicates
    expect(novelty(copy, field, idf)).toEqual({ quoteMiss: 0, newMiss: 0, rareMiss: 0 });
    const n = novelty(fresh, field, idf);
    expect(n.quoteMiss).toBe(1);
    expect(n.rareMiss).toBeGreaterThan(0.3);
    // asymmetric: the short title read as the draft lacks nothing of the long one's words it has
    expect(novelty(field, fresh, idf).rareMiss).toBe(0);
    expect(titleScore(features(fresh, field, idf), n)).toBeLessThan(titleScore(features(fresh, field, idf)));
    expect(titleScore(features(copy, field, idf), novelty(copy, field, idf))).toBeGreaterThan(thresholds({}).duplicate);
    // a quoted term the candidate does contain is no evidence of novelty
    expect(novelty(fresh, prepareTitle("社区'网格员'队伍建设研究"), idf).quoteMiss).toBe(0);
  });

  it("reads thresholds from the environment, ignoring nonsense", () => {
    expect(thresholds({ DEDUP_DUPLICATE_THRESHOLD: "0.9", DEDUP_SIMILAR_THRESHOLD: "0.6" })).toEqual({ duplicate: 0.9, similar: 0.6 });
    const d = thresholds({});
    expect(thresholds({ DEDUP_DUPLICATE_THRESHOLD: "abc", DEDUP_SIMILAR_THRESHOLD: "7" })).toEqual(d);
    expect(thresholds({ DEDUP_DUPLICATE_THRESHOLD: "0.5", DEDUP_SIMILAR_THRESHOLD: "0.8" }).similar).toBe(0.5);
  });
});

describe("bad input", () => {
  it("empty or punctuation-only text gives no matches", async () => {
    for (const text of ["", "   ", "——？！", "\u0000\u0007"]) expect(await check(text)).toMatchObject({ level: "none", matches: [] });
  });

  it("100k characters are checked quickly, not refused with a crash", async () => {
    const long = rows[5].title + "农村发展".repeat(25_000);
    const started = Date.now();
    const r = await check(long);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(Array.isArray(r.matches)).toBe(true);
  });

  it("emoji and control characters do not break a check", async () => {
    const src = pick((x) => x.includes("农村") && x.length >= 12);
    const r = await check(`🚀${src.title}\u0007\u200b😀`);
    expect(r.matches[0].projectId).toBe(src.id);
  });

  it("JSONL with broken lines: each reported by line, the rest processed", async () => {
    const b = parseJsonl(['{"id":"a","text":"农村土地流转机制研究"}', "{broken", "", '{"id":"c"}', '{"id":"d","text":"城镇化与农民工","person":"张三"}', "[1,2]"].join("\n"));
    expect(b.items.map((i) => [i.id, i.line])).toEqual([
      ["a", 1],
      ["d", 5],
    ]);
    expect(b.errors.map((e) => e.line)).toEqual([2, 4, 6]);
    expect(b.errors[0].error.zh).toContain("第 2 行");
    expect(b.errors[0].error.en).toContain("line 2");
    const { results, errors } = await checkBatch(db, engine, b);
    expect(results).toHaveLength(2);
    expect(errors).toHaveLength(3);
  });

  it("a spreadsheet without a title column is refused with a bilingual message", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("s").addRows([
      ["名字", "年龄"],
      ["张三", 3],
    ]);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    await expect(parseXlsx(buf)).rejects.toBeInstanceOf(BatchFormatError);
    await expect(parseXlsx(Buffer.from("not a zip"))).rejects.toBeInstanceOf(BatchFormatError);
  });

  it("a spreadsheet batch finds duplicates within itself and in the archive, and the report lists them per topic", async () => {
    const src = pick((x) => x.includes("农村") && x.length >= 12);
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("topics").addRows([["编号", "题目", "负责人"], ["T1", src.title, ""], ["T2", src.title.replace(/农村/g, "乡村"), ""], ["T3", "量子计算芯片低温散热材料设计", ""], ["T4", "", "李四"]]);
    const batch = await parseXlsx(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(batch.items.map((i) => i.id)).toEqual(["T1", "T2", "T3"]);
    expect(batch.errors.map((e) => e.line)).toEqual([5]);
    const { results, errors } = await checkBatch(db, engine, batch);
    expect(results[0].peers.map((p) => p.id)).toContain("T2");
    expect(results[0].matches[0].projectId).toBe(src.id);
    expect(results[2].level).toBe("none");
    const report = new ExcelJS.Workbook();
    await report.xlsx.load((await batchReportXlsx(results, errors)) as unknown as ArrayBuffer);
    const sheet = report.worksheets[0];
    const values = sheet.getSheetValues().flat().map(String).join("|");
    expect(values).toContain("T2");
    expect(values).toContain(src.id);
    expect(report.worksheets[1].name).toContain("Errors");
  });
});
