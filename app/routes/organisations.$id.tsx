import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Breadcrumb, Fact, ProjectTable, Tags, useDirectoryLabels } from "~/features/directory/components";
import { directoryTitle } from "~/features/directory/meta.server";
import { getOrganisationPage } from "~/features/directory/queries.server";
import { getViewer } from "~/features/auth/guards.server";
import { db } from "~/lib/db.server";

export const handle = { i18n: ["directory"] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const id = Number(params.id);
  const viewer = getViewer(request, context);
  const page = Number.isInteger(id) && id > 0 ? getOrganisationPage(db(), viewer.actor, id) : null;
  if (!page) throw new Response("Not found", { status: 404 });
  return { ...page, title: await directoryTitle(request, "organisation", page.organisation.name) };
}

export default function OrganisationPage() {
  const { organisation: o, experts, expertCount, projectCount, latestProjects, canEdit } = useLoaderData<typeof loader>();
  const l = useDirectoryLabels();
  const [sp] = useSearchParams();
  return (
    <div>
      <Breadcrumb items={[{ to: "/directory?tab=organisations", label: l.t("organisation.breadcrumb") }, { label: o.name }]} />
      {sp.get("saved") ? (
        <p role="status" className="mb-4 rounded-md border border-emerald-200 bg-emerald-50 px-4 py-2 text-sm text-emerald-800">
          {l.t("organisation.saved")}
        </p>
      ) : null}
      <header className="mb-6 flex flex-wrap items-start justify-between gap-4 border-b border-slate-200 pb-4">
        <div>
          <h1>{o.name}</h1>
          <div className="mt-2 flex flex-wrap gap-2">
            <span className="tag">{l.kind(o.kind)}</span>
            {o.thinkTankType ? <span className="tag">{l.thinkTankType(o.thinkTankType)}</span> : null}
            {o.partner ? <span className="tag bg-emerald-50 text-emerald-800">{l.t("badges.partner")}</span> : null}
          </div>
        </div>
        {canEdit ? (
          <Link to={`/organisations/${o.id}/edit`} className="btn-secondary">
            {l.t("organisation.edit")}
          </Link>
        ) : null}
      </header>

      <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
        <div className="space-y-6">
          <section aria-labelledby="about-heading" className="card">
            <h2 id="about-heading" className="mb-2">
              {l.t("organisation.description")}
            </h2>
            {o.description ? <p className="whitespace-pre-line leading-7 text-slate-800">{o.description}</p> : <p className="text-slate-500">{l.t("organisation.noDescription")}</p>}
          </section>

          <section aria-labelledby="projects-heading" className="card">
            <div className="mb-3 flex items-baseline justify-between gap-2">
              <h2 id="projects-heading">{l.t("organisation.latestProjects")}</h2>
              <span className="text-sm text-slate-500">{l.t("organisation.projectsCount", { count: projectCount })}</span>
            </div>
            {latestProjects.length ? (
              <ProjectTable rows={latestProjects} showPi caption={l.t("projectTable.caption")} />
            ) : (
              <p className="text-slate-500">{l.t("organisation.noProjects")}</p>
            )}
          </section>
        </div>

        <aside className="space-y-6">
          <section aria-labelledby="facts-heading" className="card">
            <h2 id="facts-heading" className="sr-only">
              {l.t("organisation.kind")}
            </h2>
            <dl>
              <Fact term={l.t("organisation.kind")} value={l.kind(o.kind)} />
              <Fact term={l.t("organisation.thinkTankType")} value={l.thinkTankType(o.thinkTankType)} />
              <Fact term={l.t("organisation.level")} value={l.level(o.level)} />
              <Fact term={l.t("organisation.region")} value={l.region(o.region)} />
              <Fact
                term={l.t("organisation.website")}
                value={
                  o.website && /^https?:\/\//i.test(o.website) ? (
                    <a href={o.website} rel="noopener noreferrer nofollow" className="break-all">
                      {o.website}
                    </a>
                  ) : (
                    o.website
                  )
                }
              />
            </dl>
          </section>

          <section aria-labelledby="experts-heading" className="card">
            <div className="mb-2 flex items-baseline justify-between gap-2">
              <h2 id="experts-heading">{l.t("organisation.experts")}</h2>
              <span className="text-sm text-slate-500">{l.t("organisation.expertsCount", { count: expertCount })}</span>
            </div>
            {experts.length ? (
              <ul className="divide-y divide-slate-100">
                {experts.map((e) => (
                  <li key={e.id} className="py-2">
                    <Link to={`/people/${e.id}`} className="font-medium">
                      {e.name}
                    </Link>
                    {e.title ? <span className="ml-2 text-sm text-slate-600">{e.title}</span> : null}
                    {!e.publicConsent ? <span className="tag ml-2 bg-amber-50 text-amber-800">{l.t("badges.notPublic")}</span> : null}
                    <div className="mt-1">
                      <Tags items={e.disciplines} label={l.discipline} className="text-xs text-slate-500" />
                    </div>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-sm text-slate-500">{l.t("organisation.noExperts")}</p>
            )}
            {expertCount > experts.length ? (
              <p className="mt-3 text-sm">
                <Link to={`/directory?org=${o.id}`}>{l.t("organisation.moreExperts")}</Link>
              </p>
            ) : null}
          </section>
        </aside>
      </div>
    </div>
  );
}
