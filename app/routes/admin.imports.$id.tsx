import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Pagination } from "~/components/ui/pagination";
import { localised } from "~/features/archive/components";
import { getImportRun, type IssueFilter } from "~/features/archive/queries.server";
import { requirePermission } from "~/features/auth/guards.server";
import { formatDateTime } from "~/i18n/format";
import { db } from "~/lib/db.server";
import { isServiceError } from "~/lib/errors";
import { DataTable } from "~/components/ui/data-table";

export const handle = { i18n: ["archive"] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `#${data.run.id} ${data.run.fileName}` : "" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  requirePermission(request, context, "import:archive");
  const id = Number(params.id);
  if (!Number.isInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  const sp = new URL(request.url).searchParams;
  const show: IssueFilter = sp.get("show") === "notes" ? "note" : "rejected";
  try {
    const r = getImportRun(db(), id, show, Number(sp.get("page")) || 1);
    return { ...r, show, run: { ...r.run, startedAt: r.run.startedAt.toISOString(), finishedAt: r.run.finishedAt?.toISOString() ?? null } };
  } catch (e) {
    if (isServiceError(e) && e.status === 404) throw new Response("Not found", { status: 404 });
    throw e;
  }
}

export default function ImportRunReport() {
  const { run, issues, total, page, pages, notes, show } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("archive");
  const href = (s: IssueFilter, p = 1) => `/admin/imports/${run.id}?${s === "note" ? "show=notes&" : ""}page=${p}`;
  const totals = [
    ["totalRows", run.totalRows],
    ["imported", run.imported],
    ["merged", run.merged],
    ["rejected", run.rejected],
  ] as const;
  const tabs = [
    { key: "rejected" as const, label: t("run.tabRejected", { count: run.rejected }) },
    { key: "note" as const, label: t("run.tabNotes", { count: notes }) },
  ];
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link to="/admin/imports">← {t("run.back")}</Link>
      </p>
      <header>
        <h1 className="mb-2">{t("run.title", { id: run.id })}</h1>
        <dl className="grid max-w-3xl grid-cols-[8rem_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-500">{t("run.file")}</dt>
          <dd className="break-all">{run.fileName}</dd>
          <dt className="text-slate-500">{t("run.format")}</dt>
          <dd>{t(`funder.${run.format}`)}</dd>
          <dt className="text-slate-500">{t("run.encoding")}</dt>
          <dd>{run.encoding ?? "—"}</dd>
          <dt className="text-slate-500">{t("run.status")}</dt>
          <dd>{t(`run.statusValue.${run.status}`)}</dd>
          <dt className="text-slate-500">{t("run.startedAt")}</dt>
          <dd>{formatDateTime(run.startedAt, i18n.language)}</dd>
          <dt className="text-slate-500">{t("run.finishedAt")}</dt>
          <dd>{run.finishedAt ? formatDateTime(run.finishedAt, i18n.language) : "—"}</dd>
        </dl>
      </header>

      {run.error ? (
        <div role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-800">
          <span className="font-semibold">{t("run.error")}：</span>
          {localised(run.error, i18n.language)}
        </div>
      ) : null}

      <section aria-labelledby="totals-heading">
        <h2 id="totals-heading" className="sr-only">
          {t("run.totalsCheck")}
        </h2>
        <ul className="grid max-w-3xl grid-cols-2 gap-3 sm:grid-cols-4">
          {totals.map(([key, n]) => (
            <li key={key} className="card p-3">
              <span className="block text-xs text-slate-500">{t(`run.${key}`)}</span>
              <span className="text-2xl font-semibold" data-total={key}>
                {new Intl.NumberFormat(i18n.language).format(n)}
              </span>
            </li>
          ))}
        </ul>
        <p className="mt-2 text-xs text-slate-500">{t("run.totalsCheck")}</p>
      </section>

      <section aria-labelledby="issues-heading">
        <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
          <h2 id="issues-heading" className="text-lg">
            {show === "note" ? t("run.tabNotes", { count: notes }) : t("run.tabRejected", { count: run.rejected })}
          </h2>
          <a href={`/admin/imports/${run.id}/report.csv`} className="btn-secondary" download>
            {t("run.download")}
          </a>
        </div>
        <nav aria-label={t("run.reason")} className="mb-3">
          <ul className="flex gap-1 border-b border-slate-200">
            {tabs.map((tab) => (
              <li key={tab.key}>
                <Link
                  to={href(tab.key)}
                  aria-current={show === tab.key ? "page" : undefined}
                  className={`-mb-px block border-b-2 px-4 py-2 text-sm no-underline hover:no-underline ${show === tab.key ? "border-brand-600 font-semibold text-brand-700" : "border-transparent text-slate-600"}`}
                >
                  {tab.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <DataTable
          columns={[
            { key: "line", header: t("run.line") },
            { key: "reason", header: t("run.reason") },
            ...(show === "rejected" ? [{ key: "raw", header: t("run.raw") }] : []),
          ]}
          rows={total === 0 ? [] : issues}
          rowKey={(i) => `${i.line}-${i.reason}`}
          empty={t("run.noIssues")}
          cells={(i) => (
            <>
              <td className="whitespace-nowrap">{i.line}</td>
              <td>{localised(i.reason, i18n.language)}</td>
              {show === "rejected" ? (
                <td className="max-w-md">
                  <code className="block truncate text-xs text-slate-600" title={i.raw ?? ""}>
                    {i.raw ?? ""}
                  </code>
                </td>
              ) : null}
            </>
          )}
        />
        <Pagination page={page} pages={pages} href={(p) => href(show, p)} />
      </section>
    </div>
  );
}
