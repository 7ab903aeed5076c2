import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { CheckResult, Match } from "#search/dedup/check";

/** Matches as the checker returns them over JSON. */
export type MatchView = Pick<Match, "projectId" | "docId" | "type" | "entityId" | "title" | "score" | "level" | "evidence"> & { openable?: boolean };

/** Where each kind of match lives; proposals have no page of their own. */
const PAGES: Record<string, string> = { project: "/projects/", topic: "/topics/", call: "/calls/", need: "/needs/" };

/** The match's page, unless the reader may not open it (the server says so per match). */
export function matchHref(m: Pick<MatchView, "type" | "entityId" | "openable">): string | undefined {
  const base = PAGES[m.type];
  return base && m.openable !== false ? `${base}${encodeURIComponent(m.entityId)}` : undefined;
}

const levelClass: Record<string, string> = {
  duplicate: "bg-red-100 text-red-800 ring-red-200",
  similar: "bg-amber-100 text-amber-900 ring-amber-200",
  none: "bg-slate-100 text-slate-700 ring-slate-200",
};

/** Marked-up text from the checker: HTML-escaped on the server, only <mark> added. */
function Marked({ html }: { html: string }) {
  return <span className="[&_mark]:rounded [&_mark]:bg-yellow-200 [&_mark]:px-0.5" dangerouslySetInnerHTML={{ __html: html }} />;
}

export function MatchList({ matches, showQuery = true }: { matches: MatchView[]; showQuery?: boolean }) {
  const { t } = useTranslation("dedup");
  // what kind of record matched, named as the inbox names it
  const { t: kind } = useTranslation("notifications");
  return (
    <ol className="space-y-3">
      {matches.map((m) => {
        const e = m.evidence;
        const href = matchHref(m);
        return (
          <li key={m.docId} className="card p-4">
            <div className="flex flex-wrap items-center gap-2">
              <span className={`rounded px-2 py-0.5 text-xs font-medium ring-1 ${levelClass[m.level]}`}>{t(`level.${m.level}`)}</span>
              <span className="tag">{kind(`about.${m.type}`, { defaultValue: m.type })}</span>
              <span className="text-sm text-slate-600">{t("score", { score: m.score.toFixed(2) })}</span>
              <span className="font-mono text-xs text-slate-500">{m.projectId}</span>
            </div>
            <p className="mt-2 font-medium">
              {href ? (
                <a href={href} className="hover:underline">
                  <Marked html={e.matchHtml} />
                </a>
              ) : (
                <Marked html={e.matchHtml} />
              )}
            </p>
            {e.resultHtml && (
              <p className="mt-1 text-sm text-slate-700">
                <span className="mr-1 font-medium text-red-800">{t(e.resultSame ? "evidence.resultSame" : "evidence.resultSimilar")}</span>
                《<Marked html={e.resultHtml} />》
              </p>
            )}
            {showQuery && (
              <p className="mt-1 text-sm text-slate-600">
                <span className="mr-1 text-slate-500">{t("evidence.yours")}:</span>
                <Marked html={e.queryHtml} />
              </p>
            )}
            <dl className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
              {e.sharedPhrases.length > 0 && (
                <div>
                  <dt className="inline">{t("evidence.shared")}: </dt>
                  <dd className="inline">{e.sharedPhrases.slice(0, 6).join("、")}</dd>
                </div>
              )}
              {e.funder && (
                <div>
                  <dt className="inline">{t("evidence.funder")}: </dt>
                  <dd className="inline">{t(`funders.${e.funder}`, { defaultValue: e.funder })}</dd>
                </div>
              )}
              {e.year != null && (
                <div>
                  <dt className="inline">{t("evidence.year")}: </dt>
                  <dd className="inline">{e.year}</dd>
                </div>
              )}
              {e.people.length > 0 && (
                <div>
                  <dt className="inline">{t("evidence.people")}: </dt>
                  <dd className="inline">
                    {e.people.join("、")}
                    {e.institution ? `（${e.institution}）` : ""}
                  </dd>
                </div>
              )}
              {e.grade && (
                <div>
                  <dt className="inline">{t("evidence.grade")}: </dt>
                  <dd className="inline">{e.grade}</dd>
                </div>
              )}
              {e.outputs.length > 0 && (
                <div>
                  <dt className="inline">{t("evidence.outputs")}: </dt>
                  <dd className="inline">{e.outputs.slice(0, 2).join("；")}</dd>
                </div>
              )}
            </dl>
            {(e.samePerson || e.sameInstitution) && (
              <p className="mt-2 text-xs font-medium text-red-700">
                {e.samePerson ? t("evidence.samePerson", { name: e.samePerson }) : t("evidence.sameInstitution", { name: e.sameInstitution })}
              </p>
            )}
          </li>
        );
      })}
    </ol>
  );
}

