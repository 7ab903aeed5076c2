import { databasePath, openDatabase } from "#db/client";
import { seedDemo } from "#db/seed/index";
import { hashPassword } from "~/features/auth/password.server";

/**
 * npm run db:seed — loads the demo organisations, experts, projects and accounts into the
 * database at DATABASE_PATH, if it has no organisations yet. Asked for explicitly, so SEED_DEMO
 * (which governs start-up) does not apply.
 */
const file = databasePath();
const db = openDatabase(file);
const result = await seedDemo(db, { hashPassword });
if (result.seeded) {
  console.log(`演示数据已载入 / demo data loaded into ${file} in ${result.ms} ms`);
  console.table(result.counts);
} else {
  console.log(`数据库中已有机构，未载入演示数据 / ${file} already holds organisations; nothing loaded`);
}
db.$client.close();
