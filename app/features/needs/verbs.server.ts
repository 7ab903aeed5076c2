import { and, eq, inArray, or } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Db, type DbOrTx } from "#db/client";
import { adoptions, clarifications, needAttachments, needInvitations, needs, needSubscriptions, organisations, people, proposals, rounds } from "#db/schema";
import { createTopic } from "~/features/topics/verbs.server";
import type { Actor } from "~/features/access/actor";
import { conflict, forbidden, notFound, ServiceError } from "~/lib/errors";
import { defineVerb } from "~/lib/verb.server";
import type { CheckedAttachment } from "./attachments.server";
import { notify, usersFor } from "./notify.server";
import {
  adoptionInput,
  answerInput,
  clarificationInput,
  createNeedInput,
  decideInput,
  extendDeadlineInput,
  inviteInput,
  proposalIdInput,
  saveProposalInput,
  subscriptionInput,
} from "./schemas";
import { canSeeNeed } from "./visibility.server";

const NEED = { zh: "决策需求", en: "need" };

/** A round takes topics until its closing day (Asia/Shanghai) has passed; no closing day: open. */
export function isRoundOpen(r: { closesOn: string | null; opensOn?: string | null }, now: Date): boolean {
  const today = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  return !r.closesOn || r.closesOn >= today;
}
const PROPOSAL = { zh: "方案", en: "proposal" };

const num = (v: unknown) => (typeof v === "number" || typeof v === "string" ? Number(v) : NaN);
const orgOfNeed = (id: unknown) => (Number.isInteger(num(id)) ? (getDb().select({ o: needs.organisationId }).from(needs).where(eq(needs.id, num(id))).get()?.o ?? null) : null);
const orgOfProposal = (id: unknown) =>
  Number.isInteger(num(id))
    ? (getDb().select({ o: needs.organisationId }).from(proposals).innerJoin(needs, eq(proposals.needId, needs.id)).where(eq(proposals.id, num(id))).get()?.o ?? null)
    : null;
const orgOfClarification = (id: unknown) =>
  Number.isInteger(num(id))
    ? (getDb().select({ o: needs.organisationId }).from(clarifications).innerJoin(needs, eq(clarifications.needId, needs.id)).where(eq(clarifications.id, num(id))).get()?.o ?? null)
    : null;

const userIdOf = (a: Actor) => (a.kind === "user" ? a.userId : null);
const attachmentList = z.array(z.custom<CheckedAttachment>((v) => !!v && typeof v === "object" && Buffer.isBuffer((v as CheckedAttachment).content))).max(5, "最多 5 个附件 / At most 5 attachments").default([]);

function needFor(tx: DbOrTx, actor: Actor, id: number) {
  const n = tx.select().from(needs).where(eq(needs.id, id)).get();
  // a need the caller may not see does not exist for them
  if (!n || !canSeeNeed(tx, actor, n)) throw notFound(NEED);
  return n;
}

function storeAttachments(tx: DbOrTx, list: CheckedAttachment[], owner: { needId?: number; proposalId?: number }, actor: Actor, now: Date) {
  for (const a of list) tx.insert(needAttachments).values({ ...owner, fileName: a.fileName, mime: a.mime, size: a.size, content: a.content, uploadedBy: userIdOf(actor), createdAt: now }).run();
}

export const pastDeadline = () =>
  new ServiceError(409, "past_deadline", {
    zh: "该需求的截止时间已过，不再接受方案；如需补交，请联系发布部门延长截止时间。",
    en: "The deadline of this need has passed; proposals are no longer accepted unless the department extends it.",
  });

