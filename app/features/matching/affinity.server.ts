import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "#db/client";
import { adoptions, needs, organisations, people, proposals } from "#db/schema";
import type { SearchEngine, SearchHit } from "#search/port";
import { getSearchEngine } from "#search/index";
import { highlight } from "#search/text/highlight";
import { queryTerms } from "#search/text/segment";
import { ADOPTED_BONUS, FUNDER_LABEL, KEYWORD_BONUS, WEIGHTS, explainAffinity, features, priorOf, type ProjectFacts, foldHits, linear, type Evidence, type Features, type PersonPrior, type Weights } from "./model";

/**
 * The affinity of a person to a piece of text (a need, a proposal to review), computed through
 * the search layer so it scales to the whole archive. The engine ranks archived projects by the
 * text (once over everything, once within the need's discipline when it has one); the hits are
 * folded per person (best single match plus a smoothed sum of the others, OpenReview-style) and
 * combined with priors a department would accept as reasons — the person's activity up to the
 * need's date, their projects in the need's discipline, their volume and grades — by weights
 * learned on an earlier window of the archive (model.ts). Adopted answers and declared keywords,
 * which the archive cannot teach, add bounded bonuses.
 */

export { FUNDER_LABEL };
export type { Evidence };

export type PersonAffinity = {
  personId: number;
  /** 0..1, monotone in the model's linear score */
  score: number;
  linear: number;
  best: number;
  evidence: Evidence[];
  features: Features;
  prior: PersonPrior;
  excellent: number;
  adopted: number;
  keywordHits: string[];
  discipline?: string;
  asOf: number;
};

export type RankOptions = {
  limit?: number;
  /** candidate projects read from the engine (over everything; as many again within the discipline) */
  depth?: number;
  excludePersonIds?: number[];
  engine?: SearchEngine;
  keywords?: string[];
  /** the need's discipline (学科), for the discipline prior and the second candidate query */
  discipline?: string;
  /** the need's year: activity is measured up to it (default: this year) */
  asOf?: number;
  /** projects treated as absent from the priors (the benchmark's held-out set) */
  excludeProjectIds?: ReadonlySet<number>;
  /** model weights (the fitting script tries others) */
  weights?: Weights;
  /** compute <mark> highlights for the first n evidence titles of the first `highlightPeople` returned (default 0: callers highlight what they show) */
  highlightTop?: number;
  highlightPeople?: number;
};

const PROJECT_FIELDS = ["title", "subtitle", "keywords", "outputs"] as const;
const DEFAULT_DEPTH = 100;
/** maps the linear score into 0..1 for display and for the assignment's affinities */
const logistic = (x: number) => 1 / (1 + Math.exp(-(x - SCORE_OFFSET)));
const SCORE_OFFSET = 7;

/** Per-person priors from the archive, in one batched read. */
export function personPriors(db: Db, ids: number[], discipline: string | undefined, asOf: number, exclude?: ReadonlySet<number>): Map<number, PersonPrior> {
  const out = new Map<number, PersonPrior>();
  if (!ids.length) return out;
  const rows = db.$client
    .prepare(`SELECT id, pi_person_id pid, year, discipline d, grade g FROM projects WHERE pi_person_id IN (${ids.map(() => "?").join(",")})`)
    .all(...ids) as { id: number; pid: number; year: number | null; d: string | null; g: string | null }[];
  const by = new Map<number, ProjectFacts[]>();
  for (const r of rows) if (!exclude?.has(r.id)) (by.get(r.pid) ?? by.set(r.pid, []).get(r.pid)!).push({ year: r.year, discipline: r.d, grade: r.g });
  for (const [pid, facts] of by) out.set(pid, priorOf(facts, discipline, asOf));
  return out;
}

