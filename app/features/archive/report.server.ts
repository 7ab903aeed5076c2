import { eq } from "drizzle-orm";
import { stringify } from "csv-stringify/sync";
import type { Db } from "#db/client";
import { importRuns } from "#db/schema";
import { importRunIssues } from "./queries.server";

/**
 * A run's report as CSV: the totals first, then every rejected or noted line with its reason.
 * Starts with a UTF-8 BOM for Excel. Cells that a spreadsheet would run as a formula are quoted
 * with a leading apostrophe (CSV injection).
 */
const safe = (v: string | number | null) => (typeof v === "string" && /^[=+\-@\t\r]/.test(v) ? `'${v}` : (v ?? ""));

export function reportCsv(db: Db, runId: number): string | null {
  const run = db.select().from(importRuns).where(eq(importRuns.id, runId)).get();
  if (!run) return null;
  const rows: (string | number | null)[][] = [
    ["line", "outcome", "reason", "raw"],
    [0, "summary", `totalRows=${run.totalRows} imported=${run.imported} merged=${run.merged} rejected=${run.rejected} status=${run.status}${run.error ? ` error=${run.error}` : ""}`, run.fileName],
  ];
  for (const i of importRunIssues(db, runId)) rows.push([i.line, i.outcome, i.reason, i.raw]);
  return `\ufeff${stringify(rows.map((r) => r.map(safe)))}`;
}