/** 发布需求: posted open, indexed, and the matching subscribers are told (not for invited-only needs). */
export const createNeed = defineVerb({
  name: "need.create",
  permission: "manage:need",
  scope: (raw) => ({ organisationId: Number.isInteger(num(raw.organisationId)) ? num(raw.organisationId) : null }),
  input: createNeedInput.extend({ attachments: attachmentList }),
  run: (tx, input, ctx) => {
    const org = tx.select({ kind: organisations.kind, name: organisations.name }).from(organisations).where(eq(organisations.id, input.organisationId)).get();
    if (org?.kind !== "department") throw new ServiceError(422, "not_a_department", { zh: "只有政府部门可以发布决策需求。", en: "Only a government department can post a need." });
    if (input.deadline.getTime() <= ctx.now.getTime())
      throw new ServiceError(422, "invalid_input", { zh: "截止时间须晚于现在。", en: "The deadline must be in the future." }, { deadline: { zh: "截止时间须晚于现在", en: "The deadline must be in the future" } });
    const { attachments, ...fields } = input;
    const row = tx
      .insert(needs)
      .values({ ...fields, authorUserId: userIdOf(ctx.actor), state: "open", createdAt: ctx.now, updatedAt: ctx.now })
      .returning({ id: needs.id })
      .get();
    storeAttachments(tx, attachments, { needId: row.id }, ctx.actor, ctx.now);
    ctx.index("need", row.id);
    if (input.visibility !== "invited") {
      const conds = [and(eq(needSubscriptions.kind, "policyArea"), eq(needSubscriptions.value, input.policyArea)), and(eq(needSubscriptions.kind, "discipline"), eq(needSubscriptions.value, input.discipline))];
      if (input.keywords.length) conds.push(and(eq(needSubscriptions.kind, "keyword"), inArray(needSubscriptions.value, input.keywords)));
      const subs = tx.selectDistinct({ userId: needSubscriptions.userId }).from(needSubscriptions).where(or(...conds)).all();
      notify(
        tx,
        subs.map((s) => s.userId),
        { needId: row.id, kind: "need.subscription", zh: `${org.name}发布了您关注领域的决策需求：「${input.question}」`, en: `${org.name} posted a need you follow: "${input.question}"`, link: `/needs/${row.id}` },
        ctx.now,
      );
    }
    return row.id;
  },
  audit: (id, input) => ({ entityType: "need", entityId: id, detail: { visibility: input.visibility, attachments: input.attachments.length } }),
});

/** Extends (or shortens) the deadline; a closed need opens again when the new deadline is ahead. */
export const extendDeadline = defineVerb({
  name: "need.extend",
  permission: "manage:need",
  scope: (raw) => ({ organisationId: orgOfNeed(raw.needId) }),
  input: extendDeadlineInput,
  run: (tx, input, ctx) => {
    const n = needFor(tx, ctx.actor, input.needId);
    if (input.deadline.getTime() <= ctx.now.getTime())
      throw new ServiceError(422, "invalid_input", { zh: "新的截止时间须晚于现在。", en: "The new deadline must be in the future." }, { deadline: { zh: "须晚于现在", en: "Must be in the future" } });
    tx.update(needs)
      .set({ deadline: input.deadline, state: n.state === "closed" ? "open" : n.state, version: n.version + 1, updatedAt: ctx.now })
      .where(eq(needs.id, n.id))
      .run();
    ctx.index("need", n.id);
    return { from: n.deadline.toISOString(), to: input.deadline.toISOString() };
  },
  audit: (r, input) => ({ entityType: "need", entityId: input.needId, detail: r }),
});

/** Invites experts and think tanks: each hears about it in the portal and by e-mail. */
export const inviteToNeed = defineVerb({
  name: "need.invite",
  permission: "manage:need",
  scope: (raw) => ({ organisationId: orgOfNeed(raw.needId) }),
  input: inviteInput,
  run: (tx, input, ctx) => {
    const n = needFor(tx, ctx.actor, input.needId);
    const existing = tx.select().from(needInvitations).where(eq(needInvitations.needId, n.id)).all();
    const personIds = [...new Set(input.personIds)].filter((p) => !existing.some((e) => e.personId === p));
    const orgIds = [...new Set(input.organisationIds)].filter((o) => !existing.some((e) => e.organisationId === o));
    const knownPeople = personIds.length ? tx.select({ id: people.id }).from(people).where(inArray(people.id, personIds)).all().map((p) => p.id) : [];
    const knownOrgs = orgIds.length ? tx.select({ id: organisations.id }).from(organisations).where(inArray(organisations.id, orgIds)).all().map((o) => o.id) : [];
    if (knownPeople.length + knownOrgs.length === 0 && personIds.length + orgIds.length > 0) throw notFound({ zh: "受邀对象", en: "invitee" });
    for (const p of knownPeople) tx.insert(needInvitations).values({ needId: n.id, personId: p, invitedBy: userIdOf(ctx.actor), createdAt: ctx.now }).run();
    for (const o of knownOrgs) tx.insert(needInvitations).values({ needId: n.id, organisationId: o, invitedBy: userIdOf(ctx.actor), createdAt: ctx.now }).run();
    const dept = tx.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, n.organisationId)).get()?.name ?? "";
    const notified = notify(
      tx,
      usersFor(tx, knownPeople, knownOrgs),
      { needId: n.id, kind: "need.invited", zh: `${dept}邀请您就「${n.question}」献策`, en: `${dept} invites you to answer "${n.question}"`, link: `/needs/${n.id}` },
      ctx.now,
    );
    return { people: knownPeople, organisations: knownOrgs, notified };
  },
  audit: (r, input) => ({ entityType: "need", entityId: input.needId, detail: r }),
});

