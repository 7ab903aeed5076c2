import { sql } from "drizzle-orm";
import { searchStatus } from "#search/sync/status";
import { db } from "~/lib/db.server";

/** Liveness and readiness for operators: the database answers, and how far behind search is. */
export async function loader() {
  const checks: Record<string, unknown> = {};
  let ok = true;
  try {
    const d = db();
    d.run(sql`select 1`);
    checks.database = { status: "ok" };
    // search degraded (Meilisearch's circuit open) still serves from the embedded engine: not an outage
    const s = await searchStatus(d);
    checks.search = { status: s.breaker && s.breaker.state !== "closed" ? "degraded" : "ok", ...s };
  } catch (e) {
    ok = false;
    checks.database = { status: "error", message: (e as Error).message };
  }
  return Response.json({ status: ok ? "ok" : "error", checks }, { status: ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
