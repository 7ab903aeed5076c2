import { and, desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db, Tx } from "#db/client";
import { callTopics, organisations, rounds, topicBundleSources, topicEvents, topics, topicSponsors, type TopicState } from "#db/schema";
import type { CheckResult } from "#search/dedup/check";
import { actorLabel, actorUserId } from "~/features/access/actor";
import { can } from "~/features/access/permissions";
import { conflict, notFound, ServiceError } from "~/lib/errors";
import { defineVerb, type RunContext, type VerbContext } from "~/lib/verb.server";
import { checkTopic } from "./dedup.server";
import { notifyAuthor, type NoticeKind } from "./notify.server";
import { categoriseInput, createTopicInput, mergeInput, transitionInput, unmergeInput, updateTopicInput } from "./schemas";
import { EDITABLE_BY_OWNER, findTransition, TRANSITIONS } from "./states";

const TOPIC = { zh: "选题", en: "topic" };
const orgScope = (raw: Record<string, unknown>) => ({ organisationId: Number(raw.organisationId) || null });

function record(tx: Tx, topicId: number, ctx: RunContext, kind: string, from: TopicState | null, to: TopicState | null, note = ""): void {
  tx.insert(topicEvents)
    .values({ topicId, at: ctx.now, actorUserId: actorUserId(ctx.actor), actorLabel: actorLabel(ctx.actor), kind, fromState: from, toState: to, note })
    .run();
}

function load(tx: Tx | Db, id: number) {
  const t = tx.select().from(topics).where(eq(topics.id, id)).get();
  if (!t) throw notFound(TOPIC);
  return t;
}

/** Edits by the same person closer together than this are one entry in the topic's history. */
const EDIT_SITTING_MS = 30 * 60_000;

const editableRefusal = () =>
  new ServiceError(409, "not_editable", { zh: "该选题已提交审核，当前状态下不能修改。", en: "This topic is under review and cannot be edited in its current state." });

