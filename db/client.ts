import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** The handle a verb receives inside its transaction. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export const MIGRATIONS_FOLDER = path.resolve(process.cwd(), "db/migrations");

/** Opens a SQLite file with the pragmas every connection of this portal uses, and migrates it. */
export function openDatabase(file: string, opts: { migrate?: boolean; readonly?: boolean } = {}): Db {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file, { readonly: opts.readonly ?? false });
  sqlite.pragma("journal_mode = WAL");
  // FULL: an acknowledged write survives power loss (WAL defaults to NORMAL)
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("cache_size = -65536");
  sqlite.pragma("temp_store = MEMORY");
  const db = drizzle(sqlite, { schema }) as Db;
  if (opts.migrate !== false && !opts.readonly) {
    migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    // planner statistics for tables that need them (cheap when they are current)
    sqlite.pragma("optimize=0x10002");
  }
  return db;
}

export function databasePath(): string {
  return process.env.DATABASE_PATH || path.resolve(process.cwd(), "data/portal.sqlite");
}

const g = globalThis as unknown as { __portalDb?: Db };

/** The process-wide connection, opened once (kept across dev reloads). */
export function getDb(): Db {
  if (!g.__portalDb) g.__portalDb = openDatabase(databasePath());
  return g.__portalDb;
}

/** Lets tests and scripts point the process at a given database. */
export function setDb(db: Db | undefined): void {
  g.__portalDb = db;
}

export { schema };
