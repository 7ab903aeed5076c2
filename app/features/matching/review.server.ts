import { and, desc, eq, inArray, isNull, or } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Db, type DbOrTx } from "#db/client";
import { auditLog, declaredConflicts, needs, organisations, people, projects, proposals, reviewAssignments } from "#db/schema";
import { notFound, ServiceError, type Bilingual } from "~/lib/errors";
import { defineVerb } from "~/lib/verb.server";
import { rankPeople } from "./affinity.server";
import { solveAssignment, type AssignmentResult } from "./assign.server";

/**
 * Reviewers for a need's proposals. Conflicts of interest: the proposer themself (and every other
 * proposer on the same need, a competitor), people of the proposer's organisation, people who held
 * past projects at the same institution as the proposer (co-holders), conflicts an expert declared
 * (with an organisation or a person, for every assignment) and conflicts a reviewer declared for
 * this need's assignment (an expert with one proposal). Affinity of a reviewer to a proposal comes
 * from the same search-backed model as recommendations. Pairs a reviewer added by hand are kept and
 * count in k and L; pairs removed by hand are never put back by a new run.
 */
export type ReviewSettings = { k: number; L: number; minTypes?: number; pool?: number };

type ProposalRow = { id: number; personId: number | null; organisationId: number | null };
export type ConflictKind = "proposer" | "institution" | "coholder" | "declared" | "declared_run";

const CONFLICT_TEXT: Record<ConflictKind, Bilingual> = {
  proposer: { zh: "该专家本人也在本需求下提交了方案（本人或竞争方案）", en: "this expert also submitted a proposal for this need (their own or a competing one)" },
  institution: { zh: "该专家与方案提交单位同属一个单位", en: "this expert belongs to the proposing organisation" },
  coholder: { zh: "该专家曾在方案提交单位主持项目", en: "this expert has held projects at the proposing institution" },
  declared: { zh: "该专家已申报与提交人或其单位存在利益冲突", en: "this expert declared a conflict of interest with the proposer or their organisation" },
  declared_run: { zh: "评审组织者已为本次分配申报该专家与此方案存在利益冲突", en: "a reviewer declared a conflict between this expert and this proposal for this assignment" },
};
export const conflictText = (k: ConflictKind) => CONFLICT_TEXT[k];

/** Everything needed to decide conflicts for a need's proposals and a set of people, read once. */
export function conflictChecker(db: DbOrTx, needId: number, props: ProposalRow[], personIds: number[]) {
  const ids = personIds.length ? personIds : [-1];
  const orgOf = new Map(db.select({ id: people.id, o: people.organisationId }).from(people).where(inArray(people.id, ids)).all().map((r) => [r.id, r.o]));
  const institutionsOf = new Map<number, Set<number>>();
  for (const r of db.select({ pid: projects.piPersonId, inst: projects.institutionId }).from(projects).where(inArray(projects.piPersonId, ids)).all())
    if (r.pid != null && r.inst != null) (institutionsOf.get(r.pid) ?? institutionsOf.set(r.pid, new Set()).get(r.pid)!).add(r.inst);
  const declared = db
    .select()
    .from(declaredConflicts)
    .where(and(inArray(declaredConflicts.personId, ids), or(isNull(declaredConflicts.needId), eq(declaredConflicts.needId, needId))))
    .all();
  const proposers = new Set(
    db
      .select({ p: proposals.personId })
      .from(proposals)
      .where(and(eq(proposals.needId, needId), inArray(proposals.state, ["submitted", "shortlisted", "accepted", "declined"])))
      .all()
      .map((r) => r.p)
      .filter((x): x is number => x != null),
  );
  return (p: ProposalRow, pid: number): ConflictKind | null => {
    // a proposer reviews neither their own proposal nor a competing one on the same need
    if (proposers.has(pid) || p.personId === pid) return "proposer";
    if (p.organisationId != null && orgOf.get(pid) === p.organisationId) return "institution";
    if (p.organisationId != null && institutionsOf.get(pid)?.has(p.organisationId)) return "coholder";
    for (const d of declared) {
      if (d.personId !== pid) continue;
      if (d.needId != null) {
        if (d.proposalId === p.id) return "declared_run";
        continue;
      }
      if ((d.otherPersonId != null && d.otherPersonId === p.personId) || (d.organisationId != null && d.organisationId === p.organisationId)) return "declared";
    }
    return null;
  };
}

