import { and, asc, count, desc, eq, gte, lte, ne, sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { Db } from "#db/client";
import { importRowIssues, importRuns, organisations, people, projectOutputs, projects } from "#db/schema";
import { notFound } from "~/lib/errors";
import { PAGE_SIZE, type ProjectFilters } from "./params";

/** The read side of the archive: the project list, one project, import runs and their reports. */

const likeEscape = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const contains = (col: AnyColumn, q: string) => sql`${col} like ${likeEscape(q)} escape '\\'`;

function where(f: ProjectFilters): SQL | undefined {
  const conds: SQL[] = [];
  if (f.funder) conds.push(eq(projects.funder, f.funder));
  if (f.yearFrom) conds.push(gte(projects.year, f.yearFrom));
  if (f.yearTo) conds.push(lte(projects.year, f.yearTo));
  if (f.discipline) conds.push(eq(projects.discipline, f.discipline));
  if (f.category) conds.push(eq(projects.category, f.category));
  if (f.province) conds.push(eq(projects.province, f.province));
  if (f.grade) conds.push(eq(projects.grade, f.grade));
  if (f.institution) conds.push(contains(projects.institutionName, f.institution));
  if (f.q) conds.push(contains(projects.title, f.q));
  return conds.length ? and(...conds) : undefined;
}

const ORDER = {
  year_desc: [sql`${projects.year} desc nulls last`, desc(projects.id)],
  year_asc: [sql`${projects.year} asc nulls last`, asc(projects.id)],
  title: [asc(projects.title), asc(projects.id)],
  pi: [asc(projects.piName), asc(projects.id)],
} as const;

export type ProjectListItem = {
  id: number;
  funder: "nssf" | "nsfc";
  approvalNumber: string;
  title: string;
  category: string;
  discipline: string | null;
  year: number | null;
  piName: string;
  piPersonId: number | null;
  institutionName: string;
  province: string | null;
  grade: string | null;
};

export function listProjects(db: Db, f: ProjectFilters): { items: ProjectListItem[]; total: number; page: number; pages: number } {
  const cond = where(f);
  const total = db.select({ n: count() }).from(projects).where(cond).get()?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(f.page, pages);
  const items = db
    .select({
      id: projects.id,
      funder: projects.funder,
      approvalNumber: projects.approvalNumber,
      title: projects.title,
      category: projects.category,
      discipline: projects.discipline,
      year: projects.year,
      piName: projects.piName,
      piPersonId: projects.piPersonId,
      institutionName: projects.institutionName,
      province: projects.province,
      grade: projects.grade,
    })
    .from(projects)
    .where(cond)
    .orderBy(...ORDER[f.sort])
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE)
    .all();
  return { items, total, page, pages };
}

export function getProject(db: Db, id: number) {
  const project = db.select().from(projects).where(eq(projects.id, id)).get();
  if (!project) throw notFound({ zh: "项目", en: "project" });
  const outputs = db.select().from(projectOutputs).where(eq(projectOutputs.projectId, id)).orderBy(asc(projectOutputs.id)).all();
  const pi = project.piPersonId ? (db.select({ id: people.id, name: people.name }).from(people).where(eq(people.id, project.piPersonId)).get() ?? null) : null;
  const institution = project.institutionId
    ? (db.select({ id: organisations.id, name: organisations.name, kind: organisations.kind }).from(organisations).where(eq(organisations.id, project.institutionId)).get() ?? null)
    : null;
  const otherProjects = project.piPersonId
    ? db
        .select({ id: projects.id, funder: projects.funder, approvalNumber: projects.approvalNumber, title: projects.title, year: projects.year, category: projects.category })
        .from(projects)
        .where(and(eq(projects.piPersonId, project.piPersonId), ne(projects.id, id)))
        .orderBy(sql`${projects.year} desc nulls last`, desc(projects.id))
        .limit(50)
        .all()
    : [];
  return { project, outputs, pi, institution, otherProjects };
}

// ── import runs ──────────────────────────────────────────────────────────────

export const RUNS_PAGE_SIZE = 20;
export const ISSUES_PAGE_SIZE = 50;

export function listImportRuns(db: Db, page: number) {
  const total = db.select({ n: count() }).from(importRuns).get()?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / RUNS_PAGE_SIZE));
  const p = Math.min(Math.max(page, 1), pages);
  const runs = db
    .select()
    .from(importRuns)
    .orderBy(desc(importRuns.id))
    .limit(RUNS_PAGE_SIZE)
    .offset((p - 1) * RUNS_PAGE_SIZE)
    .all();
  return { runs, total, page: p, pages };
}

export type IssueFilter = "rejected" | "note";

export function getImportRun(db: Db, id: number, outcome: IssueFilter, page: number) {
  const run = db.select().from(importRuns).where(eq(importRuns.id, id)).get();
  if (!run) throw notFound({ zh: "导入记录", en: "import run" });
  const cond = and(eq(importRowIssues.runId, id), eq(importRowIssues.outcome, outcome));
  const counts = db
    .select({ outcome: importRowIssues.outcome, n: count() })
    .from(importRowIssues)
    .where(eq(importRowIssues.runId, id))
    .groupBy(importRowIssues.outcome)
    .all();
  const total = counts.find((c) => c.outcome === outcome)?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / ISSUES_PAGE_SIZE));
  const p = Math.min(Math.max(page, 1), pages);
  const issues = db
    .select({ line: importRowIssues.line, outcome: importRowIssues.outcome, reason: importRowIssues.reason, raw: importRowIssues.raw })
    .from(importRowIssues)
    .where(cond)
    .orderBy(asc(importRowIssues.line))
    .limit(ISSUES_PAGE_SIZE)
    .offset((p - 1) * ISSUES_PAGE_SIZE)
    .all();
  const notes = counts.find((c) => c.outcome === "note")?.n ?? 0;
  return { run, issues, total, page: p, pages, notes };
}

/** Every report line of a run (rejections and notes), in file order, for the CSV download. */
export function* importRunIssues(db: Db, id: number): Generator<{ line: number; outcome: string; reason: string; raw: string | null }> {
  const stmt = db.$client.prepare("select line, outcome, reason, raw from import_row_issues where run_id = ? order by line, id");
  yield* stmt.iterate(id) as IterableIterator<{ line: number; outcome: string; reason: string; raw: string | null }>;
}
