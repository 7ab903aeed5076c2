import { getDb } from "#db/client";

/** The process-wide database for routes; features take it as a parameter so tests can pass their own. */
export const db = () => getDb();
