import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "#db/client";
import { users } from "#db/schema";
import { systemActor } from "~/features/access/actor";
import { runArchiveImport } from "~/features/archive/import.server";
import { createSession } from "~/features/auth/session.server";
import { createTestDb, SHARED_DIR } from "../support/db";
import { startServer, type RunningServer } from "../support/server";
import * as importsRoute from "../../app/routes/admin.imports._index";
import * as runRoute from "../../app/routes/admin.imports.$id";
import * as csvRoute from "../../app/routes/admin.imports.$id.report[.]csv";
import * as detailRoute from "../../app/routes/projects.$id";
import * as listRoute from "../../app/routes/projects._index";

type Loader = (args: LoaderFunctionArgs) => Promise<unknown>;
type Action = (args: ActionFunctionArgs) => Promise<unknown>;

const NSSF_HEADER = ["项目批准号", "项目类别", "学科分类", "项目名称", "立项时间", "项目负责人", "专业职务", "工作单位", "单位类别", "所在省区市", "所属系统", "成果名称", "成果形式", "成果等级", "结项时间", "结项证书号", "出版社", "出版时间", "作者", "获奖情况"];
const NSFC_FILE = path.join(SHARED_DIR, "data/nsfc-management-projects.csv");
const NSSF_FILE = path.join(SHARED_DIR, "data/nssf-projects.csv");
const context = { ip: "10.0.0.7", cspNonce: "" };

