import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Pagination } from "~/components/ui/pagination";
import { getFacets } from "~/features/archive/facets.server";
import { parseProjectFilters, projectsHref, SORTS } from "~/features/archive/params";
import { listProjects } from "~/features/archive/queries.server";
import { requirePermission } from "~/features/auth/guards.server";
import { i18next } from "~/i18n/i18next.server";
import { db } from "~/lib/db.server";

export const handle = { i18n: ["archive"] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(request, context, "read:archive");
  const filters = parseProjectFilters(new URL(request.url).searchParams);
  const t = await i18next.getFixedT(request, "archive");
  return { filters, ...listProjects(db(), filters), facets: getFacets(db()), title: t("title") };
}

export default function ProjectsIndex() {
  const { filters: f, items, total, page, pages, facets } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("archive");
  const nf = new Intl.NumberFormat(i18n.language);
  const filtered = projectsHref({ ...f, sort: "year_desc", page: 1 }) !== "/projects";
  const select = (name: string, label: string, value: string, options: { value: string; label: string }[]) => (
    <div>
      <label htmlFor={`f-${name}`} className="label">
        {label}
      </label>
      <select id={`f-${name}`} name={name} defaultValue={value} className="input">
        <option value="">{t("filters.any")}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
  const plain = (values: string[]) => values.map((v) => ({ value: v, label: v }));
  return (
    <div>
      <header className="mb-5 border-b border-slate-200 pb-4">
        <h1>{t("title")}</h1>
        <p className="mt-2 max-w-3xl text-sm leading-6 text-slate-600">{t("intro")}</p>
      </header>
      <div className="grid gap-6 lg:grid-cols-[16rem_1fr]">
        <Form method="get" action="/projects" role="search" aria-labelledby="filters-heading" className="card h-fit space-y-3 p-4" key={JSON.stringify(f)}>
          <h2 id="filters-heading" className="text-base">
            {t("filters.legend")}
          </h2>
          <div>
            <label htmlFor="f-q" className="label">
              {t("filters.q")}
            </label>
            <input id="f-q" name="q" type="search" defaultValue={f.q} maxLength={200} placeholder={t("filters.qPlaceholder")} className="input" />
          </div>
          {select("funder", t("filters.funder"), f.funder, [
            { value: "nssf", label: t("funder.nssf") },
            { value: "nsfc", label: t("funder.nsfc") },
          ])}
          <fieldset className="grid grid-cols-2 gap-2">
            <legend className="sr-only">{t("filters.yearFrom")}</legend>
            <div>
              <label htmlFor="f-from" className="label">
                {t("filters.yearFrom")}
              </label>
              <input id="f-from" name="from" type="number" inputMode="numeric" min={1900} max={2100} defaultValue={f.yearFrom ?? ""} placeholder={String(facets.minYear ?? "")} className="input" />
            </div>
            <div>
              <label htmlFor="f-to" className="label">
                {t("filters.yearTo")}
              </label>
              <input id="f-to" name="to" type="number" inputMode="numeric" min={1900} max={2100} defaultValue={f.yearTo ?? ""} placeholder={String(facets.maxYear ?? "")} className="input" />
            </div>
          </fieldset>
          {select("discipline", t("filters.discipline"), f.discipline, plain(facets.disciplines))}
          {select("category", t("filters.category"), f.category, plain(facets.categories))}
          <div>
            <label htmlFor="f-institution" className="label">
              {t("filters.institution")}
            </label>
            <input id="f-institution" name="institution" type="search" defaultValue={f.institution} maxLength={100} placeholder={t("filters.institutionPlaceholder")} className="input" />
          </div>
          {select("province", t("filters.province"), f.province, plain(facets.provinces))}
          {select("grade", t("filters.grade"), f.grade, plain(facets.grades))}
          <div>
            <label htmlFor="f-sort" className="label">
              {t("filters.sort")}
            </label>
            <select id="f-sort" name="sort" defaultValue={f.sort} className="input">
              {SORTS.map((s) => (
                <option key={s} value={s}>
                  {t(`sort.${s}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="flex flex-wrap gap-2 pt-1">
            <button type="submit" className="btn-primary">
              {t("filters.apply")}
            </button>
            {filtered ? (
              <Link to="/projects" className="btn-secondary">
                {t("filters.reset")}
              </Link>
            ) : null}
          </div>
        </Form>

        <section aria-labelledby="results-heading">
          <h2 id="results-heading" className="mb-3 text-base" aria-live="polite">
            {t("list.total", { n: nf.format(total) })}
          </h2>
          {items.length === 0 ? (
            <p className="rounded border border-dashed border-slate-300 p-6 text-slate-600">{t("list.empty")}</p>
          ) : (
            <div className="overflow-x-auto">
              <table className="table">
                <caption className="sr-only">{t("list.caption", { page, pages })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("list.titleCol")}</th>
                    <th scope="col">{t("list.year")}</th>
                    <th scope="col">{t("list.pi")}</th>
                    <th scope="col">{t("list.institution")}</th>
                    <th scope="col">{t("list.grade")}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((p) => (
                    <tr key={p.id}>
                      <td>
                        <Link to={`/projects/${p.id}`} className="font-medium">
                          {p.title}
                        </Link>
                        <div className="mt-1 flex flex-wrap gap-1 text-xs text-slate-500">
                          <span className="tag">{t(`funderShort.${p.funder}`)}</span>
                          <span>{p.approvalNumber}</span>
                          {p.category ? <span>· {p.category}</span> : null}
                          {p.discipline ? <span>· {p.discipline}</span> : null}
                        </div>
                      </td>
                      <td className="whitespace-nowrap">{p.year ?? "—"}</td>
                      <td className="whitespace-nowrap">{p.piPersonId ? <Link to={`/people/${p.piPersonId}`}>{p.piName}</Link> : p.piName || "—"}</td>
                      <td>
                        {p.institutionName || "—"}
                        {p.province ? <div className="text-xs text-slate-500">{p.province}</div> : null}
                      </td>
                      <td className="whitespace-nowrap">{p.grade ?? "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pagination page={page} pages={pages} href={(n) => projectsHref({ ...f, page: n })} />
        </section>
      </div>
    </div>
  );
}
