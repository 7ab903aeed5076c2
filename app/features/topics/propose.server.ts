import { redirect } from "@remix-run/node";
import type { Db } from "#db/client";
import type { Actor } from "~/features/access/actor";
import { ServiceError } from "~/lib/errors";
import { checkTopic } from "./dedup.server";
import { formValues, runForm } from "./forms.server";
import { createTopic, transitionTopic, updateTopic } from "./verbs.server";

const reasonNeeded = () =>
  new ServiceError(
    422,
    "duplicate_reason_required",
    { zh: "查重发现高度相似的选题或项目，请说明为何仍需提交。", en: "A very similar topic or project exists. Please explain why this topic is still needed." },
    { duplicateAck: { zh: "请说明与相似选题的区别或仍需立项的理由", en: "Explain how it differs or why it is still needed" } },
  );

/**
 * The propose/edit form's three buttons: check duplicates (nothing saved), save the draft, or
 * save and submit. Submitting a duplicate without a reason is refused before anything is written.
 */
export async function proposeAction(db: Db, actor: Actor, request: Request, existing?: { id: number }) {
  const values = formValues(await request.formData(), ["expectedOutputs"]);
  // a new topic's form that autosave has already created posts its id: it saves that draft
  if (!existing && Number(values.id) > 0) existing = { id: Number(values.id) };
  const intent = values.intent;
  const title = String(values.title ?? "");
  if (intent === "check") {
    const r = await checkTopic(db, actor, { id: existing?.id, title, policyNeed: String(values.policyNeed ?? "") });
    return { check: { level: r.level, matches: r.matches }, values };
  }
  const outcome = await runForm(values, async () => {
    if (intent === "submit" && !String(values.duplicateAck ?? "").trim()) {
      const r = await checkTopic(db, actor, { id: existing?.id, title, policyNeed: String(values.policyNeed ?? "") });
      if (r.level === "duplicate") throw reasonNeeded();
    }
    const saved = existing ? updateTopic({ db, actor }, { ...values, id: existing.id }) : createTopic({ db, actor }, values);
    if (intent === "submit") await transitionTopic({ db, actor }, { id: saved.id, to: "submitted", duplicateAck: values.duplicateAck });
    return saved;
  });
  if (!outcome.ok) {
    // on a refused submit, show the matches that caused it
    if ((outcome.response.data as { code?: string }).code === "duplicate_reason_required" && title.trim()) {
      const r = await checkTopic(db, actor, { id: existing?.id, title, policyNeed: String(values.policyNeed ?? "") });
      Object.assign(outcome.response.data, { check: { level: r.level, matches: r.matches } });
    }
    return outcome.response;
  }
  throw redirect(`/topics/${outcome.result.id}?${intent === "submit" ? "submitted" : "saved"}=1`);
}

export type AutosaveResult = { id: number; version: number; savedAt: string; created: boolean };

/**
 * One autosave of the proposal form, through the same verbs as its Save button: the first save
 * of a new topic creates the draft; later ones update it carrying the version they last got
 * back, so a save that crossed someone else's is refused as a conflict and overwrites nothing.
 */
export function autosaveTopic(db: Db, actor: Actor, values: Record<string, string | string[]>, now?: Date): AutosaveResult {
  const id = Number(values.id) || 0;
  const saved = id > 0 ? updateTopic({ db, actor, now }, { ...values, id }) : createTopic({ db, actor, now }, values);
  return { id: saved.id, version: saved.version, savedAt: saved.updatedAt.toISOString(), created: !(id > 0) };
}
