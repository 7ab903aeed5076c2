// `npm run db:backup -- FILE [--force]`: a consistent copy of DATABASE_PATH's database taken with
// SQLite's online backup API, safe while the portal is running and writing.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { databasePath, openDatabase } from "../db/client";

const args = process.argv.slice(2);
const force = args.includes("--force");
const target = args.find((a) => !a.startsWith("--"));
if (!target) {
  console.error("用法 / Usage: npm run db:backup -- <backup-file> [--force]");
  process.exit(2);
}
const source = databasePath();
if (!fs.existsSync(source)) {
  console.error(`数据库文件不存在 / Database file not found: ${source}`);
  process.exit(2);
}
const dest = path.resolve(target);
if (dest === path.resolve(source)) {
  console.error("备份文件不能是数据库本身 / The backup file cannot be the database itself.");
  process.exit(2);
}
if (fs.existsSync(dest) && !force) {
  console.error(`文件已存在，未覆盖；如确需覆盖请加 --force / ${dest} exists; not overwritten (use --force to replace it).`);
  process.exit(1);
}
fs.mkdirSync(path.dirname(dest), { recursive: true });

// write next to the target and rename, so a failed backup never leaves a half-written file under its name
const partial = `${dest}.partial-${process.pid}`;
const db = openDatabase(source, { migrate: false });
const started = Date.now();
try {
  // all pages in one step: one read transaction, a consistent snapshot that a busy writer cannot
  // force to restart; in WAL mode the portal's writers carry on meanwhile
  await db.$client.backup(partial, { progress: () => 0x7fffffff });
} catch (e) {
  fs.rmSync(partial, { force: true });
  console.error(`备份失败 / Backup failed: ${(e as Error).message}`);
  process.exit(1);
} finally {
  db.$client.close();
}

// the copy must open and pass SQLite's own check before it takes the target's name
const check = new Database(partial);
const integrity = check.pragma("integrity_check", { simple: true });
// one self-contained file: the portal switches it back to WAL when it opens it
check.pragma("journal_mode = DELETE");
check.close();
if (integrity !== "ok") {
  fs.rmSync(partial, { force: true });
  console.error(`备份文件校验失败 / The copy failed its integrity check: ${String(integrity)}`);
  process.exit(1);
}
fs.renameSync(partial, dest);
const size = fs.statSync(dest).size;
const mb = (size / 1024 / 1024).toFixed(1);
console.log(`OK: ${dest} (${size} bytes, ${mb} MB, ${Date.now() - started} ms) / 备份完成`);
