import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { inArray } from "drizzle-orm";
import { useTranslation } from "react-i18next";
import { organisations } from "#db/schema";
import { organisationsAllowed } from "~/features/admin/hub.server";
import { createApiToken, listApiTokens, revokeApiToken } from "~/features/api/tokens.server";
import { requirePermission, requireUser } from "~/features/auth/guards.server";
import { ConfirmButton } from "~/components/ui/confirm-button";
import { DataTable } from "~/components/ui/data-table";
import { formatDateTime } from "~/i18n/format";
import { db } from "~/lib/db.server";
import { isServiceError } from "~/lib/errors";

export const handle = { i18n: ["admin"] };
export const meta: MetaFunction = () => [{ title: "API 令牌 · 智库咨政协同平台" }];

/** The organisation whose tokens are shown: the one asked for, if the viewer administers it, else their first. */
function chooseOrganisation(request: Request, context: LoaderFunctionArgs["context"], asked: string | null) {
  const viewer = requireUser(request, context);
  const allowed = organisationsAllowed(viewer.actor, "manage:apiToken");
  const wanted = asked ? Number(asked) : (allowed[0] ?? null);
  // refused (and audited) when the viewer administers no organisation or asks for another one
  requirePermission(request, context, "manage:apiToken", { organisationId: Number.isInteger(wanted) ? wanted : null });
  return { viewer, allowed, organisationId: wanted as number };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { allowed, organisationId } = chooseOrganisation(request, context, new URL(request.url).searchParams.get("org"));
  const orgs = db().select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.id, allowed)).all();
  const tokens = listApiTokens(db(), organisationId).map((tk) => ({
    ...tk,
    createdAt: tk.createdAt.toISOString(),
    lastUsedAt: tk.lastUsedAt?.toISOString() ?? null,
    revokedAt: tk.revokedAt?.toISOString() ?? null,
  }));
  return { organisationId, orgs, tokens, origin: new URL(request.url).origin };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const { viewer, organisationId } = chooseOrganisation(request, context, String(form.get("organisationId") ?? ""));
  const ctx = { db: db(), actor: viewer.actor };
  try {
    if (intent === "revoke") {
      const r = revokeApiToken(ctx, { organisationId, tokenId: form.get("tokenId") });
      return { ok: "revoked" as const, prefix: r.prefix };
    }
    const r = createApiToken(ctx, { organisationId, name: form.get("name") });
    return { ok: "created" as const, created: { token: r.token, name: r.name, prefix: r.prefix } };
  } catch (e) {
    if (!isServiceError(e)) throw e;
    if (e.status === 403) throw new Response("Forbidden", { status: 403 });
    return data({ ok: null, error: e.bilingual, fields: e.fields ?? {}, values: { name: String(form.get("name") ?? "") } }, { status: e.status });
  }
}

