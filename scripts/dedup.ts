/**
 * npm run dedup -- check --in FILE --out FILE     JSONL or .xlsx in, JSONL or .xlsx out
 * npm run dedup -- audit --out FILE               near-identical groups and 一鱼多吃 people (JSON)
 *
 * JSONL in: {"id","text"} with optional "summary", "person", "institution", one per line.
 * JSONL out: {"id","level","matches":[{"projectId","score","level"}]} ranked, at most 10; a
 * broken line is reported on stderr and written as {"id","line","error"}; the rest is processed.
 */
import fs from "node:fs";
import path from "node:path";
import { databasePath, openDatabase } from "#db/client";
import { auditArchive } from "#search/dedup/audit";
import { BatchFormatError, parseJsonl, parseXlsx, type Batch } from "#search/dedup/batch";
import { batchReportXlsx, checkBatch } from "#search/dedup/batch-check";
import { createEngines } from "#search/index";

const usage = `用法 / usage:
  npm run dedup -- check --in FILE(.jsonl|.xlsx) --out FILE(.jsonl|.xlsx)
  npm run dedup -- audit --out FILE(.json)`;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<number> {
  const cmd = process.argv[2];
  const db = openDatabase(databasePath());
  const { engine } = createEngines(db);
  await engine.ensureReady();
  if (cmd === "check") {
    const inFile = arg("in");
    const outFile = arg("out");
    if (!inFile || !outFile) return (console.error(usage), 2);
    if (!fs.existsSync(inFile)) return (console.error(`找不到文件 / file not found: ${inFile}`), 2);
    let batch: Batch;
    try {
      batch = /\.xlsx$/i.test(inFile) ? await parseXlsx(fs.readFileSync(inFile)) : parseJsonl(fs.readFileSync(inFile, "utf8"));
    } catch (e) {
      if (e instanceof BatchFormatError) return (console.error(`${e.bilingual.zh} / ${e.bilingual.en}`), 2);
      throw e;
    }
    for (const e of batch.errors) console.error(`第 ${e.line} 行 / line ${e.line}: ${e.error.zh} / ${e.error.en}`);
    const started = performance.now();
    const { results, errors } = await checkBatch(db, engine, batch);
    fs.mkdirSync(path.dirname(path.resolve(outFile)), { recursive: true });
    if (/\.xlsx$/i.test(outFile)) fs.writeFileSync(outFile, await batchReportXlsx(results, errors));
    else {
      const lines = [
        ...results.map((r) => ({ line: r.line, json: { id: r.id, level: r.level, matches: r.matches.map((m) => ({ projectId: m.projectId, score: m.score, level: m.level })) } })),
        ...errors.map((e) => ({ line: e.line, json: { id: e.id, line: e.line, level: "none", matches: [], error: e.error } })),
      ].sort((a, b) => a.line - b.line);
      fs.writeFileSync(outFile, lines.map((l) => JSON.stringify(l.json)).join("\n") + "\n");
    }
    const secs = (performance.now() - started) / 1000;
    console.error(`已检查 checked ${results.length}，错误行 broken ${errors.length}，用时 ${secs.toFixed(1)} s → ${outFile}`);
    return errors.length && !results.length ? 1 : 0;
  }
  if (cmd === "audit") {
    const outFile = arg("out");
    if (!outFile) return (console.error(usage), 2);
    const report = auditArchive(db);
    fs.mkdirSync(path.dirname(path.resolve(outFile)), { recursive: true });
    fs.writeFileSync(outFile, JSON.stringify(report, null, 1));
    console.error(
      `项目 projects ${report.projects}，比较 compared ${report.comparedPairs} 对 pairs，重复组 duplicate groups ${report.groups.length}，一人多项 people ${report.people.length}，用时 ${report.seconds} s → ${outFile}`,
    );
    return 0;
  }
  console.error(usage);
  return 2;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
