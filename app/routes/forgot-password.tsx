import { data, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthCard, Field, Notice, useSay } from "~/features/auth/components";
import { formFailure, formValues, publicBaseUrl, type FormResult } from "~/features/auth/form.server";
import { requestPasswordReset } from "~/features/auth/reset.server";
import { db } from "~/lib/db.server";

export const meta: MetaFunction = () => [{ title: "忘记密码 / Forgot password · 智库咨政协同平台" }];
export const handle = { i18n: ["auth"] };

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const values = formValues(form);
  try {
    const notice = requestPasswordReset(db(), { email: form.get("email") }, { baseUrl: publicBaseUrl(request), ip: context?.ip ?? null });
    return data<FormResult>({ ok: true, notice, values });
  } catch (e) {
    return formFailure(e, values);
  }
}

export default function ForgotPassword() {
  const result = useActionData<FormResult>();
  const { t } = useTranslation("auth");
  const say = useSay();
  const busy = useNavigation().state === "submitting";
  return (
    <AuthCard title={t("forgot.title")}>
      {result?.ok ? (
        <Notice tone="success">{say(result.notice)}</Notice>
      ) : (
        <>
          <p className="mb-5 text-sm leading-6 text-slate-600">{t("forgot.intro")}</p>
          {result?.formError ? <Notice tone="error">{say(result.formError)}</Notice> : null}
          <Form method="post" noValidate>
            <Field name="email" type="email" label={t("email")} autoComplete="email" defaultValue={result?.values?.email} error={result?.fields?.email} autoFocus />
            <button type="submit" className="btn-primary mt-2 w-full" disabled={busy}>
              {t("forgot.submit")}
            </button>
          </Form>
        </>
      )}
      <p className="mt-5 border-t border-slate-100 pt-4 text-sm">
        <Link to="/sign-in">{t("forgot.back")}</Link>
      </p>
    </AuthCard>
  );
}
