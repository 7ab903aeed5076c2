import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { defaultReadLimits } from "#db/importers/archive-read";
import { importRowIssues, importRuns, organisations, people, projectOutputs, projects } from "#db/schema";
import { personIdentityKey } from "#db/text";
import { anonymous, systemActor } from "~/features/access/actor";
import { runArchiveImport, type ImportOutcome } from "~/features/archive/import.server";
import { reportCsv } from "~/features/archive/report.server";
import { createTestDb, SHARED_DIR } from "../support/db";

const NSSF = path.join(SHARED_DIR, "data/nssf-projects.csv");
const NSFC = path.join(SHARED_DIR, "data/nsfc-management-projects.csv");
const actor = systemActor("test");

/** Data rows of a CSV counted independently of the importer (csv-parse, header excluded). */
const countDataRows = (file: string) => (parse(fs.readFileSync(file), { bom: true, relax_column_count: true }) as string[][]).length - 1;

function ok(o: ImportOutcome): Extract<ImportOutcome, { ok: true }> {
  if (!o.ok) throw new Error(`import refused: ${o.zh} / ${o.en}`);
  return o;
}
function refused(o: ImportOutcome): Extract<ImportOutcome, { ok: false }> {
  if (o.ok) throw new Error("the import should have been refused");
  return o;
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "archive-files-"));
const NSSF_HEADER = ["项目批准号", "项目类别", "学科分类", "项目名称", "立项时间", "项目负责人", "专业职务", "工作单位", "单位类别", "所在省区市", "所属系统", "成果名称", "成果形式", "成果等级", "结项时间", "结项证书号", "出版社", "出版时间", "作者", "获奖情况"];
const nssfRow = (o: Partial<Record<(typeof NSSF_HEADER)[number], string>>) => NSSF_HEADER.map((h) => o[h] ?? "");

