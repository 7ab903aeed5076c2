import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "#db/client";
import { systemActor } from "~/features/access/actor";
import { getFacets, invalidateFacets } from "~/features/archive/facets.server";
import { runArchiveImport } from "~/features/archive/import.server";
import { parseProjectFilters } from "~/features/archive/params";
import { listProjects } from "~/features/archive/queries.server";

/**
 * npm run bench:import — imports the real NSSF and NSFC files into a fresh temporary database
 * and prints seconds and rows per second, then the time of typical /projects list queries at
 * that size. Set ARCHIVE_DIR to read the files from elsewhere.
 */
const dataDir = process.env.ARCHIVE_DIR ?? path.resolve(process.cwd(), "../shared/data");
const files = [
  { format: "nssf" as const, file: path.join(dataDir, "nssf-projects.csv") },
  { format: "nsfc" as const, file: path.join(dataDir, "nsfc-management-projects.csv") },
];

/** CPU seconds since `from`: on a busy machine a fairer figure than the wall clock. */
const cpuSeconds = (from: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(from);
  return ((d.user + d.system) / 1e6).toFixed(2);
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-import-"));
try {
  const db = openDatabase(path.join(dir, "bench.sqlite"));
  const actor = systemActor("bench");
  for (const { format, file } of files) {
    if (!fs.existsSync(file)) {
      console.log(`${format}: ${file} not found, skipped`);
      continue;
    }
    const cpu = process.cpuUsage();
    const o = await runArchiveImport(db, actor, { file, format, fileName: path.basename(file) });
    if (!o.ok) throw new Error(`${format}: ${o.en}`);
    const s = o.summary;
    console.log(
      `${format}: ${s.totalRows} rows in ${o.seconds.toFixed(2)} s = ${Math.round(s.totalRows / o.seconds)} rows/s, ${cpuSeconds(cpu)} s CPU ` +
        `(imported ${s.imported}, merged ${s.merged}, rejected ${s.rejected}; people +${s.peopleCreated}, institutions +${s.organisationsCreated})`,
    );
  }
  const cpu = process.cpuUsage();
  const again = await runArchiveImport(db, actor, { file: files[0].file, format: "nssf", fileName: "nssf-projects.csv" });
  if (again.ok) console.log(`nssf re-run (idempotent): ${again.seconds.toFixed(2)} s, ${cpuSeconds(cpu)} s CPU, imported ${again.summary.imported}, merged ${again.summary.merged}, updated ${again.summary.projectsUpdated}`);

  const total = (db.$client.prepare("select count(*) n from projects").get() as { n: number }).n;
  console.log(`\n/projects list queries at ${total} projects (mean of 5):`);
  for (const q of ["", "sort=title", "sort=pi", "funder=nsfc", "from=2010&to=2012", "discipline=法学&sort=year_asc", "category=一般项目&sort=pi", "grade=优秀", "province=湖南", "institution=大学", "q=治理", "page=2000"]) {
    const f = parseProjectFilters(new URLSearchParams(q));
    listProjects(db, f);
    const t = performance.now();
    for (let i = 0; i < 5; i++) listProjects(db, f);
    console.log(`  ${((performance.now() - t) / 5).toFixed(1).padStart(6)} ms  ${q || "(no filter)"}`);
  }
  invalidateFacets();
  const t = performance.now();
  getFacets(db);
  console.log(`  ${(performance.now() - t).toFixed(1).padStart(6)} ms  filter choices (computed once per import)`);
  db.$client.close();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
