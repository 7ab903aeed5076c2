import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { checkDraft, readDraft } from "~/features/dedup/check.server";
import { SimilarPanel, type MatchView } from "~/features/dedup/components";
import { getViewer } from "~/features/auth/guards.server";
import { i18next } from "~/i18n/i18next.server";
import { db } from "~/lib/db.server";

export const handle = { i18n: ["dedup"] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await i18next.getFixedT(request, "dedup");
  return { title: t("title") };
}

/** Without JavaScript the form posts here and the page shows the same matches the live panel would. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { actor } = getViewer(request, context);
  const form = Object.fromEntries(await request.formData());
  const values = { text: String(form.text ?? ""), summary: String(form.summary ?? ""), person: String(form.person ?? ""), institution: String(form.institution ?? "") };
  const parsed = readDraft(values);
  if (!parsed.success) {
    const errors = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
    return { values, errors, result: null };
  }
  const r = await checkDraft(db(), actor, parsed.data);
  return { values, errors: {} as Record<string, string>, result: { level: r.level, matches: r.matches as MatchView[], degraded: r.degraded ?? false } };
}

export default function DedupPage() {
  const { t, i18n } = useTranslation("dedup");
  const data = useActionData<typeof action>();
  const nav = useNavigation();
  const [draft, setDraft] = useState({ text: data?.values.text ?? "", summary: data?.values.summary ?? "", person: data?.values.person ?? "", institution: data?.values.institution ?? "" });
  const set = (k: keyof typeof draft) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => setDraft((d) => ({ ...d, [k]: e.target.value }));
  const err = (k: string) => {
    const m = data?.errors?.[k];
    if (!m) return null;
    const [zh, en] = m.split(" / ");
    return (
      <p id={`${k}-error`} className="field-error">
        {i18n.language.startsWith("zh") ? zh : (en ?? zh)}
      </p>
    );
  };
  return (
    <div>
      <header className="mb-5 border-b border-slate-200 pb-4">
        <h1>{t("title")}</h1>
        <p className="mt-2 max-w-3xl text-sm leading-6 text-slate-600">{t("intro")}</p>
        <p className="mt-2 text-sm">
          <Link to="/dedup/batch" className="underline">
            {t("batch.link")}
          </Link>
        </p>
      </header>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1.2fr)]">
        <Form method="post" className="card h-fit space-y-3 p-4" aria-label={t("title")}>
          <div>
            <label htmlFor="d-text" className="label">
              {t("fields.text")}
            </label>
            <input
              id="d-text"
              name="text"
              className="input"
              required
              maxLength={2000}
              value={draft.text}
              onChange={set("text")}
              placeholder={t("fields.textHint")}
              aria-invalid={data?.errors?.text ? true : undefined}
              aria-describedby={data?.errors?.text ? "text-error" : undefined}
            />
            {err("text")}
          </div>
          <div>
            <label htmlFor="d-summary" className="label">
              {t("fields.summary")}
            </label>
            <textarea id="d-summary" name="summary" rows={4} maxLength={20000} className="input" value={draft.summary} onChange={set("summary")} />
            {err("summary")}
          </div>
          <div className="grid gap-3 sm:grid-cols-2">
            <div>
              <label htmlFor="d-person" className="label">
                {t("fields.person")}
              </label>
              <input id="d-person" name="person" maxLength={100} className="input" value={draft.person} onChange={set("person")} />
              {err("person")}
            </div>
            <div>
              <label htmlFor="d-institution" className="label">
                {t("fields.institution")}
              </label>
              <input id="d-institution" name="institution" maxLength={200} className="input" value={draft.institution} onChange={set("institution")} />
              {err("institution")}
            </div>
          </div>
          <button type="submit" className="btn-primary" disabled={nav.state === "submitting"}>
            {t("submit")}
          </button>
        </Form>
        <SimilarPanel key={data?.result ? JSON.stringify(data.values) : "live"} draft={draft} initial={data?.result ?? undefined} />
      </div>
    </div>
  );
}