describe("archive pages and the import screen (routes as Remix calls them)", () => {
  let t: ReturnType<typeof createTestDb>;
  let dir: string;
  const cookies = {} as Record<string, string>;
  beforeAll(async () => {
    t = createTestDb();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "archive-web-"));
    const r = await runArchiveImport(t.db, systemActor("test"), { file: NSFC_FILE, format: "nsfc", fileName: "nsfc.csv" });
    expect(r.ok).toBe(true);
    for (const [key, platformRole] of [
      ["admin", "platformAdmin"],
      ["plain", null],
    ] as const) {
      const u = t.db.insert(users).values({ email: `${key}@example.cn`, displayName: key, platformRole }).returning().get();
      cookies[key] = createSession(t.db, u.id).token;
    }
  }, 120_000);
  afterAll(() => {
    t.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const get = (url: string, who?: string) => new Request(`http://localhost${url}`, { headers: who ? { cookie: `session=${cookies[who]}` } : {} });
  const load = <T,>(route: { loader: Loader }, url: string, who?: string, params: Record<string, string> = {}) => route.loader({ request: get(url, who), params, context }) as Promise<T>;
  const thrown = async (p: Promise<unknown>): Promise<Response> => {
    try {
      await p;
    } catch (e) {
      if (e instanceof Response) return e;
      throw e;
    }
    throw new Error("expected a thrown Response");
  };
  const upload = (who: string, format: string, file: { name: string; body: string } | null) => {
    const form = new FormData();
    form.set("format", format);
    if (file) form.set("file", new File([file.body], file.name, { type: "text/csv" }));
    return (importsRoute as { action: Action }).action({
      request: new Request("http://localhost/admin/imports", { method: "POST", body: form, headers: { cookie: `session=${cookies[who]}` } }),
      params: {},
      context,
    });
  };

  type List = Awaited<ReturnType<typeof listRoute.loader>>;

  it("lists projects with a total, filters from the query string, sorting and pagination", async () => {
    const all = await load<List>(listRoute, "/projects");
    expect(all.total).toBe(17_926);
    expect(all.items).toHaveLength(20);
    expect(all.pages).toBe(Math.ceil(17_926 / 20));
    const years = all.items.map((p) => p.year ?? 0);
    expect([...years].sort((a, b) => b - a)).toEqual(years);

    const f = await load<List>(listRoute, "/projects?funder=nsfc&from=2010&to=2012&category=%E9%9D%A2%E4%B8%8A%E9%A1%B9%E7%9B%AE&sort=title&page=2");
    expect(f.filters).toMatchObject({ funder: "nsfc", yearFrom: 2010, yearTo: 2012, category: "面上项目", sort: "title", page: 2 });
    expect(f.total).toBe(
      (t.db.$client.prepare("select count(*) n from projects where funder='nsfc' and year between 2010 and 2012 and category='面上项目'").get() as { n: number }).n,
    );
    expect(f.items.every((p) => p.year! >= 2010 && p.year! <= 2012 && p.category === "面上项目")).toBe(true);
    const titles = f.items.map((p) => p.title);
    expect([...titles].sort()).toEqual(titles);

    const inst = await load<List>(listRoute, "/projects?institution=%E6%B8%85%E5%8D%8E&grade=%E4%BC%98");
    expect(inst.total).toBeGreaterThan(0);
    expect(inst.items.every((p) => p.institutionName.includes("清华") && p.grade === "优")).toBe(true);
    const q = await load<List>(listRoute, "/projects?q=%E5%86%B3%E7%AD%96&sort=pi");
    expect(q.items.every((p) => p.title.includes("决策"))).toBe(true);
    // nonsense in the address bar is dropped, not an error
    const odd = await load<List>(listRoute, "/projects?funder=xyz&from=abc&sort=drop&page=-3");
    expect(odd.filters).toMatchObject({ funder: "", yearFrom: null, sort: "year_desc", page: 1 });
    expect(odd.facets.grades).toContain("优");
  });

  it("shows one project with its PI, institution and the PI's other projects", async () => {
    const pi = t.db.$client.prepare("select pi_person_id id from projects where pi_person_id is not null group by pi_person_id having count(*) >= 3 limit 1").get() as { id: number };
    const pid = (t.db.$client.prepare("select id from projects where pi_person_id = ? limit 1").get(pi.id) as { id: number }).id;
    type Detail = Awaited<ReturnType<typeof detailRoute.loader>>;
    const d = await load<Detail>(detailRoute, `/projects/${pid}`, undefined, { id: String(pid) });
    expect(d.pi?.id).toBe(pi.id);
    expect(d.institution?.kind).toBe("institution");
    expect(d.otherProjects.length).toBeGreaterThanOrEqual(2);
    expect(d.otherProjects.map((o) => o.id)).not.toContain(pid);
    expect((await thrown(load(detailRoute, "/projects/99999999", undefined, { id: "99999999" }))).status).toBe(404);
    expect((await thrown(load(detailRoute, "/projects/abc", undefined, { id: "abc" }))).status).toBe(404);
  });

  it("keeps /admin/imports to those with import:archive", async () => {
    const anon = await thrown(load(importsRoute, "/admin/imports"));
    expect(anon.status).toBe(302);
    expect(anon.headers.get("location")).toMatch(/^\/sign-in/);
    expect((await thrown(load(importsRoute, "/admin/imports", "plain"))).status).toBe(403);
    const page = await load<{ runs: { id: number }[] }>(importsRoute, "/admin/imports", "admin");
    expect(page.runs.length).toBe(1);
  });

  it("imports an uploaded file and redirects to its report; the report lists rejected lines and downloads as CSV with a BOM", async () => {
    const body = stringify([
      NSSF_HEADER,
      NSSF_HEADER.map((h) => ({ 项目批准号: "20BZZ001", 项目名称: "基层治理研究", 项目负责人: "张三", 工作单位: "湖南大学" })[h] ?? ""),
      NSSF_HEADER.map((h) => ({ 项目批准号: "20BZZ002", 项目负责人: "李四", 工作单位: "中南大学" })[h] ?? ""),
    ]);
    const res = (await upload("admin", "nssf", { name: "上传.csv", body })) as Response;
    expect(res.status).toBe(302);
    const runId = Number(res.headers.get("location")!.split("/").pop());
    type Run = Awaited<ReturnType<typeof runRoute.loader>>;
    const report = await load<Run>(runRoute, `/admin/imports/${runId}`, "admin", { id: String(runId) });
    expect(report.run).toMatchObject({ fileName: "上传.csv", status: "done", totalRows: 2, imported: 1, merged: 0, rejected: 1 });
    expect(report.issues).toEqual([expect.objectContaining({ line: 3, outcome: "rejected", reason: expect.stringMatching(/缺少项目名称/) })]);
    const csv = (await load<Response>(csvRoute, `/admin/imports/${runId}/report.csv`, "admin", { id: String(runId) })) as Response;
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8");
    expect((parse(text, { bom: true }) as string[][]).find((r) => r[0] === "3")?.[1]).toBe("rejected");
  });

  it("re-renders the upload form with bilingual messages when the format or file is missing, or the file is refused", async () => {
    const missing = (await upload("admin", "", null)) as { data: { fields: Record<string, { zh: string; en: string }> }; init: { status: number } };
    expect(missing.init.status).toBe(422);
    expect(missing.data.fields.format).toEqual({ zh: "请选择文件格式。", en: "Choose the file's format." });
    expect(missing.data.fields.file?.en).toBe("Choose a file to import.");
    const bad = (await upload("admin", "nsfc", { name: "wrong.csv", body: "a,b,c\n1,2,3\n" })) as { data: { form: { zh: string; en: string }; values: { format: string } } };
    expect(bad.data.values.format).toBe("nsfc");
    expect(bad.data.form.zh).toMatch(/缺少必需的列：项目批准号、项目名称、依托单位、负责人/);
    expect(bad.data.form.en).toMatch(/Required columns missing: .* \(the header of wrong\.csv reads: a, b, c\)/);
    // the NSFC file offered as NSSF: the message suggests the other format
    const nsfcHeader = fs.readFileSync(NSFC_FILE, "utf8").split("\n").slice(0, 3).join("\n");
    const swapped = (await upload("admin", "nssf", { name: "nsfc.csv", body: nsfcHeader })) as { data: { form: { zh: string; en: string } } };
    expect(swapped.data.form.zh).toMatch(/缺少必需的列：工作单位.*这像是国家自然科学基金的文件，是否选错了格式？/);
    expect(swapped.data.form.en).toMatch(/looks like an NSFC file; was the wrong format chosen\?/);
  });

  it("refuses an upload over the size limit with a clear message", async () => {
    const { importUpload } = await import("~/features/archive/upload.server");
    const form = new FormData();
    form.set("format", "nssf");
    form.set("file", new File([Buffer.alloc(4096, 65)], "big.csv"));
    const r = await importUpload(t.db, systemActor("test"), new Request("http://localhost/admin/imports", { method: "POST", body: form }), 1024);
    expect(r).toMatchObject({ ok: false, fields: { file: { zh: "文件超过 1 KB 上限，请拆分后分批导入。", en: "The file is over the 1 KB limit; split it and import the parts." } } });
  });
});

