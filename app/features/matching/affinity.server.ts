import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "#db/client";
import { adoptions, needs, organisations, people, proposals } from "#db/schema";
import type { SearchEngine, SearchHit } from "#search/port";
import { getSearchEngine } from "#search/index";

/**
 * The affinity of a person to a piece of text (a need, a proposal to review), computed through
 * the search layer so it scales to the whole archive: the engine ranks archived projects by the
 * text, and the hits are folded per person (OpenReview-style): the best single match carries most
 * weight, a smoothed sum of the others rewards a sustained line of work without letting a prolific
 * PI with many weak matches win. Track record (excellent grades, adopted or instructed answers)
 * and declared keywords add small bounded bonuses.
 */

export const FUNDER_LABEL: Record<string, { zh: string; en: string }> = {
  nssf: { zh: "国家社科基金", en: "National Social Science Fund" },
  nsfc: { zh: "国家自然科学基金", en: "National Natural Science Foundation" },
};

export type Evidence = { projectId: number; title: string; titleHtml: string; year?: number; grade?: string; funder?: string; score: number };

export type PersonAffinity = {
  personId: number;
  score: number;
  best: number;
  evidence: Evidence[];
  excellent: number;
  adopted: number;
  keywordHits: string[];
  organisationId?: number;
};

const W_BEST = 0.7;
const W_REST = 0.3;
const isExcellent = (g?: string) => !!g && g.includes("优秀");

/** Folds normalised project hits (0..1) into person scores. Pure, so the benchmark and the tests use it directly. */
export function foldHits(hits: { personIds?: number[]; score: number; evidence: Evidence; organisationId?: number }[]): Map<number, PersonAffinity> {
  const byPerson = new Map<number, PersonAffinity>();
  for (const h of hits)
    for (const pid of h.personIds ?? []) {
      let a = byPerson.get(pid);
      if (!a) byPerson.set(pid, (a = { personId: pid, score: 0, best: 0, evidence: [], excellent: 0, adopted: 0, keywordHits: [], organisationId: h.organisationId }));
      a.evidence.push(h.evidence);
    }
  for (const a of byPerson.values()) {
    a.evidence.sort((x, y) => y.score - x.score);
    a.best = a.evidence[0]?.score ?? 0;
    const rest = a.evidence.slice(1).reduce((s, e) => s + e.score, 0);
    a.excellent = a.evidence.filter((e) => isExcellent(e.grade)).length;
    a.score = W_BEST * a.best + W_REST * (1 - Math.exp(-rest));
  }
  return byPerson;
}

export type RankOptions = {
  limit?: number;
  /** candidate projects read from the engine */
  depth?: number;
  excludePersonIds?: number[];
  engine?: SearchEngine;
  keywords?: string[];
};

/** Ranks people by affinity to `text`. */
export async function rankPeople(db: Db, text: string, opts: RankOptions = {}): Promise<PersonAffinity[]> {
  const engine = opts.engine ?? getSearchEngine(db);
  const res = await engine.search({ q: text, filter: { type: "project" }, matching: "any", limit: opts.depth ?? 150, highlight: true, fields: ["title", "subtitle", "keywords", "outputs"] });
  const top = res.hits[0]?.score ?? 0;
  const norm = (h: SearchHit) => (top > 0 ? Math.max(0, h.score) / top : 0);
  const folded = foldHits(
    res.hits.map((h) => ({
      personIds: h.doc.personIds,
      score: norm(h),
      organisationId: h.doc.organisationId,
      evidence: {
        projectId: Number(h.entityId),
        title: h.doc.title + (h.doc.subtitle ? `——${h.doc.subtitle}` : ""),
        titleHtml: (h.highlights?.title ?? h.doc.title) + (h.doc.subtitle ? `——${h.highlights?.subtitle ?? h.doc.subtitle}` : ""),
        year: h.doc.year,
        grade: h.doc.grade,
        funder: h.doc.funder,
        score: norm(h),
      },
    })),
  );
  const exclude = new Set(opts.excludePersonIds ?? []);
  for (const id of exclude) folded.delete(id);
  const ids = [...folded.keys()];
  if (ids.length) {
    // track record: accepted proposals that were adopted or drew a leader's instruction
    const adopted = db
      .select({ personId: proposals.personId, n: sql<number>`count(*)` })
      .from(adoptions)
      .innerJoin(proposals, eq(adoptions.proposalId, proposals.id))
      .where(inArray(proposals.personId, ids))
      .groupBy(proposals.personId)
      .all();
    for (const r of adopted) if (r.personId != null) folded.get(r.personId)!.adopted = r.n;
    const kws = new Set((opts.keywords ?? []).map((k) => k.toLowerCase()));
    if (kws.size)
      for (const p of db.select({ id: people.id, keywords: people.keywords, disciplines: people.disciplines }).from(people).where(inArray(people.id, ids)).all())
        folded.get(p.id)!.keywordHits = [...p.keywords, ...p.disciplines].filter((k) => kws.has(k.toLowerCase()));
  }
  // track record breaks near-ties but never outweighs relevance (a held-out test showed a larger
  // grade bonus pushing prolific excellent PIs above the true match)
  for (const a of folded.values()) a.score += Math.min(0.03, 0.01 * a.excellent) + Math.min(0.15, 0.05 * a.adopted) + Math.min(0.1, 0.05 * a.keywordHits.length);
  return [...folded.values()].sort((x, y) => y.score - x.score || x.personId - y.personId).slice(0, opts.limit ?? 50);
}

