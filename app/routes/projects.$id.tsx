import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field } from "~/features/archive/components";
import { getProject } from "~/features/archive/queries.server";
import { requirePermission } from "~/features/auth/guards.server";
import { db } from "~/lib/db.server";
import { isServiceError } from "~/lib/errors";

export const handle = { i18n: ["archive"] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.project.title ?? "" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  requirePermission(request, context, "read:archive");
  const id = Number(params.id);
  if (!Number.isInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  try {
    const { project, outputs, pi, institution, otherProjects } = getProject(db(), id);
    return {
      project: { ...project, createdAt: undefined, updatedAt: undefined },
      outputs,
      pi,
      institution,
      otherProjects,
    };
  } catch (e) {
    if (isServiceError(e) && e.status === 404) throw new Response("Not found", { status: 404 });
    throw e;
  }
}

export default function ProjectDetail() {
  const { project: p, outputs, pi, institution, otherProjects } = useLoaderData<typeof loader>();
  const { t } = useTranslation("archive");
  const synthetic = p.approvalNumber.startsWith("NOAPP-");
  return (
    <article>
      <p className="mb-3 text-sm">
        <Link to="/projects">← {t("detail.back")}</Link>
      </p>
      <header className="mb-5 border-b border-slate-200 pb-4">
        <div className="mb-2 flex flex-wrap items-center gap-2 text-sm text-slate-600">
          <span className="tag">{t(`funder.${p.funder}`)}</span>
          <span>{p.approvalNumber}</span>
          {p.year ? <span>· {p.year}</span> : null}
        </div>
        <h1>{p.title}</h1>
      </header>

      <section aria-labelledby="fields-heading" className="card mb-6 p-4">
        <h2 id="fields-heading" className="mb-2 text-base">
          {t("detail.fields")}
        </h2>
        <dl>
          <Field label={t("detail.approvalNumber")}>
            {p.approvalNumber}
            {synthetic ? <p className="mt-1 text-xs text-slate-500">{t("detail.syntheticNumber")}</p> : null}
          </Field>
          <Field label={t("detail.funder")}>{t(`funder.${p.funder}`)}</Field>
          <Field label={t("detail.category")}>{p.category}</Field>
          <Field label={t("detail.discipline")}>{p.discipline}</Field>
          <Field label={t("detail.year")}>{p.year}</Field>
          <Field label={t("detail.approvedOn")}>{p.approvedOn}</Field>
          <Field label={t("detail.pi")}>{pi ? <Link to={`/people/${pi.id}`}>{p.piName || pi.name}</Link> : p.piName}</Field>
          <Field label={t("detail.piTitle")}>{p.piTitle}</Field>
          <Field label={t("detail.institution")}>{institution ? <Link to={`/organisations/${institution.id}`}>{p.institutionName || institution.name}</Link> : p.institutionName}</Field>
          <Field label={t("detail.institutionType")}>{p.institutionType}</Field>
          <Field label={t("detail.province")}>{p.province}</Field>
          <Field label={t("detail.system")}>{p.system}</Field>
          {p.funder === "nsfc" ? (
            <>
              <Field label={t("detail.amount")}>{p.amount}</Field>
              <Field label={t("detail.period")}>{p.period}</Field>
            </>
          ) : null}
          <Field label={t("detail.grade")}>{p.grade}</Field>
          <Field label={t("detail.completedOn")}>{p.completedOn}</Field>
          <Field label={t("detail.certificateNumber")}>{p.certificateNumber}</Field>
          {p.formerTitles.length > 0 ? (
            <Field label={t("detail.formerTitles")}>
              <ul className="list-disc pl-5">
                {p.formerTitles.map((ft) => (
                  <li key={ft}>{ft}</li>
                ))}
              </ul>
            </Field>
          ) : null}
        </dl>
      </section>

      <section aria-labelledby="outputs-heading" className="mb-6">
        <h2 id="outputs-heading" className="mb-2 text-lg">
          {t("detail.outputs")}
        </h2>
        {outputs.length === 0 ? (
          <p className="text-sm text-slate-600">{t("detail.noOutputs")}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("detail.outputTitle")}</th>
                  <th scope="col">{t("detail.outputForm")}</th>
                  <th scope="col">{t("detail.outputGrade")}</th>
                  <th scope="col">{t("detail.completedOn")}</th>
                  <th scope="col">{t("detail.certificateNumber")}</th>
                  <th scope="col">{t("detail.publisher")}</th>
                  <th scope="col">{t("detail.publishedOn")}</th>
                  <th scope="col">{t("detail.authors")}</th>
                  <th scope="col">{t("detail.awards")}</th>
                </tr>
              </thead>
              <tbody>
                {outputs.map((o) => (
                  <tr key={o.id}>
                    <td>{o.title}</td>
                    <td>{o.form ?? "—"}</td>
                    <td>{o.grade ?? "—"}</td>
                    <td className="whitespace-nowrap">{o.completedOn ?? "—"}</td>
                    <td>{o.certificateNumber ?? "—"}</td>
                    <td>{o.publisher ?? "—"}</td>
                    <td className="whitespace-nowrap">{o.publishedOn ?? "—"}</td>
                    <td>{o.authors ?? "—"}</td>
                    <td>{o.awards ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="other-heading">
        <h2 id="other-heading" className="mb-2 text-lg">
          {t("detail.otherProjects")}
        </h2>
        {otherProjects.length === 0 ? (
          <p className="text-sm text-slate-600">{t("detail.noOtherProjects")}</p>
        ) : (
          <ul className="divide-y divide-slate-100 rounded border border-slate-200 bg-white">
            {otherProjects.map((o) => (
              <li key={o.id} className="p-3 text-sm">
                <Link to={`/projects/${o.id}`} className="font-medium">
                  {o.title}
                </Link>
                <div className="mt-1 text-xs text-slate-500">
                  {t(`funderShort.${o.funder}`)} · {o.approvalNumber}
                  {o.year ? ` · ${o.year}` : ""}
                  {o.category ? ` · ${o.category}` : ""}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}
