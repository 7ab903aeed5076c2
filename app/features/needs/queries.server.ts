import { and, count, desc, eq, inArray, ne, sql, type SQL } from "drizzle-orm";
import type { Db } from "#db/client";
import { adoptions, clarifications, needAttachments, needInvitations, needs, needSubscriptions, organisations, people, projects, proposals, rounds, topics } from "#db/schema";
import { getSearchEngine } from "#search/index";
import type { Actor } from "~/features/access/actor";
import { recentAbout } from "~/features/notifications/queries.server";
import { notFound } from "~/lib/errors";
import { canSeeNeed, isOwner, visibleNeedsWhere } from "./visibility.server";
import { isRoundOpen } from "./verbs.server";

export const NEED_PAGE_SIZE = 20;
const NEED = { zh: "决策需求", en: "need" };

export type NeedListParams = { q?: string; state?: string; policyArea?: string; page?: number; pageSize?: number };

const needColumns = {
  id: needs.id,
  question: needs.question,
  organisationId: needs.organisationId,
  department: organisations.name,
  deadline: needs.deadline,
  expectedForm: needs.expectedForm,
  policyArea: needs.policyArea,
  discipline: needs.discipline,
  visibility: needs.visibility,
  state: needs.state,
  createdAt: needs.createdAt,
};

/**
 * Needs this reader may see; a text query goes through the search engine, and its hits are
 * re-checked against the database with the same visibility rule as the list and its count.
 */
export async function listNeeds(db: Db, actor: Actor, p: NeedListParams = {}) {
  const pageSize = p.pageSize ?? NEED_PAGE_SIZE;
  const page = p.page ?? 1;
  const conds: SQL[] = [visibleNeedsWhere(actor)];
  if (p.state) conds.push(eq(needs.state, p.state as "open"));
  if (p.policyArea) conds.push(eq(needs.policyArea, p.policyArea));
  let order: number[] | null = null;
  if (p.q?.trim()) {
    const res = await getSearchEngine(db).search({ q: p.q, filter: { type: "need" }, limit: 500, matching: "all" });
    order = res.hits.map((h) => Number(h.entityId));
    conds.push(order.length ? inArray(needs.id, order) : sql`0`);
  }
  const where = and(...conds);
  const total = db.select({ n: count() }).from(needs).where(where).get()?.n ?? 0;
  let rows = db.select(needColumns).from(needs).innerJoin(organisations, eq(needs.organisationId, organisations.id)).where(where).orderBy(desc(needs.createdAt), desc(needs.id)).all();
  if (order) {
    const rank = new Map(order.map((id, i) => [id, i]));
    rows = rows.sort((a, b) => rank.get(a.id)! - rank.get(b.id)!);
  }
  rows = rows.slice((page - 1) * pageSize, page * pageSize);
  const counts = rows.length
    ? new Map(
        db
          .select({ needId: proposals.needId, n: count() })
          .from(proposals)
          .where(and(inArray(proposals.needId, rows.map((r) => r.id)), ne(proposals.state, "draft")))
          .groupBy(proposals.needId)
          .all()
          .map((r) => [r.needId, r.n]),
      )
    : new Map<number, number>();
  return { rows: rows.map((r) => ({ ...r, proposals: counts.get(r.id) ?? 0 })), total, page, pageSize, pages: Math.max(1, Math.ceil(total / pageSize)) };
}

export function countVisibleNeeds(db: Db, actor: Actor): number {
  return db.select({ n: count() }).from(needs).where(visibleNeedsWhere(actor)).get()?.n ?? 0;
}

