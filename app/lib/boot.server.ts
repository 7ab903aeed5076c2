import { appendAudit } from "#db/audit";
import { getDb } from "#db/client";

/**
 * Runs once when the server starts: opens and migrates the database, loads the demo data into
 * an empty database (unless SEED_DEMO=false) and starts the outbox workers.
 */
export async function boot(): Promise<void> {
  const db = getDb();
  const hooks = await import("./startup.server");
  await hooks.runStartup(db);
}

/** Records a request the server refused before it reached the app (cross-origin POST …). */
export function recordRefusal(r: { action: string; ip: string; detail: Record<string, unknown> }): void {
  const db = getDb();
  db.transaction((tx) => appendAudit(tx, { actorLabel: "anonymous", action: r.action, ip: r.ip, result: "denied", detail: r.detail }), { behavior: "immediate" });
}
