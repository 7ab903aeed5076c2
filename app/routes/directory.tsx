import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSubmit } from "@remix-run/react";
import { Pagination } from "~/components/ui/pagination";
import { Tags, useDirectoryLabels } from "~/features/directory/components";
import { directoryHref, parseDirectoryParams, type DirectoryParams } from "~/features/directory/params";
import { directoryTitle } from "~/features/directory/meta.server";
import { directoryPage } from "~/features/directory/queries.server";
import { getViewer } from "~/features/auth/guards.server";
import { db } from "~/lib/db.server";

export const handle = { i18n: ["directory"] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = getViewer(request, context);
  const params = parseDirectoryParams(new URL(request.url).searchParams);
  return { params, ...directoryPage(db(), viewer.actor, params), title: await directoryTitle(request, "directory") };
}

const FORM_ID = "directory-search";

export default function Directory() {
  const data = useLoaderData<typeof loader>();
  const l = useDirectoryLabels();
  const { params: p } = data;
  const tabs = [
    { key: "experts", count: data.experts?.total },
    { key: "organisations", count: data.organisations?.total },
  ] as const;
  return (
    <div>
      <header className="mb-5 border-b border-slate-200 pb-4">
        <h1>{l.t("title")}</h1>
        <p className="mt-2 max-w-3xl text-sm leading-6 text-slate-600">{l.t("intro")}</p>
      </header>

      <nav aria-label={l.t("tabs.label")} className="mb-4">
        <ul className="flex gap-1 border-b border-slate-200">
          {tabs.map((tab) => {
            const active = p.tab === tab.key;
            return (
              <li key={tab.key}>
                <Link
                  to={directoryHref({ tab: tab.key, q: p.q })}
                  aria-current={active ? "page" : undefined}
                  className={`-mb-px block border-b-2 px-4 py-2 text-sm no-underline hover:no-underline ${
                    active ? "border-brand-600 font-semibold text-brand-700" : "border-transparent text-slate-600 hover:text-brand-700"
                  }`}
                >
                  {l.t(`tabs.${tab.key}`)}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>

      <Form id={FORM_ID} method="get" action="/directory" role="search" aria-label={l.t("search.formLabel")} className="mb-5 flex flex-wrap gap-2">
        <input type="hidden" name="tab" value={p.tab} />
        {p.organisationId && p.tab === "experts" ? <input type="hidden" name="org" value={p.organisationId} /> : null}
        <label htmlFor="directory-q" className="sr-only">
          {l.t("search.label")}
        </label>
        <input
          id="directory-q"
          // remounted when the URL changes (tab, clear), so the box shows what is searched for
          key={`${p.tab}:${p.q}`}
          name="q"
          type="search"
          defaultValue={p.q}
          maxLength={100}
          placeholder={l.t(p.tab === "experts" ? "search.expertsPlaceholder" : "search.organisationsPlaceholder")}
          className="input min-w-0 flex-1"
        />
        <button type="submit" className="btn-primary">
          {l.t("search.submit")}
        </button>
        {p.q || p.discipline || p.thinkTankType || p.region || p.kind || p.includeArchive || p.organisationId ? (
          <Link to={directoryHref({ tab: p.tab })} className="btn-secondary">
            {l.t("search.reset")}
          </Link>
        ) : null}
      </Form>

      {p.tab === "experts" && data.organisationName ? (
        <p className="mb-4 flex flex-wrap items-center gap-2 text-sm">
          <span className="tag">{l.t("filters.organisation", { name: data.organisationName })}</span>
          <Link to={directoryHref({ ...p, organisationId: null, page: 1 })}>{l.t("filters.removeOrganisation")}</Link>
        </p>
      ) : null}
      {p.tab === "organisations" ? (
        <nav aria-label={l.t("filters.kindQuick")} className="mb-4">
          <ul className="flex flex-wrap gap-2 text-sm">
            {(["", "thinkTank", "department", "managementOffice"] as const).map((k) => (
              <li key={k || "all"}>
                <Link
                  to={directoryHref({ ...p, kind: k, page: 1 })}
                  aria-current={p.kind === k ? "true" : undefined}
                  className={`inline-block rounded-full border px-3 py-1 no-underline hover:no-underline ${
                    p.kind === k ? "border-brand-600 bg-brand-600 text-white" : "border-slate-300 bg-white text-slate-700 hover:border-brand-600"
                  }`}
                >
                  {k ? l.kind(k) : l.t("filters.kindAll")}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}

      <div className="grid gap-6 md:grid-cols-[15rem_1fr]">
        <Filters params={p} facets={data.facets} />
        <section aria-labelledby="results-heading" aria-live="polite">
          {data.experts ? <ExpertResults result={data.experts} params={p} /> : null}
          {data.organisations ? <OrganisationResults result={data.organisations} params={p} /> : null}
        </section>
      </div>
    </div>
  );
}

type Facets = ReturnType<typeof useLoaderData<typeof loader>>["facets"];

function Filters({ params: p, facets }: { params: DirectoryParams; facets: Facets }) {
  const l = useDirectoryLabels();
  const submit = useSubmit();
  const onChange = (e: React.ChangeEvent<HTMLSelectElement | HTMLInputElement>) => {
    const form = e.currentTarget.form;
    if (form) submit(form, { preventScrollReset: true });
  };
  const select = (name: string, label: string, value: string, options: { value: string; label: string }[]) => (
    <div>
      <label htmlFor={`f-${name}`} className="label">
        {label}
      </label>
      <select id={`f-${name}`} name={name} form={FORM_ID} defaultValue={value} onChange={onChange} className="input">
        <option value="">{l.t("filters.any")}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
  const kinds = p.tab === "experts" ? facets.kinds.filter((k) => k !== "institution") : facets.kinds;
  return (
    <aside aria-labelledby="filters-heading" className="order-last h-fit rounded-lg border border-slate-200 bg-white p-4 md:order-none" key={directoryHref({ ...p, page: 1 })}>
      <h2 id="filters-heading" className="mb-3 text-base">
        {l.t("filters.legend")}
      </h2>
      <div className="space-y-4">
        {select(
          "kind",
          l.t("filters.kind"),
          p.kind,
          kinds.map((k) => ({ value: k, label: l.kind(k) })),
        )}
        {select(
          "type",
          l.t("filters.thinkTankType"),
          p.thinkTankType,
          facets.thinkTankTypes.map((v) => ({ value: v, label: l.thinkTankType(v) })),
        )}
        {select(
          "region",
          l.t("filters.region"),
          p.region,
          facets.regions.map((v) => ({ value: v, label: l.region(v) })),
        )}
        {select(
          "discipline",
          l.t("filters.discipline"),
          p.discipline,
          facets.disciplines.map((v) => ({ value: v, label: l.discipline(v) })),
        )}
        {p.tab === "experts" ? (
          <div className="flex items-start gap-2">
            <input id="f-archive" type="checkbox" name="archive" value="1" form={FORM_ID} defaultChecked={p.includeArchive} onChange={onChange} className="mt-1" aria-describedby="f-archive-hint" />
            <div>
              <label htmlFor="f-archive" className="text-sm text-slate-800">
                {l.t("filters.includeArchive")}
              </label>
              <p id="f-archive-hint" className="mt-0.5 text-xs text-slate-500">
                {l.t("filters.includeArchiveHint")}
              </p>
            </div>
          </div>
        ) : null}
        <button type="submit" form={FORM_ID} className="btn-secondary w-full">
          {l.t("filters.apply")}
        </button>
      </div>
    </aside>
  );
}

type Experts = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["experts"]>;
type Organisations = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["organisations"]>;

function ExpertResults({ result, params }: { result: Experts; params: DirectoryParams }) {
  const l = useDirectoryLabels();
  return (
    <>
      <h2 id="results-heading" className="mb-3 text-base font-normal text-slate-600">
        {l.t("results.experts", { count: result.total })}
      </h2>
      {result.items.length === 0 ? (
        <p className="card text-slate-600">{l.t("results.noneExperts")}</p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
          {result.items.map((e) => (
            <li key={e.id} className="p-4">
              <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                <Link to={`/people/${e.id}`} className="text-lg font-semibold">
                  {e.name}
                </Link>
                {e.title ? <span className="text-sm text-slate-700">{e.title}</span> : null}
                <span className="text-sm text-slate-600">{e.organisationName ?? e.institutionName}</span>
                {e.source === "archive" ? <span className="tag bg-slate-100 text-slate-700">{l.t("badges.archiveOnly")}</span> : null}
                {e.source === "portal" && !e.publicConsent ? <span className="tag bg-amber-50 text-amber-800">{l.t("badges.notPublic")}</span> : null}
              </div>
              <div className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-2">
                <Tags items={e.disciplines} label={l.discipline} />
                {e.keywords.length ? <p className="text-sm text-slate-600">{e.keywords.slice(0, 5).join(l.lang === "en" ? ", " : "、")}</p> : null}
                {e.projectCount > 0 ? <span className="text-xs text-slate-500">{l.t("results.projects", { count: e.projectCount })}</span> : null}
              </div>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={result.page} pages={result.pages} href={(page) => directoryHref({ ...params, page })} />
    </>
  );
}

function OrganisationResults({ result, params }: { result: Organisations; params: DirectoryParams }) {
  const l = useDirectoryLabels();
  return (
    <>
      <h2 id="results-heading" className="mb-3 text-base font-normal text-slate-600">
        {l.t("results.organisations", { count: result.total })}
      </h2>
      {result.items.length === 0 ? (
        <p className="card text-slate-600">{l.t("results.noneOrganisations")}</p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
          {result.items.map((o) => (
            <li key={o.id} className="p-4">
              <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                <Link to={`/organisations/${o.id}`} className="text-lg font-semibold">
                  {o.name}
                </Link>
                <span className="tag">{o.kind === "thinkTank" && o.thinkTankType ? `${l.kind(o.kind)} · ${l.thinkTankType(o.thinkTankType)}` : l.kind(o.kind)}</span>
                {o.partner ? <span className="tag bg-emerald-50 text-emerald-800">{l.t("badges.partner")}</span> : null}
              </div>
              <p className="mt-1 text-sm text-slate-600">{[l.region(o.region), l.level(o.level)].filter(Boolean).join(" · ")}</p>
              {o.description ? <p className="mt-2 line-clamp-2 text-sm leading-6 text-slate-700">{o.description}</p> : null}
              {o.expertCount || o.projectCount ? (
                <p className="mt-2 flex gap-4 text-xs text-slate-500">
                  {o.expertCount ? <span>{l.t("results.expertsCount", { count: o.expertCount })}</span> : null}
                  {o.projectCount ? <span>{l.t("results.projects", { count: o.projectCount })}</span> : null}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <Pagination page={result.page} pages={result.pages} href={(page) => directoryHref({ ...params, page })} />
    </>
  );
}
