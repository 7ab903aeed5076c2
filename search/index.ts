import { getDb, type Db } from "#db/client";
import { EmbeddedEngine } from "./embedded";
import { MeilisearchEngine, meiliOptionsFromEnv, type MeiliOptions } from "./meilisearch/engine";
import type { SearchEngine } from "./port";
import { breakerOptionsFromEnv, ResilientEngine, type BreakerOptions } from "./resilient";
import { rebuildTarget } from "./sync/marker";

/**
 * Which engine answers: the embedded one when MEILI_URL is unset, otherwise Meilisearch behind
 * a circuit breaker with the embedded engine standing in (and always kept up to date).
 */
export type Engines = {
  /** what features query and the outbox drain writes to */
  engine: SearchEngine;
  embedded: EmbeddedEngine;
  meili?: MeilisearchEngine;
  resilient?: ResilientEngine;
};

export function createEngines(db: Db, env: NodeJS.ProcessEnv = process.env, overrides: { meili?: Partial<MeiliOptions>; breaker?: BreakerOptions } = {}): Engines {
  const embedded = new EmbeddedEngine(db.$client);
  const opts = meiliOptionsFromEnv(env);
  if (!opts) return { engine: embedded, embedded };
  const meili = new MeilisearchEngine({ ...opts, shadowIndex: () => rebuildTarget(db), ...overrides.meili });
  const resilient = new ResilientEngine(meili, embedded, { ...breakerOptionsFromEnv(env), ...overrides.breaker });
  return { engine: resilient, embedded, meili, resilient };
}

const g = globalThis as unknown as { __portalSearch?: { db: Db; engines: Engines } };

/** The process-wide engines for this database (kept across dev reloads). */
export function getEngines(db: Db = getDb()): Engines {
  if (!g.__portalSearch || g.__portalSearch.db !== db) g.__portalSearch = { db, engines: createEngines(db) };
  return g.__portalSearch.engines;
}

export function getSearchEngine(db: Db = getDb()): SearchEngine {
  return getEngines(db).engine;
}

/** Forgets the process-wide engines (tests; after changing MEILI_* settings). */
export function resetSearchEngine(): void {
  g.__portalSearch = undefined;
}