function reviewItems(db: DbOrTx, needId: number) {
  return db
    .select({ id: proposals.id, personId: proposals.personId, organisationId: proposals.organisationId })
    .from(proposals)
    .where(and(eq(proposals.needId, needId), inArray(proposals.state, ["submitted", "shortlisted"])))
    .all();
}

export async function planReview(db: Db, needId: number, s: ReviewSettings): Promise<{ result: AssignmentResult; items: Map<string, number>; experts: Map<string, number> }> {
  const n = db.select().from(needs).where(eq(needs.id, needId)).get();
  if (!n) throw new ServiceError(404, "not_found", { zh: "未找到该决策需求。", en: "This need was not found." });
  const props = db
    .select()
    .from(proposals)
    .where(and(eq(proposals.needId, needId), inArray(proposals.state, ["submitted", "shortlisted"])))
    .all();
  if (!props.length) throw new ServiceError(422, "no_items", { zh: "没有待评审的方案。", en: "There are no proposals to review." });
  const manual = db.select().from(reviewAssignments).where(and(eq(reviewAssignments.needId, needId), eq(reviewAssignments.manual, true))).all();
  // candidate reviewers: the best people for the need itself, and everyone a reviewer put on by hand
  // the same model as the need's recommendations: its discipline and its date count too
  const asOf = n.createdAt.getUTCFullYear();
  const pool = await rankPeople(db, [n.question, ...n.keywords].join(" "), { limit: s.pool ?? 60, keywords: n.keywords, discipline: n.discipline, asOf });
  const candIds = [...new Set([...pool.map((p) => p.personId), ...manual.filter((m) => !m.removed).map((m) => m.personId)])];
  const info = new Map(
    db
      .select({ id: people.id, type: organisations.thinkTankType })
      .from(people)
      .leftJoin(organisations, eq(people.organisationId, organisations.id))
      .where(inArray(people.id, candIds.length ? candIds : [-1]))
      .all()
      .map((r) => [r.id, r]),
  );
  const conflictOf = conflictChecker(db, needId, props, candIds);
  const affinity = new Map<string, number>();
  for (const p of props) {
    const ranked = await rankPeople(db, [p.summary, p.approach].join(" ").slice(0, 500), { limit: 500, discipline: n.discipline, asOf });
    for (const r of ranked) affinity.set(`${p.id}|${r.personId}`, r.score);
  }
  const base = new Map(pool.map((p) => [p.personId, p.score]));
  const items = new Map(props.map((p) => [String(p.id), p.id]));
  const experts = new Map(candIds.map((id) => [String(id), id]));
  const byId = new Map(props.map((p) => [String(p.id), p]));
  const removed = new Set(manual.filter((m) => m.removed).map((m) => `${m.proposalId}|${m.personId}`));
  const result = await solveAssignment({
    items: [...items.keys()],
    experts: candIds.map((id) => ({ id: String(id), type: info.get(id)?.type ?? null })),
    affinity: (i, e) => affinity.get(`${i}|${e}`) ?? 0.5 * (base.get(Number(e)) ?? 0),
    // conflicts of interest, and pairs a reviewer removed by hand
    conflict: (i, e) => removed.has(`${i}|${e}`) || conflictOf(byId.get(i)!, Number(e)) != null,
    fixed: manual.filter((m) => !m.removed && items.has(String(m.proposalId))).map((m) => ({ item: String(m.proposalId), expert: String(m.personId) })),
    k: s.k,
    L: s.L,
    minTypes: s.minTypes,
  });
  return { result, items, experts };
}

const orgOfNeed = (id: unknown) => getDb().select({ o: needs.organisationId }).from(needs).where(eq(needs.id, Number(id))).get()?.o ?? null;

/** Stores a solved assignment (replacing the previous solved one; pairs set or removed by hand stay). */
export const saveAssignment = defineVerb({
  name: "review.assign",
  permission: "manage:need",
  scope: (raw) => ({ organisationId: orgOfNeed(raw.needId) }),
  input: z.object({
    needId: z.coerce.number().int().positive(),
    pairs: z.array(z.object({ proposalId: z.number().int(), personId: z.number().int(), affinity: z.number(), fixed: z.boolean().optional() })),
    settings: z.object({ k: z.number().int(), L: z.number().int(), minTypes: z.number().int().optional() }),
  }),
  run: (tx, input, ctx) => {
    tx.delete(reviewAssignments).where(and(eq(reviewAssignments.needId, input.needId), eq(reviewAssignments.manual, false))).run();
    for (const p of input.pairs) {
      if (p.fixed) {
        tx.update(reviewAssignments).set({ affinity: p.affinity }).where(and(eq(reviewAssignments.proposalId, p.proposalId), eq(reviewAssignments.personId, p.personId))).run();
        continue;
      }
      tx.insert(reviewAssignments).values({ needId: input.needId, proposalId: p.proposalId, personId: p.personId, affinity: p.affinity, manual: false, createdAt: ctx.now }).onConflictDoNothing().run();
    }
    tx.update(needs).set({ reviewSettings: input.settings }).where(eq(needs.id, input.needId)).run();
    return input.pairs.length;
  },
  audit: (n, input) => ({ entityType: "need", entityId: input.needId, detail: { pairs: n, settings: input.settings } }),
});

