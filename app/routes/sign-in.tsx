import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthCard, Field, Notice, useSay } from "~/features/auth/components";
import { formFailure, formValues, type FormResult } from "~/features/auth/form.server";
import { getViewer } from "~/features/auth/guards.server";
import { readSessionToken, sessionCookie } from "~/features/auth/session.server";
import { signIn, signInSchema } from "~/features/auth/sign-in.server";
import { localeCookie } from "~/i18n/i18next.server";
import { db } from "~/lib/db.server";
import { ServiceError } from "~/lib/errors";
import { safeRedirect } from "~/lib/redirect";
import { fieldErrors } from "~/lib/verb.server";

export const meta: MetaFunction = () => [{ title: "登录 / Sign in · 智库咨政协同平台" }];
export const handle = { i18n: ["auth"] };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirect(url.searchParams.get("redirectTo"), "/");
  if (getViewer(request, context).user) throw redirect(redirectTo);
  return { redirectTo, reset: url.searchParams.get("reset") === "1", signedOut: url.searchParams.get("signedOut") === "1" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const values = formValues(form);
  const parsed = signInSchema.safeParse({ email: form.get("email"), password: form.get("password") });
  if (!parsed.success) return formFailure(new ServiceError(422, "invalid_input", { zh: "请填写邮箱和密码。", en: "Enter your e-mail address and password." }, fieldErrors(parsed.error)), values);
  const result = await signIn(db(), { ...parsed.data, ip: context?.ip ?? null, previousToken: readSessionToken(request) });
  if (!result.ok) return data<FormResult>({ formError: result.message, values }, { status: result.reason === "locked" ? 423 : 401 });
  const headers = new Headers();
  headers.append("Set-Cookie", sessionCookie(result.token, result.session.expiresAt));
  headers.append("Set-Cookie", await localeCookie.serialize(result.user.locale));
  return redirect(safeRedirect(form.get("redirectTo"), "/"), { headers });
}

export default function SignIn() {
  const { redirectTo, reset, signedOut } = useLoaderData<typeof loader>();
  const result = useActionData<FormResult>();
  const { t } = useTranslation("auth");
  const say = useSay();
  const busy = useNavigation().state === "submitting";
  return (
    <AuthCard title={t("signIn.title")}>
      <p className="mb-5 text-sm text-slate-600">{t("signIn.intro")}</p>
      {reset ? <Notice tone="success">{t("signIn.resetDone")}</Notice> : null}
      {signedOut ? <Notice tone="info">{t("signIn.signedOut")}</Notice> : null}
      {result?.formError ? <Notice tone="error">{say(result.formError)}</Notice> : null}
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field name="email" type="email" label={t("email")} autoComplete="username" defaultValue={result?.values?.email} error={result?.fields?.email} autoFocus />
        <Field name="password" type="password" resetKey={result} label={t("password")} autoComplete="current-password" error={result?.fields?.password} />
        <button type="submit" className="btn-primary mt-2 w-full" disabled={busy}>
          {t("signIn.submit")}
        </button>
      </Form>
      <div className="mt-5 flex flex-col gap-2 border-t border-slate-100 pt-4 text-sm">
        <Link to="/forgot-password">{t("signIn.forgot")}</Link>
        <p className="text-slate-500">{t("signIn.noAccount")}</p>
      </div>
    </AuthCard>
  );
}
