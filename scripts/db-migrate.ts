// `npm run db:migrate`: apply the committed migrations to DATABASE_PATH (the server also does this on start).
import { databasePath, openDatabase } from "#db/client";

const file = databasePath();
const db = openDatabase(file);
const applied = db.$client.prepare("select count(*) as n from __drizzle_migrations").get() as { n: number };
console.log(`${file}: ${applied.n} migrations applied`);
db.$client.close();