export const createTopicVerb = defineVerb({
  name: "topic.create",
  permission: "propose:topic",
  scope: orgScope,
  input: createTopicInput,
  run: (tx, input, ctx) => {
    const org = tx.select().from(organisations).where(eq(organisations.id, input.organisationId)).get();
    if (!org) throw notFound({ zh: "单位", en: "organisation" });
    if (!tx.select({ id: rounds.id }).from(rounds).where(eq(rounds.id, input.roundId)).get()) throw notFound({ zh: "规划轮次", en: "planning round" });
    const row = tx
      .insert(topics)
      .values({
        ...input,
        duplicateAck: input.duplicateAck || null,
        selfInitiated: org.kind === "thinkTank",
        authorUserId: actorUserId(ctx.actor),
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning()
      .get();
    record(tx, row.id, ctx, "created", null, "draft");
    ctx.index("topic", row.id);
    return row;
  },
  audit: (r) => ({ entityType: "topic", entityId: r.id }),
});

/** Creates a draft topic. */
export const createTopic = (ctx: VerbContext, raw: Record<string, unknown>) => createTopicVerb(ctx, raw);

const updateVerb = defineVerb({
  name: "topic.update",
  permission: "propose:topic",
  scope: orgScope,
  input: updateTopicInput,
  run: (tx, input, ctx) => {
    const t = load(tx, input.id);
    if (!EDITABLE_BY_OWNER.includes(t.state)) throw editableRefusal();
    const { id, version, ...fields } = input;
    const res = tx
      .update(topics)
      .set({ ...fields, duplicateAck: fields.duplicateAck || null, version: version + 1, updatedAt: ctx.now })
      .where(and(eq(topics.id, id), eq(topics.version, version)))
      .run();
    // someone saved in between: nothing is overwritten
    if (res.changes === 0) throw conflict();
    // a draft saved as it is typed would fill the history: one "edited" per author per sitting
    const last = tx.select().from(topicEvents).where(eq(topicEvents.topicId, id)).orderBy(desc(topicEvents.at), desc(topicEvents.id)).limit(1).get();
    if (last?.kind === "edited" && last.actorUserId === actorUserId(ctx.actor) && ctx.now.getTime() - last.at.getTime() < EDIT_SITTING_MS) tx.update(topicEvents).set({ at: ctx.now }).where(eq(topicEvents.id, last.id)).run();
    else record(tx, id, ctx, "edited", t.state, t.state);
    ctx.index("topic", id);
    return load(tx, id);
  },
  audit: (r) => ({ entityType: "topic", entityId: r.id }),
});

/** Saves an author's edit; a stale `version` is refused with a conflict and nothing is written. */
export function updateTopic(ctx: VerbContext, raw: Record<string, unknown>) {
  const t = load(ctx.db, Number(raw.id));
  return updateVerb(ctx, { ...raw, organisationId: t.organisationId });
}

type DedupSnapshot = Pick<CheckResult, "level" | "matches"> | undefined;

function transitionRun(tx: Tx, input: z.infer<typeof transitionInput> & { dedup?: DedupSnapshot }, ctx: RunContext) {
  const t = load(tx, input.id);
  const move = findTransition(t.state, input.to);
  if (!move) {
    throw new ServiceError(409, "invalid_transition", {
      zh: `选题当前为「${STATE_ZH[t.state]}」，不能改为「${STATE_ZH[input.to]}」。`,
      en: `A topic that is ${t.state} cannot become ${input.to}.`,
    });
  }
  const role = move.by === "reviewer" ? "review:topic" : "propose:topic";
  if (!can(ctx.actor, role, { organisationId: t.organisationId })) throw new ServiceError(403, "forbidden", { zh: "您没有执行此操作的权限。", en: "You are not allowed to do this." });
  if (move.needsNote && !input.note.trim()) {
    throw new ServiceError(422, "note_required", { zh: "请写明理由或修改意见。", en: "Please give a reason or comments." }, { note: { zh: "请写明理由或修改意见", en: "Please give a reason or comments" } });
  }
  const set: Partial<typeof topics.$inferInsert> = { state: input.to, version: t.version + 1, updatedAt: ctx.now };
  if (input.to === "submitted") {
    const ack = input.duplicateAck?.trim() || t.duplicateAck || "";
    if (input.dedup?.level === "duplicate" && !ack) {
      throw new ServiceError(
        422,
        "duplicate_reason_required",
        { zh: "查重发现高度相似的选题或项目，请说明为何仍需提交。", en: "A very similar topic or project exists. Please explain why this topic is still needed." },
        { duplicateAck: { zh: "请说明与相似选题的区别或仍需立项的理由", en: "Explain how it differs or why it is still needed" } },
      );
    }
    set.duplicateAck = ack || null;
    set.submittedAt = ctx.now;
    if (input.dedup) {
      set.dedupLevel = input.dedup.level;
      set.dedupMatches = input.dedup.matches.slice(0, 10).map((m) => ({ docId: m.docId, title: m.title, score: m.score, level: m.level }));
    }
  }
  if (input.to === "screening") set.screeningStartedAt = t.screeningStartedAt ?? ctx.now;
  if (input.to === "accepted" || input.to === "rejected" || input.to === "returned") {
    set.decidedAt = ctx.now;
    if (input.note) set.reviewerComment = input.note;
  }
  tx.update(topics).set(set).where(eq(topics.id, t.id)).run();
  record(tx, t.id, ctx, "transition", t.state, input.to, input.note || (input.to === "submitted" ? (set.duplicateAck ?? "") : ""));
  if (input.to === "returned" || input.to === "accepted" || input.to === "rejected") notifyAuthor(tx, { userId: t.authorUserId, kind: input.to as NoticeKind, topicId: t.id, title: t.title, note: input.note }, ctx.now);
  ctx.index("topic", t.id);
  return load(tx, t.id);
}

const transitionSchema = transitionInput.extend({ dedup: z.custom<DedupSnapshot>().optional() });
/** One verb name, two permissions: the owner's moves and the reviewer's moves. */
const asOwner = defineVerb({ name: "topic.transition", permission: "propose:topic", scope: orgScope, input: transitionSchema, run: transitionRun, audit: (r, i) => ({ entityType: "topic", entityId: r.id, detail: { to: i.to } }) });
const asReviewer = defineVerb({ name: "topic.transition", permission: "review:topic", scope: orgScope, input: transitionSchema, run: transitionRun, audit: (r, i) => ({ entityType: "topic", entityId: r.id, detail: { to: i.to } }) });

/**
 * Moves a topic through the state machine. Submitting runs the duplicate check first (on the
 * server: the client's word is not taken), and a duplicate-level match needs a written reason.
 */
export async function transitionTopic(ctx: VerbContext, raw: Record<string, unknown>) {
  const t = load(ctx.db, Number(raw.id));
  const to = String(raw.to ?? "") as TopicState;
  const move = TRANSITIONS.find((m) => m.from === t.state && m.to === to && !m.via);
  const verb = move?.by === "reviewer" || (!move && can(ctx.actor, "review:topic")) ? asReviewer : asOwner;
  const input: Record<string, unknown> = { ...raw, organisationId: t.organisationId, dedup: undefined };
  if (to === "submitted" && move && can(ctx.actor, "propose:topic", { organisationId: t.organisationId })) {
    const r = await checkTopic(ctx.db, ctx.actor, { id: t.id, title: t.title, policyNeed: t.policyNeed });
    input.dedup = { level: r.level, matches: r.matches };
  }
  return verb(ctx, input);
}

export const categoriseTopic = defineVerb({
  name: "topic.categorise",
  permission: "review:topic",
  input: categoriseInput,
  run: (tx, input, ctx) => {
    const t = load(tx, input.id);
    const { id, version, ...fields } = input;
    const res = tx
      .update(topics)
      .set({ ...fields, version: version + 1, updatedAt: ctx.now })
      .where(and(eq(topics.id, id), eq(topics.version, version)))
      .run();
    if (res.changes === 0) throw conflict();
    record(tx, id, ctx, "categorised", t.state, t.state, [fields.flags.join(","), fields.reviewerComment].filter(Boolean).join(" — "));
    ctx.index("topic", id);
    return load(tx, id);
  },
  audit: (r) => ({ entityType: "topic", entityId: r.id }),
});

const MERGEABLE: readonly TopicState[] = TRANSITIONS.filter((t) => t.via === "merge").map((t) => t.from);

/**
 * Bundles topics (打包整合) into one new accepted topic. Originals stay readable, marked
 * "merged into …", their previous state kept for undo; authors are told.
 */
export const mergeTopics = defineVerb({
  name: "topic.merge",
  permission: "review:topic",
  input: mergeInput,
  run: (tx, input, ctx) => {
    const ids = [...new Set(input.sourceIds)];
    const sources = tx.select().from(topics).where(inArray(topics.id, ids)).all();
    if (sources.length !== ids.length) throw notFound(TOPIC);
    for (const s of sources) {
      if (s.state === "published")
        throw new ServiceError(409, "already_published", { zh: `选题「${s.title}」已在发布的课题指南中，不能合并。`, en: `"${s.title}" is already in a published call and cannot be merged.` });
      if (!MERGEABLE.includes(s.state))
        throw new ServiceError(409, "not_mergeable", { zh: `选题「${s.title}」当前状态不能合并。`, en: `"${s.title}" cannot be merged in its current state.` });
    }
    const { sourceIds: _ignored, ...fields } = input;
    const bundle = tx
      .insert(topics)
      .values({
        ...fields,
        roundId: sources[0].roundId,
        organisationId: sources[0].organisationId,
        authorUserId: actorUserId(ctx.actor),
        isBundle: true,
        state: "accepted",
        submittedAt: ctx.now,
        decidedAt: ctx.now,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning()
      .get();
    for (const orgId of new Set(sources.map((s) => s.organisationId))) tx.insert(topicSponsors).values({ topicId: bundle.id, organisationId: orgId }).run();
    record(tx, bundle.id, ctx, "bundled", null, "accepted", sources.map((s) => `#${s.id} ${s.title}`).join("\n"));
    for (const s of sources) {
      tx.insert(topicBundleSources).values({ bundleId: bundle.id, sourceId: s.id, previousState: s.state }).run();
      tx.update(topics).set({ state: "merged", mergedInto: bundle.id, version: s.version + 1, updatedAt: ctx.now }).where(eq(topics.id, s.id)).run();
      // a merged topic leaves the draft calls it was in; the bundle takes its place
      tx.delete(callTopics).where(eq(callTopics.topicId, s.id)).run();
      record(tx, s.id, ctx, "merged", s.state, "merged", `#${bundle.id} ${bundle.title}`);
      notifyAuthor(tx, { userId: s.authorUserId, kind: "merged", topicId: s.id, title: s.title, note: bundle.title }, ctx.now);
      ctx.index("topic", s.id);
    }
    ctx.index("topic", bundle.id);
    return bundle;
  },
  audit: (r, i) => ({ entityType: "topic", entityId: r.id, detail: { sources: i.sourceIds } }),
});

/** Undoes a bundle before it is published: originals return to their earlier state. */
export const unmergeTopics = defineVerb({
  name: "topic.unmerge",
  permission: "review:topic",
  input: unmergeInput,
  run: (tx, input, ctx) => {
    const bundle = load(tx, input.bundleId);
    if (!bundle.isBundle || bundle.state === "withdrawn") throw new ServiceError(409, "not_a_bundle", { zh: "这不是一个可撤销的打包课题。", en: "This is not a bundle that can be undone." });
    if (bundle.state === "published")
      throw new ServiceError(409, "already_published", { zh: "打包课题已发布，不能撤销合并。", en: "The bundle has been published; the merge can no longer be undone." });
    const lineage = tx.select().from(topicBundleSources).where(eq(topicBundleSources.bundleId, bundle.id)).all();
    for (const l of lineage) {
      const s = load(tx, l.sourceId);
      if (s.mergedInto !== bundle.id) continue;
      tx.update(topics).set({ state: l.previousState, mergedInto: null, version: s.version + 1, updatedAt: ctx.now }).where(eq(topics.id, s.id)).run();
      record(tx, s.id, ctx, "unmerged", "merged", l.previousState, `#${bundle.id}`);
      notifyAuthor(tx, { userId: s.authorUserId, kind: "unmerged", topicId: s.id, title: s.title }, ctx.now);
      ctx.index("topic", s.id);
    }
    tx.delete(callTopics).where(eq(callTopics.topicId, bundle.id)).run();
    tx.update(topics).set({ state: "withdrawn", version: bundle.version + 1, updatedAt: ctx.now }).where(eq(topics.id, bundle.id)).run();
    record(tx, bundle.id, ctx, "unbundled", bundle.state, "withdrawn");
    ctx.index("topic", bundle.id);
    return load(tx, bundle.id);
  },
  audit: (r) => ({ entityType: "topic", entityId: r.id }),
});

export const STATE_ZH: Record<TopicState, string> = {
  draft: "草稿",
  submitted: "已提交",
  screening: "审核中",
  returned: "退回修改",
  accepted: "已采纳",
  rejected: "未采纳",
  merged: "已合并",
  published: "已发布",
  withdrawn: "已撤回",
};
