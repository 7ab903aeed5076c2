import { Form, useNavigation } from "@remix-run/react";
import { useRef, useState } from "react";
import { AutosaveField, AutosaveStatus } from "~/components/autosave-status";
import { useAutosave } from "~/components/use-autosave";
import { SimilarPanel, type MatchView } from "~/features/dedup/components";
import { ctl, Field, FormError, useTopicText, type Failure } from "./components";

export const OUTPUTS = ["report", "policyBrief", "database", "survey", "indicators", "casebook"] as const;

export type TopicFormValues = {
  roundId?: string;
  organisationId?: string;
  title: string;
  policyNeed: string;
  researchQuestions: string;
  expectedOutputs: string[];
  policyArea: string;
  discipline: string;
  budgetRange: string;
  timeline: string;
  urgency: string;
  tags: string;
  duplicateAck: string;
  version?: string;
  id?: string;
};

export type CheckView = { level: "duplicate" | "similar" | "none"; matches: MatchView[] };

/**
 * The proposal form (选题建议). Works without JavaScript: "检查重复" posts and the server
 * renders the matches; with JavaScript the panel follows the title as it is typed, and the
 * draft saves itself through the same verbs as the Save button (see useAutosave).
 */
export function TopicForm({
  values,
  failure,
  check,
  rounds,
  organisations,
  topicId,
}: {
  values: TopicFormValues;
  failure?: Failure | null;
  check?: CheckView | null;
  rounds?: { id: number; name: string }[];
  organisations?: { id: number; name: string }[];
  /** the draft being edited; absent on a new topic until its first autosave creates it */
  topicId?: number;
}) {
  const { t } = useTopicText();
  const formRef = useRef<HTMLFormElement>(null);
  const idRef = useRef<HTMLInputElement>(null);
  const versionRef = useRef<HTMLInputElement>(null);
  const [created, setCreated] = useState(false);
  const autosave = useAutosave<{ id: number; version: number; created: boolean }>({
    formRef,
    url: "/topics/autosave",
    ready: (data) => String(data.get("title") ?? "").trim().length >= 4,
    extra: () => ({ id: idRef.current?.value ?? "", version: versionRef.current?.value ?? "" }),
    onSaved: (r) => {
      // hidden fields, not state: a Save pressed right after must post the new version at once
      if (idRef.current) idRef.current.value = String(r.id);
      if (versionRef.current) versionRef.current.value = String(r.version);
      if (r.created) {
        setCreated(true);
        // reload opens the draft instead of an empty form (the router's own state is kept)
        window.history.replaceState(window.history.state, "", `/topics/${r.id}/edit`);
      }
    },
  });
  const busy = useNavigation().state === "submitting";
  const err = failure?.fieldErrors ?? {};
  const [draft, setDraft] = useState({ text: values.title, summary: values.policyNeed });
  const needsReason = check?.level === "duplicate" || failure?.code === "duplicate_reason_required" || !!values.duplicateAck;
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
      <Form method="post" className="card space-y-5" noValidate ref={formRef} onSubmit={autosave.beforeSubmit}>
        <FormError failure={failure} />
        <AutosaveField name="id" initial={String(topicId ?? values.id ?? "")} inputRef={idRef} />
        <AutosaveField name="version" initial={values.version ?? ""} inputRef={versionRef} />
        {rounds && organisations ? (
          <div className="grid gap-5 sm:grid-cols-2">
            <Field name="roundId" label={t("form.round")} error={err.roundId}>
              <select {...ctl("roundId", err.roundId)} defaultValue={values.roundId} className="input" disabled={created}>
                {rounds.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field name="organisationId" label={t("form.organisation")} error={err.organisationId}>
              <select {...ctl("organisationId", err.organisationId)} defaultValue={values.organisationId} className="input" disabled={created}>
                {organisations.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
            </Field>
          </div>
        ) : null}
        <Field name="title" label={t("form.title")} hint={t("form.titleHint")} error={err.title}>
          <input {...ctl("title", err.title, true)} defaultValue={values.title} maxLength={200} className="input" onChange={(e) => setDraft((d) => ({ ...d, text: e.target.value }))} />
        </Field>
        <Field name="policyNeed" label={t("form.policyNeed")} hint={t("form.policyNeedHint")} error={err.policyNeed}>
          <textarea {...ctl("policyNeed", err.policyNeed, true)} defaultValue={values.policyNeed} rows={4} className="input" onChange={(e) => setDraft((d) => ({ ...d, summary: e.target.value }))} />
        </Field>
        <Field name="researchQuestions" label={t("form.researchQuestions")} error={err.researchQuestions}>
          <textarea {...ctl("researchQuestions", err.researchQuestions)} defaultValue={values.researchQuestions} rows={4} className="input" />
        </Field>
        <OutputsField checked={values.expectedOutputs} error={err.expectedOutputs} />
        <div className="grid gap-5 sm:grid-cols-2">
          <Field name="policyArea" label={t("form.policyArea")} error={err.policyArea}>
            <input {...ctl("policyArea", err.policyArea)} defaultValue={values.policyArea} className="input" />
          </Field>
          <Field name="discipline" label={t("form.discipline")} error={err.discipline}>
            <input {...ctl("discipline", err.discipline)} defaultValue={values.discipline} className="input" />
          </Field>
          <Field name="budgetRange" label={t("form.budgetRange")} error={err.budgetRange}>
            <input {...ctl("budgetRange", err.budgetRange)} defaultValue={values.budgetRange} className="input" />
          </Field>
          <Field name="timeline" label={t("form.timeline")} error={err.timeline}>
            <input {...ctl("timeline", err.timeline)} defaultValue={values.timeline} className="input" />
          </Field>
          <Field name="urgency" label={t("form.urgency")} error={err.urgency}>
            <select {...ctl("urgency", err.urgency)} defaultValue={values.urgency || "normal"} className="input">
              {["low", "normal", "high"].map((u) => (
                <option key={u} value={u}>
                  {t(`urgency.${u}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field name="tags" label={t("form.tags")} hint={t("form.tagsHint")} error={err.tags}>
            <input {...ctl("tags", err.tags, true)} defaultValue={values.tags} className="input" />
          </Field>
        </div>
        <div className={needsReason ? "rounded-md border border-red-200 bg-red-50 p-3" : ""}>
          <Field name="duplicateAck" label={t("form.duplicateAck")} hint={t("form.duplicateAckHint")} error={err.duplicateAck}>
            <textarea {...ctl("duplicateAck", err.duplicateAck, true)} defaultValue={values.duplicateAck} rows={3} className="input" />
          </Field>
        </div>
        <div className="flex flex-wrap items-center gap-3 border-t border-slate-100 pt-4">
          <button type="submit" name="intent" value="submit" className="btn-primary" disabled={busy}>
            {t("form.submit")}
          </button>
          <button type="submit" name="intent" value="save" className="btn-secondary" disabled={busy}>
            {t("form.save")}
          </button>
          <button type="submit" name="intent" value="check" className="btn-secondary" disabled={busy}>
            {t("form.check")}
          </button>
          <AutosaveStatus autosave={autosave} waiting={t("autosave.needsTitle")} />
        </div>
      </Form>
      <aside className="card self-start">
        <SimilarPanel draft={draft} initial={check ?? undefined} />
      </aside>
    </div>
  );
}

/**
 * A hidden field autosave writes to directly. Memoised: React would otherwise reset a hidden
 * input to its default value on every re-render, losing the id and version just saved.
 */
/** The expected outputs (研究报告, 政策建议 …) as checkboxes: the proposal form's and the bundle's. */
export function OutputsField({ checked, error }: { checked: string[]; error?: Failure["fieldErrors"][string] }) {
  const { t, msg } = useTopicText();
  return (
    <fieldset>
      <legend className="label">{t("form.expectedOutputs")}</legend>
      <div className="flex flex-wrap gap-4">
        {OUTPUTS.map((o) => (
          <label key={o} className="flex items-center gap-1.5 text-sm">
            <input type="checkbox" name="expectedOutputs" value={o} defaultChecked={checked.includes(o)} />
            {t(`outputs.${o}`)}
          </label>
        ))}
      </div>
      {error ? <p className="field-error">{msg(error)}</p> : null}
    </fieldset>
  );
}

export function emptyTopicValues(): TopicFormValues {
  return { title: "", policyNeed: "", researchQuestions: "", expectedOutputs: [], policyArea: "", discipline: "", budgetRange: "", timeline: "", urgency: "normal", tags: "", duplicateAck: "" };
}

/** Form values from a failed post, over the stored (or empty) ones. */
export function mergeValues(base: TopicFormValues, posted?: Record<string, string | string[]> | null): TopicFormValues {
  if (!posted) return base;
  const s = (k: keyof TopicFormValues) => (typeof posted[k] === "string" ? (posted[k] as string) : (base[k] as string));
  return {
    ...base,
    roundId: s("roundId"),
    organisationId: s("organisationId"),
    title: s("title"),
    policyNeed: s("policyNeed"),
    researchQuestions: s("researchQuestions"),
    expectedOutputs: Array.isArray(posted.expectedOutputs) ? posted.expectedOutputs : base.expectedOutputs,
    policyArea: s("policyArea"),
    discipline: s("discipline"),
    budgetRange: s("budgetRange"),
    timeline: s("timeline"),
    urgency: s("urgency"),
    tags: s("tags"),
    duplicateAck: s("duplicateAck"),
    version: s("version"),
    id: s("id"),
  };
}
