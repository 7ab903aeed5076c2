import { sql } from "drizzle-orm";
import { searchOutbox } from "#db/schema";
import { db } from "~/lib/db.server";

/** Liveness and readiness for operators: the database answers, and how far behind search is. */
export async function loader() {
  const checks: Record<string, unknown> = {};
  let ok = true;
  try {
    const d = db();
    d.run(sql`select 1`);
    checks.database = { status: "ok" };
    const pending = d.select({ n: sql<number>`count(*)` }).from(searchOutbox).get()?.n ?? 0;
    checks.search = { status: "ok", engine: process.env.MEILI_URL ? "meilisearch" : "embedded", outboxPending: pending };
  } catch (e) {
    ok = false;
    checks.database = { status: "error", message: (e as Error).message };
  }
  return Response.json({ status: ok ? "ok" : "error", checks }, { status: ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
