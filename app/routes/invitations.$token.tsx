import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthCard, Field, Notice, useSay } from "~/features/auth/components";
import { formFailure, formValues, type FormResult } from "~/features/auth/form.server";
import { getViewer } from "~/features/auth/guards.server";
import { acceptInvitationExistingAccount, acceptInvitationNewAccount, auditInvitationRefusal, lookupInvitation } from "~/features/auth/invitations.server";
import { describePasswordPolicy, getPasswordPolicy } from "~/features/auth/password.server";
import { readSessionToken, sessionCookie } from "~/features/auth/session.server";
import { formatDateTime } from "~/i18n/format";
import { getLocale } from "~/i18n/i18next.server";
import { db } from "~/lib/db.server";

export const meta: MetaFunction = () => [{ title: "接受邀请 / Accept the invitation · 智库咨政协同平台" }];
export const handle = { i18n: ["auth"] };

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const found = lookupInvitation(db(), params.token ?? "");
  const viewer = getViewer(request, context);
  if (!found.ok) {
    auditInvitationRefusal(db(), found.reason, context?.ip ?? null, new Date(), viewer.actor);
    return data({ refused: found.message, invitation: null, mode: null, policy: null, locale: await getLocale(request) }, { status: 410 });
  }
  const inv = found.invitation;
  const mode = !inv.existingUserId ? "create" : viewer.user?.id === inv.existingUserId ? "accept" : viewer.user ? "wrongAccount" : "signIn";
  return {
    refused: null,
    invitation: { email: inv.email, role: inv.role, organisationName: inv.organisationName, expiresAt: inv.expiresAt.toISOString() },
    mode,
    policy: mode === "create" ? describePasswordPolicy(getPasswordPolicy(db())) : null,
    locale: await getLocale(request),
  } as const;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const token = params.token ?? "";
  const values = formValues(form);
  try {
    if (form.get("intent") === "accept") {
      acceptInvitationExistingAccount(db(), token, getViewer(request, context).actor);
      return redirect("/account?joined=1");
    }
    const r = await acceptInvitationNewAccount(
      db(),
      token,
      { displayName: form.get("displayName"), locale: await getLocale(request), password: form.get("password"), confirmPassword: form.get("confirmPassword") },
      { ip: context?.ip ?? null, previousToken: readSessionToken(request) },
    );
    return redirect("/account?welcome=1", { headers: { "Set-Cookie": sessionCookie(r.token, r.session.expiresAt) } });
  } catch (e) {
    return formFailure(e, values);
  }
}

export default function Invitation() {
  const { refused, invitation, mode, policy, locale } = useLoaderData<typeof loader>();
  const result = useActionData<FormResult>();
  const { t } = useTranslation("auth");
  const say = useSay();
  const busy = useNavigation().state === "submitting";
  const location = useLocation();
  if (refused || !invitation)
    return (
      <AuthCard title={t("invitation.refusedTitle")}>
        <Notice tone="error">{say(refused)}</Notice>
        <Link to="/" className="btn-secondary">
          {t("invitation.home")}
        </Link>
      </AuthCard>
    );
  // the token is in the path, so sign-in brings the person straight back here
  const back = `/sign-in?redirectTo=${encodeURIComponent(location.pathname)}`;
  return (
    <AuthCard title={t("invitation.title")}>
      <div className="mb-5 rounded-md bg-slate-50 px-4 py-3 text-sm leading-6 text-slate-700">
        <p className="font-medium text-slate-900">{t("invitation.intro", { organisation: invitation.organisationName, role: t(`roles.${invitation.role}`) })}</p>
        <p>{t("invitation.forEmail", { email: invitation.email })}</p>
        <p className="text-slate-500">{t("invitation.expires", { time: formatDateTime(invitation.expiresAt, locale) })}</p>
      </div>
      {result?.formError && (!result.fields || mode !== "create") ? <Notice tone="error">{say(result.formError)}</Notice> : null}
      {mode === "create" ? (
        <Form method="post" noValidate>
          <p className="mb-4 text-sm text-slate-600">{t("invitation.createIntro")}</p>
          <input type="hidden" name="intent" value="create" />
          <Field name="displayName" label={t("displayName")} autoComplete="name" defaultValue={result?.values?.displayName} error={result?.fields?.displayName} autoFocus />
          <Field name="password" type="password" resetKey={result} label={t("newPassword")} autoComplete="new-password" hint={say(policy)} error={result?.fields?.password} />
          <Field name="confirmPassword" type="password" resetKey={result} label={t("confirmPassword")} autoComplete="new-password" error={result?.fields?.confirmPassword} />
          <button type="submit" className="btn-primary mt-2 w-full" disabled={busy}>
            {t("invitation.create")}
          </button>
        </Form>
      ) : mode === "signIn" ? (
        <>
          <p className="mb-4 text-sm leading-6 text-slate-600">{t("invitation.existingIntro")}</p>
          <Link to={back} className="btn-primary w-full">
            {t("invitation.signInFirst")}
          </Link>
        </>
      ) : mode === "accept" ? (
        <Form method="post">
          <p className="mb-4 text-sm text-slate-600">{t("invitation.acceptIntro", { email: invitation.email })}</p>
          <button type="submit" name="intent" value="accept" className="btn-primary w-full" disabled={busy}>
            {t("invitation.accept")}
          </button>
        </Form>
      ) : (
        <Notice tone="info">{t("invitation.wrongAccount", { email: invitation.email })}</Notice>
      )}
    </AuthCard>
  );
}
