import { and, isNull, lt, or } from "drizzle-orm";
import type { Db } from "#db/client";
import { signInFailures } from "#db/schema";
import { purgeExpiredSessions } from "./session.server";
import { lockoutConfig } from "./sign-in.server";

/**
 * Removes what can no longer matter: expired sessions, and failure counts whose window and lock
 * have both passed (they would start afresh anyway). Nothing here is audited: it changes nothing
 * a person could see.
 */
export function purgeStaleAuthRows(db: Db, now = new Date()): { sessions: number; failures: number } {
  const sessions = purgeExpiredSessions(db, now);
  const windowStart = new Date(now.getTime() - lockoutConfig().windowMs);
  const failures = db
    .delete(signInFailures)
    .where(and(lt(signInFailures.lastFailureAt, windowStart), or(isNull(signInFailures.lockedUntil), lt(signInFailures.lockedUntil, now))))
    .run().changes;
  return { sessions, failures };
}

const g = globalThis as unknown as { __authHousekeeping?: ReturnType<typeof setInterval> };

/** Every ten minutes; started once by runStartup. */
export function startAuthHousekeeping(db: Db): void {
  if (g.__authHousekeeping) clearInterval(g.__authHousekeeping);
  const run = () => {
    try {
      purgeStaleAuthRows(db);
    } catch (e) {
      console.error("auth housekeeping failed", (e as Error).message);
    }
  };
  g.__authHousekeeping = setInterval(run, 10 * 60_000);
  g.__authHousekeeping.unref();
  run();
}
