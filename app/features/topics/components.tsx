import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Bilingual } from "~/lib/errors";

/** What a failed form answers: the message, per-field messages and what the person typed. */
export type Failure = { formError: Bilingual; fieldErrors: Record<string, Bilingual>; values: Record<string, string | string[]>; code: string };

export function useTopicText() {
  const { t, i18n } = useTranslation("topics");
  return { t, msg: (b: Bilingual | undefined | null) => (b ? (i18n.language === "en" ? b.en : b.zh) : undefined), locale: i18n.language };
}

export function Field({ name, label, hint, error, children }: { name: string; label: string; hint?: string; error?: Bilingual; children: React.ReactNode }) {
  const { msg } = useTopicText();
  return (
    <div>
      <label htmlFor={`f-${name}`} className="label">
        {label}
      </label>
      {children}
      {hint ? (
        <p id={`f-${name}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`f-${name}-error`} className="field-error">
          {msg(error)}
        </p>
      ) : null}
    </div>
  );
}

/** id, name and aria wiring for a control inside <Field>. */
export const ctl = (name: string, error?: Bilingual, hint = false) => ({
  id: `f-${name}`,
  name,
  "aria-invalid": error ? true : undefined,
  "aria-describedby": [hint ? `f-${name}-hint` : "", error ? `f-${name}-error` : ""].filter(Boolean).join(" ") || undefined,
});

export function FormError({ failure }: { failure?: Failure | null }) {
  const { msg } = useTopicText();
  if (!failure) return null;
  return (
    <div role="alert" className="mb-4 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
      {msg(failure.formError)}
    </div>
  );
}

const STATE_CLASS: Record<string, string> = {
  draft: "bg-slate-100 text-slate-700",
  submitted: "bg-sky-100 text-sky-800",
  screening: "bg-indigo-100 text-indigo-800",
  returned: "bg-amber-100 text-amber-900",
  accepted: "bg-emerald-100 text-emerald-800",
  rejected: "bg-red-100 text-red-800",
  merged: "bg-purple-100 text-purple-800",
  published: "bg-green-600 text-white",
  withdrawn: "bg-slate-200 text-slate-600",
};

export function StateBadge({ state }: { state: string }) {
  const { t } = useTopicText();
  return <span className={`rounded px-2 py-0.5 text-xs font-medium ${STATE_CLASS[state] ?? ""}`}>{t(`state.${state}`)}</span>;
}

export function TopicsNav({ reviewer }: { reviewer: boolean }) {
  const { t } = useTopicText();
  return (
    <nav aria-label={t("nav.label")} className="mb-4 flex flex-wrap gap-3 text-sm">
      <Link to="/topics">{t("nav.mine")}</Link>
      <Link to="/topics/new">{t("nav.new")}</Link>
      {reviewer ? <Link to="/topics/review">{t("nav.review")}</Link> : null}
      <Link to="/rounds">{t("nav.rounds")}</Link>
      <Link to="/calls">{t("nav.calls")}</Link>
    </nav>
  );
}
