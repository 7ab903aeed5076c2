import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Breadcrumb, Fact, ProjectTable, Tags, useDirectoryLabels } from "~/features/directory/components";
import { directoryTitle } from "~/features/directory/meta.server";
import { getPersonPage } from "~/features/directory/queries.server";
import { getViewer } from "~/features/auth/guards.server";
import { formatDate } from "~/i18n/format";
import { db } from "~/lib/db.server";

export const handle = { i18n: ["directory"] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const id = Number(params.id);
  const viewer = getViewer(request, context);
  const page = Number.isInteger(id) && id > 0 ? getPersonPage(db(), viewer.actor, id) : null;
  // hidden from this reader or absent: the same answer, so hiding does not reveal existence
  if (!page) throw new Response("Not found", { status: 404 });
  return { ...page, title: await directoryTitle(request, "person", page.person.name) };
}

export default function PersonPage() {
  const { person, organisation, contact, projects, canEdit } = useLoaderData<typeof loader>();
  const l = useDirectoryLabels();
  const [sp] = useSearchParams();
  const separator = l.lang === "en" ? ", " : "、";
  return (
    <div>
      <Breadcrumb items={[{ to: "/directory", label: l.t("person.breadcrumb") }, { label: person.name }]} />
      {sp.get("saved") ? (
        <p role="status" className="mb-4 rounded-md border border-emerald-200 bg-emerald-50 px-4 py-2 text-sm text-emerald-800">
          {l.t("person.saved")}
        </p>
      ) : null}

      <header className="mb-6 flex flex-wrap items-start justify-between gap-4 border-b border-slate-200 pb-4">
        <div>
          <h1 className="flex flex-wrap items-baseline gap-3">
            {person.name}
            {person.title ? <span className="text-base font-normal text-slate-600">{person.title}</span> : null}
          </h1>
          <p className="mt-1 text-slate-700">
            {organisation ? <Link to={`/organisations/${organisation.id}`}>{organisation.name}</Link> : person.institutionName}
          </p>
          <div className="mt-2 flex flex-wrap gap-2">
            {person.source === "archive" ? <span className="tag bg-slate-100 text-slate-700">{l.t("badges.archiveOnly")}</span> : null}
            {person.source === "portal" && !person.publicConsent ? <span className="tag bg-amber-50 text-amber-800">{l.t("badges.notPublic")}</span> : null}
          </div>
        </div>
        {canEdit && person.source === "portal" ? (
          <Link to={`/people/${person.id}/edit`} className="btn-secondary">
            {l.t("person.edit")}
          </Link>
        ) : null}
      </header>

      {person.source === "archive" ? <p className="mb-4 text-sm text-slate-600">{l.t("person.archiveNote")}</p> : null}
      {person.source === "portal" && !person.publicConsent ? <p className="mb-4 text-sm text-amber-800">{l.t("person.notPublicNote")}</p> : null}

      <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
        <div className="space-y-6">
          <section aria-labelledby="bio-heading" className="card">
            <h2 id="bio-heading" className="mb-2">
              {l.t("person.bio")}
            </h2>
            {person.bio ? <p className="whitespace-pre-line leading-7 text-slate-800">{person.bio}</p> : <p className="text-slate-500">{l.t("person.noBio")}</p>}
          </section>

          <section aria-labelledby="projects-heading" className="card">
            <div className="mb-3 flex items-baseline justify-between gap-2">
              <h2 id="projects-heading">{l.t("person.projects")}</h2>
              <span className="text-sm text-slate-500">{l.t("person.projectsCount", { count: projects.length })}</span>
            </div>
            {projects.length ? <ProjectTable rows={projects} caption={l.t("projectTable.caption")} /> : <p className="text-slate-500">{l.t("person.noProjects")}</p>}
          </section>
        </div>

        <aside className="space-y-6">
          <section aria-labelledby="profile-heading" className="card">
            <h2 id="profile-heading" className="sr-only">
              {l.t("person.institution")}
            </h2>
            <dl>
              <Fact term={l.t("person.title")} value={person.title} />
              <Fact term={l.t("person.institution")} value={organisation?.name ?? person.institutionName} />
              <Fact term={l.t("organisation.region")} value={l.region(organisation?.region)} />
              <Fact term={l.t("person.disciplines")} value={person.disciplines.length ? <Tags items={person.disciplines} label={l.discipline} /> : null} />
              <Fact term={l.t("person.keywords")} value={person.keywords.join(separator)} />
            </dl>
            <p className="mt-3 text-xs text-slate-500">{l.t("person.updatedAt", { date: formatDate(person.updatedAt, l.lang) })}</p>
          </section>

          {person.source === "portal" ? (
            <section aria-labelledby="contact-heading" className="card">
              <h2 id="contact-heading" className="mb-2">
                {l.t("person.contact")}
              </h2>
              <dl>
                <Fact term={l.t("person.email")} value={contact.email ? <span className="break-all font-mono text-sm">{contact.email}</span> : l.t("person.none")} />
                <Fact term={l.t("person.phone")} value={contact.phone ? <span className="font-mono text-sm">{contact.phone}</span> : l.t("person.none")} />
              </dl>
              {contact.masked ? <p className="mt-3 text-xs leading-5 text-slate-500">{l.t("person.maskedNote")}</p> : null}
            </section>
          ) : null}
        </aside>
      </div>
    </div>
  );
}