/** One need as its reader may see it: the owner sees every submitted proposal; others their own. */
export function getNeed(db: Db, actor: Actor, id: number) {
  const n = db.select().from(needs).where(eq(needs.id, id)).get();
  if (!n || !canSeeNeed(db, actor, n)) throw notFound(NEED);
  const owner = isOwner(actor, n) || actor.kind === "system";
  const department = db.select({ id: organisations.id, name: organisations.name, region: organisations.region }).from(organisations).where(eq(organisations.id, n.organisationId)).get()!;
  const attachments = db
    .select({ id: needAttachments.id, fileName: needAttachments.fileName, size: needAttachments.size, mime: needAttachments.mime })
    .from(needAttachments)
    .where(eq(needAttachments.needId, id))
    .all();
  const thread = db.select().from(clarifications).where(eq(clarifications.needId, id)).orderBy(clarifications.createdAt).all();
  const userId = actor.kind === "user" ? actor.userId : -1;
  const proposalRows = db
    .select({
      id: proposals.id,
      summary: proposals.summary,
      approach: proposals.approach,
      team: proposals.team,
      timeline: proposals.timeline,
      cost: proposals.cost,
      state: proposals.state,
      decisionReason: proposals.decisionReason,
      version: proposals.version,
      submittedAt: proposals.submittedAt,
      personId: proposals.personId,
      personName: people.name,
      organisationId: proposals.organisationId,
      organisationName: organisations.name,
      authorUserId: proposals.authorUserId,
      topicId: proposals.topicId,
      topicTitle: topics.title,
      topicState: topics.state,
    })
    .from(proposals)
    .leftJoin(people, eq(proposals.personId, people.id))
    .leftJoin(organisations, eq(proposals.organisationId, organisations.id))
    .leftJoin(topics, eq(proposals.topicId, topics.id))
    .where(and(eq(proposals.needId, id), owner ? ne(proposals.state, "draft") : eq(proposals.authorUserId, userId)))
    .orderBy(proposals.id)
    .all();
  const adopted = proposalRows.length
    ? db.select().from(adoptions).where(inArray(adoptions.proposalId, proposalRows.map((p) => p.id))).all()
    : [];
  const invitations = owner
    ? db
        .select({ id: needInvitations.id, personId: needInvitations.personId, organisationId: needInvitations.organisationId, personName: people.name, organisationName: organisations.name })
        .from(needInvitations)
        .leftJoin(people, eq(needInvitations.personId, people.id))
        .leftJoin(organisations, eq(needInvitations.organisationId, organisations.id))
        .where(eq(needInvitations.needId, id))
        .all()
    : [];
  return {
    need: n,
    department,
    owner,
    attachments,
    thread,
    proposals: proposalRows.map((p) => ({ ...p, mine: p.authorUserId === userId, adoptions: adopted.filter((a) => a.proposalId === p.id) })),
    invitations,
  };
}

/** Planning rounds still taking topics, for "accept into a topic pool" (newest first). */
export function openRounds(db: Db, now = new Date()) {
  return db
    .select({ id: rounds.id, name: rounds.name, year: rounds.year, closesOn: rounds.closesOn })
    .from(rounds)
    .orderBy(desc(rounds.year), desc(rounds.id))
    .all()
    .filter((r) => isRoundOpen(r, now));
}

export function getAttachment(db: Db, actor: Actor, id: number) {
  const a = db.select().from(needAttachments).where(eq(needAttachments.id, id)).get();
  if (!a) throw notFound({ zh: "附件", en: "attachment" });
  const needId = a.needId ?? db.select({ needId: proposals.needId }).from(proposals).where(eq(proposals.id, a.proposalId!)).get()?.needId;
  const detail = getNeed(db, actor, needId!);
  if (a.proposalId && !detail.proposals.some((p) => p.id === a.proposalId)) throw notFound({ zh: "附件", en: "attachment" });
  return a;
}

export type FeedItem = { id: number; question: string; department: string; deadline: Date; policyArea: string; invited: boolean; why: { zh: string; en: string }; score: number; highlight?: string };

/**
 * The needs recommended to an expert: invitations first, then open needs that resemble the
 * expert's own archived projects and declared keywords (one search query built from them), then
 * needs matching their subscriptions. Every item is re-checked with the visibility rule.
 */