describe("the archive on the running server and from the command line", () => {
  let s: RunningServer;
  let dir: string;
  const TSX = path.resolve("node_modules/.bin/tsx");
  const cli = (args: string[], dbFile: string) => spawnSync(TSX, ["scripts/archive-import.ts", ...args], { env: { ...process.env, DATABASE_PATH: dbFile }, encoding: "utf8", timeout: 120_000 });
  beforeAll(async () => {
    s = await startServer();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "archive-cli-"));
  }, 120_000);
  afterAll(async () => {
    await s?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("imports from the command line, prints the summary and writes a report of every row", () => {
    const sample = path.join(dir, "sample.csv");
    fs.writeFileSync(sample, stringify((parse(fs.readFileSync(NSSF_FILE), { bom: true, to_line: 301 }) as string[][])));
    const report = path.join(dir, "report.csv");
    const r = cli(["--format", "nssf", sample, "--report", report], s.dbFile);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/行数 rows:\s+300/);
    expect(r.stdout).toMatch(/新增 imported:\s+300/);
    expect(r.stdout).toMatch(/rows\/s/);
    const rows = parse(fs.readFileSync(report), { bom: true }) as string[][];
    expect(rows[0]).toEqual(["line", "outcome", "approval_number", "reason"]);
    expect(rows).toHaveLength(301);
    const again = cli(["--format", "nssf", sample], s.dbFile);
    expect(again.stdout).toMatch(/新增 imported:\s+0/);
    expect(again.stdout).toMatch(/合并 merged:\s+300/);
  });

  it("exits non-zero with both languages when the file lacks required columns", () => {
    const f = path.join(dir, "bad.csv");
    fs.writeFileSync(f, "批准号,名字\n1,2\n");
    const r = cli(["--format", "nssf", f], s.dbFile);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/缺少必需的列：项目名称、项目负责人、工作单位/);
    expect(r.stderr).toMatch(/Required columns missing: 项目名称, 项目负责人, 工作单位/);
  });

  it("renders HTML and script from the archive as text, escaped, on the list and the detail page", async () => {
    const f = path.join(dir, "html.csv");
    const title = `<script>alert("pwned")</script>数字治理<b>研究</b>`;
    fs.writeFileSync(
      f,
      stringify([NSSF_HEADER, NSSF_HEADER.map((h) => ({ 项目批准号: "21XSS001", 项目名称: title, 项目负责人: "<img src=x onerror=alert(1)>", 工作单位: "<i>某大学</i>" })[h] ?? "")]),
    );
    expect(cli(["--format", "nssf", f], s.dbFile).status).toBe(0);
    const db = openDatabase(s.dbFile, { migrate: false });
    const id = (db.$client.prepare("select id from projects where approval_number = '21XSS001'").get() as { id: number }).id;
    db.$client.close();
    for (const url of [`/projects?q=${encodeURIComponent("数字治理")}`, `/projects/${id}`]) {
      const html = await (await fetch(`${s.url}${url}`)).text();
      expect(html).toContain("&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;数字治理&lt;b&gt;研究&lt;/b&gt;");
      expect(html).not.toContain('<script>alert("pwned")');
      expect(html).not.toContain("<img src=x");
      expect(html).not.toContain("<i>某大学</i>");
    }
  });
});