export type DraftFields = { text: string; summary?: string; person?: string; institution?: string };

/**
 * The live "similar projects" panel: asks /dedup/check 400 ms after typing stops, drops
 * answers that arrive out of order, and says so when the check is unavailable. Usable by any
 * form that drafts a topic or a need.
 */
export function SimilarPanel({ draft, initial, headingLevel = 2 }: { draft: DraftFields; initial?: Pick<CheckResult, "level"> & { matches: MatchView[] }; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation("dedup");
  const [state, setState] = useState<{ status: "idle" | "checking" | "done" | "failed"; result?: { level: string; matches: MatchView[]; degraded?: boolean } }>(
    initial ? { status: "done", result: initial } : { status: "idle" },
  );
  const seq = useRef(0);
  const key = JSON.stringify(draft);
  const first = useRef(true);
  useEffect(() => {
    if (first.current && initial) {
      first.current = false;
      return;
    }
    first.current = false;
    if (!draft.text.trim()) {
      setState({ status: "idle" });
      return;
    }
    const my = ++seq.current;
    const ctl = new AbortController();
    const timer = setTimeout(async () => {
      setState((s) => ({ ...s, status: "checking" }));
      try {
        const params = new URLSearchParams(Object.entries(draft).filter(([, v]) => v) as [string, string][]);
        const res = await fetch(`/dedup/check?${params}`, { signal: ctl.signal, headers: { Accept: "application/json" } });
        if (!res.ok) throw new Error(String(res.status));
        const body = (await res.json()) as { level: string; matches: MatchView[]; degraded?: boolean };
        if (my === seq.current) setState({ status: "done", result: body });
      } catch (e) {
        if ((e as Error).name !== "AbortError" && my === seq.current) setState({ status: "failed" });
      }
    }, 400);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  const H = `h${headingLevel}` as const;
  const r = state.result;
  return (
    <section aria-labelledby="similar-heading" aria-busy={state.status === "checking"}>
      <H id="similar-heading" className="text-base">
        {t("live.heading")}
      </H>
      <div aria-live="polite" className="mt-2 text-sm text-slate-600">
        {state.status === "idle" && <p>{t("live.idle")}</p>}
        {state.status === "checking" && <p>{t("live.checking")}</p>}
        {state.status === "failed" && <p className="field-error">{t("live.failed")}</p>}
        {r && state.status !== "failed" && <p className={r.level === "duplicate" ? "font-medium text-red-700" : ""}>{t(`result.${r.level}`)}</p>}
        {r?.degraded && <p className="text-amber-800">{t("degraded")}</p>}
      </div>
      {r && r.matches.length > 0 && state.status !== "failed" && (
        <div className="mt-3">
          <MatchList matches={r.matches} showQuery={false} />
        </div>
      )}
      {r && r.matches.length === 0 && state.status === "done" && <p className="mt-2 text-sm text-slate-500">{t("live.none")}</p>}
    </section>
  );
}
