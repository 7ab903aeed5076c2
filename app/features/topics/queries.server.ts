import { and, asc, desc, eq, inArray, lte, notInArray, sql, type SQL } from "drizzle-orm";
import type { Db } from "#db/client";
import { callTopics, calls, organisations, rounds, topicBundleSources, topicEvents, topics, topicSponsors, users, type TopicState } from "#db/schema";
import { features, prepareTitle } from "#search/dedup/features";
import { idfFor } from "#search/dedup/idf";
import { thresholds, titleScore } from "#search/dedup/model";
import type { Actor } from "~/features/access/actor";
import { can } from "~/features/access/permissions";
import { forbidden, notFound } from "~/lib/errors";
import { archiveMatches } from "./dedup.server";
import { qualityHints } from "./hints";

export function listRounds(db: Db) {
  return db.select().from(rounds).orderBy(desc(rounds.year), desc(rounds.id)).all();
}

export function getRound(db: Db, id: number) {
  const r = db.select().from(rounds).where(eq(rounds.id, id)).get();
  if (!r) throw notFound({ zh: "规划轮次", en: "planning round" });
  return r;
}

/** Organisations the actor may propose topics for (admin or member). */
export function proposingOrganisations(db: Db, actor: Actor) {
  if (actor.kind !== "user") return [];
  const ids = actor.memberships.filter((m) => m.role !== "reviewer" && can(actor, "propose:topic", { organisationId: m.organisationId })).map((m) => m.organisationId);
  if (!ids.length) return [];
  return db.select({ id: organisations.id, name: organisations.name, kind: organisations.kind }).from(organisations).where(inArray(organisations.id, ids)).all();
}

export type QueueFilter = { roundId?: number; organisationId?: number; state?: TopicState; discipline?: string; flag?: string; olderThanDays?: number };

export const QUEUE_PAGE_SIZE = 50;

/**
 * The reviewers' queue: everything but drafts, oldest submission first, a page at a time (a
 * round brings thousands of topics; every one of them must stay reachable).
 */
