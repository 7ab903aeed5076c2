import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { Bilingual } from "~/lib/errors";

/** The half of a bilingual message that matches the interface language. */
export function useSay() {
  const { i18n } = useTranslation();
  return (b: Bilingual | null | undefined) => (b ? (i18n.language === "en" ? b.en : b.zh) : "");
}

/** A message under a field; several broken rules are listed one per line. */
export function FieldError({ id, message }: { id: string; message?: Bilingual }) {
  const say = useSay();
  if (!message) return null;
  const lines = say(message).split("\n");
  return (
    <div id={id} className="field-error">
      {lines.length > 1 ? (
        <ul className="list-disc pl-5">
          {lines.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      ) : (
        lines[0]
      )}
    </div>
  );
}

export function Notice({ tone, children }: { tone: "error" | "success" | "info"; children: React.ReactNode }) {
  const styles = {
    error: "border-red-200 bg-red-50 text-accent-700",
    success: "border-emerald-300 bg-emerald-50 text-emerald-900",
    info: "border-brand-100 bg-brand-50 text-brand-900",
  }[tone];
  return (
    <div role={tone === "error" ? "alert" : "status"} className={`mb-4 rounded-md border px-4 py-3 text-sm leading-6 ${styles}`}>
      {children}
    </div>
  );
}

type FieldProps = {
  name: string;
  label: string;
  type?: string;
  autoComplete?: string;
  defaultValue?: string;
  error?: Bilingual;
  hint?: string;
  required?: boolean;
  autoFocus?: boolean;
  /** a password field empties whenever this changes (each answer of the server): it is never sent back */
  resetKey?: unknown;
};

/** One labelled input with its hint and error wired for screen readers. */
export function Field({ name, label, type = "text", autoComplete, defaultValue, error, hint, required = true, autoFocus, resetKey }: FieldProps) {
  const id = `f-${name}`;
  const ref = useRef<HTMLInputElement>(null);
  const seen = useRef(resetKey);
  useEffect(() => {
    // not on hydration: what someone typed before the script loaded stays
    if (seen.current === resetKey) return;
    seen.current = resetKey;
    if (type === "password" && ref.current) ref.current.value = "";
  }, [type, resetKey]);
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="mb-4">
      <label htmlFor={id} className="label">
        {label}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="mb-1 text-xs leading-5 text-slate-500">
          {hint}
        </p>
      ) : null}
      <input
        ref={ref}
        id={id}
        name={name}
        type={type}
        autoComplete={autoComplete}
        defaultValue={defaultValue}
        required={required}
        autoFocus={autoFocus}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className="input"
      />
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

/** A narrow centred card for the sign-in family of pages. */
export function AuthCard({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="mx-auto mt-4 max-w-md">
      <div className="card p-6 sm:p-8">
        <h1 className="mb-4">{title}</h1>
        {children}
      </div>
    </div>
  );
}
