import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthCard, Field, Notice, useSay } from "~/features/auth/components";
import { formFailure, formValues, type FormResult } from "~/features/auth/form.server";
import { describePasswordPolicy, getPasswordPolicy } from "~/features/auth/password.server";
import { auditResetRefusal, lookupReset, resetPassword } from "~/features/auth/reset.server";
import { blankSessionCookie } from "~/features/auth/session.server";
import { db } from "~/lib/db.server";

export const meta: MetaFunction = () => [{ title: "设置新密码 / Set a new password · 智库咨政协同平台" }];
export const handle = { i18n: ["auth"] };

export async function loader({ params, context }: LoaderFunctionArgs) {
  const found = lookupReset(db(), params.token ?? "");
  if (!found.ok) {
    auditResetRefusal(db(), found.reason, context?.ip ?? null);
    return data({ refused: found.message, email: null, policy: null }, { status: 410 });
  }
  return { refused: null, email: found.email, policy: describePasswordPolicy(getPasswordPolicy(db())) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  try {
    await resetPassword(db(), params.token ?? "", { password: form.get("password"), confirmPassword: form.get("confirmPassword") }, { ip: context?.ip ?? null });
  } catch (e) {
    return formFailure(e, formValues(form));
  }
  return redirect("/sign-in?reset=1", { headers: { "Set-Cookie": blankSessionCookie() } });
}

export default function ResetPassword() {
  const { refused, email, policy } = useLoaderData<typeof loader>();
  const result = useActionData<FormResult>();
  const { t } = useTranslation("auth");
  const say = useSay();
  const busy = useNavigation().state === "submitting";
  if (refused)
    return (
      <AuthCard title={t("refusedTitle")}>
        <Notice tone="error">{say(refused)}</Notice>
        <Link to="/forgot-password" className="btn-primary">
          {t("reset.again")}
        </Link>
      </AuthCard>
    );
  return (
    <AuthCard title={t("reset.title")}>
      <p className="mb-5 text-sm leading-6 text-slate-600">{t("reset.intro", { email })}</p>
      {result?.formError && !result.fields ? <Notice tone="error">{say(result.formError)}</Notice> : null}
      <Form method="post" noValidate>
        <Field name="password" type="password" resetKey={result} label={t("newPassword")} autoComplete="new-password" hint={say(policy)} error={result?.fields?.password} autoFocus />
        <Field name="confirmPassword" type="password" resetKey={result} label={t("confirmPassword")} autoComplete="new-password" error={result?.fields?.confirmPassword} />
        <button type="submit" className="btn-primary mt-2 w-full" disabled={busy}>
          {t("reset.submit")}
        </button>
      </Form>
    </AuthCard>
  );
}
