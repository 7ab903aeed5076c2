import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Pagination } from "~/components/ui/pagination";
import { listImportRuns } from "~/features/archive/queries.server";
import { importUpload, uploadLimitBytes } from "~/features/archive/upload.server";
import { requirePermission } from "~/features/auth/guards.server";
import { i18next } from "~/i18n/i18next.server";
import { formatDateTime } from "~/i18n/format";
import { db } from "~/lib/db.server";
import { DataTable } from "~/components/ui/data-table";

export const handle = { i18n: ["archive"] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(request, context, "import:archive");
  const page = Number(new URL(request.url).searchParams.get("page")) || 1;
  const t = await i18next.getFixedT(request, "archive");
  const { runs, total, page: p, pages } = listImportRuns(db(), page);
  return {
    runs: runs.map((r) => ({ ...r, startedAt: r.startedAt.toISOString(), finishedAt: r.finishedAt?.toISOString() ?? null })),
    total,
    page: p,
    pages,
    maxMb: Math.round(uploadLimitBytes() / 1024 / 1024),
    title: t("admin.title"),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requirePermission(request, context, "import:archive");
  const result = await importUpload(db(), viewer.actor, request);
  if (result.ok) return redirect(`/admin/imports/${result.runId}`);
  return data(result, { status: 422 });
}

export default function AdminImports() {
  const { runs, page, pages, maxMb } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, i18n } = useTranslation("archive");
  const busy = navigation.state === "submitting";
  const lang = i18n.language.startsWith("zh") ? "zh" : "en";
  const errors = result && !result.ok ? result : null;
  return (
    <div className="space-y-8">
      <header>
        <h1 className="mb-2">{t("admin.title")}</h1>
        <p className="max-w-3xl text-sm leading-6 text-slate-600">{t("admin.intro")}</p>
      </header>

      <section aria-labelledby="upload-heading" className="card max-w-2xl p-4">
        <h2 id="upload-heading" className="mb-3 text-lg">
          {t("admin.upload")}
        </h2>
        {errors?.form ? (
          <div role="alert" className="mb-4 rounded border border-red-300 bg-red-50 p-3 text-sm text-red-800">
            <p className="font-semibold">{t("admin.refused")}</p>
            <p>{errors.form[lang]}</p>
            {errors.runId ? (
              <p className="mt-1">
                <Link to={`/admin/imports/${errors.runId}`}>{t("run.view")}</Link>
              </p>
            ) : null}
          </div>
        ) : null}
        <Form method="post" encType="multipart/form-data" className="space-y-4">
          <div>
            <label htmlFor="import-format" className="label">
              {t("admin.format")}
            </label>
            <select
              id="import-format"
              name="format"
              required
              defaultValue={errors?.values.format ?? ""}
              className="input"
              aria-invalid={errors?.fields.format ? true : undefined}
              aria-describedby={errors?.fields.format ? "import-format-error" : undefined}
            >
              <option value="">{t("admin.formatChoose")}</option>
              <option value="nssf">{t("admin.formatNssf")}</option>
              <option value="nsfc">{t("admin.formatNsfc")}</option>
            </select>
            {errors?.fields.format ? (
              <p id="import-format-error" className="field-error">
                {errors.fields.format[lang]}
              </p>
            ) : null}
          </div>
          <div>
            <label htmlFor="import-file" className="label">
              {t("admin.file")}
            </label>
            <input
              id="import-file"
              name="file"
              type="file"
              required
              accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              className="block text-sm"
              aria-invalid={errors?.fields.file ? true : undefined}
              aria-describedby={errors?.fields.file ? "import-file-hint import-file-error" : "import-file-hint"}
            />
            <p id="import-file-hint" className="mt-1 text-xs text-slate-500">
              {t("admin.fileHint", { mb: maxMb })}
            </p>
            {errors?.fields.file ? (
              <p id="import-file-error" className="field-error">
                {errors.fields.file[lang]}
              </p>
            ) : null}
          </div>
          <button type="submit" className="btn-primary" disabled={busy}>
            {busy ? t("admin.submitting") : t("admin.submit")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="runs-heading">
        <h2 id="runs-heading" className="mb-3 text-lg">
          {t("admin.runs")}
        </h2>
        <DataTable
          columns={[
            { key: "id", header: "#" },
            ...(["file", "format", "status", "totalRows", "imported", "merged", "rejected", "startedAt"] as const).map((c) => ({ key: c, header: t(`run.${c}`) })),
          ]}
          rows={runs}
          rowKey={(r) => r.id}
          empty={t("admin.noRuns")}
          cells={(r) => (
            <>
              <td>
                <Link to={`/admin/imports/${r.id}`} aria-label={`${t("run.view")} #${r.id}`}>
                  {r.id}
                </Link>
              </td>
              <td className="max-w-xs break-all">{r.fileName}</td>
              <td>{t(`funderShort.${r.format}`)}</td>
              <td>
                <span className={r.status === "failed" ? "font-semibold text-red-700" : undefined}>{t(`run.statusValue.${r.status}`)}</span>
              </td>
              <td>{r.totalRows}</td>
              <td>{r.imported}</td>
              <td>{r.merged}</td>
              <td>{r.rejected}</td>
              <td className="whitespace-nowrap">{formatDateTime(r.startedAt, i18n.language)}</td>
            </>
          )}
        />
        <Pagination page={page} pages={pages} href={(n) => `/admin/imports?page=${n}`} />
      </section>
    </div>
  );
}
