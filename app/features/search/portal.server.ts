import { inArray } from "drizzle-orm";
import type { Db } from "#db/client";
import { organisations, people, projects } from "#db/schema";
import type { Filter, SearchHit, SearchQuery } from "#search/port";
import { getSearchEngine } from "#search/index";
import type { Actor } from "~/features/access/actor";
import { canListHiddenPeople, canSeePerson } from "~/features/access/visibility";

/**
 * The portal's global search. The index only proposes; what a reader may see is decided here
 * from the database (a person hidden from the public directory stays hidden even if the index
 * is stale), and hits whose record no longer exists are dropped.
 */

export { FACETS, MAX_Q, PAGE_SIZE, parseSearchParams, SEARCH_TYPES, searchHref, type SearchParams } from "./params";
import { FACETS, PAGE_SIZE, SEARCH_TYPES, type SearchParams } from "./params";

export type VisibleHit = Pick<SearchHit, "id" | "type" | "entityId" | "score" | "highlights"> & {
  title: string;
  subtitle?: string;
  href: string;
  meta: { funder?: string; year?: number; discipline?: string; institution?: string; people?: string[]; ref?: string; grade?: string; province?: string };
};

/** ids of the hits this reader may see, re-read from the database */
function visibleIds(db: Db, actor: Actor, hits: SearchHit[]): Set<string> {
  const ids = (type: string) => hits.filter((h) => h.type === type).map((h) => Number(h.entityId)).filter(Number.isInteger);
  const ok = new Set<string>();
  const pIds = ids("project");
  if (pIds.length) for (const r of db.select({ id: projects.id }).from(projects).where(inArray(projects.id, pIds)).all()) ok.add(`project:${r.id}`);
  const oIds = ids("organisation");
  if (oIds.length) for (const r of db.select({ id: organisations.id }).from(organisations).where(inArray(organisations.id, oIds)).all()) ok.add(`organisation:${r.id}`);
  const peIds = ids("person");
  if (peIds.length)
    for (const r of db.select({ id: people.id, organisationId: people.organisationId, publicConsent: people.publicConsent, source: people.source }).from(people).where(inArray(people.id, peIds)).all())
      if (r.source === "archive" || canSeePerson(actor, r)) ok.add(`person:${r.id}`);
  return ok;
}

function hrefOf(h: SearchHit): string {
  if (h.type === "project") return `/projects/${encodeURIComponent(h.entityId)}`;
  if (h.type === "person") return `/people/${encodeURIComponent(h.entityId)}`;
  if (h.type === "organisation") return `/organisations/${encodeURIComponent(h.entityId)}`;
  return `/search?q=${encodeURIComponent(h.doc.title)}`;
}

export function toVisibleHits(db: Db, actor: Actor, hits: SearchHit[]): VisibleHit[] {
  const ok = visibleIds(db, actor, hits);
  return hits
    .filter((h) => ok.has(h.id))
    .map((h) => ({
      id: h.id,
      type: h.type,
      entityId: h.entityId,
      score: Math.round(h.score * 1000) / 1000,
      highlights: h.highlights,
      title: h.doc.title,
      subtitle: h.doc.subtitle,
      href: hrefOf(h),
      meta: {
        funder: h.doc.funder,
        year: h.doc.year,
        discipline: h.doc.discipline,
        institution: h.doc.institution,
        people: h.doc.type === "person" ? undefined : h.doc.people,
        ref: h.doc.type === "project" ? h.doc.ref : undefined,
        grade: h.doc.grade,
        province: h.doc.province,
      },
    }));
}

export async function searchPortal(db: Db, actor: Actor, p: SearchParams, pageSize = PAGE_SIZE) {
  const filter: Filter = {
    type: p.type && (SEARCH_TYPES as readonly string[]).includes(p.type) ? p.type : [...SEARCH_TYPES],
    funder: p.funder,
    discipline: p.discipline,
    province: p.province,
    grade: p.grade,
    yearFrom: p.yearFrom,
    yearTo: p.yearTo,
    // readers who may not list hidden experts never get them from the index, so totals stay honest
    ...(canListHiddenPeople(actor) ? {} : { visibility: "public" }),
  };
  const query: SearchQuery = { q: p.q, filter, facets: [...FACETS], limit: pageSize, offset: (p.page - 1) * pageSize, highlight: true };
  const res = await getSearchEngine(db).search(query);
  const hits = toVisibleHits(db, actor, res.hits);
  // the type tabs count over every type, whatever tab is open
  const typeCounts = p.type ? (await getSearchEngine(db).search({ ...query, filter: { ...filter, type: [...SEARCH_TYPES] }, facets: ["type"], limit: 0 })).facets?.type : res.facets?.type;
  return {
    hits,
    total: res.total,
    pages: Math.max(1, Math.ceil(res.total / pageSize)),
    facets: { ...(res.facets ?? {}), type: typeCounts ?? {} } as Record<string, Record<string, number>>,
    degraded: res.degraded ?? false,
    engine: res.engine,
    tookMs: res.tookMs,
  };
}