export function reviewQueue(db: Db, f: QueueFilter, opts: { page?: number; pageSize?: number; now?: Date } = {}) {
  const now = opts.now ?? new Date();
  const pageSize = Math.max(1, Math.min(opts.pageSize ?? QUEUE_PAGE_SIZE, 500));
  const where: SQL[] = [notInArray(topics.state, ["draft", "withdrawn"])];
  if (f.roundId) where.push(eq(topics.roundId, f.roundId));
  if (f.organisationId) where.push(eq(topics.organisationId, f.organisationId));
  if (f.state) where.push(eq(topics.state, f.state));
  if (f.discipline) where.push(eq(topics.discipline, f.discipline));
  if (f.flag) where.push(sql`exists (select 1 from json_each(${topics.flags}) where value = ${f.flag})`);
  if (f.olderThanDays) where.push(lte(topics.submittedAt, new Date(now.getTime() - f.olderThanDays * 86_400_000)));
  // every topic has an organisation, so the count needs no join
  const total = db.select({ n: sql<number>`count(*)` }).from(topics).where(and(...where)).get()?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, Math.floor(opts.page ?? 1) || 1), pages);
  const rows = db
    .select({
      id: topics.id,
      title: topics.title,
      state: topics.state,
      discipline: topics.discipline,
      flags: topics.flags,
      dedupLevel: topics.dedupLevel,
      duplicateAck: topics.duplicateAck,
      isBundle: topics.isBundle,
      submittedAt: topics.submittedAt,
      organisationId: topics.organisationId,
      organisationName: organisations.name,
    })
    .from(topics)
    .innerJoin(organisations, eq(organisations.id, topics.organisationId))
    .where(and(...where))
    .orderBy(asc(sql`coalesce(${topics.submittedAt}, ${topics.createdAt})`), asc(topics.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all();
  return { rows, total, page, pages, pageSize };
}

/** Values the queue's filters offer. */
export function queueFacets(db: Db) {
  // organisations with topics, through the organisation index (not a scan of every topic)
  const orgs = db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(inArray(organisations.id, db.select({ id: topics.organisationId }).from(topics)))
    .orderBy(asc(organisations.name))
    .all();
  const disciplines = db.selectDistinct({ d: topics.discipline }).from(topics).orderBy(asc(topics.discipline)).all().map((r) => r.d).filter(Boolean);
  return { orgs, disciplines };
}

/** Topics of the organisations the actor belongs to. */
export function myTopics(db: Db, actor: Actor) {
  if (actor.kind !== "user" || actor.memberships.length === 0) return [];
  return db
    .select({ id: topics.id, title: topics.title, state: topics.state, updatedAt: topics.updatedAt, organisationName: organisations.name, mergedInto: topics.mergedInto })
    .from(topics)
    .innerJoin(organisations, eq(organisations.id, topics.organisationId))
    .where(inArray(topics.organisationId, actor.memberships.map((m) => m.organisationId)))
    .orderBy(desc(topics.updatedAt))
    .limit(200)
    .all();
}

/** Who may read a topic: its organisation, the bundle's co-sponsors, the management office. */
export function canReadTopic(db: Db, actor: Actor, t: { id: number; organisationId: number }): boolean {
  if (can(actor, "read:topic", { organisationId: t.organisationId })) return true;
  const sponsors = db.select({ id: topicSponsors.organisationId }).from(topicSponsors).where(eq(topicSponsors.topicId, t.id)).all();
  return sponsors.some((s) => can(actor, "read:topic", { organisationId: s.id }));
}

export function topicDetail(db: Db, actor: Actor, id: number) {
  const t = db.select().from(topics).where(eq(topics.id, id)).get();
  if (!t) throw notFound({ zh: "选题", en: "topic" });
  if (!canReadTopic(db, actor, t)) throw forbidden();
  const org = db.select({ id: organisations.id, name: organisations.name, kind: organisations.kind }).from(organisations).where(eq(organisations.id, t.organisationId)).get()!;
  const round = db.select().from(rounds).where(eq(rounds.id, t.roundId)).get()!;
  const author = t.authorUserId ? db.select({ name: users.displayName }).from(users).where(eq(users.id, t.authorUserId)).get() : undefined;
  const events = db.select().from(topicEvents).where(eq(topicEvents.topicId, id)).orderBy(desc(topicEvents.at), desc(topicEvents.id)).all();
  const sources = db
    .select({ id: topics.id, title: topics.title, organisationName: organisations.name, previousState: topicBundleSources.previousState })
    .from(topicBundleSources)
    .innerJoin(topics, eq(topics.id, topicBundleSources.sourceId))
    .innerJoin(organisations, eq(organisations.id, topics.organisationId))
    .where(eq(topicBundleSources.bundleId, id))
    .all();
  const sponsors = db
    .select({ id: organisations.id, name: organisations.name })
    .from(topicSponsors)
    .innerJoin(organisations, eq(organisations.id, topicSponsors.organisationId))
    .where(eq(topicSponsors.topicId, id))
    .all();
  const mergedInto = t.mergedInto ? db.select({ id: topics.id, title: topics.title }).from(topics).where(eq(topics.id, t.mergedInto)).get() : undefined;
  const inCalls = db.select({ id: calls.id, title: calls.title, state: calls.state }).from(callTopics).innerJoin(calls, eq(calls.id, callTopics.callId)).where(eq(callTopics.topicId, id)).all();
  return { topic: t, org, round, author: author?.name ?? null, events, sources, sponsors, mergedInto, inCalls };
}

/**
 * Archive saturation (饱和度): similar archive projects funded in the last `years` years, by
 * funder and grade, plus the automatic quality hints that depend on the archive.
 */
export async function saturation(db: Db, title: string, summary: string | undefined, years: number, now = new Date()) {
  const matches = (await archiveMatches(db, title, summary)).filter((m) => m.level !== "none");
  const thisYear = Number(new Intl.DateTimeFormat("en", { year: "numeric", timeZone: "Asia/Shanghai" }).format(now));
  const recent = matches.filter((m) => m.evidence.year != null && m.evidence.year > thisYear - years);
  const count = (xs: typeof matches, key: (m: (typeof matches)[number]) => string | undefined) => {
    const out = new Map<string, number>();
    for (const m of xs) {
      const k = key(m) || "—";
      out.set(k, (out.get(k) ?? 0) + 1);
    }
    return [...out].sort((a, b) => b[1] - a[1]);
  };
  const olderThan8 = matches.filter((m) => m.evidence.year != null && m.evidence.year <= thisYear - 8).length;
  return {
    years,
    total: matches.length,
    recent: recent.length,
    byFunder: count(recent, (m) => m.evidence.funder),
    byGrade: count(recent, (m) => m.evidence.grade),
    projects: recent.slice(0, 15),
    hints: qualityHints(title, { similar: matches.length, olderThan8 }),
  };
}

/** The round's live topics (not drafts, withdrawn or merged away). */
function roundPool(db: Db, roundId: number) {
  return db
    .select({ id: topics.id, title: topics.title, organisationId: topics.organisationId, organisationName: organisations.name, state: topics.state })
    .from(topics)
    .innerJoin(organisations, eq(organisations.id, topics.organisationId))
    .where(and(eq(topics.roundId, roundId), notInArray(topics.state, ["draft", "withdrawn", "merged"])))
    .all();
}

export type OverlapPair = { a: { id: number; title: string; organisationId: number }; b: { id: number; title: string; organisationId: number }; score: number };

/**
 * Cross-department overlap (差异化选题): every pair of the round's topics scored by the
 * duplicate checker's title model; pairs at or above the "similar" threshold count.
 */
export function roundOverlap(db: Db, roundId: number) {
  const pool = roundPool(db, roundId);
  const idf = idfFor(db.$client);
  const th = thresholds();
  const prepared = pool.map((t) => prepareTitle(t.title));
  const pairs: OverlapPair[] = [];
  for (let i = 0; i < pool.length; i++)
    for (let j = i + 1; j < pool.length; j++) {
      const score = titleScore(features(prepared[i], prepared[j], idf));
      if (score >= th.similar) pairs.push({ a: pool[i], b: pool[j], score });
    }
  pairs.sort((x, y) => y.score - x.score);
  const orgs = [...new Map(pool.map((t) => [t.organisationId, { id: t.organisationId, name: t.organisationName }])).values()].sort((a, b) => a.name.localeCompare(b.name, "zh-CN"));
  const matrix: Record<string, number> = {};
  for (const p of pairs) {
    const [x, y] = [p.a.organisationId, p.b.organisationId].sort((m, n) => m - n);
    matrix[`${x}:${y}`] = (matrix[`${x}:${y}`] ?? 0) + 1;
  }
  return { orgs, pairs, matrix, topics: pool.length };
}

/** The round dashboard: counts by organisation, state and discipline; duplicates caught; time in screening. */
export function roundDashboard(db: Db, roundId: number) {
  const rows = db.select().from(topics).where(eq(topics.roundId, roundId)).all();
  const orgNames = new Map(db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.id, [...new Set(rows.map((r) => r.organisationId)), 0])).all().map((o) => [o.id, o.name]));
  const tally = (key: (t: (typeof rows)[number]) => string) => {
    const m = new Map<string, number>();
    for (const t of rows) m.set(key(t), (m.get(key(t)) ?? 0) + 1);
    return [...m].sort((a, b) => b[1] - a[1]);
  };
  const screened = rows.filter((t) => t.screeningStartedAt && t.decidedAt).map((t) => t.decidedAt!.getTime() - t.screeningStartedAt!.getTime());
  screened.sort((a, b) => a - b);
  return {
    total: rows.length,
    byOrg: tally((t) => orgNames.get(t.organisationId) ?? String(t.organisationId)),
    byState: tally((t) => t.state),
    byDiscipline: tally((t) => t.discipline || "—"),
    duplicatesCaught: rows.filter((t) => t.dedupLevel === "duplicate").length,
    similarCaught: rows.filter((t) => t.dedupLevel === "similar").length,
    merged: rows.filter((t) => t.state === "merged").length,
    medianScreeningHours: screened.length ? Math.round((screened[Math.floor(screened.length / 2)] / 3_600_000) * 10) / 10 : null,
    screenedCount: screened.length,
  };
}

