import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formFailure, formValues } from "~/features/auth/form.server";
import { requireUser } from "~/features/auth/guards.server";
import { conflictsOf, declareConflict, withdrawConflict } from "~/features/needs/conflicts.server";
import { FieldError, FormProblem } from "~/features/needs/components";
import { formatDate } from "~/i18n/format";
import { db } from "~/lib/db.server";

export const handle = { i18n: ["needs"] };
export const meta: MetaFunction = () => [{ title: "利益冲突申报 / Conflicts of interest · 智库咨政协同平台" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireUser(request, context);
  const personId = viewer.actor.kind === "user" ? viewer.actor.personId : null;
  return {
    hasProfile: personId != null,
    conflicts: personId != null ? conflictsOf(db(), personId).map((c) => ({ ...c, createdAt: c.createdAt.toISOString() })) : [],
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireUser(request, context);
  const values = formValues(await request.formData());
  const ctx = { db: db(), actor: viewer.actor };
  try {
    if (values.intent === "withdraw") {
      withdrawConflict(ctx, { id: values.id });
      return redirect("/account/conflicts?done=withdrawn");
    }
    declareConflict(ctx, values);
    return redirect("/account/conflicts?done=declared");
  } catch (e) {
    return formFailure(e, values, values.intent);
  }
}

export default function Conflicts() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation("needs");
  const [sp] = useSearchParams();
  const done = sp.get("done");
  const v = result?.intent === "declare" ? (result.values ?? {}) : {};
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm">
          <Link to="/account">{t("conflicts.back")}</Link>
        </p>
        <h1 className="mt-1">{t("conflicts.title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("conflicts.intro")}</p>
        {done ? (
          <p role="status" className="mt-2 rounded bg-green-50 p-2 text-sm text-green-800">
            {t(`conflicts.done.${done}`)}
          </p>
        ) : null}
      </div>
      {!d.hasProfile ? (
        <p className="card text-sm">{t("conflicts.noProfile")}</p>
      ) : (
        <>
          <section className="card" aria-labelledby="declare-h">
            <h2 id="declare-h" className="text-base">
              {t("conflicts.declare")}
            </h2>
            <FormProblem result={result} intent="declare" />
            {/* a fresh form after each saved declaration (the inputs keep their DOM values otherwise) */}
            <Form key={d.conflicts.length} method="post" className="space-y-3" noValidate>
              <input type="hidden" name="intent" value="declare" />
              <fieldset>
                <legend className="label">{t("conflicts.target")}</legend>
                <label className="mr-4 text-sm">
                  <input type="radio" name="target" value="organisation" defaultChecked={(v.target ?? "organisation") === "organisation"} /> {t("conflicts.organisation")}
                </label>
                <label className="text-sm">
                  <input type="radio" name="target" value="person" defaultChecked={v.target === "person"} /> {t("conflicts.person")}
                </label>
                <FieldError result={result} name="target" />
              </fieldset>
              <div>
                <label className="label" htmlFor="f-name">
                  {t("conflicts.name")}
                </label>
                <input id="f-name" name="name" className="input max-w-md" defaultValue={v.name ?? ""} aria-describedby="f-name-hint" />
                <p id="f-name-hint" className="text-xs text-slate-500">
                  {t("conflicts.nameHint")}
                </p>
                <FieldError result={result} name="name" />
              </div>
              <div>
                <label className="label" htmlFor="f-reason">
                  {t("conflicts.reason")}
                </label>
                <textarea id="f-reason" name="reason" rows={2} className="input max-w-md" defaultValue={v.reason ?? ""} />
                <FieldError result={result} name="reason" />
              </div>
              <button className="btn-primary">{t("conflicts.submit")}</button>
            </Form>
          </section>
          <section className="card" aria-labelledby="list-h">
            <h2 id="list-h" className="text-base">
              {t("conflicts.list")}
            </h2>
            <FormProblem result={result} intent="withdraw" />
            {d.conflicts.length === 0 ? <p className="text-sm">{t("conflicts.empty")}</p> : null}
            <ul className="space-y-2 text-sm" data-testid="conflicts">
              {d.conflicts.map((c) => (
                <li key={c.id} className="flex flex-wrap items-center gap-2">
                  <span className="font-medium">{c.organisationName ?? c.otherPersonName ?? "—"}</span>
                  <span className="text-slate-600">{c.reason}</span>
                  <span className="text-xs text-slate-500">{formatDate(c.createdAt, i18n.language)}</span>
                  {c.needId ? (
                    <span className="tag">{t("conflicts.byReviewer")}</span>
                  ) : (
                    <Form method="post">
                      <input type="hidden" name="intent" value="withdraw" />
                      <input type="hidden" name="id" value={c.id} />
                      <button className="text-xs text-blue-700 underline">{t("conflicts.withdraw")}</button>
                    </Form>
                  )}
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </div>
  );
}