const reason = z
  .string({ required_error: "请写明理由 / Please give a reason" })
  .trim()
  .min(2, "请写明理由 / Please give a reason")
  .max(500, "理由不能超过 500 字 / The reason may not exceed 500 characters");

/** One expert and one proposal of a need: what an override or a declared conflict is about. */
const pairInput = z.object({
    needId: z.coerce.number().int().positive(),
    proposalId: z.coerce.number({ invalid_type_error: "请选择方案 / Please choose a proposal" }).int().positive("请选择方案 / Please choose a proposal"),
    personId: z.coerce.number({ invalid_type_error: "请选择专家 / Please choose an expert" }).int().positive("请选择专家 / Please choose an expert"),
});

function itemOf(tx: DbOrTx, needId: number, proposalId: number) {
  const p = tx.select({ id: proposals.id, needId: proposals.needId, personId: proposals.personId, organisationId: proposals.organisationId, state: proposals.state }).from(proposals).where(eq(proposals.id, proposalId)).get();
  if (p?.needId !== needId || p.state === "draft") throw notFound({ zh: "方案", en: "proposal" });
  return p;
}

/**
 * A reviewer's hand override: add an expert to an item or remove one, always with a reason.
 * Adding an expert with a conflict of interest, or one already at the load limit L of the last
 * run, is refused with the rule that stops it (a conflict is never overridable; for the load the
 * reviewer raises L and solves again). A removed pair stays recorded so a new run does not bring
 * it back.
 */
export const overrideAssignment = defineVerb({
  name: "review.override",
  permission: "manage:need",
  scope: (raw) => ({ organisationId: orgOfNeed(raw.needId) }),
  input: pairInput.extend({
    op: z.enum(["add", "remove"], { errorMap: () => ({ message: "操作无效 / Unknown action" }) }),
    reason,
  }),
  run: (tx, input, ctx) => {
    const p = itemOf(tx, input.needId, input.proposalId);
    const existing = tx.select().from(reviewAssignments).where(and(eq(reviewAssignments.proposalId, p.id), eq(reviewAssignments.personId, input.personId))).get();
    if (input.op === "remove") {
      if (!existing || existing.removed) throw new ServiceError(404, "not_assigned", { zh: "该专家没有分配给此方案。", en: "This expert is not assigned to this proposal." });
      tx.update(reviewAssignments).set({ removed: true, manual: true, reason: input.reason }).where(eq(reviewAssignments.id, existing.id)).run();
      return { op: input.op, personId: input.personId };
    }
    if (existing && !existing.removed) throw new ServiceError(409, "already_assigned", { zh: "该专家已分配给此方案。", en: "This expert is already assigned to this proposal." });
    const person = tx.select({ id: people.id }).from(people).where(eq(people.id, input.personId)).get();
    if (!person) throw notFound({ zh: "专家", en: "expert" });
    const kind = conflictChecker(tx, input.needId, [p], [input.personId])(p, input.personId);
    if (kind) {
      const t = conflictText(kind);
      throw new ServiceError(409, "conflict_of_interest", { zh: `不能添加：${t.zh}。利益冲突不能手工越过。`, en: `Cannot add: ${t.en}. A conflict of interest cannot be overridden by hand.` }, { personId: { zh: t.zh, en: t.en } });
    }
    const L = tx.select({ s: needs.reviewSettings }).from(needs).where(eq(needs.id, input.needId)).get()?.s?.L;
    if (L != null) {
      const load = tx
        .select({ id: reviewAssignments.id })
        .from(reviewAssignments)
        .where(and(eq(reviewAssignments.needId, input.needId), eq(reviewAssignments.personId, input.personId), eq(reviewAssignments.removed, false)))
        .all().length;
      if (load >= L)
        throw new ServiceError(
          409,
          "over_limit",
          { zh: `不能添加：该专家已评审 ${load} 项，达到每人上限 ${L} 项。如需多分配，请提高上限后重新求解。`, en: `Cannot add: this expert already reviews ${load} item(s), the limit of ${L}. Raise the limit and solve again.` },
          { personId: { zh: `已达到每人上限 ${L} 项`, en: `At the limit of ${L}` } },
        );
    }
    if (existing) tx.update(reviewAssignments).set({ removed: false, manual: true, reason: input.reason, createdAt: ctx.now }).where(eq(reviewAssignments.id, existing.id)).run();
    else tx.insert(reviewAssignments).values({ needId: input.needId, proposalId: p.id, personId: input.personId, manual: true, reason: input.reason, createdAt: ctx.now }).run();
    return { op: input.op, personId: input.personId };
  },
  audit: (r, input) => ({ entityType: "proposal", entityId: input.proposalId, detail: { op: r.op, personId: r.personId, reason: input.reason } }),
});

