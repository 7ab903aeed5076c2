import type { Db } from "#db/client";

/**
 * The choices of the archive's filter form (funders, disciplines, categories, provinces, grades,
 * year range). Grouping 80,000 projects costs tens of milliseconds, so they are computed once and
 * kept until the next import in this process (or for ten minutes, for imports run elsewhere).
 */
export type Facets = {
  disciplines: string[];
  categories: string[];
  provinces: string[];
  grades: string[];
  minYear: number | null;
  maxYear: number | null;
};

const TTL_MS = 10 * 60_000;
let cache: { at: number; db: Db; facets: Facets } | null = null;

export function invalidateFacets(): void {
  cache = null;
}

const distinct = (db: Db, column: string, limit = 300): string[] =>
  (
    db.$client
      .prepare(`select ${column} as v, count(*) as n from projects where ${column} is not null and ${column} <> '' group by ${column} order by n desc limit ${limit}`)
      .all() as { v: string }[]
  )
    .map((r) => r.v)
    .sort((a, b) => a.localeCompare(b, "zh-CN"));

export function getFacets(db: Db, now = Date.now()): Facets {
  if (cache && cache.db === db && now - cache.at < TTL_MS) return cache.facets;
  const years = db.$client.prepare("select min(year) as minYear, max(year) as maxYear from projects").get() as { minYear: number | null; maxYear: number | null };
  const facets: Facets = {
    disciplines: distinct(db, "discipline"),
    categories: distinct(db, "category"),
    provinces: distinct(db, "province", 80),
    grades: distinct(db, "grade", 40),
    ...years,
  };
  cache = { at: now, db, facets };
  return facets;
}