/** The words an officer reads beside a recommendation. */
export function explain(a: PersonAffinity): { zh: string; en: string } {
  const funders = new Set(a.evidence.map((e) => e.funder).filter(Boolean));
  const f = funders.size === 1 ? FUNDER_LABEL[[...funders][0]!] : undefined;
  const n = a.evidence.length;
  const parts = {
    zh: [`主持过 ${n} 项相近的${f?.zh ?? "基金"}项目${a.excellent ? `，其中 ${a.excellent} 项鉴定为优秀` : ""}`],
    en: [`Led ${n} similar ${f?.en ?? "funded"} project${n === 1 ? "" : "s"}${a.excellent ? `, ${a.excellent} graded excellent` : ""}`],
  };
  if (a.adopted) {
    parts.zh.push(`献策被采纳或获批示 ${a.adopted} 次`);
    parts.en.push(`answers adopted or instructed ${a.adopted} time${a.adopted === 1 ? "" : "s"}`);
  }
  if (a.keywordHits.length) {
    parts.zh.push(`自述研究方向包括“${a.keywordHits.join("、")}”`);
    parts.en.push(`declares interest in "${a.keywordHits.join(", ")}"`);
  }
  return { zh: parts.zh.join("；") + "。", en: parts.en.join("; ") + "." };
}

export type Recommendation = {
  personId: number;
  name: string;
  title: string;
  institution: string;
  organisationId: number | null;
  region: string | null;
  thinkTankType: string | null;
  disciplines: string[];
  completed: number;
  score: number;
  why: { zh: string; en: string };
  evidence: Evidence[];
  adopted: number;
  invited: boolean;
};

export type RecommendFilters = { thinkTankType?: string; region?: string; limit?: number };

/**
 * Experts recommended for a need, with evidence. Conflicts of interest are excluded: people of
 * the asking department itself. Filters: think-tank type and region of the person's organisation.
 */
export async function recommendForNeed(db: Db, needId: number, f: RecommendFilters = {}, engine?: SearchEngine): Promise<Recommendation[]> {
  const n = db.select().from(needs).where(eq(needs.id, needId)).get();
  if (!n) return [];
  const text = [n.question, ...n.keywords, n.policyArea, n.discipline].filter(Boolean).join(" ");
  const ownPeople = db.select({ id: people.id }).from(people).where(eq(people.organisationId, n.organisationId)).all().map((p) => p.id);
  const ranked = await rankPeople(db, text, { limit: 200, excludePersonIds: ownPeople, engine, keywords: n.keywords });
  if (!ranked.length) return [];
  const rows = db
    .select({
      id: people.id,
      name: people.name,
      title: people.title,
      institution: people.institutionName,
      organisationId: people.organisationId,
      disciplines: people.disciplines,
      region: organisations.region,
      thinkTankType: organisations.thinkTankType,
    })
    .from(people)
    .leftJoin(organisations, eq(people.organisationId, organisations.id))
    .where(inArray(people.id, ranked.map((r) => r.personId)))
    .all();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const completed = new Map(
    db
      .all<{ pid: number; n: number }>(sql`SELECT pi_person_id pid, count(*) n FROM projects WHERE completed_on IS NOT NULL AND completed_on <> '' AND pi_person_id IN (${sql.join(ranked.map((r) => sql`${r.personId}`), sql`, `)}) GROUP BY pi_person_id`)
      .map((r) => [r.pid, r.n]),
  );
  const invited = new Set(
    db.all<{ pid: number }>(sql`SELECT person_id pid FROM need_invitations WHERE need_id = ${needId} AND person_id IS NOT NULL`).map((r) => r.pid),
  );
  const out: Recommendation[] = [];
  for (const a of ranked) {
    const p = byId.get(a.personId);
    if (!p) continue;
    if (f.thinkTankType && p.thinkTankType !== f.thinkTankType) continue;
    if (f.region && p.region !== f.region) continue;
    out.push({
      personId: p.id,
      name: p.name,
      title: p.title,
      institution: p.institution,
      organisationId: p.organisationId,
      region: p.region,
      thinkTankType: p.thinkTankType,
      disciplines: p.disciplines,
      completed: completed.get(p.id) ?? 0,
      score: Math.round(a.score * 1000) / 1000,
      why: explain(a),
      evidence: a.evidence.slice(0, 3),
      adopted: a.adopted,
      invited: invited.has(p.id),
    });
    if (out.length >= (f.limit ?? 20)) break;
  }
  return out;
}

export type OrganisationRecommendation = { organisationId: number; name: string; region: string | null; thinkTankType: string | null; score: number; people: string[] };

/** Think tanks (and institutions) folded from their people's affinities: best person plus a smoothed sum. */
export function foldOrganisations(db: Db, recs: Recommendation[], limit = 10): OrganisationRecommendation[] {
  const by = new Map<number, Recommendation[]>();
  for (const r of recs) if (r.organisationId != null) (by.get(r.organisationId) ?? by.set(r.organisationId, []).get(r.organisationId)!).push(r);
  if (!by.size) return [];
  const orgs = new Map(db.select().from(organisations).where(and(inArray(organisations.id, [...by.keys()]))).all().map((o) => [o.id, o]));
  return [...by.entries()]
    .filter(([id]) => orgs.get(id)?.kind === "thinkTank")
    .map(([id, rs]) => {
      const o = orgs.get(id)!;
      const rest = rs.slice(1).reduce((s, r) => s + r.score, 0);
      return { organisationId: id, name: o.name, region: o.region, thinkTankType: o.thinkTankType, score: Math.round((W_BEST * rs[0].score + W_REST * (1 - Math.exp(-rest))) * 1000) / 1000, people: rs.map((r) => r.name) };
    })
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
}
