import type { Db } from "#db/client";
import type { Actor } from "~/features/access/actor";
import { formFailure, formValues, type FormResult } from "~/features/auth/form.server";
import { eq } from "drizzle-orm";
import { needs, proposals } from "#db/schema";
import { can } from "~/features/access/permissions";
import { forbidden, ServiceError } from "~/lib/errors";
import { declareRunConflict, overrideAssignment, planReview, saveAssignment } from "~/features/matching/review.server";
import { checkTopic } from "~/features/topics/dedup.server";
import { transitionTopic } from "~/features/topics/verbs.server";
import { checkAttachment, type CheckedAttachment } from "./attachments.server";
import {
  answerClarification,
  askClarification,
  createNeed,
  decideProposal,
  extendDeadline,
  inviteToNeed,
  recordAdoption,
  saveProposal,
  subscribe,
  unsubscribe,
  withdrawProposal,
} from "./verbs.server";

/** Files of a multipart form, checked by content; the first bad one refuses the whole form. */
export async function readAttachments(form: FormData, field = "attachments"): Promise<CheckedAttachment[]> {
  const out: CheckedAttachment[] = [];
  for (const v of form.getAll(field)) {
    if (typeof v === "string" || v.size === 0) continue;
    out.push(await checkAttachment(v.name, Buffer.from(await v.arrayBuffer())));
  }
  return out;
}

const ids = (form: FormData, name: string) => form.getAll(name).map(String).filter(Boolean);

type Outcome = { ok: true; redirect: string } | { ok: false; response: ReturnType<typeof formFailure> };

/** Posting a need from the form. */
export async function submitNewNeed(db: Db, actor: Actor, form: FormData): Promise<Outcome> {
  const values = formValues(form);
  try {
    const attachments = await readAttachments(form);
    const id = createNeed({ db, actor }, { ...values, attachments });
    return { ok: true, redirect: `/needs/${id}?posted=1` };
  } catch (e) {
    return { ok: false, response: formFailure(e, values, "create") };
  }
}

/**
 * The proposal form's autosave: saves a draft (never submits, never touches attachments) through
 * the same verb as the "保存草稿" button, with the version the page last saw. A proposal already
 * submitted is changed with the buttons only, so an officer never reads a half-typed edit.
 */
export function autosaveProposal(db: Db, actor: Actor, needId: number, form: FormData): { id: number; version: number; created: boolean } {
  const values = formValues(form);
  const proposalId = Number(values.proposalId) > 0 ? Number(values.proposalId) : undefined;
  if (proposalId != null) {
    const p = db.select({ state: proposals.state, authorUserId: proposals.authorUserId }).from(proposals).where(eq(proposals.id, proposalId)).get();
    if (p && p.state !== "draft")
      throw new ServiceError(409, "not_a_draft", {
        zh: "方案已提交，自动保存已停止；修改后请点击“保存草稿”或“提交方案”。",
        en: "This proposal has been submitted, so autosave has stopped; save your changes with the buttons below.",
      });
  }
  const { intent: _intent, submit: _submit, ...fields } = values;
  const id = saveProposal({ db, actor }, { ...fields, proposalId, version: fields.version || undefined, needId, submit: false, attachments: [] });
  const version = db.select({ version: proposals.version }).from(proposals).where(eq(proposals.id, id)).get()!.version;
  return { id, version, created: proposalId == null };
}

