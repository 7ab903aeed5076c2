import { and, asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "#db/client";
import { callTopics, callVersions, calls, topicEvents, topics } from "#db/schema";
import { actorLabel, actorUserId } from "~/features/access/actor";
import { notifyAuthor } from "~/features/topics/notify.server";
import { conflict, notFound, ServiceError } from "~/lib/errors";
import { defineVerb, type RunContext } from "~/lib/verb.server";
import { callFields, correctCallInput } from "./schemas";

const CALL = { zh: "课题指南", en: "call" };

function loadCall(tx: Tx, id: number) {
  const c = tx.select().from(calls).where(eq(calls.id, id)).get();
  if (!c) throw notFound(CALL);
  return c;
}

/** Only accepted topics (or, once published, the call's own topics) may be listed in a call. */
function setTopics(tx: Tx, callId: number, ids: number[], allowPublished: boolean): void {
  const rows = tx.select().from(topics).where(inArray(topics.id, ids)).all();
  if (rows.length !== new Set(ids).size) throw notFound({ zh: "选题", en: "topic" });
  for (const t of rows) {
    if (t.state !== "accepted" && !(allowPublished && t.state === "published"))
      throw new ServiceError(409, "topic_not_accepted", { zh: `选题「${t.title}」尚未采纳，不能列入指南。`, en: `"${t.title}" has not been accepted and cannot be listed in a call.` }, { topicIds: { zh: "只能选择已采纳的选题", en: "Only accepted topics can be chosen" } });
  }
  tx.delete(callTopics).where(eq(callTopics.callId, callId)).run();
  [...new Set(ids)].forEach((topicId, position) => tx.insert(callTopics).values({ callId, topicId, position }).run());
}

export const createCall = defineVerb({
  name: "call.create",
  permission: "manage:call",
  input: callFields,
  run: (tx, input, ctx) => {
    const { topicIds, ...fields } = input;
    const row = tx
      .insert(calls)
      .values({ ...fields, roundId: fields.roundId ?? null, createdAt: ctx.now, updatedAt: ctx.now })
      .returning()
      .get();
    setTopics(tx, row.id, topicIds, false);
    return row;
  },
  audit: (r) => ({ entityType: "call", entityId: r.id }),
});

function snapshot(tx: Tx, callId: number) {
  const c = loadCall(tx, callId);
  const ts = tx.select({ id: topics.id, title: topics.title }).from(callTopics).innerJoin(topics, eq(topics.id, callTopics.topicId)).where(eq(callTopics.callId, callId)).orderBy(asc(callTopics.position)).all();
  return { title: c.title, introMarkdown: c.introMarkdown, eligibility: c.eligibility, budget: c.budget, opensOn: c.opensOn, closesOn: c.closesOn, contacts: c.contacts, topics: ts };
}

function publishTopics(tx: Tx, callId: number, ctx: RunContext): void {
  const ts = tx.select().from(topics).innerJoin(callTopics, eq(callTopics.topicId, topics.id)).where(and(eq(callTopics.callId, callId), eq(topics.state, "accepted"))).all();
  for (const { topics: t } of ts) {
    tx.update(topics).set({ state: "published", version: t.version + 1, updatedAt: ctx.now }).where(eq(topics.id, t.id)).run();
    tx.insert(topicEvents)
      .values({ topicId: t.id, at: ctx.now, actorUserId: actorUserId(ctx.actor), actorLabel: actorLabel(ctx.actor), kind: "published", fromState: "accepted", toState: "published", note: `/calls/${callId}` })
      .run();
    notifyAuthor(tx, { userId: t.authorUserId, kind: "published", topicId: t.id, title: t.title, link: `/calls/${callId}` }, ctx.now);
    ctx.index("topic", t.id);
  }
}

/** Publishes a draft call: version 1, its topics become published, their authors are told. */
export const publishCall = defineVerb({
  name: "call.publish",
  permission: "manage:call",
  input: z.object({ id: z.coerce.number().int().positive() }),
  run: (tx, input, ctx) => {
    const c = loadCall(tx, input.id);
    if (c.state === "published") throw new ServiceError(409, "already_published", { zh: "该指南已发布；如需修改请发布更正。", en: "This call is already published; publish a correction instead." });
    const ids = tx.select({ id: callTopics.topicId }).from(callTopics).where(eq(callTopics.callId, c.id)).all().map((r) => r.id);
    if (ids.length === 0) throw new ServiceError(409, "no_topics", { zh: "指南中没有选题，不能发布。", en: "The call lists no topics and cannot be published." });
    setTopics(tx, c.id, ids, false);
    publishTopics(tx, c.id, ctx);
    tx.update(calls).set({ state: "published", publishedVersion: 1, publishedAt: ctx.now, version: c.version + 1, updatedAt: ctx.now }).where(eq(calls.id, c.id)).run();
    tx.insert(callVersions).values({ callId: c.id, number: 1, snapshot: snapshot(tx, c.id), changeNotice: "", publishedAt: ctx.now }).run();
    ctx.index("call", c.id);
    return loadCall(tx, c.id);
  },
  audit: (r) => ({ entityType: "call", entityId: r.id }),
});

/**
 * Edits a call. A draft is simply changed; a published call gets a new version whose notice
 * says what changed (required), shown on the public page.
 */
export const correctCall = defineVerb({
  name: "call.correct",
  permission: "manage:call",
  input: correctCallInput,
  run: (tx, input, ctx) => {
    const c = loadCall(tx, input.id);
    const published = c.state === "published";
    if (published && !input.changeNotice.trim())
      throw new ServiceError(422, "notice_required", { zh: "更正已发布的指南须写明更正说明。", en: "A correction to a published call needs a notice of what changed." }, { changeNotice: { zh: "请写明更正了什么", en: "Say what was corrected" } });
    const { id, version, changeNotice, topicIds, ...fields } = input;
    const res = tx
      .update(calls)
      .set({ ...fields, roundId: fields.roundId ?? c.roundId, version: version + 1, updatedAt: ctx.now, ...(published ? { publishedVersion: c.publishedVersion + 1 } : {}) })
      .where(and(eq(calls.id, id), eq(calls.version, version)))
      .run();
    if (res.changes === 0) throw conflict();
    setTopics(tx, id, topicIds, published);
    if (published) {
      publishTopics(tx, id, ctx);
      tx.insert(callVersions).values({ callId: id, number: c.publishedVersion + 1, snapshot: snapshot(tx, id), changeNotice: changeNotice.trim(), publishedAt: ctx.now }).run();
      ctx.index("call", id);
    }
    return loadCall(tx, id);
  },
  audit: (r) => ({ entityType: "call", entityId: r.id, detail: { publishedVersion: r.publishedVersion } }),
});