/** Ranks people by affinity to `text`. */
export async function rankPeople(db: Db, text: string, opts: RankOptions = {}): Promise<PersonAffinity[]> {
  const engine = opts.engine ?? getSearchEngine(db);
  const depth = opts.depth ?? DEFAULT_DEPTH;
  const asOf = opts.asOf ?? new Date().getUTCFullYear();
  const discipline = opts.discipline?.trim() || undefined;
  const base = { q: text, matching: "any" as const, limit: depth, fields: [...PROJECT_FIELDS] };
  const results = await Promise.all([
    engine.search({ ...base, filter: { type: "project" } }),
    ...(discipline ? [engine.search({ ...base, filter: { type: "project", discipline } })] : []),
  ]);
  const seen = new Set<string>();
  const hits = results.flatMap((r) => r.hits).filter((h) => !seen.has(h.id) && seen.add(h.id));
  const top = Math.max(0, ...hits.map((h) => h.score));
  const norm = (h: SearchHit) => (top > 0 ? Math.max(0, h.score) / top : 0);
  const folded = foldHits(
    hits.map((h) => ({
      personIds: h.doc.personIds,
      score: norm(h),
      raw: h.score,
      evidence: {
        projectId: Number(h.entityId),
        title: h.doc.title + (h.doc.subtitle ? `——${h.doc.subtitle}` : ""),
        titleHtml: "",
        year: h.doc.year,
        grade: h.doc.grade,
        funder: h.doc.funder,
        discipline: h.doc.discipline,
        score: norm(h),
      },
    })),
  );
  for (const id of opts.excludePersonIds ?? []) folded.delete(id);
  const ids = [...folded.keys()];
  const priors = personPriors(db, ids, discipline, asOf, opts.excludeProjectIds);
  const adopted = new Map<number, number>();
  const keywordHits = new Map<number, string[]>();
  if (ids.length) {
    // track record: accepted proposals that were adopted or drew a leader's instruction
    for (const r of db
      .select({ personId: proposals.personId, n: sql<number>`count(*)` })
      .from(adoptions)
      .innerJoin(proposals, eq(adoptions.proposalId, proposals.id))
      .where(inArray(proposals.personId, ids))
      .groupBy(proposals.personId)
      .all())
      if (r.personId != null) adopted.set(r.personId, r.n);
    const kws = new Set((opts.keywords ?? []).map((k) => k.toLowerCase()));
    if (kws.size)
      for (const p of db.select({ id: people.id, keywords: people.keywords, disciplines: people.disciplines }).from(people).where(inArray(people.id, ids)).all())
        keywordHits.set(p.id, [...p.keywords, ...p.disciplines].filter((k) => kws.has(k.toLowerCase())));
  }
  const w = opts.weights ?? WEIGHTS;
  const out: PersonAffinity[] = [];
  for (const f of folded.values()) {
    const prior = priors.get(f.personId) ?? { projects: 0, lastYear: null, sameDiscipline: 0, excellent: 0 };
    const x = features(f, prior, asOf, !!discipline);
    const ad = adopted.get(f.personId) ?? 0;
    const kh = keywordHits.get(f.personId) ?? [];
    const lin = linear(x, w) + Math.min(ADOPTED_BONUS.max, ADOPTED_BONUS.each * ad) + Math.min(KEYWORD_BONUS.max, KEYWORD_BONUS.each * kh.length);
    out.push({ personId: f.personId, score: logistic(lin), linear: lin, best: f.best, evidence: f.evidence, features: x, prior, excellent: prior.excellent, adopted: ad, keywordHits: kh, discipline, asOf });
  }
  out.sort((x, y) => y.linear - x.linear || x.personId - y.personId);
  const ranked = out.slice(0, opts.limit ?? 50);
  if (opts.highlightTop) highlightEvidence(text, ranked.slice(0, opts.highlightPeople ?? ranked.length), opts.highlightTop);
  return ranked;
}

/** Marks the query's words in the first `n` evidence titles of each person (done only for what a page shows: it costs). */
export function highlightEvidence(text: string, ranked: { evidence: Evidence[] }[], n = 3): void {
  const terms = highlightTerms(text);
  for (const a of ranked) for (const e of a.evidence.slice(0, n)) e.titleHtml = highlight(e.title, terms);
}

function highlightTerms(q: string): string[] {
  const terms = queryTerms(q);
  const meaningful = terms.filter((t) => !t.generic);
  return (meaningful.length ? meaningful : terms).map((t) => t.term);
}

/** The words an officer reads beside a recommendation (model.ts: only the reasons the model weighs). */
export function explain(a: PersonAffinity): { zh: string; en: string } {
  return explainAffinity(a);
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
  const ranked = await rankPeople(db, text, { limit: 200, excludePersonIds: ownPeople, engine, keywords: n.keywords, discipline: n.discipline, asOf: n.createdAt.getUTCFullYear() });
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
  const invited = new Set(
    db.all<{ pid: number }>(sql`SELECT person_id pid FROM need_invitations WHERE need_id = ${needId} AND person_id IS NOT NULL`).map((r) => r.pid),
  );
  const out: Recommendation[] = [];
  const shown: PersonAffinity[] = [];
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
      completed: 0,
      score: Math.round(a.score * 1000) / 1000,
      why: explain(a),
      evidence: a.evidence.slice(0, 3),
      adopted: a.adopted,
      invited: invited.has(p.id),
    });
    shown.push(a);
    if (out.length >= (f.limit ?? 20)) break;
  }
  // completed projects, read only for the people shown
  if (out.length) {
    const completed = new Map(
      db
        .all<{ pid: number; n: number }>(sql`SELECT pi_person_id pid, count(*) n FROM projects WHERE completed_on IS NOT NULL AND completed_on <> '' AND pi_person_id IN (${sql.join(out.map((r) => sql`${r.personId}`), sql`, `)}) GROUP BY pi_person_id`)
        .map((r) => [r.pid, r.n]),
    );
    for (const r of out) r.completed = completed.get(r.personId) ?? 0;
  }
  highlightEvidence(text, shown, 3);
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
      return { organisationId: id, name: o.name, region: o.region, thinkTankType: o.thinkTankType, score: Math.round((0.7 * rs[0].score + 0.3 * (1 - Math.exp(-rest))) * 1000) / 1000, people: rs.map((r) => r.name) };
    })
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
}
