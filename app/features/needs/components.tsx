import { useTranslation } from "react-i18next";
import type { Bilingual } from "~/lib/errors";
import type { FormResult } from "./actions.server";

/** Picks the reader's language from a bilingual message. */
export function useBi() {
  const { i18n } = useTranslation();
  return (b: Bilingual | undefined | null) => (b ? (i18n.language?.startsWith("en") ? b.en : b.zh) : "");
}

export function FormProblem({ result, intent }: { result?: FormResult; intent?: string }) {
  const bi = useBi();
  const { t } = useTranslation("needs");
  if (!result?.formError || (intent && result.intent !== intent)) return null;
  return (
    <div role="alert" className="mb-3 rounded border border-red-300 bg-red-50 p-3 text-sm text-red-800">
      <p>{bi(result.formError)}</p>
      {result.fields ? (
        <>
          <p className="mt-1">{t("form.errorSummary")}</p>
          <ul className="ml-5 list-disc">
            {Object.entries(result.fields).map(([k, v]) => (
              <li key={k}>
                <a href={`#f-${k}`}>{bi(v)}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

export function FieldError({ result, name }: { result?: FormResult; name: string }) {
  const bi = useBi();
  const e = result?.fields?.[name];
  return e ? (
    <p id={`f-${name}-error`} className="field-error">
      {bi(e)}
    </p>
  ) : null;
}

export function StateTag({ state, kind }: { state: string; kind: "need" | "proposal" }) {
  const { t } = useTranslation("needs");
  const colour = { open: "bg-green-100 text-green-800", accepted: "bg-green-100 text-green-800", declined: "bg-slate-200 text-slate-700", withdrawn: "bg-slate-200 text-slate-700", shortlisted: "bg-amber-100 text-amber-800" }[state] ?? "bg-slate-100 text-slate-700";
  return <span className={`tag ${colour}`}>{t(kind === "need" ? `states.${state}` : `proposal.states.${state}`)}</span>;
}