/** Accepted topics a call may list. */
export function acceptedTopics(db: Db, roundId?: number) {
  return db
    .select({ id: topics.id, title: topics.title, organisationName: organisations.name, isBundle: topics.isBundle })
    .from(topics)
    .innerJoin(organisations, eq(organisations.id, topics.organisationId))
    .where(and(eq(topics.state, "accepted"), roundId ? eq(topics.roundId, roundId) : undefined))
    .orderBy(asc(topics.id))
    .all();
}

/** Text for a bundle drafted from its originals, for the reviewer to edit. */
export function bundleDraft(db: Db, ids: number[]) {
  const rows = db
    .select({ t: topics, orgName: organisations.name })
    .from(topics)
    .innerJoin(organisations, eq(organisations.id, topics.organisationId))
    .where(inArray(topics.id, ids.length ? ids : [0]))
    .orderBy(asc(topics.id))
    .all();
  const join = (f: (t: (typeof rows)[number]["t"]) => string) =>
    rows
      .filter((r) => f(r.t).trim())
      .map((r) => `【${r.orgName}】${f(r.t)}`)
      .join("\n\n");
  const uniq = (xs: string[]) => [...new Set(xs.filter(Boolean))];
  return {
    sources: rows.map((r) => ({ id: r.t.id, title: r.t.title, organisationName: r.orgName, state: r.t.state })),
    draft: {
      title: rows[0]?.t.title ?? "",
      policyNeed: join((t) => t.policyNeed),
      researchQuestions: join((t) => t.researchQuestions),
      expectedOutputs: uniq(rows.flatMap((r) => r.t.expectedOutputs)),
      policyArea: uniq(rows.map((r) => r.t.policyArea)).join("、"),
      discipline: rows[0]?.t.discipline ?? "",
      budgetRange: uniq(rows.map((r) => r.t.budgetRange)).join(" / "),
      timeline: uniq(rows.map((r) => r.t.timeline)).join(" / "),
      urgency: rows.some((r) => r.t.urgency === "high") ? "high" : "normal",
      tags: uniq(rows.flatMap((r) => r.t.tags)).join("、"),
    },
  };
}