/**
 * A reviewer declares, for this need's assignment, that an expert has a conflict with one
 * proposal. The pair is taken off at once if it was assigned, and no run assigns it again.
 */
export const declareRunConflict = defineVerb({
  name: "review.conflict",
  permission: "manage:need",
  scope: (raw) => ({ organisationId: orgOfNeed(raw.needId) }),
  input: pairInput.extend({
    reason,
  }),
  run: (tx, input, ctx) => {
    const p = itemOf(tx, input.needId, input.proposalId);
    if (!tx.select({ id: people.id }).from(people).where(eq(people.id, input.personId)).get()) throw notFound({ zh: "专家", en: "expert" });
    const row = tx
      .insert(declaredConflicts)
      .values({ personId: input.personId, needId: input.needId, proposalId: p.id, otherPersonId: p.personId, reason: input.reason, declaredBy: ctx.actor.kind === "user" ? ctx.actor.userId : null, createdAt: ctx.now })
      .returning({ id: declaredConflicts.id })
      .get();
    const removed = tx.delete(reviewAssignments).where(and(eq(reviewAssignments.proposalId, p.id), eq(reviewAssignments.personId, input.personId))).run().changes;
    return { id: row.id, removed };
  },
  audit: (r, input) => ({ entityType: "proposal", entityId: input.proposalId, detail: { op: "conflict", personId: input.personId, reason: input.reason, removed: r.removed } }),
});

export function assignmentsOf(db: Db, needId: number) {
  return db
    .select({ proposalId: reviewAssignments.proposalId, personId: reviewAssignments.personId, name: people.name, affinity: reviewAssignments.affinity, manual: reviewAssignments.manual, reason: reviewAssignments.reason })
    .from(reviewAssignments)
    .innerJoin(people, eq(reviewAssignments.personId, people.id))
    .where(and(eq(reviewAssignments.needId, needId), eq(reviewAssignments.removed, false)))
    .all();
}

export type ItemEvent = { at: Date; actor: string; op: string; personId: number | null; personName: string | null; reason: string };

/** Each item's history of hand changes and declared conflicts, from the audit trail (newest first). */
export function reviewHistory(db: Db, needId: number): Map<number, ItemEvent[]> {
  const ids = reviewItems(db, needId).map((p) => String(p.id));
  const out = new Map<number, ItemEvent[]>();
  if (!ids.length) return out;
  const rows = db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, "proposal"), inArray(auditLog.entityId, ids), inArray(auditLog.action, ["review.override", "review.conflict"]), eq(auditLog.result, "ok")))
    .orderBy(desc(auditLog.id))
    .all();
  const personIds = new Set<number>();
  const parsed = rows.map((r) => {
    const d = (r.detail ? JSON.parse(r.detail) : {}) as { op?: string; personId?: number; reason?: string };
    if (d.personId) personIds.add(d.personId);
    return { r, d };
  });
  const names = new Map(
    personIds.size
      ? db
          .select({ id: people.id, name: people.name })
          .from(people)
          .where(inArray(people.id, [...personIds]))
          .all()
          .map((p) => [p.id, p.name])
      : [],
  );
  for (const { r, d } of parsed) {
    const key = Number(r.entityId);
    (out.get(key) ?? out.set(key, []).get(key)!).push({ at: r.at, actor: r.actorLabel, op: d.op ?? "", personId: d.personId ?? null, personName: d.personId ? (names.get(d.personId) ?? null) : null, reason: d.reason ?? "" });
  }
  return out;
}
