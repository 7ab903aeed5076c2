import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Db } from "#db/client";
import { declaredConflicts, needs, organisations, people, projects, proposals, reviewAssignments } from "#db/schema";
import { ServiceError } from "~/lib/errors";
import { defineVerb } from "~/lib/verb.server";
import { rankPeople } from "./affinity.server";
import { solveAssignment, type AssignmentResult } from "./assign.server";

/**
 * Reviewers for a need's proposals. Conflicts of interest: the proposer themself (and every other
 * proposer on the same need, a competitor), people of the
 * proposer's organisation, people who held past projects at the same institution as the proposer
 * (co-holders), and conflicts a reviewer declared. Affinity of a reviewer to a proposal comes from
 * the same search-backed model as recommendations.
 */
export type ReviewSettings = { k: number; L: number; minTypes?: number; pool?: number };

export async function planReview(db: Db, needId: number, s: ReviewSettings): Promise<{ result: AssignmentResult; items: Map<string, number>; experts: Map<string, number> }> {
  const n = db.select().from(needs).where(eq(needs.id, needId)).get();
  if (!n) throw new ServiceError(404, "not_found", { zh: "未找到该决策需求。", en: "This need was not found." });
  const props = db
    .select()
    .from(proposals)
    .where(and(eq(proposals.needId, needId), inArray(proposals.state, ["submitted", "shortlisted"])))
    .all();
  if (!props.length) throw new ServiceError(422, "no_items", { zh: "没有待评审的方案。", en: "There are no proposals to review." });
  // candidate reviewers: the best people for the need itself
  const pool = await rankPeople(db, [n.question, ...n.keywords].join(" "), { limit: s.pool ?? 60, keywords: n.keywords });
  const candIds = pool.map((p) => p.personId);
  const info = new Map(
    db
      .select({ id: people.id, organisationId: people.organisationId, type: organisations.thinkTankType })
      .from(people)
      .leftJoin(organisations, eq(people.organisationId, organisations.id))
      .where(inArray(people.id, candIds.length ? candIds : [-1]))
      .all()
      .map((r) => [r.id, r]),
  );
  const institutionsOf = new Map<number, Set<number>>();
  for (const r of db.select({ pid: projects.piPersonId, inst: projects.institutionId }).from(projects).where(inArray(projects.piPersonId, candIds.length ? candIds : [-1])).all())
    if (r.pid != null && r.inst != null) (institutionsOf.get(r.pid) ?? institutionsOf.set(r.pid, new Set()).get(r.pid)!).add(r.inst);
  const declared = db.select().from(declaredConflicts).where(inArray(declaredConflicts.personId, candIds.length ? candIds : [-1])).all();
  const affinity = new Map<string, number>();
  for (const p of props) {
    const ranked = await rankPeople(db, [p.summary, p.approach].join(" ").slice(0, 500), { limit: 500 });
    for (const r of ranked) affinity.set(`${p.id}|${r.personId}`, r.score);
  }
  const base = new Map(pool.map((p) => [p.personId, p.score]));
  const items = new Map(props.map((p) => [String(p.id), p.id]));
  const experts = new Map(candIds.map((id) => [String(id), id]));
  const byId = new Map(props.map((p) => [String(p.id), p]));
  const proposers = new Set(props.map((p) => p.personId).filter((x): x is number => x != null));
  const result = await solveAssignment({
    items: [...items.keys()],
    experts: candIds.map((id) => ({ id: String(id), type: info.get(id)?.type ?? null })),
    affinity: (i, e) => affinity.get(`${i}|${e}`) ?? 0.5 * (base.get(Number(e)) ?? 0),
    conflict: (i, e) => {
      const p = byId.get(i)!;
      const pid = Number(e);
      // a proposer reviews neither their own proposal nor a competing one on the same need
      if (proposers.has(pid)) return true;
      const org = info.get(pid)?.organisationId;
      if (p.organisationId != null && (org === p.organisationId || institutionsOf.get(pid)?.has(p.organisationId))) return true;
      return declared.some((d) => d.personId === pid && ((d.otherPersonId != null && d.otherPersonId === p.personId) || (d.organisationId != null && d.organisationId === p.organisationId)));
    },
    k: s.k,
    L: s.L,
    minTypes: s.minTypes,
  });
  return { result, items, experts };
}

const orgOfNeed = (id: unknown) => getDb().select({ o: needs.organisationId }).from(needs).where(eq(needs.id, Number(id))).get()?.o ?? null;

/** Stores a solved assignment (replacing the previous solved one; manual pairs stay). */
export const saveAssignment = defineVerb({
  name: "review.assign",
  permission: "manage:need",
  scope: (raw) => ({ organisationId: orgOfNeed(raw.needId) }),
  input: z.object({ needId: z.coerce.number().int().positive(), pairs: z.array(z.object({ proposalId: z.number().int(), personId: z.number().int(), affinity: z.number() })), settings: z.record(z.unknown()) }),
  run: (tx, input, ctx) => {
    tx.delete(reviewAssignments).where(and(eq(reviewAssignments.needId, input.needId), eq(reviewAssignments.manual, false))).run();
    for (const p of input.pairs) tx.insert(reviewAssignments).values({ needId: input.needId, ...p, manual: false, createdAt: ctx.now }).onConflictDoNothing().run();
    return input.pairs.length;
  },
  audit: (n, input) => ({ entityType: "need", entityId: input.needId, detail: { pairs: n, settings: input.settings } }),
});

/** A reviewer's hand override: add or remove one pair, audited. */
export const overrideAssignment = defineVerb({
  name: "review.override",
  permission: "manage:need",
  scope: (raw) => ({ organisationId: orgOfNeed(raw.needId) }),
  input: z.object({ needId: z.coerce.number().int().positive(), proposalId: z.coerce.number().int().positive(), personId: z.coerce.number().int().positive(), op: z.enum(["add", "remove"]), reason: z.string().trim().max(500).default("") }),
  run: (tx, input, ctx) => {
    const p = tx.select({ needId: proposals.needId }).from(proposals).where(eq(proposals.id, input.proposalId)).get();
    if (p?.needId !== input.needId) throw new ServiceError(404, "not_found", { zh: "未找到该方案。", en: "This proposal was not found." });
    if (input.op === "remove") tx.delete(reviewAssignments).where(and(eq(reviewAssignments.proposalId, input.proposalId), eq(reviewAssignments.personId, input.personId))).run();
    else tx.insert(reviewAssignments).values({ needId: input.needId, proposalId: input.proposalId, personId: input.personId, manual: true, createdAt: ctx.now }).onConflictDoNothing().run();
    return input.op;
  },
  audit: (op, input) => ({ entityType: "proposal", entityId: input.proposalId, detail: { op, personId: input.personId, reason: input.reason } }),
});

export function assignmentsOf(db: Db, needId: number) {
  return db
    .select({ proposalId: reviewAssignments.proposalId, personId: reviewAssignments.personId, name: people.name, affinity: reviewAssignments.affinity, manual: reviewAssignments.manual })
    .from(reviewAssignments)
    .innerJoin(people, eq(reviewAssignments.personId, people.id))
    .where(eq(reviewAssignments.needId, needId))
    .all();
}