export const askClarification = defineVerb({
  name: "need.clarification.ask",
  permission: "offer:proposal",
  input: clarificationInput,
  run: (tx, input, ctx) => {
    const n = needFor(tx, ctx.actor, input.needId);
    const row = tx.insert(clarifications).values({ needId: n.id, askedBy: userIdOf(ctx.actor), question: input.question, createdAt: ctx.now }).returning({ id: clarifications.id }).get();
    notify(
      tx,
      n.authorUserId ? [n.authorUserId] : [],
      { needId: n.id, kind: "need.question", zh: `「${n.question}」收到一个澄清问题`, en: `A clarifying question about "${n.question}"`, link: `/needs/${n.id}#clarifications` },
      ctx.now,
    );
    return row.id;
  },
  audit: (id, input) => ({ entityType: "clarification", entityId: id, detail: { needId: input.needId } }),
});

export const answerClarification = defineVerb({
  name: "need.clarification.answer",
  permission: "manage:need",
  scope: (raw) => ({ organisationId: orgOfClarification(raw.clarificationId) }),
  input: answerInput,
  run: (tx, input, ctx) => {
    const c = tx.select().from(clarifications).where(eq(clarifications.id, input.clarificationId)).get();
    if (!c) throw notFound({ zh: "问题", en: "question" });
    tx.update(clarifications).set({ answer: input.answer, answeredBy: userIdOf(ctx.actor), answeredAt: ctx.now }).where(eq(clarifications.id, c.id)).run();
    return c.needId;
  },
  audit: (needId, input) => ({ entityType: "clarification", entityId: input.clarificationId, detail: { needId } }),
});

const EDITABLE = new Set(["draft", "submitted"]);

/** 献策: create or edit a proposal, as a draft or submitted. Refused after the deadline, and once decided. */
export const saveProposal = defineVerb({
  name: "proposal.save",
  permission: "offer:proposal",
  input: saveProposalInput.extend({ attachments: attachmentList }),
  run: (tx, input, ctx) => {
    const n = needFor(tx, ctx.actor, input.needId);
    if (ctx.actor.kind !== "user") throw forbidden();
    const { attachments, proposalId, version, submit, needId: _needId, ...fields } = input;
    const existing = proposalId == null ? undefined : tx.select().from(proposals).where(and(eq(proposals.id, proposalId), eq(proposals.needId, n.id))).get();
    if (proposalId != null && (!existing || existing.authorUserId !== ctx.actor.userId)) throw notFound(PROPOSAL);
    // an accepted (or otherwise decided) proposal is final, whatever the deadline says
    if (existing && !EDITABLE.has(existing.state))
      throw new ServiceError(409, "proposal_locked", {
        zh: existing.state === "accepted" ? "方案已被采用，不能再修改。" : "该方案当前状态下不能修改。",
        en: existing.state === "accepted" ? "This proposal has been accepted and can no longer be edited." : "This proposal cannot be edited in its current state.",
      });
    if (n.state !== "open" || n.deadline.getTime() <= ctx.now.getTime()) throw pastDeadline();
    if (input.organisationId != null && !ctx.actor.memberships.some((m) => m.organisationId === input.organisationId)) throw forbidden();
    const state = submit ? "submitted" : "draft";
    let id: number;
    if (proposalId == null) {
      id = tx
        .insert(proposals)
        .values({
          ...fields,
          needId: n.id,
          authorUserId: ctx.actor.userId,
          personId: ctx.actor.personId,
          organisationId: input.organisationId ?? ctx.actor.memberships.find((m) => m.organisationKind === "thinkTank")?.organisationId ?? null,
          state,
          submittedAt: submit ? ctx.now : null,
          createdAt: ctx.now,
          updatedAt: ctx.now,
        })
        .returning({ id: proposals.id })
        .get().id;
    } else {
      const p = existing!;
      if (version != null && version !== p.version) throw conflict();
      const next = p.state === "submitted" ? "submitted" : state;
      const res = tx
        .update(proposals)
        .set({ ...fields, organisationId: input.organisationId ?? p.organisationId, state: next, submittedAt: next === "submitted" ? (p.submittedAt ?? ctx.now) : null, version: p.version + 1, updatedAt: ctx.now })
        .where(and(eq(proposals.id, p.id), eq(proposals.version, p.version)))
        .run();
      if (res.changes !== 1) throw conflict();
      id = p.id;
    }
    storeAttachments(tx, attachments, { proposalId: id }, ctx.actor, ctx.now);
    ctx.index("proposal", id);
    if (submit)
      notify(
        tx,
        n.authorUserId ? [n.authorUserId] : [],
        { needId: n.id, kind: "proposal.submitted", zh: `「${n.question}」收到一份新方案`, en: `A new proposal for "${n.question}"`, link: `/needs/${n.id}/compare` },
        ctx.now,
      );
    return id;
  },
  audit: (id, input) => ({ entityType: "proposal", entityId: id, detail: { needId: input.needId, submit: input.submit } }),
});

