import { memo } from "react";
import { useTranslation } from "react-i18next";
import { TIME_ZONE } from "~/i18n/config";
import type { Autosave } from "./use-autosave";

/** Hours and minutes in Asia/Shanghai, as the status line shows them. */
const formatTime = (iso: string, locale: string) => new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(iso));

/**
 * What autosave is doing, announced politely to screen readers; a conflict or refusal as an
 * alert with the server's own words. `waiting` says what the form needs before it can be saved.
 */
export function AutosaveStatus({ autosave, waiting }: { autosave: Autosave; waiting?: string }) {
  const { t, i18n } = useTranslation();
  const { status, savedAt, error } = autosave;
  const lang = i18n.language;
  const text =
    status === "saving"
      ? t("autosave.saving")
      : status === "saved" && savedAt
        ? t("autosave.saved", { time: formatTime(savedAt, lang) })
        : status === "pending"
          ? t("autosave.pending")
          : status === "failed"
            ? t("autosave.failed")
            : status === "waiting"
              ? (waiting ?? "")
              : status === "invalid"
                ? t("autosave.invalid")
                : status === "conflict"
                  ? error
                    ? lang === "en"
                      ? error.en
                      : error.zh
                    : t("autosave.conflict")
                  : "";
  const bad = status === "failed" || status === "conflict" || status === "invalid";
  return (
    <>
      <p role="status" aria-live="polite" data-autosave={status} className={`ml-auto text-sm ${bad ? "font-medium text-red-700" : "text-slate-600"}`}>
        {status === "conflict" ? null : text}
      </p>
      {status === "conflict" ? (
        <p role="alert" className="w-full rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
          {text}
        </p>
      ) : null}
    </>
  );
}

/**
 * A hidden field autosave writes into (the record's id and version as last saved). Memoised so a
 * re-render does not put back its first value and make the next save lose the id.
 */
export const AutosaveField = memo(function AutosaveField({ name, initial, inputRef }: { name: string; initial: string; inputRef: React.RefObject<HTMLInputElement> }) {
  return <input type="hidden" name={name} ref={inputRef} defaultValue={initial} />;
});
