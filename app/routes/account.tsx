import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConfirmButton } from "~/components/ui/confirm-button";
import { accountOverview, changePassword, signOutEverywhere, updateProfile } from "~/features/auth/account.server";
import { Field, FieldError, Notice, useSay } from "~/features/auth/components";
import { formFailure, formValues, type FormResult } from "~/features/auth/form.server";
import { requireUser } from "~/features/auth/guards.server";
import { describePasswordPolicy, getPasswordPolicy } from "~/features/auth/password.server";
import { blankSessionCookie } from "~/features/auth/session.server";
import { SUPPORTED_LOCALES } from "~/i18n/config";
import { formatDate } from "~/i18n/format";
import { getLocale, localeCookie } from "~/i18n/i18next.server";
import { db } from "~/lib/db.server";

export const meta: MetaFunction = () => [{ title: "我的账户 / My account · 智库咨政协同平台" }];
export const handle = { i18n: ["auth"] };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireUser(request, context);
  const account = accountOverview(db(), viewer.user.id);
  return {
    account: { ...account, memberships: account.memberships.map((m) => ({ ...m, since: m.since.toISOString() })) },
    policy: describePasswordPolicy(getPasswordPolicy(db())),
    locale: await getLocale(request),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireUser(request, context);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const values = formValues(form);
  const ctx = { db: db(), actor: viewer.actor };
  try {
    if (intent === "signOutEverywhere") {
      signOutEverywhere(ctx, {});
      return redirect("/sign-in?signedOut=1", { headers: { "Set-Cookie": blankSessionCookie() } });
    }
    if (intent === "password") {
      const r = await changePassword(
        { ...ctx, sessionId: viewer.sessionId },
        { currentPassword: form.get("currentPassword"), password: form.get("password"), confirmPassword: form.get("confirmPassword") },
      );
      return data<FormResult & { signedOut?: number }>({ ok: true, intent, signedOut: r.signedOut });
    }
    if (intent === "profile") {
      const input = { displayName: form.get("displayName"), locale: form.get("locale") };
      updateProfile(ctx, input);
      const locale = String(input.locale);
      return data<FormResult>({ ok: true, intent }, { headers: { "Set-Cookie": await localeCookie.serialize(locale) } });
    }
  } catch (e) {
    return formFailure(e, values, intent);
  }
  return data<FormResult>({ formError: { zh: "未知操作。", en: "Unknown action." } }, { status: 400 });
}

/** 利益冲突申报 lives on its own page (needs area); a link from the account page. */
function ConflictsLink() {
  const { t } = useTranslation("needs");
  return (
    <section aria-labelledby="conflicts-h" className="card">
      <h2 id="conflicts-h" className="mb-1">
        {t("conflicts.title")}
      </h2>
      <p className="text-sm text-slate-600">{t("conflicts.accountHint")}</p>
      <Link to="/account/conflicts" className="mt-2 inline-block text-sm">
        {t("conflicts.manage")}
      </Link>
    </section>
  );
}

