// `npm run audit:verify`: walks the audit trail's hash chain in DATABASE_PATH's database.
// Prints how many entries were checked and OK, or the first broken entry and exits 1.
import fs from "node:fs";
import { verifyAuditChain } from "../db/audit";
import { databasePath, openDatabase } from "../db/client";

const file = databasePath();
if (!fs.existsSync(file)) {
  console.error(`数据库文件不存在 / Database file not found: ${file}`);
  process.exit(2);
}
// no migration: verification must not change the database it inspects
const db = openDatabase(file, { migrate: false });
const started = Date.now();
const result = verifyAuditChain(db);
db.$client.close();
const ms = Date.now() - started;
if (result.ok) {
  console.log(`OK: ${result.checked} audit entries checked, the chain is intact (${ms} ms). / 审计日志链完整，已核对 ${result.checked} 条。`);
  process.exit(0);
}
console.error(`BROKEN at entry ${result.brokenAtId}: ${result.reason}. ${result.checked} entries before it are intact.`);
console.error(`审计日志链在第 ${result.brokenAtId} 条处断裂；此前 ${result.checked} 条完好。`);
process.exit(1);
