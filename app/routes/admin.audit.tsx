import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Pagination } from "~/components/ui/pagination";
import { auditActionNames, parseAuditFilters, readAuditTrail, verifyAuditTrail } from "~/features/admin/audit.server";
import { requirePermission } from "~/features/auth/guards.server";
import { formatDateTime, formatNumber } from "~/i18n/format";
import { db } from "~/lib/db.server";
import { DataTable } from "~/components/ui/data-table";

export const handle = { i18n: ["admin"] };
export const meta: MetaFunction = () => [{ title: "审计日志 · 智库咨政协同平台" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requirePermission(request, context, "read:audit");
  const { filters, errors } = parseAuditFilters(new URL(request.url).searchParams);
  const trail = errors ? { rows: [], total: 0, page: 1, pageSize: 50 } : readAuditTrail(db(), viewer.actor, filters);
  return {
    errors,
    total: trail.total,
    page: trail.page,
    pages: Math.max(1, Math.ceil(trail.total / trail.pageSize)),
    actions: auditActionNames(db()),
    rows: trail.rows.map((r) => ({ ...r, at: r.at.toISOString() })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requirePermission(request, context, "read:audit");
  return { verification: verifyAuditTrail(db(), viewer.actor) };
}

const RESULTS = ["ok", "denied", "failed"] as const;
const resultClass = { ok: "bg-emerald-50 text-emerald-800", denied: "bg-amber-50 text-amber-800", failed: "bg-red-50 text-red-800" } as const;

export default function AuditTrail() {
  const { rows, total, page, pages, errors, actions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation("admin");
  const lang = i18n.language;
  const msg = (b: { zh: string; en: string } | undefined) => (b ? (lang === "en" ? b.en : b.zh) : null);
  const pageLink = (p: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(p));
    return `?${next.toString()}`;
  };
  const v = actionData?.verification;
  const field = (name: "action" | "actor" | "from" | "to", type = "text", hint?: string) => (
    <div>
      <label htmlFor={`f-${name}`} className="label">
        {t(`audit.${name}`)}
      </label>
      <input
        id={`f-${name}`}
        name={name}
        type={type}
        defaultValue={params.get(name) ?? ""}
        className="input"
        list={name === "action" ? "audit-actions" : undefined}
        aria-invalid={errors?.[name] ? true : undefined}
        aria-describedby={errors?.[name] ? `f-${name}-error` : hint ? `f-${name}-hint` : undefined}
      />
      {hint && !errors?.[name] && (
        <p id={`f-${name}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      )}
      {errors?.[name] && (
        <p id={`f-${name}-error`} className="field-error">
          {msg(errors[name])}
        </p>
      )}
    </div>
  );
  return (
    <div className="space-y-6">
      <header>
        <p className="text-sm">
          <Link to="/admin">{t("title")}</Link>
        </p>
        <h1 className="mb-2">{t("audit.title")}</h1>
        <p className="text-slate-600">{t("audit.intro")}</p>
      </header>

      <section className="card" aria-labelledby="verify-heading">
        <h2 id="verify-heading" className="mb-1">
          {t("audit.verifyTitle")}
        </h2>
        <p className="mb-3 text-sm text-slate-600">{t("audit.verifyBody")}</p>
        <Form method="post">
          <button type="submit" name="intent" value="verify" className="btn-primary">
            {t("audit.verify")}
          </button>
        </Form>
        {v && (
          <p role="status" className={`mt-3 rounded p-3 text-sm ${v.ok ? "bg-emerald-50 text-emerald-900" : "bg-red-50 text-red-900"}`}>
            {v.ok ? t("audit.verifyOk", { checked: formatNumber(v.checked, lang) }) : t("audit.verifyBroken", { id: v.brokenAtId, reason: v.reason, checked: formatNumber(v.checked, lang) })}
          </p>
        )}
      </section>

      <section aria-labelledby="filter-heading" className="card">
        <h2 id="filter-heading" className="mb-3">
          {t("audit.filters")}
        </h2>
        <Form method="get" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
          {field("action", "text", t("audit.actionHint"))}
          <datalist id="audit-actions">
            {actions.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
          {field("actor")}
          <div>
            <label htmlFor="f-result" className="label">
              {t("audit.result")}
            </label>
            <select id="f-result" name="result" defaultValue={params.get("result") ?? ""} className="input">
              <option value="">{t("audit.anyResult")}</option>
              {RESULTS.map((r) => (
                <option key={r} value={r}>
                  {t(`audit.results.${r}`)}
                </option>
              ))}
            </select>
          </div>
          {field("from", "date")}
          {field("to", "date")}
          <div className="flex gap-2 sm:col-span-2 lg:col-span-5">
            <button type="submit" className="btn-primary">
              {t("audit.apply")}
            </button>
            <Link to="/admin/audit" className="btn-secondary">
              {t("audit.reset")}
            </Link>
          </div>
        </Form>
      </section>

      {!errors && (
        <section aria-labelledby="trail-heading">
          <h2 id="trail-heading" className="mb-2">
            {t("audit.total", { n: formatNumber(total, lang) })}
          </h2>
          <DataTable
            columns={(["id", "at", "actor", "action", "entity", "result", "ip", "detail"] as const).map((c) => ({ key: c, header: t(`audit.columns.${c}`), className: "whitespace-nowrap" }))}
            rows={rows}
            rowKey={(r) => r.id}
            empty={t("audit.empty")}
            cells={(r) => (
              <>
                <td className="tabular-nums">{r.id}</td>
                <td className="whitespace-nowrap">{formatDateTime(r.at, lang)}</td>
                <td className="break-all">{r.actorLabel}</td>
                <td>
                  <code>{r.action}</code>
                </td>
                <td>{r.entityType ? `${r.entityType}${r.entityId ? ` #${r.entityId}` : ""}` : ""}</td>
                <td className="whitespace-nowrap">
                  <span className={`tag ${resultClass[r.result]}`}>{t(`audit.results.${r.result}`)}</span>
                </td>
                <td className="whitespace-nowrap">{r.ip}</td>
                <td className="max-w-xs break-all text-xs text-slate-600">{r.detail}</td>
              </>
            )}
          />
          <Pagination page={page} pages={pages} href={pageLink} />
        </section>
      )}
    </div>
  );
}
