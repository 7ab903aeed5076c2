import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Pagination } from "~/components/ui/pagination";
import { useTranslation } from "react-i18next";
import { getViewer } from "~/features/auth/guards.server";
import { parseSearchParams, searchHref, SEARCH_TYPES, type SearchParams } from "~/features/search/params";
import { searchPortal } from "~/features/search/portal.server";
import { i18next } from "~/i18n/i18next.server";
import { db } from "~/lib/db.server";

export const handle = { i18n: ["search", "dedup"] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = getViewer(request, context);
  const params = parseSearchParams(new URL(request.url).searchParams);
  const t = await i18next.getFixedT(request, "search");
  const title = params.q ? `${params.q} · ${t("title")}` : t("title");
  const anyFilter = params.type || params.funder || params.discipline || params.province || params.grade || params.yearFrom || params.yearTo;
  if (!params.q && !anyFilter) return { params, title, result: null };
  return { params, title, result: await searchPortal(db(), actor, params) };
}

const FACET_NAMES = ["funder", "discipline", "province", "grade"] as const;

function Marked({ html, fallback }: { html?: string; fallback: string }) {
  if (!html) return <>{fallback}</>;
  // escaped on the server; only <mark> is added
  return <span className="[&_mark]:rounded [&_mark]:bg-yellow-200 [&_mark]:px-0.5" dangerouslySetInnerHTML={{ __html: html }} />;
}

