import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "#db/client";
import { defaultReadLimits, ImportFileError, readArchiveFile, type ReadLimits } from "#db/importers/archive-read";
import { planImport, type ImportPlan, type RowPlan } from "#db/importers/archive-plan";
import { writePlan, type RowOutcome, type WriteResult } from "#db/importers/archive-write";
import { enqueueMany, rawConnection } from "#db/importers/raw";
import { FUNDERS, importRuns, type Funder } from "#db/schema";
import { actorUserId, type Actor } from "~/features/access/actor";
import { can } from "~/features/access/permissions";
import { isServiceError } from "~/lib/errors";
import { defineVerb } from "~/lib/verb.server";
import { invalidateFacets } from "./facets.server";

/**
 * Importing an archive file: read and plan outside the transaction (file reading is async), then
 * ONE immediate transaction for the whole file — run row, projects, outputs, people,
 * institutions, report lines, audit entry and search outbox rows — so a file that fails leaves
 * nothing half-imported. A file refused as a whole is recorded as a failed run by its own verb.
 */

const runInput = z.object({
  format: z.enum(FUNDERS),
  fileName: z.string().min(1).max(500),
  encoding: z.string().max(40),
  plan: z.custom<ImportPlan>((v) => !!v && typeof v === "object" && "projects" in v && "rows" in v),
});

export type ImportSummary = Omit<WriteResult, "changed"> & { runId: number; totalRows: number; encoding: string };

export const importArchive = defineVerb({
  name: "archive.import",
  permission: "import:archive",
  input: runInput,
  run: (tx, input, ctx): ImportSummary => {
    const run = tx
      .insert(importRuns)
      .values({ format: input.format, fileName: input.fileName, encoding: input.encoding, status: "running", startedBy: actorUserId(ctx.actor), startedAt: ctx.now })
      .returning({ id: importRuns.id })
      .get();
    const { changed, ...result } = writePlan(rawConnection(tx), input.plan, { runId: run.id, now: ctx.now });
    const totalRows = input.plan.rows.length;
    tx.update(importRuns)
      .set({ status: "done", totalRows, imported: result.imported, merged: result.merged, rejected: result.rejected, finishedAt: new Date() })
      .where(eq(importRuns.id, run.id))
      .run();
    // one outbox row per record created or changed (re-running an unchanged file enqueues nothing);
    // written by a prepared statement — ctx.index through drizzle costs ~80 µs a row, 5 s for one
    // archive — except the last, which goes through ctx.index so the verb wakes the index workers
    const queue: [string, number][] = [
      ...changed.organisations.map((id): [string, number] => ["organisation", id]),
      ...changed.people.map((id): [string, number] => ["person", id]),
      ...changed.projects.map((id): [string, number] => ["project", id]),
    ];
    const last = queue.pop();
    enqueueMany(rawConnection(tx), queue, ctx.now);
    if (last) ctx.index(last[0], last[1]);
    return { ...result, runId: run.id, totalRows, encoding: input.encoding };
  },
  audit: (r, input) => ({
    entityType: "import_run",
    entityId: r.runId,
    detail: {
      format: input.format,
      fileName: input.fileName,
      totalRows: r.totalRows,
      imported: r.imported,
      merged: r.merged,
      rejected: r.rejected,
      projectsCreated: r.projectsCreated,
      projectsUpdated: r.projectsUpdated,
      peopleCreated: r.peopleCreated,
      organisationsCreated: r.organisationsCreated,
    },
  }),
});

/** A file refused as a whole (too large, unsafe zip, missing columns …): a failed run with the reason, nothing else. */
export const recordImportFailure = defineVerb({
  name: "archive.import.refused",
  permission: "import:archive",
  input: z.object({ format: z.enum(FUNDERS), fileName: z.string().min(1).max(500), error: z.string().max(4000) }),
  run: (tx, input, ctx) =>
    tx
      .insert(importRuns)
      .values({ format: input.format, fileName: input.fileName, status: "failed", error: input.error, startedBy: actorUserId(ctx.actor), startedAt: ctx.now, finishedAt: ctx.now })
      .returning({ id: importRuns.id })
      .get().id,
  audit: (id, input) => ({ entityType: "import_run", entityId: id, detail: { format: input.format, fileName: input.fileName, error: input.error.slice(0, 500) } }),
});

export type ImportOutcome =
  | { ok: true; summary: ImportSummary; rows: (RowPlan & { result: RowOutcome })[]; seconds: number }
  | { ok: false; runId: number; code: string; zh: string; en: string; missing: string[]; seconds: number };

/**
 * Runs one import end to end. `fileName` is what the person called the file (the upload's name);
 * `file` is where it lies on disk.
 */
export async function runArchiveImport(
  db: Db,
  actor: Actor,
  opts: { file: string; format: Funder; fileName: string; limits?: ReadLimits },
): Promise<ImportOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started) / 1000;
  // refuse (and audit) before reading a large file for someone who may not import
  if (!can(actor, "import:archive")) importArchive({ db, actor }, {});
  let plan: ImportPlan;
  let encoding: string;
  try {
    const read = await readArchiveFile(opts.file, opts.format, opts.limits ?? defaultReadLimits(), opts.fileName);
    encoding = read.encoding;
    plan = planImport(opts.format, read);
  } catch (e) {
    if (!(e instanceof ImportFileError)) throw e;
    const runId = recordImportFailure({ db, actor }, { format: opts.format, fileName: opts.fileName, error: e.message });
    return { ok: false, runId, code: e.code, zh: e.zh, en: e.en, missing: e.missing, seconds: elapsed() };
  }
  try {
    const summary = importArchive({ db, actor }, { format: opts.format, fileName: opts.fileName, encoding, plan });
    invalidateFacets();
    // fresh statistics after a bulk load, or the planner picks a poor index for filtered lists
    db.$client.exec("ANALYZE");
    const rows = plan.rows.map((r, i) => ({ ...r, result: summary.outcomes[i] }));
    return { ok: true, summary, rows, seconds: elapsed() };
  } catch (e) {
    if (isServiceError(e)) throw e;
    const zh = "导入失败，已全部回滚，未写入任何数据。";
    const en = "The import failed and was rolled back; nothing was written.";
    const runId = recordImportFailure({ db, actor }, { format: opts.format, fileName: opts.fileName, error: `${zh} / ${en} (${e instanceof Error ? e.message : String(e)})` });
    return { ok: false, runId, code: "failed", zh, en, missing: [], seconds: elapsed() };
  }
}
