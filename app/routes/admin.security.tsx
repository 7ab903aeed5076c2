import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, Notice, useSay } from "~/features/auth/components";
import { formFailure, formValues, type FormResult } from "~/features/auth/form.server";
import { requirePermission } from "~/features/auth/guards.server";
import { commonPasswords, describePasswordPolicy, getPasswordPolicy, MIN_PASSWORD_LENGTH } from "~/features/auth/password.server";
import { updatePasswordPolicy } from "~/features/auth/security.server";
import { listLockedAccounts, lockoutConfig, unlockAccount } from "~/features/auth/sign-in.server";
import { formatDateTime } from "~/i18n/format";
import { getLocale } from "~/i18n/i18next.server";
import { db } from "~/lib/db.server";
import { DataTable } from "~/components/ui/data-table";

export const meta: MetaFunction = () => [{ title: "安全设置 / Security · 智库咨政协同平台" }];
export const handle = { i18n: ["auth"] };

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(request, context, "manage:security");
  const policy = getPasswordPolicy(db());
  const lock = lockoutConfig();
  return {
    policy,
    description: describePasswordPolicy(policy),
    commonCount: commonPasswords().size,
    minFloor: MIN_PASSWORD_LENGTH,
    lockout: { threshold: lock.threshold, minutes: Math.round(lock.lockMs / 60_000) },
    locked: listLockedAccounts(db()).map((a) => ({ ...a, lockedUntil: a.lockedUntil.toISOString(), lastFailureAt: a.lastFailureAt.toISOString() })),
    locale: await getLocale(request),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requirePermission(request, context, "manage:security");
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const ctx = { db: db(), actor: viewer.actor };
  try {
    if (intent === "unlock") {
      const r = unlockAccount(ctx, { email: form.get("email") });
      return redirect(`/admin/security?unlocked=${encodeURIComponent(r.email)}`);
    }
    updatePasswordPolicy(ctx, { minLength: form.get("minLength"), requireClasses: form.get("requireClasses") });
    return redirect("/admin/security?saved=1");
  } catch (e) {
    return formFailure(e, formValues(form), intent);
  }
}

export default function Security() {
  const { policy, description, commonCount, minFloor, lockout, locked, locale } = useLoaderData<typeof loader>();
  const result = useActionData<FormResult>();
  const [params] = useSearchParams();
  const { t } = useTranslation("auth");
  const say = useSay();
  const busy = useNavigation().state === "submitting";
  const pol = result?.intent === "policy" ? result : undefined;
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <h1>{t("security.title")}</h1>
      {params.get("saved") && !result ? <Notice tone="success">{t("security.policySaved")}</Notice> : null}
      {params.get("unlocked") && !result ? <Notice tone="success">{t("security.unlocked", { email: params.get("unlocked") })}</Notice> : null}
      {result?.intent === "unlock" && result.formError ? <Notice tone="error">{say(result.formError)}</Notice> : null}

      <section aria-labelledby="policy-h" className="card">
        <h2 id="policy-h" className="mb-1">
          {t("security.policy")}
        </h2>
        <p className="mb-4 text-sm leading-6 text-slate-600">{t("security.policyIntro")}</p>
        <p className="mb-5 rounded-md bg-slate-50 px-4 py-3 text-sm leading-6 text-slate-700">
          <span className="font-medium">{t("security.current")}</span> {say(description)}
          <br />
          <span className="text-slate-500">{t("security.commonCount", { count: commonCount })}</span>
        </p>
        {pol?.formError && !pol.fields ? <Notice tone="error">{say(pol.formError)}</Notice> : null}
        <Form method="post" noValidate className="grid gap-x-6 sm:grid-cols-2">
          <input type="hidden" name="intent" value="policy" />
          <Field name="minLength" type="number" label={t("security.minLength")} hint={t("security.minLengthHint", { min: minFloor })} defaultValue={pol?.values?.minLength ?? String(policy.minLength)} error={pol?.fields?.minLength} />
          <Field name="requireClasses" type="number" label={t("security.requireClasses")} hint={t("security.requireClassesHint")} defaultValue={pol?.values?.requireClasses ?? String(policy.requireClasses)} error={pol?.fields?.requireClasses} />
          <div className="sm:col-span-2">
            <button type="submit" className="btn-primary" disabled={busy}>
              {t("security.savePolicy")}
            </button>
          </div>
        </Form>
      </section>

      <section aria-labelledby="locked-h" className="card">
        <h2 id="locked-h" className="mb-1">
          {t("security.locked")} <span className="text-sm font-normal text-slate-500">({locked.length})</span>
        </h2>
        <p className="mb-4 text-sm leading-6 text-slate-600">{t("security.lockedIntro", lockout)}</p>
        <DataTable
          framed={false}
          columns={[
            { key: "account", header: t("security.account") },
            { key: "failures", header: t("security.failures") },
            { key: "lockedUntil", header: t("security.lockedUntil") },
            { key: "unlock", header: t("security.unlock"), srOnly: true },
          ]}
          rows={locked}
          rowKey={(a) => a.email}
          empty={t("security.noLocked")}
          cells={(a) => (
            <>
              <td>
                <div className="break-all">{a.email}</div>
                <div className="text-xs text-slate-500">{a.displayName ?? t("security.unknownAccount")}</div>
              </td>
              <td>{a.failures}</td>
              <td className="whitespace-nowrap">{formatDateTime(a.lockedUntil, locale)}</td>
              <td className="text-right">
                <Form method="post">
                  <input type="hidden" name="intent" value="unlock" />
                  <input type="hidden" name="email" value={a.email} />
                  <button type="submit" className="btn-secondary px-3 py-1" aria-label={t("security.unlockLabel", { email: a.email })}>
                    {t("security.unlock")}
                  </button>
                </Form>
              </td>
            </>
          )}
        />
      </section>
    </div>
  );
}