export async function feedFor(db: Db, actor: Actor, limit = 20): Promise<FeedItem[]> {
  if (actor.kind !== "user") return [];
  const personId = actor.personId;
  const now = new Date();
  const visible = db
    .select({ id: needs.id, question: needs.question, department: organisations.name, deadline: needs.deadline, policyArea: needs.policyArea, discipline: needs.discipline, keywords: needs.keywords })
    .from(needs)
    .innerJoin(organisations, eq(needs.organisationId, organisations.id))
    .where(and(visibleNeedsWhere(actor), eq(needs.state, "open"), sql`${needs.deadline} > ${now.getTime()}`))
    .all();
  if (!visible.length) return [];
  const byId = new Map(visible.map((v) => [v.id, v]));
  const items = new Map<number, FeedItem>();
  const add = (id: number, score: number, why: { zh: string; en: string }, invited = false, highlight?: string) => {
    const v = byId.get(id);
    if (!v) return;
    const prev = items.get(id);
    if (prev && prev.score >= score) return;
    items.set(id, { id, question: v.question, department: v.department, deadline: v.deadline, policyArea: v.policyArea, invited: invited || !!prev?.invited, why, score, highlight });
  };
  const orgIds = actor.memberships.map((m) => m.organisationId);
  const invited = db
    .select({ needId: needInvitations.needId })
    .from(needInvitations)
    .where(personId != null ? sql`${needInvitations.personId} = ${personId} OR ${orgIds.length ? inArray(needInvitations.organisationId, orgIds) : sql`0`}` : orgIds.length ? inArray(needInvitations.organisationId, orgIds) : sql`0`)
    .all();
  for (const r of invited) add(r.needId, 10, { zh: "发布部门邀请您献策。", en: "The department invited you to answer." }, true);
  if (personId != null) {
    const me = db.select({ keywords: people.keywords, disciplines: people.disciplines }).from(people).where(eq(people.id, personId)).get();
    const titles = db.select({ title: projects.title }).from(projects).where(eq(projects.piPersonId, personId)).orderBy(desc(projects.year)).limit(10).all();
    // one short query per declared interest (a long query keeps only the words rarest in the whole
    // archive, which needs seldom use); project titles stand in when nothing is declared
    const interests = [...(me?.keywords ?? []), ...(me?.disciplines ?? [])].slice(0, 8);
    const queries = interests.length ? interests : titles.slice(0, 3).map((t) => t.title);
    const hitsBy = new Map<number, { n: number; terms: string[]; highlight?: string }>();
    for (const q of queries) {
      const res = await getSearchEngine(db).search({ q, filter: { type: "need" }, matching: interests.length ? "all" : "any", limit: 50, highlight: true });
      for (const h of res.hits) {
        const id = Number(h.entityId);
        if (!byId.has(id)) continue;
        const e = hitsBy.get(id) ?? { n: 0, terms: [], highlight: h.highlights?.title };
        e.n++;
        e.terms.push(q);
        hitsBy.set(id, e);
      }
    }
    for (const [id, e] of hitsBy) {
      const why = interests.length
        ? { zh: `与您的研究方向“${e.terms.join("、")}”相关。`, en: `Related to your field "${e.terms.join(", ")}".` }
        : { zh: `与您主持的项目相近（如「${e.terms[0]}」）。`, en: `Close to projects you led (e.g. "${e.terms[0]}").` };
      add(id, 1 + e.n, why, false, e.highlight);
    }
  }
  const subs = db.select().from(needSubscriptions).where(eq(needSubscriptions.userId, actor.userId)).all();
  for (const v of visible)
    for (const s of subs) {
      const hit = (s.kind === "policyArea" && v.policyArea === s.value) || (s.kind === "discipline" && v.discipline === s.value) || (s.kind === "keyword" && (v.keywords.includes(s.value) || v.question.includes(s.value)));
      if (hit) add(v.id, 0.5, { zh: `符合您的订阅“${s.value}”。`, en: `Matches your subscription "${s.value}".` });
    }
  return [...items.values()].sort((a, b) => b.score - a.score).slice(0, limit);
}

export function notificationsFor(db: Db, actor: Actor, limit = 20) {
  if (actor.kind !== "user") return [];
  // the needs side of the one inbox, in the shape this board has always shown
  return recentAbout(db, actor.userId, "need", limit).map((n) => ({ id: n.id, userId: n.userId, needId: n.subjectId, kind: n.kind, text: n.title, textEn: n.titleEn || n.title, readAt: n.readAt, createdAt: n.createdAt }));
}

export function subscriptionsFor(db: Db, actor: Actor) {
  if (actor.kind !== "user") return [];
  return db.select().from(needSubscriptions).where(eq(needSubscriptions.userId, actor.userId)).all();
}

/** A person's track record on the needs board: accepted proposals and their adoptions. */
export function trackRecord(db: Db, personId: number) {
  return db
    .select({ proposalId: proposals.id, needId: needs.id, question: needs.question, department: organisations.name, kind: adoptions.kind, occurredOn: adoptions.occurredOn })
    .from(proposals)
    .innerJoin(needs, eq(proposals.needId, needs.id))
    .innerJoin(organisations, eq(needs.organisationId, organisations.id))
    .leftJoin(adoptions, eq(adoptions.proposalId, proposals.id))
    .where(and(eq(proposals.personId, personId), eq(proposals.state, "accepted")))
    .all();
}

/** Departments the actor may post for. */
export function departmentsOf(db: Db, actor: Actor) {
  const ids = actor.kind === "user" ? actor.memberships.filter((m) => m.organisationKind === "department").map((m) => m.organisationId) : [];
  return ids.length ? db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.id, ids)).all() : [];
}