export default function ApiTokens() {
  const { organisationId, orgs, tokens, origin } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, i18n } = useTranslation("admin");
  const lang = i18n.language;
  const msg = (b: { zh: string; en: string } | undefined) => (b ? (lang === "en" ? b.en : b.zh) : null);
  const failed = result && "error" in result ? result : null;
  const created = result && "created" in result ? result.created : null;
  const nameError = failed?.fields?.name;
  return (
    <div className="space-y-6">
      <header>
        <p className="text-sm">
          <Link to="/admin">{t("title")}</Link>
        </p>
        <h1 className="mb-2">{t("tokens.title")}</h1>
        <p className="max-w-3xl text-slate-600">{t("tokens.intro")}</p>
        <p className="mt-1 text-sm">
          <Link to="/api">{t("tokens.docs")}</Link>
        </p>
      </header>

      {orgs.length > 1 && (
        <Form method="get" className="flex items-end gap-2">
          <div>
            <label htmlFor="org" className="label">
              {t("tokens.organisation")}
            </label>
            <select id="org" name="org" defaultValue={organisationId} className="input">
              {orgs.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="btn-secondary">
            {t("tokens.switch")}
          </button>
        </Form>
      )}

      {created && (
        <section className="card border-emerald-300 bg-emerald-50" role="status" aria-labelledby="created-heading">
          <h2 id="created-heading" className="mb-1">
            {t("tokens.createdTitle")}
          </h2>
          <p className="mb-2 text-sm">{t("tokens.createdBody")}</p>
          <label htmlFor="new-token" className="label">
            {t("tokens.createdLabel", { name: created.name })}
          </label>
          <input id="new-token" readOnly value={created.token} className="input font-mono" onFocus={(e) => e.currentTarget.select()} />
          <p className="mt-3 text-sm font-medium">{t("tokens.usage")}</p>
          <pre className="mt-1 overflow-x-auto rounded bg-slate-900 p-3 text-xs text-slate-100">
            <code>{`curl -H "Authorization: Bearer ${created.token}" ${origin}/api/v1/projects?pageSize=5`}</code>
          </pre>
        </section>
      )}
      {result && "prefix" in result && result.ok === "revoked" && (
        <p role="status" className="rounded bg-emerald-50 p-3 text-sm text-emerald-900">
          {t("tokens.revoked", { prefix: result.prefix })}
        </p>
      )}
      {failed && !nameError && (
        <p role="alert" className="rounded bg-red-50 p-3 text-sm text-red-900">
          {msg(failed.error)}
        </p>
      )}

      <section className="card" aria-labelledby="create-heading">
        <h2 id="create-heading" className="mb-3">
          {t("tokens.createTitle")}
        </h2>
        {/* a new key after each created token empties the form for the next one */}
        <Form method="post" className="flex flex-wrap items-start gap-3" key={created?.prefix ?? "new"}>
          <input type="hidden" name="organisationId" value={organisationId} />
          <div className="min-w-[16rem] flex-1">
            <label htmlFor="token-name" className="label">
              {t("tokens.name")}
            </label>
            <input
              id="token-name"
              name="name"
              className="input"
              maxLength={80}
              defaultValue={failed?.values?.name ?? ""}
              aria-invalid={nameError ? true : undefined}
              aria-describedby={nameError ? "token-name-error" : "token-name-hint"}
            />
            {nameError ? (
              <p id="token-name-error" className="field-error">
                {msg(nameError)}
              </p>
            ) : (
              <p id="token-name-hint" className="mt-1 text-xs text-slate-500">
                {t("tokens.nameHint")}
              </p>
            )}
          </div>
          <button type="submit" name="intent" value="create" className="btn-primary mt-6" disabled={navigation.state === "submitting"}>
            {t("tokens.create")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="list-heading">
        <h2 id="list-heading" className="mb-2">
          {t("tokens.listTitle")}
        </h2>
        <DataTable
          columns={(["name", "prefix", "createdAt", "createdBy", "lastUsedAt", "status", "actions"] as const).map((c) => ({ key: c, header: t(`tokens.columns.${c}`) }))}
          rows={tokens}
          rowKey={(tk) => tk.id}
          empty={t("tokens.empty")}
          cells={(tk) => (
            <>
              <td>{tk.name}</td>
              <td>
                <code>{tk.prefix}…</code>
              </td>
              <td className="whitespace-nowrap">{formatDateTime(tk.createdAt, lang)}</td>
              <td>{tk.createdBy}</td>
              <td className="whitespace-nowrap">{tk.lastUsedAt ? formatDateTime(tk.lastUsedAt, lang) : t("tokens.never")}</td>
              <td>{tk.revokedAt ? <span className="tag bg-slate-100 text-slate-700">{t("tokens.revokedAt", { at: formatDateTime(tk.revokedAt, lang) })}</span> : <span className="tag bg-emerald-50 text-emerald-800">{t("tokens.active")}</span>}</td>
              <td>
                {!tk.revokedAt && (
                  <Form method="post">
                    <input type="hidden" name="organisationId" value={organisationId} />
                    <input type="hidden" name="tokenId" value={tk.id} />
                    <ConfirmButton
                      name="intent"
                      value="revoke"
                      className="btn-danger px-3 py-1"
                      ariaLabel={t("tokens.revokeLabel", { name: tk.name })}
                      title={t("tokens.revokeLabel", { name: tk.name })}
                      description={t("tokens.revokeConfirm", { name: tk.name })}
                      confirmLabel={t("tokens.revoke")}
                    >
                      {t("tokens.revoke")}
                    </ConfirmButton>
                  </Form>
                )}
              </td>
            </>
          )}
        />
      </section>
    </div>
  );
}
