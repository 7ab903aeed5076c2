import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConfirmButton } from "~/components/ui/confirm-button";
import { DataTable } from "~/components/ui/data-table";
import { Pagination } from "~/components/ui/pagination";
import { PLATFORM_ROLES } from "#db/schema";
import { listUsers, setPlatformRole, setUserDisabled } from "~/features/admin/users.server";
import { requirePermission } from "~/features/auth/guards.server";
import { formatDateTime, formatNumber } from "~/i18n/format";
import { db } from "~/lib/db.server";
import { isServiceError } from "~/lib/errors";

export const handle = { i18n: ["admin"] };
export const meta: MetaFunction = () => [{ title: "用户管理 · 智库咨政协同平台" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requirePermission(request, context, "manage:users");
  const params = new URL(request.url).searchParams;
  const page = Number(params.get("page")) || 1;
  const list = listUsers(db(), { q: params.get("q") ?? undefined, page });
  return {
    me: viewer.user?.id ?? null,
    total: list.total,
    page: list.page,
    pages: Math.max(1, Math.ceil(list.total / list.pageSize)),
    users: list.rows.map((u) => ({ ...u, createdAt: u.createdAt.toISOString(), disabledAt: u.disabledAt?.toISOString() ?? null })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requirePermission(request, context, "manage:users");
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const userId = Number(form.get("userId"));
  const ctx = { db: db(), actor: viewer.actor };
  try {
    if (intent === "disable" || intent === "enable") {
      setUserDisabled(ctx, { userId, disabled: intent === "disable" });
      return { ok: intent === "disable" ? ("disabled" as const) : ("enabled" as const), userId };
    }
    setPlatformRole(ctx, { userId, role: form.get("role") });
    return { ok: "role" as const, userId };
  } catch (e) {
    if (!isServiceError(e)) throw e;
    if (e.status === 403) throw new Response("Forbidden", { status: 403 });
    return data({ ok: null, userId, error: e.bilingual }, { status: e.status });
  }
}

export default function Users() {
  const { users, total, page, pages, me } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation("admin");
  const lang = i18n.language;
  const pageLink = (p: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(p));
    return `?${next.toString()}`;
  };
  return (
    <div className="space-y-6">
      <header>
        <p className="text-sm">
          <Link to="/admin">{t("title")}</Link>
        </p>
        <h1 className="mb-2">{t("users.title")}</h1>
        <p className="max-w-3xl text-slate-600">{t("users.intro")}</p>
      </header>

      {result?.ok && (
        <p role="status" className="rounded bg-emerald-50 p-3 text-sm text-emerald-900">
          {t(`users.done.${result.ok}`)}
        </p>
      )}
      {result && "error" in result && result.error && (
        <p role="alert" className="rounded bg-red-50 p-3 text-sm text-red-900">
          {lang === "en" ? result.error.en : result.error.zh}
        </p>
      )}

      <Form method="get" role="search" className="flex max-w-lg items-end gap-2">
        <div className="flex-1">
          <label htmlFor="q" className="label">
            {t("users.search")}
          </label>
          <input id="q" name="q" type="search" defaultValue={params.get("q") ?? ""} className="input" />
        </div>
        <button type="submit" className="btn-secondary">
          {t("users.searchSubmit")}
        </button>
      </Form>

      <section aria-labelledby="users-heading">
        <h2 id="users-heading" className="mb-2">
          {t("users.total", { n: formatNumber(total, lang) })}
        </h2>
        <DataTable
          columns={(["user", "memberships", "platformRole", "status", "actions"] as const).map((c) => ({ key: c, header: t(`users.columns.${c}`) }))}
          rows={users}
          rowKey={(u) => u.id}
          empty={t("users.empty")}
          cells={(u) => {
            const self = u.id === me;
            return (
              <>
                <td>
                  <span className="font-medium">{u.displayName}</span>
                  {self && <span className="text-slate-500"> {t("users.you")}</span>}
                  <br />
                  <span className="break-all text-xs text-slate-600">{u.email}</span>
                </td>
                <td>
                  {u.memberships.length === 0 ? (
                    <span className="text-slate-500">{t("users.noMemberships")}</span>
                  ) : (
                    <ul>
                      {u.memberships.map((m) => (
                        <li key={m.organisationId}>
                          {m.organisationName} · {t(`users.roles.${m.role}`)}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td>
                  {self ? (
                    t(`users.platformRoles.${u.platformRole ?? "none"}`)
                  ) : (
                    <Form method="post" className="flex items-center gap-2">
                      <input type="hidden" name="userId" value={u.id} />
                      <label htmlFor={`role-${u.id}`} className="sr-only">
                        {t("users.roleLabel", { name: u.displayName })}
                      </label>
                      <select id={`role-${u.id}`} name="role" defaultValue={u.platformRole ?? ""} className="input w-auto py-1">
                        <option value="">{t("users.platformRoles.none")}</option>
                        {PLATFORM_ROLES.map((r) => (
                          <option key={r} value={r}>
                            {t(`users.platformRoles.${r}`)}
                          </option>
                        ))}
                      </select>
                      <button type="submit" name="intent" value="role" className="btn-secondary px-3 py-1">
                        {t("users.setRole")}
                      </button>
                    </Form>
                  )}
                </td>
                <td className="whitespace-nowrap">
                  {u.disabledAt ? (
                    <span className="tag bg-slate-100 text-slate-700">{t("users.disabledSince", { at: formatDateTime(u.disabledAt, lang) })}</span>
                  ) : (
                    <span className="tag bg-emerald-50 text-emerald-800">{t("users.active")}</span>
                  )}
                </td>
                <td>
                  {!self && (
                    <Form method="post">
                      <input type="hidden" name="userId" value={u.id} />
                      {u.disabledAt ? (
                        <button type="submit" name="intent" value="enable" className="btn-secondary px-3 py-1" aria-label={t("users.enableLabel", { name: u.displayName })}>
                          {t("users.enable")}
                        </button>
                      ) : (
                        <ConfirmButton
                          name="intent"
                          value="disable"
                          className="btn-danger px-3 py-1"
                          ariaLabel={t("users.disableLabel", { name: u.displayName })}
                          title={t("users.disableLabel", { name: u.displayName })}
                          description={t("users.disableConfirm", { name: u.displayName })}
                          confirmLabel={t("users.disable")}
                        >
                          {t("users.disable")}
                        </ConfirmButton>
                      )}
                    </Form>
                  )}
                </td>
              </>
            );
          }}
        />
        <Pagination page={page} pages={pages} href={pageLink} />
      </section>
    </div>
  );
}
