import { and, asc, count, eq, inArray, notInArray, type SQL } from "drizzle-orm";
import type { Db } from "#db/client";
import { type calls, topics, TOPIC_STATES, type TopicState } from "#db/schema";
import type { Actor } from "~/features/access/actor";
import { can } from "~/features/access/permissions";
import type { ListResult, Pagination } from "~/features/api/api.server";
import { callDetail, listCalls } from "~/features/calls/queries.server";
import { topicDetail } from "./queries.server";

/** A topic as the API shows it. */
export function topicResource(t: typeof topics.$inferSelect) {
  return {
    id: t.id,
    roundId: t.roundId,
    organisationId: t.organisationId,
    selfInitiated: t.selfInitiated,
    title: t.title,
    policyNeed: t.policyNeed,
    researchQuestions: t.researchQuestions,
    expectedOutputs: t.expectedOutputs,
    policyArea: t.policyArea,
    discipline: t.discipline,
    budgetRange: t.budgetRange,
    timeline: t.timeline,
    urgency: t.urgency,
    state: t.state,
    flags: t.flags,
    tags: t.tags,
    duplicateAck: t.duplicateAck,
    dedupLevel: t.dedupLevel,
    mergedInto: t.mergedInto,
    isBundle: t.isBundle,
    version: t.version,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

/** The management office sees the pool (not drafts); anyone else sees their own organisation's topics. */
export function listTopicsFor(db: Db, actor: Actor, params: URLSearchParams, pg: Pagination): ListResult<ReturnType<typeof topicResource>> {
  const where: SQL[] = [];
  if (can(actor, "review:topic")) where.push(notInArray(topics.state, ["draft"]));
  else {
    const orgs = actor.kind === "user" ? actor.memberships.map((m) => m.organisationId) : actor.kind === "apiToken" ? [actor.organisationId] : [];
    where.push(inArray(topics.organisationId, orgs.length ? orgs : [0]));
  }
  const state = params.get("state");
  if (state && TOPIC_STATES.includes(state as TopicState)) where.push(eq(topics.state, state as TopicState));
  const round = Number(params.get("round"));
  if (round > 0) where.push(eq(topics.roundId, round));
  const total = db.select({ n: count() }).from(topics).where(and(...where)).get()?.n ?? 0;
  const rows = db.select().from(topics).where(and(...where)).orderBy(asc(topics.id)).limit(pg.pageSize).offset(pg.offset).all();
  return { rows: rows.map(topicResource), total };
}

export function readTopic(db: Db, actor: Actor, id: number) {
  const d = topicDetail(db, actor, id);
  return {
    ...topicResource(d.topic),
    organisationName: d.org.name,
    sources: d.sources.map((s) => s.id),
    sponsors: d.sponsors.map((s) => s.id),
    history: d.events.map((e) => ({ at: e.at.toISOString(), actor: e.actorLabel, kind: e.kind, from: e.fromState, to: e.toState, note: e.note })),
  };
}

export function listCallsFor(db: Db, actor: Actor, pg: Pagination) {
  const all = listCalls(db, actor);
  return { rows: all.slice(pg.offset, pg.offset + pg.pageSize).map(callResource), total: all.length };
}

function callResource(c: typeof calls.$inferSelect) {
  return { id: c.id, title: c.title, state: c.state, opensOn: c.opensOn, closesOn: c.closesOn, version: c.publishedVersion, publishedAt: c.publishedAt?.toISOString() ?? null };
}

export function readCall(db: Db, actor: Actor, id: number) {
  const d = callDetail(db, actor, id);
  return {
    ...callResource(d.call),
    introMarkdown: d.call.introMarkdown,
    introHtml: d.introHtml,
    eligibility: d.call.eligibility,
    budget: d.call.budget,
    contacts: d.call.contacts,
    topics: d.topics.map((t) => ({ id: t.id, title: t.title, organisation: t.organisationName })),
    versions: d.versions.map((v) => ({ number: v.number, changeNotice: v.changeNotice, publishedAt: v.publishedAt.toISOString() })),
  };
}
