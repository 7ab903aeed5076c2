import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { timestamps } from "./common";
import { organisations, people } from "./orgs";

export const FUNDERS = ["nssf", "nsfc"] as const;
export type Funder = (typeof FUNDERS)[number];

/** A funded project of the archive (国家社科基金, 国家自然科学基金 …). */
export const projects = sqliteTable(
  "projects",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    funder: text("funder", { enum: FUNDERS }).notNull(),
    /** 批准号; projects without one get a synthetic `NOAPP-<line>` number and a note in the report */
    approvalNumber: text("approval_number").notNull(),
    title: text("title").notNull(),
    /** earlier titles when a later row corrected it */
    formerTitles: text("former_titles", { mode: "json" }).$type<string[]>().notNull().$defaultFn(() => []),
    category: text("category").notNull().default(""),
    discipline: text("discipline"),
    year: integer("year"),
    approvedOn: text("approved_on"),
    piPersonId: integer("pi_person_id").references(() => people.id),
    piName: text("pi_name").notNull().default(""),
    piTitle: text("pi_title"),
    institutionId: integer("institution_id").references(() => organisations.id),
    institutionName: text("institution_name").notNull().default(""),
    institutionType: text("institution_type"),
    province: text("province"),
    system: text("system"),
    amount: real("amount"),
    period: text("period"),
    grade: text("grade"),
    completedOn: text("completed_on"),
    certificateNumber: text("certificate_number"),
    source: text("source", { enum: ["import", "demo"] }).notNull().default("import"),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("projects_funder_approval_unique").on(t.funder, t.approvalNumber),
    index("projects_year_idx").on(t.year),
    index("projects_pi_idx").on(t.piPersonId),
    index("projects_institution_idx").on(t.institutionId),
    index("projects_discipline_idx").on(t.discipline, t.year),
    index("projects_province_idx").on(t.province, t.year),
    // the archive list's filters and sort orders at 80,000 projects (measured in docs/decisions)
    index("projects_funder_year_idx").on(t.funder, t.year),
    index("projects_category_idx").on(t.category, t.year),
    index("projects_grade_idx").on(t.grade, t.year),
    index("projects_title_idx").on(t.title),
    index("projects_pi_name_idx").on(t.piName),
  ],
);

/** 成果: a result of a project. */
export const projectOutputs = sqliteTable(
  "project_outputs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    form: text("form"),
    grade: text("grade"),
    completedOn: text("completed_on"),
    certificateNumber: text("certificate_number"),
    publisher: text("publisher"),
    publishedOn: text("published_on"),
    authors: text("authors"),
    awards: text("awards"),
  },
  (t) => [uniqueIndex("project_outputs_unique").on(t.projectId, t.title)],
);

export const importRuns = sqliteTable("import_runs", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  format: text("format", { enum: FUNDERS }).notNull(),
  fileName: text("file_name").notNull(),
  encoding: text("encoding"),
  status: text("status", { enum: ["running", "done", "failed"] }).notNull(),
  totalRows: integer("total_rows").notNull().default(0),
  imported: integer("imported").notNull().default(0),
  merged: integer("merged").notNull().default(0),
  rejected: integer("rejected").notNull().default(0),
  error: text("error"),
  startedBy: integer("started_by"),
  startedAt: integer("started_at", { mode: "timestamp_ms" }).notNull(),
  finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
});

/** One line per rejected (or noteworthy) row of an import: its line number and the reason. */
export const importRowIssues = sqliteTable(
  "import_row_issues",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    runId: integer("run_id")
      .notNull()
      .references(() => importRuns.id, { onDelete: "cascade" }),
    line: integer("line").notNull(),
    outcome: text("outcome", { enum: ["rejected", "note"] }).notNull(),
    reason: text("reason").notNull(),
    raw: text("raw"),
  },
  (t) => [index("import_row_issues_run_idx").on(t.runId, t.line)],
);
