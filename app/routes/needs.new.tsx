import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EXPECTED_FORMS, NEED_VISIBILITIES } from "#db/schema/needs";
import { requireUser } from "~/features/auth/guards.server";
import { submitNewNeed } from "~/features/needs/actions.server";
import { FieldError, FormProblem } from "~/features/needs/components";
import { departmentsOf } from "~/features/needs/queries.server";
import { db } from "~/lib/db.server";

export const handle = { i18n: ["needs"] };
export const meta: MetaFunction = () => [{ title: "发布决策需求 · Post a need" }];

function guard(request: Request, context: LoaderFunctionArgs["context"]) {
  const viewer = requireUser(request, context);
  const departments = departmentsOf(db(), viewer.actor);
  if (!departments.length) throw new Response("Forbidden", { status: 403 });
  return { viewer, departments };
}

export function loader({ request, context }: LoaderFunctionArgs) {
  const { departments } = guard(request, context);
  return { departments, forms: [...EXPECTED_FORMS], visibilities: [...NEED_VISIBILITIES] };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { viewer } = guard(request, context);
  const outcome = await submitNewNeed(db(), viewer.actor, await request.formData());
  return outcome.ok ? redirect(outcome.redirect) : outcome.response;
}

export default function NewNeed() {
  const { departments, forms, visibilities } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("needs");
  const busy = useNavigation().state === "submitting";
  const v = result?.values ?? {};
  const field = (name: string) => ({ id: `f-${name}`, name, "aria-invalid": result?.fields?.[name] ? true : undefined, "aria-describedby": result?.fields?.[name] ? `f-${name}-error` : undefined });
  return (
    <div className="mx-auto max-w-3xl">
      <h1 className="mb-4">{t("form.heading")}</h1>
      <FormProblem result={result} />
      <Form method="post" encType="multipart/form-data" className="card space-y-4" noValidate>
        <div>
          <label className="label" htmlFor="f-organisationId">
            {t("form.department")}
          </label>
          <select {...field("organisationId")} className="input" defaultValue={v.organisationId ?? String(departments[0]?.id ?? "")}>
            {departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label className="label" htmlFor="f-question">
            {t("form.question")}
          </label>
          <input {...field("question")} className="input" defaultValue={v.question ?? ""} required maxLength={300} />
          <p className="text-xs text-slate-500">{t("form.questionHint")}</p>
          <FieldError result={result} name="question" />
        </div>
        <div>
          <label className="label" htmlFor="f-background">
            {t("form.background")}
          </label>
          <textarea {...field("background")} rows={5} className="input" defaultValue={v.background ?? ""} />
          <FieldError result={result} name="background" />
        </div>
        <div>
          <label className="label" htmlFor="f-decision">
            {t("form.decision")}
          </label>
          <textarea {...field("decision")} rows={2} className="input" defaultValue={v.decision ?? ""} />
          <p className="text-xs text-slate-500">{t("form.decisionHint")}</p>
          <FieldError result={result} name="decision" />
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <div>
            <label className="label" htmlFor="f-deadline">
              {t("form.deadline")}
            </label>
            <input {...field("deadline")} type="date" className="input" defaultValue={v.deadline ?? ""} required />
            <p className="text-xs text-slate-500">{t("form.deadlineHint")}</p>
            <FieldError result={result} name="deadline" />
          </div>
          <div>
            <label className="label" htmlFor="f-expectedForm">
              {t("form.expectedForm")}
            </label>
            <select {...field("expectedForm")} className="input" defaultValue={v.expectedForm ?? ""}>
              <option value="">{t("form.choose")}</option>
              {forms.map((f) => (
                <option key={f} value={f}>
                  {f}
                </option>
              ))}
            </select>
            <FieldError result={result} name="expectedForm" />
          </div>
          <div>
            <label className="label" htmlFor="f-policyArea">
              {t("form.policyArea")}
            </label>
            <input {...field("policyArea")} className="input" defaultValue={v.policyArea ?? ""} />
            <FieldError result={result} name="policyArea" />
          </div>
          <div>
            <label className="label" htmlFor="f-discipline">
              {t("form.discipline")}
            </label>
            <input {...field("discipline")} className="input" defaultValue={v.discipline ?? ""} />
            <FieldError result={result} name="discipline" />
          </div>
        </div>
        <div>
          <label className="label" htmlFor="f-keywords">
            {t("form.keywords")}
          </label>
          <input {...field("keywords")} className="input" defaultValue={v.keywords ?? ""} />
          <p className="text-xs text-slate-500">{t("form.keywordsHint")}</p>
          <FieldError result={result} name="keywords" />
        </div>
        <fieldset>
          <legend className="label">{t("form.visibility")}</legend>
          <div className="flex flex-wrap gap-4">
            {visibilities.map((vis) => (
              <label key={vis} className="flex items-center gap-1 text-sm">
                <input type="radio" name="visibility" value={vis} defaultChecked={(v.visibility ?? "public") === vis} />
                {t(`visibility.${vis}`)}
              </label>
            ))}
          </div>
          <p className="text-xs text-slate-500">{t("visibilityHint")}</p>
          <FieldError result={result} name="visibility" />
        </fieldset>
        <div>
          <label className="label" htmlFor="f-attachments">
            {t("form.attachments")}
          </label>
          <input id="f-attachments" name="attachments" type="file" multiple accept=".pdf,.docx,.xlsx" className="text-sm" />
          <p className="text-xs text-slate-500">{t("form.attachmentsHint")}</p>
        </div>
        <button className="btn-primary" disabled={busy}>
          {t("form.submit")}
        </button>
      </Form>
    </div>
  );
}