/** Every form on a need's page, told apart by `intent`. */
export async function submitNeedIntent(db: Db, actor: Actor, needId: number, form: FormData): Promise<Outcome> {
  const values = formValues(form);
  const intent = values.intent ?? "";
  const ctx = { db, actor };
  try {
    switch (intent) {
      case "ask":
        askClarification(ctx, { needId, question: values.question });
        return { ok: true, redirect: `/needs/${needId}?done=asked#clarifications` };
      case "answer":
        answerClarification(ctx, { clarificationId: values.clarificationId, answer: values.answer });
        return { ok: true, redirect: `/needs/${needId}?done=answered#clarifications` };
      case "invite":
        inviteToNeed(ctx, { needId, personIds: ids(form, "personId"), organisationIds: ids(form, "organisationId") });
        return { ok: true, redirect: `/needs/${needId}?done=invited#recommendations` };
      case "extend":
        extendDeadline(ctx, { needId, deadline: values.deadline });
        return { ok: true, redirect: `/needs/${needId}?done=extended` };
      case "saveProposal": {
        const attachments = await readAttachments(form);
        // the hidden id and version are empty until the first save (by the button or by autosave)
        saveProposal(ctx, { ...values, proposalId: values.proposalId || undefined, version: values.version || undefined, needId, submit: values.submit === "1", attachments });
        return { ok: true, redirect: `/needs/${needId}?done=${values.submit === "1" ? "submitted" : "drafted"}#proposals` };
      }
      case "withdraw":
        withdrawProposal(ctx, { proposalId: values.proposalId });
        return { ok: true, redirect: `/needs/${needId}?done=withdrawn#proposals` };
      case "decide":
        if (values.decision === "topic") return await acceptAsTopic(db, actor, needId, values);
        decideProposal(ctx, { proposalId: values.proposalId, decision: values.decision, reason: values.reason });
        return { ok: true, redirect: `/needs/${needId}?done=decided#proposals` };
      case "adopt":
        recordAdoption(ctx, { proposalId: values.proposalId, kind: values.kind, note: values.note, occurredOn: values.occurredOn });
        return { ok: true, redirect: `/needs/${needId}?done=adopted#proposals` };
      case "assign": {
        const settings = { k: Number(values.k) || 0, L: Number(values.L) || 0, minTypes: values.minTypes === "2" ? 2 : undefined };
        if (settings.k < 1 || settings.k > 10 || settings.L < 1 || settings.L > 50)
          throw new ServiceError(422, "invalid_input", { zh: "每项人数须为 1–10，每人上限须为 1–50。", en: "Experts per item must be 1–10 and the per-expert limit 1–50." });
        const owner = db.select({ o: needs.organisationId }).from(needs).where(eq(needs.id, needId)).get()?.o ?? null;
        if (!can(actor, "manage:need", { organisationId: owner })) throw forbidden();
        const { result, items, experts } = await planReview(db, needId, settings);
        if (!result.ok) throw new ServiceError(422, `infeasible_${result.reason.code}`, { zh: `无法完成分配：${result.reason.zh}`, en: `No assignment exists: ${result.reason.en}` });
        saveAssignment(ctx, { needId, settings, pairs: result.pairs.map((p) => ({ proposalId: items.get(p.item)!, personId: experts.get(p.expert)!, affinity: p.affinity, fixed: p.fixed })) });
        return { ok: true, redirect: `/needs/${needId}/review?done=assigned` };
      }
      case "override":
        overrideAssignment(ctx, { needId, proposalId: values.proposalId, personId: values.personId, op: values.op, reason: values.reason });
        return { ok: true, redirect: `/needs/${needId}/review?done=${values.op === "add" ? "added" : "removed"}#item-${values.proposalId}` };
      case "conflict":
        declareRunConflict(ctx, { needId, proposalId: values.proposalId, personId: values.personId, reason: values.reason });
        return { ok: true, redirect: `/needs/${needId}/review?done=conflict#item-${values.proposalId}` };
      default:
        throw new ServiceError(400, "unknown_intent", { zh: "无法识别的操作。", en: "Unknown action." });
    }
  } catch (e) {
    return { ok: false, response: formFailure(e, values, intent) };
  }
}

/**
 * 采用并转为选题: the proposal is accepted and a topic made from it in the chosen round, in one
 * transaction; the topic is then submitted into the round's pool through the topic module's own
 * transition (which runs the duplicate check, an awaited search, so it cannot sit inside the
 * synchronous SQLite transaction). A duplicate-level match needs the officer's written reason and
 * is refused before anything is written; if the submission is refused later, the topic stays a
 * draft of the department, linked from the proposal, to be submitted from its page.
 */
async function acceptAsTopic(db: Db, actor: Actor, needId: number, values: Record<string, string>): Promise<Outcome> {
  const n = db.select().from(needs).where(eq(needs.id, needId)).get();
  if (!n) throw new ServiceError(404, "not_found", { zh: "未找到该决策需求。", en: "This need was not found." });
  const ack = (values.duplicateAck ?? "").trim();
  if (!ack) {
    const check = await checkTopic(db, actor, { title: n.question.slice(0, 200), policyNeed: [n.background, n.decision].filter(Boolean).join("\n\n") });
    if (check.level === "duplicate")
      throw new ServiceError(
        422,
        "duplicate_reason_required",
        { zh: `查重发现与「${check.matches[0]?.title ?? ""}」高度相似，请说明为何仍需作为选题提交。`, en: `A very similar topic or project exists ("${check.matches[0]?.title ?? ""}"). Please explain why this topic is still needed.` },
        { duplicateAck: { zh: "请说明与相似选题的区别或仍需立项的理由", en: "Explain how it differs or why it is still needed" } },
      );
  }
  const d = decideProposal({ db, actor }, { proposalId: values.proposalId, decision: "topic", reason: values.reason, roundId: values.roundId });
  const lineage = `源自决策需求「${d.question}」采用的方案 #${d.proposalId}（/needs/${d.needId}） / From accepted proposal #${d.proposalId} of the need "${d.question}" (/needs/${d.needId})`;
  try {
    await transitionTopic({ db, actor }, { id: d.topicId, to: "submitted", note: ack ? `${lineage}\n${ack}` : lineage, duplicateAck: ack || undefined });
  } catch {
    return { ok: true, redirect: `/needs/${needId}?done=topicDraft#proposals` };
  }
  return { ok: true, redirect: `/needs/${needId}?done=topic#proposals` };
}

export function submitSubscription(db: Db, actor: Actor, form: FormData): Outcome {
  const values = formValues(form);
  try {
    if (values.intent === "unsubscribe") unsubscribe({ db, actor }, { id: values.id });
    else subscribe({ db, actor }, { kind: values.kind, value: values.value });
    return { ok: true, redirect: "/needs?done=subscribed#subscriptions" };
  } catch (e) {
    return { ok: false, response: formFailure(e, values, values.intent) };
  }
}

export type { FormResult };
