import fs from "node:fs";
import path from "node:path";
import { stringify } from "csv-stringify/sync";
import { databasePath, openDatabase } from "#db/client";
import { defaultReadLimits } from "#db/importers/archive-read";
import { FUNDERS, type Funder } from "#db/schema";
import { systemActor } from "~/features/access/actor";
import { runArchiveImport } from "~/features/archive/import.server";

/**
 * npm run archive:import -- --format nssf|nsfc FILE [--report FILE] [--max-mb N]
 * Imports one archive file into the database at DATABASE_PATH and prints a summary.
 */
const usage = "用法 / usage: npm run archive:import -- --format nssf|nsfc FILE [--report REPORT.csv] [--max-mb 300]";

function parseArgs(argv: string[]) {
  const out: { format?: string; file?: string; report?: string; maxMb?: number } = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--format") out.format = argv[++i];
    else if (a === "--report") out.report = argv[++i];
    else if (a === "--max-mb") out.maxMb = Number(argv[++i]);
    else if (a === "--help" || a === "-h") {
      console.log(usage);
      process.exit(0);
    } else if (!a.startsWith("--")) out.file = a;
    else throw new Error(`未知参数 / unknown option ${a}`);
  }
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!args.format || !(FUNDERS as readonly string[]).includes(args.format) || !args.file) {
    console.error(usage);
    process.exit(2);
  }
  if (!fs.existsSync(args.file)) {
    console.error(`找不到文件 / file not found: ${args.file}`);
    process.exit(2);
  }
  const limits = defaultReadLimits();
  if (args.maxMb) limits.maxBytes = args.maxMb * 1024 * 1024;
  const db = openDatabase(databasePath());
  const outcome = await runArchiveImport(db, systemActor("archive-import"), { file: args.file, format: args.format as Funder, fileName: path.basename(args.file), limits });
  if (!outcome.ok) {
    console.error(`导入被拒绝 / import refused (run ${outcome.runId}):\n  ${outcome.zh}\n  ${outcome.en}`);
    if (args.report) fs.writeFileSync(args.report, `\ufeff${stringify([["line", "outcome", "reason"], [0, "failed", `${outcome.zh} / ${outcome.en}`]])}`);
    db.$client.close();
    process.exit(1);
  }
  const s = outcome.summary;
  const rate = Math.round(s.totalRows / Math.max(outcome.seconds, 0.001));
  console.log(
    [
      `导入完成 / import done (run ${s.runId}, ${s.encoding})`,
      `  行数 rows:        ${s.totalRows}`,
      `  新增 imported:    ${s.imported}`,
      `  合并 merged:      ${s.merged}  (项目未变 unchanged projects: ${s.projectsUnchanged}, 更新 updated: ${s.projectsUpdated})`,
      `  拒绝 rejected:    ${s.rejected}`,
      `  附注 rows with notes: ${s.notes}`,
      `  新人员 people created: ${s.peopleCreated}; 新机构 institutions created: ${s.organisationsCreated}; 成果 outputs written: ${s.outputsWritten}`,
      `  用时 seconds:     ${outcome.seconds.toFixed(2)}  (${rate} rows/s)`,
    ].join("\n"),
  );
  if (args.report) {
    const lines = outcome.rows.map((r) => [r.line, r.result, r.approvalNumber ?? "", r.reason ?? (r.notes.length ? r.notes.map((n) => `${n.zh} / ${n.en}`).join("; ") : "")]);
    fs.writeFileSync(args.report, `\ufeff${stringify([["line", "outcome", "approval_number", "reason"], ...lines])}`);
    console.log(`  报告 report: ${args.report}`);
  }
  db.$client.close();
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
