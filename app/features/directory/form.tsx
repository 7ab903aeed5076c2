import type { Bilingual } from "~/lib/errors";
import { useDirectoryLabels } from "./components";

export type FormFailure = {
  values: Record<string, string | string[] | boolean>;
  formError: Bilingual;
  fieldErrors: Record<string, Bilingual>;
  code: string;
  /** on an edit conflict: what is stored now, and its version, so saving again is a conscious choice */
  current?: Record<string, string | string[] | boolean | null>;
  version?: number;
};

export const fieldIds = (name: string) => ({ id: `field-${name}`, hint: `field-${name}-hint`, error: `field-${name}-error` });

/** Label, hint and message of one field; the control is passed in and wired to them by id. */
export function Field({
  name,
  label,
  hint,
  error,
  required,
  children,
}: {
  name: string;
  label: string;
  hint?: string;
  error?: Bilingual;
  required?: boolean;
  children: React.ReactNode;
}) {
  const l = useDirectoryLabels();
  const ids = fieldIds(name);
  return (
    <div>
      <label htmlFor={ids.id} className="label">
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {children}
      {hint ? (
        <p id={ids.hint} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={ids.error} className="field-error">
          {l.msg(error)}
        </p>
      ) : null}
    </div>
  );
}

/** aria attributes of a control with a hint and maybe an error. */
export function describe(name: string, error: Bilingual | undefined, hint = true) {
  const ids = fieldIds(name);
  return {
    id: ids.id,
    name,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": [hint ? ids.hint : null, error ? ids.error : null].filter(Boolean).join(" ") || undefined,
  };
}

export function ErrorSummary({ failure, labels }: { failure: FormFailure | undefined; labels: Record<string, string> }) {
  const l = useDirectoryLabels();
  if (!failure) return null;
  const fields = Object.entries(failure.fieldErrors);
  return (
    <div role="alert" className="mb-5 rounded-md border border-accent-600/40 bg-red-50 px-4 py-3 text-sm text-accent-700">
      <p className="font-medium">{l.msg(failure.formError)}</p>
      {fields.length ? (
        <ul className="mt-2 list-disc pl-5">
          {fields.map(([name, err]) => (
            <li key={name}>
              <a href={`#${fieldIds(name).id}`} className="text-accent-700">
                {labels[name] ?? name}
              </a>
              {l.lang === "en" ? ": " : "："}
              {l.msg(err)}
            </li>
          ))}
        </ul>
      ) : null}
      {failure.code === "conflict" ? <p className="mt-2">{l.t("edit.conflictHint")}</p> : null}
    </div>
  );
}

export function ConflictPanel({ current, labels }: { current: NonNullable<FormFailure["current"]>; labels: Record<string, string> }) {
  const l = useDirectoryLabels();
  const show = (v: unknown) => (Array.isArray(v) ? v.join("、") : typeof v === "boolean" ? (v ? "✓" : "✗") : v == null || v === "" ? "—" : String(v));
  return (
    <details open className="mb-5 rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm">
      <summary className="cursor-pointer font-medium text-amber-900">{l.t("edit.conflictCurrent")}</summary>
      <dl className="mt-2 space-y-1">
        {Object.entries(current).map(([k, v]) => (
          <div key={k} className="flex gap-3">
            <dt className="w-28 shrink-0 text-amber-900">{labels[k] ?? k}</dt>
            <dd className="whitespace-pre-line text-slate-800">{show(v)}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