export const withdrawProposal = defineVerb({
  name: "proposal.withdraw",
  permission: "offer:proposal",
  input: proposalIdInput,
  run: (tx, input, ctx) => {
    const p = tx.select().from(proposals).where(eq(proposals.id, input.proposalId)).get();
    if (!p || ctx.actor.kind !== "user" || p.authorUserId !== ctx.actor.userId) throw notFound(PROPOSAL);
    const n = needFor(tx, ctx.actor, p.needId);
    if (n.deadline.getTime() <= ctx.now.getTime())
      throw new ServiceError(409, "past_deadline", { zh: "截止时间已过，方案不能再撤回。", en: "The deadline has passed; the proposal can no longer be withdrawn." });
    if (!["draft", "submitted", "shortlisted"].includes(p.state))
      throw new ServiceError(409, "proposal_locked", { zh: "该方案已有决定，不能撤回。", en: "This proposal has been decided and cannot be withdrawn." });
    tx.update(proposals).set({ state: "withdrawn", version: p.version + 1, updatedAt: ctx.now }).where(eq(proposals.id, p.id)).run();
    ctx.index("proposal", p.id);
    return p.id;
  },
  audit: (id) => ({ entityType: "proposal", entityId: id }),
});

/** Shortlist, accept or decline (with a reason); the proposer is told. */
export const decideProposal = defineVerb({
  name: "proposal.decide",
  permission: "manage:need",
  scope: (raw) => ({ organisationId: orgOfProposal(raw.proposalId) }),
  input: decideInput,
  run: (tx, input, ctx) => {
    const p = tx.select().from(proposals).where(eq(proposals.id, input.proposalId)).get();
    if (!p || p.state === "draft") throw notFound(PROPOSAL);
    const n = needFor(tx, ctx.actor, p.needId);
    if (!["submitted", "shortlisted"].includes(p.state))
      throw new ServiceError(409, "proposal_locked", { zh: "该方案已有决定或已撤回。", en: "This proposal has already been decided or withdrawn." });
    if (input.decision === "decline" && !input.reason)
      throw new ServiceError(422, "invalid_input", { zh: "不采用时请写明理由。", en: "Please give a reason for declining." }, { reason: { zh: "请写明理由", en: "Please give a reason" } });
    const state = input.decision === "shortlist" ? "shortlisted" : input.decision === "decline" ? "declined" : "accepted";
    let topicId: number | null = null;
    if (input.decision === "topic") {
      if (!input.roundId) throw new ServiceError(422, "invalid_input", { zh: "请选择要放入的规划轮次。", en: "Please choose the planning round." }, { roundId: { zh: "请选择规划轮次", en: "Choose a planning round" } });
      const round = tx.select().from(rounds).where(eq(rounds.id, input.roundId)).get();
      if (!round || !isRoundOpen(round, ctx.now))
        throw new ServiceError(422, "round_closed", { zh: "该规划轮次不存在或已截止。", en: "This planning round does not exist or has closed." }, { roundId: { zh: "请选择开放中的轮次", en: "Choose an open round" } });
      // the topic is made by the topic module's own verb, inside this transaction: both happen or neither
      topicId = createTopic(
        { db: tx as unknown as Db, actor: ctx.actor, now: ctx.now },
        {
          roundId: round.id,
          organisationId: n.organisationId,
          title: n.question.slice(0, 200),
          policyNeed: [n.background, n.decision].filter(Boolean).join("\n\n").slice(0, 5000),
          researchQuestions: [p.summary, p.approach].filter(Boolean).join("\n\n").slice(0, 5000),
          policyArea: n.policyArea,
          discipline: n.discipline,
          timeline: p.timeline.slice(0, 200),
          budgetRange: p.cost != null ? `${p.cost} 万元` : "",
          tags: n.keywords.slice(0, 20),
        },
      ).id;
    }
    tx.update(proposals)
      .set({ state, decisionReason: input.reason || null, decidedAt: state === "shortlisted" ? null : ctx.now, topicId, version: p.version + 1, updatedAt: ctx.now })
      .where(eq(proposals.id, p.id))
      .run();
    if (state === "accepted") tx.update(needs).set({ state: "decided", version: n.version + 1, updatedAt: ctx.now }).where(eq(needs.id, n.id)).run();
    ctx.index("proposal", p.id);
    ctx.index("need", n.id);
    const words = { shortlisted: ["已进入候选名单", "was shortlisted"], accepted: ["已被采用", "was accepted"], declined: ["未被采用", "was declined"] }[state];
    notify(
      tx,
      p.authorUserId ? [p.authorUserId] : [],
      { needId: n.id, kind: `proposal.${state}`, zh: `您对「${n.question}」的方案${words[0]}${input.reason ? `：${input.reason}` : ""}`, en: `Your proposal for "${n.question}" ${words[1]}${input.reason ? `: ${input.reason}` : ""}`, link: `/needs/${n.id}` },
      ctx.now,
    );
    return { proposalId: p.id, state, topicId, needId: n.id, question: n.question };
  },
  audit: (r, input) => ({ entityType: "proposal", entityId: r.proposalId, detail: { decision: input.decision, reason: input.reason, topicId: r.topicId ?? undefined } }),
});

