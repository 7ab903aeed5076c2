import { Form } from "@remix-run/react";
import { ctl, Field, FormError, useTopicText, type Failure } from "~/features/topics/components";

export type CallFormValues = { title: string; introMarkdown: string; eligibility: string; budget: string; opensOn: string; closesOn: string; contacts: string; topicIds: string[]; version?: string; changeNotice?: string };

/** Compose or correct a call (课题指南); a published call's correction asks what changed. */
export function CallForm({ values, failure, topics, published }: { values: CallFormValues; failure?: Failure | null; topics: { id: number; title: string; organisationName: string }[]; published?: boolean }) {
  const { t, msg } = useTopicText();
  const err = failure?.fieldErrors ?? {};
  return (
    <Form method="post" className="card space-y-4" noValidate>
      <FormError failure={failure} />
      {values.version ? <input type="hidden" name="version" value={values.version} /> : null}
      <Field name="title" label={t("call.title")} error={err.title}>
        <input {...ctl("title", err.title)} defaultValue={values.title} className="input" />
      </Field>
      <Field name="introMarkdown" label={t("call.intro")} hint={t("call.introHint")} error={err.introMarkdown}>
        <textarea {...ctl("introMarkdown", err.introMarkdown, true)} defaultValue={values.introMarkdown} rows={8} className="input font-mono" />
      </Field>
      <Field name="eligibility" label={t("call.eligibility")} error={err.eligibility}>
        <textarea {...ctl("eligibility", err.eligibility)} defaultValue={values.eligibility} rows={3} className="input" />
      </Field>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field name="budget" label={t("call.budget")} error={err.budget}>
          <input {...ctl("budget", err.budget)} defaultValue={values.budget} className="input" />
        </Field>
        <Field name="opensOn" label={t("call.opensOn")} error={err.opensOn}>
          <input {...ctl("opensOn", err.opensOn)} type="date" defaultValue={values.opensOn} className="input" />
        </Field>
        <Field name="closesOn" label={t("call.closesOn")} error={err.closesOn}>
          <input {...ctl("closesOn", err.closesOn)} type="date" defaultValue={values.closesOn} className="input" />
        </Field>
      </div>
      <Field name="contacts" label={t("call.contacts")} error={err.contacts}>
        <textarea {...ctl("contacts", err.contacts)} defaultValue={values.contacts} rows={2} className="input" />
      </Field>
      <fieldset>
        <legend className="label">{t("call.topics")}</legend>
        {topics.length === 0 ? <p className="text-sm text-slate-600">{t("call.noAccepted")}</p> : null}
        <ul className="space-y-1">
          {topics.map((x) => (
            <li key={x.id}>
              <label className="flex items-start gap-2 text-sm">
                <input type="checkbox" name="topicIds" value={x.id} defaultChecked={values.topicIds.includes(String(x.id))} className="mt-1" />
                <span>
                  {x.title} <span className="text-slate-500">— {x.organisationName}</span>
                </span>
              </label>
            </li>
          ))}
        </ul>
        {err.topicIds ? <p className="field-error">{msg(err.topicIds)}</p> : null}
      </fieldset>
      {published ? (
        <Field name="changeNotice" label={t("call.changeNotice")} hint={t("call.changeNoticeHint")} error={err.changeNotice}>
          <textarea {...ctl("changeNotice", err.changeNotice, true)} defaultValue={values.changeNotice} rows={2} className="input" />
        </Field>
      ) : null}
      <button type="submit" className="btn-primary">
        {published ? t("call.publishCorrection") : t("call.save")}
      </button>
    </Form>
  );
}
