import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/features/auth/guards.server";
import { ctl, Field, FormError, StateBadge, TopicsNav, useTopicText, type Failure } from "~/features/topics/components";
import { OutputsField } from "~/features/topics/form";
import { formValues, runForm } from "~/features/topics/forms.server";
import { bundleDraft } from "~/features/topics/queries.server";
import { mergeTopics } from "~/features/topics/verbs.server";
import { db } from "~/lib/db.server";

export const handle = { i18n: ["topics"] };
export const meta: MetaFunction = () => [{ title: "打包整合 / Merge and bundle" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(request, context, "review:topic");
  const ids = new URL(request.url).searchParams.getAll("ids").map(Number).filter((n) => n > 0);
  return bundleDraft(db(), ids);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor } = requirePermission(request, context, "review:topic");
  const values = formValues(await request.formData(), ["expectedOutputs", "sourceIds"]);
  const outcome = await runForm(values, () => mergeTopics({ db: db(), actor }, values));
  if (!outcome.ok) return outcome.response;
  throw redirect(`/topics/${outcome.result.id}?done=merged`);
}

export default function Merge() {
  const { sources, draft } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as Failure | undefined;
  const { t, msg } = useTopicText();
  const v = { ...draft, ...(failure?.values ?? {}) } as typeof draft;
  const err = failure?.fieldErrors ?? {};
  return (
    <div>
      <TopicsNav reviewer />
      <h1 className="mb-1">{t("merge.heading")}</h1>
      <p className="mb-4 text-sm text-slate-600">{t("merge.intro")}</p>
      {sources.length < 2 ? (
        <p className="card">
          {t("merge.tooFew")} <Link to="/topics/review">{t("nav.review")}</Link>
        </p>
      ) : (
        <Form method="post" className="card space-y-4" noValidate>
          <FormError failure={failure} />
          {err.sourceIds ? <p className="field-error">{msg(err.sourceIds)}</p> : null}
          <section>
            <h2 className="text-base">{t("merge.sources")}</h2>
            <ul className="mt-2 space-y-1 text-sm">
              {sources.map((s) => (
                <li key={s.id}>
                  <input type="hidden" name="sourceIds" value={s.id} />
                  <Link to={`/topics/${s.id}`}>{s.title}</Link> — {s.organisationName} <StateBadge state={s.state} />
                </li>
              ))}
            </ul>
          </section>
          <Field name="title" label={t("form.title")} error={err.title}>
            <input {...ctl("title", err.title)} defaultValue={v.title} className="input" />
          </Field>
          <Field name="policyNeed" label={t("form.policyNeed")} error={err.policyNeed}>
            <textarea {...ctl("policyNeed", err.policyNeed)} defaultValue={v.policyNeed} rows={6} className="input" />
          </Field>
          <Field name="researchQuestions" label={t("form.researchQuestions")} error={err.researchQuestions}>
            <textarea {...ctl("researchQuestions", err.researchQuestions)} defaultValue={v.researchQuestions} rows={6} className="input" />
          </Field>
          <OutputsField checked={v.expectedOutputs} error={err.expectedOutputs} />
          <div className="grid gap-4 sm:grid-cols-2">
            {(["policyArea", "discipline", "budgetRange", "timeline", "tags"] as const).map((k) => (
              <Field key={k} name={k} label={t(`form.${k}`)} error={err[k]}>
                <input {...ctl(k, err[k])} defaultValue={v[k]} className="input" />
              </Field>
            ))}
            <input type="hidden" name="urgency" value={v.urgency} />
          </div>
          <button type="submit" className="btn-primary">
            {t("merge.submit")}
          </button>
        </Form>
      )}
    </div>
  );
}