describe("importing the real archives", () => {
  let t: ReturnType<typeof createTestDb>;
  let nssf: Extract<ImportOutcome, { ok: true }>;
  let nsfc: Extract<ImportOutcome, { ok: true }>;
  beforeAll(async () => {
    t = createTestDb();
    nssf = ok(await runArchiveImport(t.db, actor, { file: NSSF, format: "nssf", fileName: "nssf-projects.csv" }));
    nsfc = ok(await runArchiveImport(t.db, actor, { file: NSFC, format: "nsfc", fileName: "nsfc-management-projects.csv" }));
  }, 180_000);
  afterAll(() => t.cleanup());

  it("accounts for every data row of the NSSF file: imported + merged + rejected = rows", () => {
    const rows = countDataRows(NSSF);
    expect(rows).toBe(62_580);
    const s = nssf.summary;
    expect(s.totalRows).toBe(rows);
    expect(s.imported + s.merged + s.rejected).toBe(rows);
    const run = t.db.select().from(importRuns).where(eq(importRuns.id, s.runId)).get()!;
    expect(run).toMatchObject({ status: "done", totalRows: rows, imported: s.imported, merged: s.merged, rejected: s.rejected, encoding: "utf-8" });
    const rejectedInDb = t.db.select().from(importRowIssues).where(eq(importRowIssues.runId, s.runId)).all().filter((i) => i.outcome === "rejected");
    expect(rejectedInDb).toHaveLength(s.rejected);
    expect(t.db.$client.prepare("select count(*) n from projects where funder = 'nssf'").get()).toEqual({ n: s.imported });
  });

  it("accounts for every data row of the NSFC file", () => {
    const rows = countDataRows(NSFC);
    expect(rows).toBe(17_926);
    const s = nsfc.summary;
    expect(s.totalRows).toBe(rows);
    expect(s.imported + s.merged + s.rejected).toBe(rows);
  });

  it("merges a repeated approval number into one project with its results, the corrected title winning", () => {
    const rows = t.db.select().from(projects).where(eq(projects.approvalNumber, "13AZD079")).all();
    expect(rows).toHaveLength(1);
    const p = rows[0];
    expect(p.title).toBe("应对气候变暖、保障农产品安全的生产转型研究");
    expect(p.formerTitles).toEqual(["应对气候变暖、保障农产品安全的生产转型调研报告"]);
    expect(p).toMatchObject({ category: "重点项目", approvedOn: "2013-11-01", grade: "免于鉴定", completedOn: "2016-07-21", certificateNumber: "20161078", year: 2013 });
    const outputs = t.db.select().from(projectOutputs).where(eq(projectOutputs.projectId, p.id)).all();
    expect(outputs.map((o) => o.title)).toEqual(["应对气候变暖、保障农产品安全的生成转型研究"]);
    expect(outputs[0]).toMatchObject({ form: "研报", grade: "免于鉴定", awards: "阶段成果获省哲社优秀成果三等奖" });
    // the report says which rows were merged into it
    const lines = nssf.rows.filter((r) => r.approvalNumber === "13AZD079");
    expect(lines.map((r) => r.result)).toEqual(["imported", "merged"]);
  });

  it("rejects rows without a title, repeated header lines and blank rows with their physical line", () => {
    const byLine = new Map(nssf.rows.filter((r) => r.result === "rejected").map((r) => [r.line, r.reason]));
    // line 20351 of the file: a 重大项目 row of 白健远 without a title
    expect(fs.readFileSync(NSSF, "utf8").split("\n")[20350]).toContain("白健远");
    expect(byLine.get(20351)).toMatch(/缺少项目名称 \/ No project title/);
    expect([...byLine.values()].filter((r) => /repeated header/.test(r ?? ""))).toHaveLength(2);
  });

  it("gives rows without approval number a stable synthetic one and notes it; 0000-00-00 dates become empty with a note", () => {
    const noApp = nssf.rows.filter((r) => r.approvalNumber?.startsWith("NOAPP-"));
    expect(noApp.length).toBeGreaterThan(1000);
    expect(noApp[0].notes.some((n) => /缺少批准号/.test(n.zh))).toBe(true);
    const zero = nssf.rows.find((r) => r.approvalNumber === "13CZJ016" && r.result === "merged")!;
    expect(zero.notes.map((n) => n.en).join(";")).toMatch(/approval date 0000-00-00 stored as empty/);
    const p = t.db.select().from(projects).where(eq(projects.approvalNumber, "13CZJ016")).get()!;
    expect(p.approvedOn).toBe("2013-06-10");
  });

  it("normalises institution-type and province labels", () => {
    const types = (t.db.$client.prepare("select distinct institution_type v from projects where institution_type like '%985%'").all() as { v: string }[]).map((r) => r.v);
    expect(types).toContain("211、985");
    expect(types).not.toContain("985大学、211大学");
    expect(types).not.toContain("211大学、985大学");
    const provinces = (t.db.$client.prepare("select distinct province v from projects").all() as { v: string | null }[]).map((r) => r.v);
    expect(provinces).toContain("山东");
    expect(provinces).not.toContain("山东省");
    expect(provinces).not.toContain("湖北武汉");
  });

  it("links a PI who appears in both archives to ONE person, and their institution to one organisation", () => {
    const key = personIdentityKey("吴刚涛", "江西财经大学");
    const found = t.db.select().from(people).where(eq(people.identityKey, key)).all();
    expect(found).toHaveLength(1);
    expect(found[0].source).toBe("archive");
    const funders = (t.db.$client.prepare("select distinct funder from projects where pi_person_id = ? order by funder").all(found[0].id) as { funder: string }[]).map((r) => r.funder);
    expect(funders).toEqual(["nsfc", "nssf"]);
    const orgs = t.db.select().from(organisations).where(eq(organisations.name, "江西财经大学")).all();
    expect(orgs).toHaveLength(1);
    expect(orgs[0].kind).toBe("institution");
    const orgFunders = t.db.$client.prepare("select count(distinct funder) n from projects where institution_id = ?").get(orgs[0].id);
    expect(orgFunders).toEqual({ n: 2 });
    // hundreds of such people exist in the two files
    const both = t.db.$client
      .prepare("select count(*) n from (select pi_person_id from projects where pi_person_id is not null group by pi_person_id having count(distinct funder) = 2)")
      .get() as { n: number };
    expect(both.n).toBeGreaterThan(500);
  });

  it("queues every created project, person and institution for the search index in the same transaction", () => {
    const counts = Object.fromEntries(
      (t.db.$client.prepare("select entity_type t, count(*) n from search_outbox group by entity_type").all() as { t: string; n: number }[]).map((r) => [r.t, r.n]),
    );
    expect(counts.project).toBe(nssf.summary.projectsCreated + nsfc.summary.projectsCreated);
    expect(counts.person).toBe(nssf.summary.peopleCreated + nsfc.summary.peopleCreated);
    const audit = t.db.$client.prepare("select count(*) n from audit_log where action = 'archive.import' and result = 'ok'").get();
    expect(audit).toEqual({ n: 2 });
  });

  it("is idempotent: re-running a file creates nothing, reports rows as merged and queues nothing", async () => {
    const before = t.db.$client.prepare("select (select count(*) from projects) p, (select count(*) from project_outputs) o, (select count(*) from people) pe, (select count(*) from organisations) org, (select count(*) from search_outbox) q").get();
    const again = ok(await runArchiveImport(t.db, actor, { file: NSSF, format: "nssf", fileName: "nssf-projects.csv" }));
    const after = t.db.$client.prepare("select (select count(*) from projects) p, (select count(*) from project_outputs) o, (select count(*) from people) pe, (select count(*) from organisations) org, (select count(*) from search_outbox) q").get();
    expect(after).toEqual(before);
    expect(again.summary).toMatchObject({ imported: 0, rejected: nssf.summary.rejected, merged: nssf.summary.imported + nssf.summary.merged, projectsUpdated: 0, outputsWritten: 0 });
    expect(again.summary.projectsUnchanged).toBe(nssf.summary.projectsCreated);
    const p = t.db.select().from(projects).where(eq(projects.approvalNumber, "13AZD079")).get()!;
    expect(p.formerTitles).toEqual(["应对气候变暖、保障农产品安全的生产转型调研报告"]);
  }, 120_000);

  it("writes a downloadable report with a UTF-8 BOM listing rejected lines", () => {
    const csv = reportCsv(t.db, nssf.summary.runId)!;
    expect(csv.startsWith("\ufeff")).toBe(true);
    const rows = parse(csv, { bom: true }) as string[][];
    expect(rows[0]).toEqual(["line", "outcome", "reason", "raw"]);
    expect(rows.filter((r) => r[1] === "rejected")).toHaveLength(nssf.summary.rejected);
    expect(rows.find((r) => r[0] === "20351")?.[2]).toMatch(/No project title/);
  });
});

