import type Database from "better-sqlite3";
import { nameInitials, namePinyin } from "../pinyin";
import { organisationKey, personIdentityKey } from "../text";
import { joinMessages, type ImportPlan, type PlannedOutput, type PlannedProject } from "./archive-plan";
import { isProvince } from "./normalise";

/**
 * Writes a plan into the database through prepared statements on the raw connection (drizzle's
 * query builder costs several times more per row, and an archive has 80,000 of them). The caller
 * holds the transaction: this function never commits.
 */

export type RowOutcome = "imported" | "merged" | "rejected";

export type WriteResult = {
  imported: number;
  merged: number;
  rejected: number;
  notes: number;
  projectsCreated: number;
  projectsUpdated: number;
  projectsUnchanged: number;
  outputsWritten: number;
  peopleCreated: number;
  organisationsCreated: number;
  /** ids to re-index: every project created or changed, and the people and institutions created */
  changed: { projects: number[]; people: number[]; organisations: number[] };
  /** one outcome per plan row, in plan order */
  outcomes: RowOutcome[];
};

type ExistingProject = {
  id: number;
  title: string;
  former_titles: string;
  category: string;
  discipline: string | null;
  year: number | null;
  approved_on: string | null;
  pi_person_id: number | null;
  pi_name: string;
  pi_title: string | null;
  institution_id: number | null;
  institution_name: string;
  institution_type: string | null;
  province: string | null;
  system: string | null;
  amount: number | null;
  period: string | null;
  grade: string | null;
  completed_on: string | null;
  certificate_number: string | null;
  approval_number: string;
};

type ExistingOutput = { id: number; project_id: number; title: string } & Record<(typeof OUTPUT_COLUMNS)[number], string | null>;

const PROJECT_COLUMNS = [
  "title",
  "former_titles",
  "category",
  "discipline",
  "year",
  "approved_on",
  "pi_person_id",
  "pi_name",
  "pi_title",
  "institution_id",
  "institution_name",
  "institution_type",
  "province",
  "system",
  "amount",
  "period",
  "grade",
  "completed_on",
  "certificate_number",
] as const;
const OUTPUT_COLUMNS = ["form", "grade", "completed_on", "certificate_number", "publisher", "published_on", "authors", "awards"] as const;
const OUTPUT_FIELD: Record<(typeof OUTPUT_COLUMNS)[number], keyof PlannedOutput> = {
  form: "form",
  grade: "grade",
  completed_on: "completedOn",
  certificate_number: "certificateNumber",
  publisher: "publisher",
  published_on: "publishedOn",
  authors: "authors",
  awards: "awards",
};