export default function Account() {
  const { account, policy, locale } = useLoaderData<typeof loader>();
  const result = useActionData<FormResult & { signedOut?: number }>();
  const [params] = useSearchParams();
  const { t } = useTranslation("auth");
  const say = useSay();
  const busy = useNavigation().state === "submitting";
  const of = (intent: string) => (result?.intent === intent ? result : undefined);
  const profile = of("profile");
  const password = of("password");
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <h1>{t("account.title")}</h1>
      {params.get("welcome") ? <Notice tone="success">{t("account.welcome")}</Notice> : null}
      {params.get("joined") ? <Notice tone="success">{t("account.joined")}</Notice> : null}

      <section aria-labelledby="profile-h" className="card">
        <h2 id="profile-h" className="mb-4">
          {t("account.profile")}
        </h2>
        <dl className="mb-5 grid grid-cols-[8rem_1fr] gap-x-4 gap-y-2 text-sm">
          <dt className="text-slate-500">{t("email")}</dt>
          <dd className="break-all">{account.email}</dd>
          <dt className="text-slate-500">{t("account.platformRole")}</dt>
          <dd>{account.platformRole ? <span className="tag">{t(`platformRoles.${account.platformRole}`)}</span> : t("platformRoles.none")}</dd>
        </dl>
        {profile?.ok ? <Notice tone="success">{t("account.profileSaved")}</Notice> : null}
        {profile?.formError && !profile.fields ? <Notice tone="error">{say(profile.formError)}</Notice> : null}
        <Form method="post" noValidate className="grid gap-x-6 sm:grid-cols-2">
          <input type="hidden" name="intent" value="profile" />
          <Field name="displayName" label={t("displayName")} autoComplete="name" defaultValue={profile?.values?.displayName ?? account.displayName} error={profile?.fields?.displayName} />
          <div className="mb-4">
            <label htmlFor="f-locale" className="label">
              {t("language")}
            </label>
            <select id="f-locale" name="locale" defaultValue={profile?.values?.locale ?? account.locale} className="input" aria-describedby={profile?.fields?.locale ? "f-locale-error" : undefined}>
              {SUPPORTED_LOCALES.map((l) => (
                <option key={l} value={l} lang={l}>
                  {t(`languages.${l}`)}
                </option>
              ))}
            </select>
            <FieldError id="f-locale-error" message={profile?.fields?.locale} />
          </div>
          <div className="sm:col-span-2">
            <button type="submit" className="btn-primary" disabled={busy}>
              {t("account.saveProfile")}
            </button>
          </div>
        </Form>
      </section>

      <section aria-labelledby="memberships-h" className="card">
        <h2 id="memberships-h" className="mb-4">
          {t("account.memberships")}
        </h2>
        {account.memberships.length ? (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("account.organisation")}</th>
                <th scope="col">{t("account.role")}</th>
                <th scope="col">{t("account.since")}</th>
              </tr>
            </thead>
            <tbody>
              {account.memberships.map((m) => (
                <tr key={m.organisationId}>
                  <td>
                    {m.name}
                    <span className="ml-2 text-xs text-slate-500">{t(`orgKinds.${m.kind}`)}</span>
                  </td>
                  <td>{t(`roles.${m.role}`)}</td>
                  <td>{formatDate(m.since, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="text-sm text-slate-600">{t("account.noMemberships")}</p>
        )}
      </section>

      <ConflictsLink />

      <section aria-labelledby="password-h" className="card">
        <h2 id="password-h" className="mb-1">
          {t("account.changePassword")}
        </h2>
        <p className="mb-4 text-sm text-slate-600">{t("account.changePasswordIntro")}</p>
        {password?.ok ? <Notice tone="success">{t("account.passwordChanged", { count: result?.signedOut ?? 0 })}</Notice> : null}
        {password?.formError && !password.fields ? <Notice tone="error">{say(password.formError)}</Notice> : null}
        <Form method="post" noValidate className="max-w-md">
          <input type="hidden" name="intent" value="password" />
          <Field name="currentPassword" type="password" resetKey={result} label={t("currentPassword")} autoComplete="current-password" error={password?.fields?.currentPassword} />
          <Field name="password" type="password" resetKey={result} label={t("newPassword")} autoComplete="new-password" hint={say(policy)} error={password?.fields?.password} />
          <Field name="confirmPassword" type="password" resetKey={result} label={t("confirmPassword")} autoComplete="new-password" error={password?.fields?.confirmPassword} />
          <button type="submit" className="btn-primary" disabled={busy}>
            {t("account.savePassword")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="sessions-h" className="card">
        <h2 id="sessions-h" className="mb-1">
          {t("account.sessions")}
        </h2>
        <p className="mb-4 text-sm leading-6 text-slate-600">{t("account.sessionsIntro")}</p>
        <Form method="post">
          <ConfirmButton
            name="intent"
            value="signOutEverywhere"
            title={t("account.signOutEverywhereConfirmTitle")}
            description={t("account.sessionsIntro")}
            confirmLabel={t("account.signOutEverywhere")}
          >
            {t("account.signOutEverywhere")}
          </ConfirmButton>
        </Form>
      </section>
    </div>
  );
}