describe("importing files that are not quite right", () => {
  let t: ReturnType<typeof createTestDb>;
  let dir: string;
  beforeEach(() => {
    t = createTestDb();
    dir = tmp();
  });
  afterEach(() => {
    t.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const projectCount = () => (t.db.$client.prepare("select count(*) n from projects").get() as { n: number }).n;

  /** The first n data records of the real NSSF file, as CSV text. */
  const sample = (n: number) => {
    const rows = parse(fs.readFileSync(NSSF), { bom: true, to_line: n + 1 }) as string[][];
    return stringify(rows);
  };

  it("reads a GBK-encoded file the same as its UTF-8 original", async () => {
    const text = sample(200);
    const utf8 = path.join(dir, "sample-utf8.csv");
    const gbk = path.join(dir, "sample-gbk.csv");
    fs.writeFileSync(utf8, text);
    fs.writeFileSync(gbk, iconv.encode(text, "gbk"));
    const a = ok(await runArchiveImport(t.db, actor, { file: gbk, format: "nssf", fileName: "sample-gbk.csv" }));
    expect(a.summary.encoding).toBe("gb18030");
    expect(a.summary.totalRows).toBe(200);
    expect(a.summary.imported).toBe(200);
    const titlesGbk = (t.db.$client.prepare("select approval_number, title, pi_name, institution_name from projects order by approval_number").all() as unknown[]);
    // the UTF-8 original changes nothing: same projects, same text
    const b = ok(await runArchiveImport(t.db, actor, { file: utf8, format: "nssf", fileName: "sample-utf8.csv" }));
    expect(b.summary).toMatchObject({ encoding: "utf-8", imported: 0, merged: 200, projectsUpdated: 0 });
    expect(t.db.$client.prepare("select approval_number, title, pi_name, institution_name from projects order by approval_number").all()).toEqual(titlesGbk);
    expect(t.db.select().from(projects).where(eq(projects.approvalNumber, "17ADJ001")).get()?.title).toBe("中国共产党学习理论的创新发展与体系建构研究");
  });

  it("reads a UTF-8 file with a BOM", async () => {
    const f = path.join(dir, "bom.csv");
    fs.writeFileSync(f, `\ufeff${sample(5)}`);
    const o = ok(await runArchiveImport(t.db, actor, { file: f, format: "nssf", fileName: "bom.csv" }));
    expect(o.summary).toMatchObject({ encoding: "utf-8", totalRows: 5, imported: 5 });
  });

  it("refuses a file whose required columns are missing or renamed, naming them, and writes nothing but the failed run", async () => {
    const f = path.join(dir, "renamed.csv");
    const rows = parse(sample(10)) as string[][];
    rows[0][rows[0].indexOf("项目名称")] = "题目";
    rows[0][rows[0].indexOf("工作单位")] = "机构";
    fs.writeFileSync(f, stringify(rows));
    const o = refused(await runArchiveImport(t.db, actor, { file: f, format: "nssf", fileName: "renamed.csv" }));
    expect(o.code).toBe("missing_columns");
    expect(o.missing).toEqual(["项目名称", "工作单位"]);
    expect(o.zh).toMatch(/缺少必需的列：项目名称、工作单位/);
    expect(o.en).toMatch(/Required columns missing: 项目名称, 工作单位/);
    expect(projectCount()).toBe(0);
    const run = t.db.select().from(importRuns).where(eq(importRuns.id, o.runId)).get()!;
    expect(run.status).toBe("failed");
    expect(run.error).toMatch(/项目名称/);
    expect(reportCsv(t.db, o.runId)).toMatch(/status=failed/);
  });

  it("accepts known column aliases (批准号, 金额(万元), 金额（万元）) in any order", async () => {
    const f = path.join(dir, "aliases.csv");
    fs.writeFileSync(
      f,
      stringify([
        ["负责人", "批准号", "项目名称", "依托单位", "金额（万元）", "起止年月", "总评", "项目类别"],
        ["徐嘉平", "71701001", "基于Z-数信息的多属性群决策方法及其应用研究", "安徽大学", "18", "2018.01-2020.12", "尚未评估", "青年科学基金项目"],
      ]),
    );
    const o = ok(await runArchiveImport(t.db, actor, { file: f, format: "nsfc", fileName: "aliases.csv" }));
    expect(o.summary.imported).toBe(1);
    const p = t.db.select().from(projects).get()!;
    expect(p).toMatchObject({ funder: "nsfc", approvalNumber: "71701001", amount: 18, period: "2018-01/2020-12", year: 2017, piName: "徐嘉平", grade: "尚未评估" });
  });

  it("rejects a row with broken quoting with its line number and imports the rows around it", async () => {
    const good = parse(sample(6)) as string[][];
    const lines = stringify(good).trimEnd().split("\n");
    // line 4 opens a quote it never closes
    lines.splice(3, 0, `99XYZ001,一般项目,法学,"未闭合的引号项目名称,1999-01-01,张三,,某大学,,北京,,,,,,,,,,`);
    const f = path.join(dir, "broken.csv");
    fs.writeFileSync(f, `${lines.join("\n")}\n`);
    const o = ok(await runArchiveImport(t.db, actor, { file: f, format: "nssf", fileName: "broken.csv" }));
    expect(o.summary.totalRows).toBe(7);
    expect(o.summary.rejected).toBe(1);
    expect(o.summary.imported).toBe(6);
    const rejected = o.rows.find((r) => r.result === "rejected")!;
    expect(rejected.line).toBe(4);
    expect(rejected.reason).toMatch(/引号不配对.*Unbalanced quotes/);
    const issue = t.db.select().from(importRowIssues).where(eq(importRowIssues.outcome, "rejected")).get()!;
    expect(issue).toMatchObject({ line: 4 });
    expect(issue.raw).toContain("未闭合的引号");
    expect(projectCount()).toBe(6);
  });

  it("rejects a row with the wrong number of columns, saying how many", async () => {
    const f = path.join(dir, "columns.csv");
    fs.writeFileSync(f, `${sample(2).trimEnd()}\n98ABC001,一般项目,多了一列\n`);
    const o = ok(await runArchiveImport(t.db, actor, { file: f, format: "nssf", fileName: "columns.csv" }));
    expect(o.rows.find((r) => r.line === 4)).toMatchObject({ result: "rejected", reason: expect.stringMatching(/本行有 3 列，表头有 20 列/) });
    expect(o.summary.imported).toBe(2);
  });

  it("refuses an empty file with a clear message", async () => {
    const f = path.join(dir, "empty.csv");
    fs.writeFileSync(f, "");
    const o = refused(await runArchiveImport(t.db, actor, { file: f, format: "nssf", fileName: "empty.csv" }));
    expect(o.code).toBe("empty");
    expect(`${o.zh} / ${o.en}`).toBe("文件为空。 / The file is empty.");
  });

  it("refuses a file over the size limit before reading it", async () => {
    const f = path.join(dir, "big.csv");
    fs.writeFileSync(f, sample(50));
    const o = refused(await runArchiveImport(t.db, actor, { file: f, format: "nssf", fileName: "big.csv", limits: { ...defaultReadLimits(), maxBytes: 1024 } }));
    expect(o.code).toBe("too_large");
    expect(o.zh).toMatch(/超过上限/);
    expect(o.en).toMatch(/over the .* limit/);
    expect(projectCount()).toBe(0);
  });

  it("refuses a zip bomb disguised as .xlsx without inflating it", async () => {
    const f = path.join(dir, "report.xlsx");
    fs.writeFileSync(f, zipOf([{ name: "xl/worksheets/sheet1.xml", data: Buffer.alloc(64 * 1024 * 1024) }]));
    expect(fs.statSync(f).size).toBeLessThan(200 * 1024);
    const o = refused(await runArchiveImport(t.db, actor, { file: f, format: "nssf", fileName: "report.xlsx" }));
    expect(o.code).toBe("unsafe_zip");
    expect(o.en).toMatch(/refused for safety/);
    expect(projectCount()).toBe(0);
  });

  it("refuses a zip that lies about its sizes", async () => {
    const f = path.join(dir, "liar.xlsx");
    fs.writeFileSync(f, zipOf([{ name: "xl/sharedStrings.xml", data: Buffer.alloc(4 * 1024 * 1024, 65), declare: 1000 }]));
    const o = refused(await runArchiveImport(t.db, actor, { file: f, format: "nssf", fileName: "liar.xlsx" }));
    expect(o.code).toBe("unsafe_zip");
  });

  it("imports a small XLSX file, its rows numbered as in the spreadsheet", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("项目");
    ws.addRow(NSSF_HEADER);
    ws.addRow(nssfRow({ 项目批准号: "16BFX001", 项目类别: "一般项目", 学科分类: "法学", 项目名称: "数字政府建设的法治保障研究", 项目负责人: "李明", 工作单位: "湖南大学", 所在省区市: "湖南省" }));
    const r3 = ws.addRow(nssfRow({ 项目批准号: "16BFX002", 项目名称: "基层治理现代化研究", 项目负责人: "王芳", 工作单位: "中南大学", 单位类别: "985大学、211大学" }));
    r3.getCell(5).value = new Date(Date.UTC(2016, 5, 30));
    ws.addRow(nssfRow({ 项目批准号: "16BFX003", 项目负责人: "赵强", 工作单位: "湘潭大学" }));
    const f = path.join(dir, "projects.xlsx");
    await wb.xlsx.writeFile(f);
    const o = ok(await runArchiveImport(t.db, actor, { file: f, format: "nssf", fileName: "projects.xlsx" }));
    expect(o.summary).toMatchObject({ encoding: "xlsx", totalRows: 3, imported: 2, rejected: 1 });
    expect(o.rows.find((r) => r.result === "rejected")?.line).toBe(4);
    const p2 = t.db.select().from(projects).where(eq(projects.approvalNumber, "16BFX002")).get()!;
    expect(p2).toMatchObject({ approvedOn: "2016-06-30", year: 2016, institutionType: "211、985" });
    expect(t.db.select().from(projects).where(eq(projects.approvalNumber, "16BFX001")).get()?.province).toBe("湖南");
  });

  it("links archive institutions to a portal organisation of the same name instead of creating another", async () => {
    const portal = t.db.insert(organisations).values({ kind: "thinkTank", name: "湖南大学", nameKey: "湖南大学", thinkTankType: "高校" }).returning().get();
    const f = path.join(dir, "hnu.csv");
    fs.writeFileSync(f, stringify([NSSF_HEADER, nssfRow({ 项目批准号: "17ADJ001", 项目名称: "中国共产党学习理论的创新发展与体系建构研究", 项目负责人: "尹娜睿", 工作单位: "湖南大学 " })]));
    ok(await runArchiveImport(t.db, actor, { file: f, format: "nssf", fileName: "hnu.csv" }));
    const p = t.db.select().from(projects).get()!;
    expect(p.institutionId).toBe(portal.id);
    expect(t.db.select().from(organisations).all()).toHaveLength(1);
    expect(t.db.select().from(people).get()).toMatchObject({ name: "尹娜睿", organisationId: portal.id, source: "archive" });
  });

  it("stores HTML and script in fields as plain text", async () => {
    const f = path.join(dir, "html.csv");
    const title = `<script>alert("x")</script>研究<b>加粗</b>`;
    fs.writeFileSync(f, stringify([NSSF_HEADER, nssfRow({ 项目批准号: "18XSS001", 项目名称: title, 项目负责人: "<img src=x onerror=alert(1)>", 工作单位: "某&大学" })]));
    ok(await runArchiveImport(t.db, actor, { file: f, format: "nssf", fileName: "html.csv" }));
    expect(t.db.select().from(projects).get()).toMatchObject({ title, piName: "<img src=x onerror=alert(1)>", institutionName: "某&大学" });
  });

  it("keeps the whole file out when the transaction fails (all or nothing)", async () => {
    const f = path.join(dir, "ok.csv");
    fs.writeFileSync(f, sample(20));
    t.db.$client.exec("create trigger boom before insert on projects when (select count(*) from projects) >= 9 begin select raise(abort, 'disk full'); end;");
    const o = refused(await runArchiveImport(t.db, actor, { file: f, format: "nssf", fileName: "ok.csv" }));
    expect(o.code).toBe("failed");
    expect(o.en).toMatch(/rolled back/);
    expect(projectCount()).toBe(0);
    expect(t.db.$client.prepare("select count(*) n from people").get()).toEqual({ n: 0 });
    expect(t.db.select().from(importRuns).all().map((r) => r.status)).toEqual(["failed"]);
  });

  it("refuses an anonymous caller and audits the refusal, before reading the file", async () => {
    await expect(runArchiveImport(t.db, anonymous, { file: "/nonexistent.csv", format: "nssf", fileName: "x.csv" })).rejects.toMatchObject({ status: 403 });
    expect(t.db.$client.prepare("select result from audit_log where action = 'archive.import'").all()).toEqual([{ result: "denied" }]);
  });
});

/** A zip built by hand; `declare` lets an entry lie about its uncompressed size. */
function zipOf(entries: { name: string; data: Buffer; declare?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const comp = zlib.deflateRawSync(e.data, { level: 9 });
    const size = e.declare ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(0, 14);
    local.writeUInt32LE(comp.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(comp.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, comp);
    centrals.push(central, name);
    offset += 30 + name.length + comp.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