export function writePlan(c: Database.Database, plan: ImportPlan, opts: { runId: number; now: Date }): WriteResult {
  if (!c.inTransaction) throw new Error("writePlan must run inside a transaction");
  const now = opts.now.getTime();
  const changed = { projects: [] as number[], people: [] as number[], organisations: [] as number[] };

  // institutions: link to any organisation with the same name key (a portal think tank included)
  const orgIds = new Map<string, number>();
  for (const r of c.prepare("select id, name_key from organisations").raw().iterate() as IterableIterator<[number, string]>) orgIds.set(r[1], r[0]);
  const insertOrg = c.prepare(
    `insert into organisations (kind, name, name_key, name_pinyin, region, institution_type, partner, description, version, created_at, updated_at)
     values ('institution', ?, ?, ?, ?, ?, 0, '', 1, ?, ?)`,
  );
  const pinyinCache = new Map<string, [string, string]>();
  const pinyinOf = (name: string): [string, string] => {
    let hit = pinyinCache.get(name);
    if (!hit) pinyinCache.set(name, (hit = [namePinyin(name), nameInitials(name)]));
    return hit;
  };
  const orgFor = (p: PlannedProject): number | null => {
    if (!p.institutionName) return null;
    const key = organisationKey(p.institutionName);
    if (!key) return null;
    let id = orgIds.get(key);
    if (id == null) {
      id = Number(insertOrg.run(p.institutionName, key, pinyinOf(p.institutionName)[0], p.province && isProvince(p.province) ? p.province : null, p.institutionType, now, now).lastInsertRowid);
      orgIds.set(key, id);
      changed.organisations.push(id);
    }
    return id;
  };

  // PIs: one person per name + institution, shared by every funder's archive
  const personIds = new Map<string, number>();
  for (const r of c.prepare("select id, identity_key from people").raw().iterate() as IterableIterator<[number, string]>) personIds.set(r[1], r[0]);
  const insertPerson = c.prepare(
    `insert into people (name, name_pinyin, name_initials, identity_key, title, organisation_id, institution_name, disciplines, keywords, bio, public_consent, source, version, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, '[]', '', 0, 'archive', 1, ?, ?)`,
  );
  const personFor = (p: PlannedProject, orgId: number | null): number | null => {
    if (!p.piName) return null;
    const key = personIdentityKey(p.piName, p.institutionName);
    let id = personIds.get(key);
    if (id == null) {
      const disciplines = JSON.stringify(p.discipline ? [p.discipline] : []);
      const [py, initials] = pinyinOf(p.piName);
      id = Number(
        insertPerson.run(p.piName, py, initials, key, p.piTitle ?? "", orgId, p.institutionName ?? "", disciplines, now, now).lastInsertRowid,
      );
      personIds.set(key, id);
      changed.people.push(id);
    }
    return id;
  };

  const existing = new Map<string, ExistingProject>();
  for (const r of c.prepare("select * from projects where funder = ?").iterate(plan.format) as IterableIterator<ExistingProject>) existing.set(r.approval_number, r);
  const existingOutputs = new Map<string, ExistingOutput>();
  for (const r of c.prepare("select o.* from project_outputs o join projects p on p.id = o.project_id where p.funder = ?").iterate(plan.format) as IterableIterator<ExistingOutput>)
    existingOutputs.set(`${r.project_id}\u0000${r.title}`, r);

  // positional parameters: binding an object by name costs noticeably more per row
  const insertProject = c.prepare(
    `insert into projects (${PROJECT_COLUMNS.join(", ")}, funder, approval_number, source, created_at, updated_at)
     values (${PROJECT_COLUMNS.map(() => "?").join(", ")}, ?, ?, 'import', ?, ?)`,
  );
  const updateProject = c.prepare(`update projects set ${PROJECT_COLUMNS.map((k) => `${k} = ?`).join(", ")}, updated_at = ? where id = ?`);
  const insertOutput = c.prepare(
    `insert into project_outputs (project_id, title, ${OUTPUT_COLUMNS.join(", ")}) values (@project_id, @title, ${OUTPUT_COLUMNS.map((k) => `@${k}`).join(", ")})`,
  );
  const updateOutput = c.prepare(`update project_outputs set ${OUTPUT_COLUMNS.map((k) => `${k} = @${k}`).join(", ")} where id = @id`);

  let projectsCreated = 0;
  let projectsUpdated = 0;
  let projectsUnchanged = 0;
  let outputsWritten = 0;
  for (const p of plan.projects.values()) {
    const orgId = orgFor(p);
    const personId = personFor(p, orgId);
    const old = existing.get(p.approvalNumber);
    const former = old ? mergeFormerTitles(JSON.parse(old.former_titles) as string[], old.title, p) : p.formerTitles;
    const row: Record<(typeof PROJECT_COLUMNS)[number], string | number | null> = {
      title: p.title,
      former_titles: JSON.stringify(former),
      category: p.category ?? "",
      discipline: p.discipline,
      year: p.year,
      approved_on: p.approvedOn,
      pi_person_id: personId,
      pi_name: p.piName ?? "",
      pi_title: p.piTitle,
      institution_id: orgId,
      institution_name: p.institutionName ?? "",
      institution_type: p.institutionType,
      province: p.province,
      system: p.system,
      amount: p.amount,
      period: p.period,
      grade: p.grade,
      completed_on: p.completedOn,
      certificate_number: p.certificateNumber,
    };
    let id: number;
    let dirty = false;
    if (!old) {
      id = Number(insertProject.run(...PROJECT_COLUMNS.map((k) => row[k]), plan.format, p.approvalNumber, now, now).lastInsertRowid);
      projectsCreated++;
      dirty = true;
    } else {
      id = old.id;
      if (PROJECT_COLUMNS.some((k) => (old[k] ?? null) !== row[k])) {
        updateProject.run(...PROJECT_COLUMNS.map((k) => row[k]), now, id);
        projectsUpdated++;
        dirty = true;
      }
    }
    for (const o of p.outputs.values()) {
      const values = Object.fromEntries(OUTPUT_COLUMNS.map((k) => [k, o[OUTPUT_FIELD[k]]])) as Record<(typeof OUTPUT_COLUMNS)[number], string | null>;
      const prev = old ? existingOutputs.get(`${id}\u0000${o.title}`) : undefined;
      if (!prev) {
        insertOutput.run({ ...values, project_id: id, title: o.title });
        outputsWritten++;
        dirty = true;
      } else {
        // the file's values win where it has one; what it lacks is kept
        const next = Object.fromEntries(OUTPUT_COLUMNS.map((k) => [k, values[k] ?? prev[k]])) as typeof values;
        if (OUTPUT_COLUMNS.some((k) => next[k] !== prev[k])) {
          updateOutput.run({ ...next, id: prev.id });
          outputsWritten++;
          dirty = true;
        }
      }
    }
    if (dirty) changed.projects.push(id);
    else projectsUnchanged++;
  }

  // per-row outcomes and the report lines kept in the database (rejections and notes)
  const insertIssue = c.prepare("insert into import_row_issues (run_id, line, outcome, reason, raw) values (?, ?, ?, ?, ?)");
  const outcomes: RowOutcome[] = [];
  let imported = 0;
  let merged = 0;
  let rejected = 0;
  let notes = 0;
  for (const r of plan.rows) {
    if (r.outcome === "rejected") {
      outcomes.push("rejected");
      rejected++;
      insertIssue.run(opts.runId, r.line, "rejected", r.reason ?? "", r.raw ?? null);
      continue;
    }
    const isNew = r.outcome === "first" && !existing.has(r.approvalNumber!);
    outcomes.push(isNew ? "imported" : "merged");
    if (isNew) imported++;
    else merged++;
    if (r.notes.length > 0) {
      notes++;
      insertIssue.run(opts.runId, r.line, "note", joinMessages(r.notes), null);
    }
  }
  return {
    imported,
    merged,
    rejected,
    notes,
    projectsCreated,
    projectsUpdated,
    projectsUnchanged,
    outputsWritten,
    peopleCreated: changed.people.length,
    organisationsCreated: changed.organisations.length,
    changed,
    outcomes,
  };
}

/** Earlier titles: those already recorded, the stored title if the file now says otherwise, and the file's own corrections. */
function mergeFormerTitles(stored: string[], storedTitle: string, p: PlannedProject): string[] {
  const all = [...stored, ...(storedTitle !== p.title ? [storedTitle] : []), ...p.formerTitles];
  return [...new Set(all)].filter((t) => t !== p.title);
}