export default function SearchPage() {
  const { params: p, result } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("search");
  const { t: td } = useTranslation("dedup");
  const nf = new Intl.NumberFormat(i18n.language);
  const href = (change: Partial<SearchParams>) => searchHref({ ...p, page: 1, ...change });
  return (
    <div>
      <header className="mb-5 border-b border-slate-200 pb-4">
        <h1>{t("title")}</h1>
        <Form method="get" action="/search" role="search" className="mt-3 flex max-w-2xl gap-2">
          <label htmlFor="s-q" className="sr-only">
            {t("label")}
          </label>
          <input id="s-q" name="q" type="search" defaultValue={p.q} maxLength={200} placeholder={t("placeholder")} className="input flex-1" />
          {p.type && <input type="hidden" name="type" value={p.type} />}
          <button type="submit" className="btn-primary">
            {t("submit")}
          </button>
        </Form>
      </header>
      {!result ? (
        <p className="text-sm text-slate-600">{t("prompt")}</p>
      ) : (
        <>
          <nav aria-label={t("tabs.label")} className="mb-4 flex flex-wrap gap-2 border-b border-slate-200 pb-2 text-sm">
            {[undefined, ...SEARCH_TYPES].map((type) => {
              const active = (p.type ?? undefined) === type;
              const count = type ? (result.facets.type?.[type] ?? 0) : Object.values(result.facets.type ?? {}).reduce((a, b) => a + b, 0);
              return (
                <Link
                  key={type ?? "all"}
                  to={href({ type, funder: undefined, discipline: undefined, province: undefined, grade: undefined })}
                  aria-current={active ? "page" : undefined}
                  className={`rounded px-3 py-1 ${active ? "bg-slate-800 text-white" : "hover:bg-slate-100"}`}
                >
                  {t(`tabs.${type ?? "all"}`)} <span className="opacity-70">{nf.format(count)}</span>
                </Link>
              );
            })}
          </nav>
          {result.degraded && (
            <p role="status" className="mb-3 rounded bg-amber-50 p-2 text-sm text-amber-900">
              {t("degraded")}
            </p>
          )}
          <div className="grid gap-6 lg:grid-cols-[15rem_1fr]">
            <aside aria-labelledby="facets-heading" className="space-y-4 text-sm">
              <h2 id="facets-heading" className="text-base">
                {t("facets.heading")}
              </h2>
              {FACET_NAMES.map((name) => {
                const values = Object.entries(result.facets[name] ?? {}).filter(([v]) => v);
                if (!values.length) return null;
                return (
                  <section key={name} aria-labelledby={`facet-${name}`}>
                    <h3 id={`facet-${name}`} className="mb-1 text-sm font-medium">
                      {t(`facets.${name}`)}
                    </h3>
                    <ul className="space-y-0.5">
                      {values.slice(0, 12).map(([v, n]) => {
                        const on = p[name] === v;
                        const label = name === "funder" ? td(`funders.${v}`, { defaultValue: v }) : v;
                        return (
                          <li key={v}>
                            <Link to={href({ [name]: on ? undefined : v } as Partial<SearchParams>)} className={`flex justify-between gap-2 hover:underline ${on ? "font-semibold" : ""}`} aria-label={on ? t("facets.remove", { value: label }) : undefined}>
                              <span>{label}</span>
                              <span className="text-slate-500">{nf.format(n)}</span>
                            </Link>
                          </li>
                        );
                      })}
                    </ul>
                  </section>
                );
              })}
              <Form method="get" action="/search" className="space-y-2">
                <input type="hidden" name="q" value={p.q} />
                {(["type", ...FACET_NAMES] as const).map((k) => (p[k] ? <input key={k} type="hidden" name={k} value={p[k]} /> : null))}
                <fieldset className="grid grid-cols-2 gap-2">
                  <legend className="mb-1 text-sm font-medium">{t("facets.year")}</legend>
                  <div>
                    <label htmlFor="s-yf" className="label">
                      {t("facets.yearFrom")}
                    </label>
                    <input id="s-yf" name="yearFrom" type="number" min={1900} max={2100} defaultValue={p.yearFrom} className="input" />
                  </div>
                  <div>
                    <label htmlFor="s-yt" className="label">
                      {t("facets.yearTo")}
                    </label>
                    <input id="s-yt" name="yearTo" type="number" min={1900} max={2100} defaultValue={p.yearTo} className="input" />
                  </div>
                </fieldset>
                <button type="submit" className="btn-secondary">
                  {t("facets.apply")}
                </button>
              </Form>
              <Link to={searchHref({ q: p.q })} className="block underline">
                {t("facets.clear")}
              </Link>
            </aside>
            <section aria-labelledby="results-heading">
              <h2 id="results-heading" className="mb-3 text-base">
                {t("count", { count: result.total, formatted: nf.format(result.total) })}
              </h2>
              {result.hits.length === 0 ? (
                <p className="text-sm text-slate-600">{t("none")}</p>
              ) : (
                <ol className="space-y-3">
                  {result.hits.map((h) => (
                    <li key={h.id} className="card p-4">
                      <div className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
                        <span className="tag">{t(`type.${h.type}`, { defaultValue: h.type })}</span>
                        {h.meta.ref && <span className="font-mono">{t("ref", { ref: h.meta.ref })}</span>}
                        {h.meta.funder && <span>{td(`funders.${h.meta.funder}`, { defaultValue: h.meta.funder })}</span>}
                        {h.meta.year != null && <span>{h.meta.year}</span>}
                        {h.meta.discipline && <span>{h.meta.discipline}</span>}
                      </div>
                      <h3 className="mt-1 text-base font-medium">
                        <Link to={h.href} className="hover:underline">
                          <Marked html={h.highlights?.title} fallback={h.title} />
                          {h.subtitle && (
                            <span className="text-slate-600">
                              ——
                              <Marked html={h.highlights?.subtitle} fallback={h.subtitle} />
                            </span>
                          )}
                        </Link>
                      </h3>
                      {(h.meta.people?.length || h.meta.institution) && (
                        <p className="mt-1 text-sm text-slate-600">
                          {h.meta.people?.length ? <Marked html={h.highlights?.people} fallback={h.meta.people.join("、")} /> : null}
                          {h.meta.people?.length && h.meta.institution ? " · " : ""}
                          {h.meta.institution && <Marked html={h.highlights?.institution} fallback={h.meta.institution} />}
                        </p>
                      )}
                      {h.highlights?.body && (
                        <p className="mt-1 text-sm text-slate-600">
                          <Marked html={h.highlights.body} fallback="" />
                        </p>
                      )}
                    </li>
                  ))}
                </ol>
              )}
              <Pagination page={p.page} pages={result.pages} href={(page) => searchHref({ ...p, page })} />
            </section>
          </div>
        </>
      )}
    </div>
  );
}
