import type { Db } from "#db/client";
import type { Actor } from "~/features/access/actor";
import { can } from "~/features/access/permissions";
import { apiNotFound, type Pagination } from "~/features/api/api.server";
import { forbidden } from "~/lib/errors";
import { recommendForNeed } from "~/features/matching/affinity.server";
import { assignmentsOf, overrideAssignment, planReview, saveAssignment } from "~/features/matching/review.server";
import { getNeed, listNeeds } from "./queries.server";

/** /api/v1/needs…: the same visibility as the pages (an invisible need is a 404, never counted). */
const NEED = { zh: "决策需求", en: "need" };

export async function apiListNeeds(db: Db, actor: Actor, params: URLSearchParams, pg: Pagination) {
  const state = params.get("state") ?? undefined;
  const r = await listNeeds(db, actor, { q: params.get("q") ?? undefined, state: state && ["open", "closed", "decided"].includes(state) ? state : undefined, page: pg.page, pageSize: pg.pageSize });
  return { rows: r.rows.map((n) => ({ ...n, deadline: n.deadline.toISOString(), createdAt: n.createdAt.toISOString() })), total: r.total };
}

function visibleNeed(db: Db, actor: Actor, id: number) {
  try {
    return getNeed(db, actor, id);
  } catch {
    throw apiNotFound(NEED);
  }
}

export function apiGetNeed(db: Db, actor: Actor, id: number) {
  const d = visibleNeed(db, actor, id);
  const n = d.need;
  return {
    id: n.id,
    question: n.question,
    background: n.background,
    decision: n.decision,
    deadline: n.deadline.toISOString(),
    expectedForm: n.expectedForm,
    policyArea: n.policyArea,
    discipline: n.discipline,
    keywords: n.keywords,
    visibility: n.visibility,
    state: n.state,
    department: d.department,
    attachments: d.attachments,
    clarifications: d.thread.map((c) => ({ id: c.id, question: c.question, answer: c.answer, createdAt: c.createdAt.toISOString() })),
  };
}

export function apiListProposals(db: Db, actor: Actor, id: number) {
  const d = visibleNeed(db, actor, id);
  return d.proposals.map((p) => ({
    id: p.id,
    summary: p.summary,
    approach: p.approach,
    team: p.team,
    timeline: p.timeline,
    cost: p.cost,
    state: p.state,
    decisionReason: p.decisionReason,
    /** the topic an accepted proposal became, when it was put into a planning round's pool */
    topicId: p.topicId,
    personId: p.personId,
    personName: p.personName,
    organisationName: p.organisationName,
    adoptions: p.adoptions.map((a) => ({ kind: a.kind, occurredOn: a.occurredOn, note: a.note })),
  }));
}

function ownNeed(db: Db, actor: Actor, id: number) {
  const d = visibleNeed(db, actor, id);
  if (!can(actor, "manage:need", { organisationId: d.need.organisationId })) throw forbidden();
  return d;
}

export async function apiRecommendations(db: Db, actor: Actor, id: number, params: URLSearchParams) {
  ownNeed(db, actor, id);
  return recommendForNeed(db, id, { thinkTankType: params.get("thinkTankType") ?? undefined, region: params.get("region") ?? undefined, limit: 20 });
}

export function apiAssignments(db: Db, actor: Actor, id: number) {
  ownNeed(db, actor, id);
  return assignmentsOf(db, id);
}

export async function apiSolveAssignments(db: Db, actor: Actor, id: number, body: { k?: number; L?: number; minTypes?: number }) {
  ownNeed(db, actor, id);
  const settings = { k: Number(body.k ?? 3), L: Number(body.L ?? 2), minTypes: body.minTypes ? Number(body.minTypes) : undefined };
  const { result, items, experts } = await planReview(db, id, settings);
  if (!result.ok) return { ok: false, reason: result.reason };
  const pairs = result.pairs.map((p) => ({ proposalId: items.get(p.item)!, personId: experts.get(p.expert)!, affinity: p.affinity, fixed: p.fixed }));
  saveAssignment({ db, actor }, { needId: id, pairs, settings });
  return { ok: true, total: result.total, ms: result.ms, assignments: assignmentsOf(db, id) };
}

/** A hand override through the API: the same verb, the same refusals (conflict, load limit, no reason). */
export function apiOverrideAssignment(db: Db, actor: Actor, id: number, body: Record<string, unknown>) {
  ownNeed(db, actor, id);
  overrideAssignment({ db, actor }, { ...body, needId: id });
  return assignmentsOf(db, id);
}