/** 采纳 or 批示 of an accepted proposal; it counts in the proposer's track record. */
export const recordAdoption = defineVerb({
  name: "proposal.adoption",
  permission: "manage:need",
  scope: (raw) => ({ organisationId: orgOfProposal(raw.proposalId) }),
  input: adoptionInput,
  run: (tx, input, ctx) => {
    const p = tx.select().from(proposals).where(eq(proposals.id, input.proposalId)).get();
    if (!p) throw notFound(PROPOSAL);
    const n = needFor(tx, ctx.actor, p.needId);
    if (p.state !== "accepted") throw new ServiceError(409, "not_accepted", { zh: "只有已采用的方案才能记录采纳或批示。", en: "Only an accepted proposal can be marked adopted or instructed." });
    const row = tx.insert(adoptions).values({ proposalId: p.id, kind: input.kind, note: input.note, occurredOn: input.occurredOn, recordedBy: userIdOf(ctx.actor), createdAt: ctx.now }).returning({ id: adoptions.id }).get();
    notify(
      tx,
      p.authorUserId ? [p.authorUserId] : [],
      {
        needId: n.id,
        kind: `adoption.${input.kind}`,
        zh: `您对「${n.question}」的方案${input.kind === "adopted" ? "已被采纳" : "获得领导批示"}`,
        en: `Your proposal for "${n.question}" ${input.kind === "adopted" ? "was adopted" : "received a leader's instruction"}`,
        link: `/needs/${n.id}`,
      },
      ctx.now,
    );
    if (p.personId) ctx.index("person", p.personId);
    return row.id;
  },
  audit: (id, input) => ({ entityType: "adoption", entityId: id, detail: { proposalId: input.proposalId, kind: input.kind } }),
});

export const subscribe = defineVerb({
  name: "need.subscribe",
  permission: "write:account:own",
  input: subscriptionInput,
  run: (tx, input, ctx) => {
    if (ctx.actor.kind !== "user") throw forbidden();
    tx.insert(needSubscriptions).values({ userId: ctx.actor.userId, kind: input.kind, value: input.value, createdAt: ctx.now }).onConflictDoNothing().run();
    return input;
  },
});

export const unsubscribe = defineVerb({
  name: "need.unsubscribe",
  permission: "write:account:own",
  input: z.object({ id: z.coerce.number().int().positive() }),
  run: (tx, input, ctx) => {
    if (ctx.actor.kind !== "user") throw forbidden();
    tx.delete(needSubscriptions).where(and(eq(needSubscriptions.id, input.id), eq(needSubscriptions.userId, ctx.actor.userId))).run();
    return input.id;
  },
});
