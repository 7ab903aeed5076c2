import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { OrgRole } from "#db/schema";
import { Field, FieldError, Notice, useSay } from "~/features/auth/components";
import { formFailure, formValues, publicBaseUrl, type FormResult } from "~/features/auth/form.server";
import { requirePermission, requireUser } from "~/features/auth/guards.server";
import { invitableOrganisations, invitationTtlMs, inviteMember, organisationMembers, pendingInvitations, revokeInvitation } from "~/features/auth/invitations.server";
import { formatDate, formatDateTime } from "~/i18n/format";
import { getLocale } from "~/i18n/i18next.server";
import { db } from "~/lib/db.server";
import { DataTable } from "~/components/ui/data-table";

export const meta: MetaFunction = () => [{ title: "成员与邀请 / Members · 智库咨政协同平台" }];
export const handle = { i18n: ["auth"] };

// a type-only import keeps the database schema out of the browser bundle
const ORG_ROLES = ["member", "reviewer", "admin"] as const satisfies readonly OrgRole[];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireUser(request, context);
  const orgs = invitableOrganisations(db(), viewer.actor);
  const wanted = Number(new URL(request.url).searchParams.get("org"));
  const org = orgs.find((o) => o.id === wanted) ?? orgs[0];
  // no organisation to manage: refused (and audited) by the one guard
  requirePermission(request, context, "invite:member", { organisationId: org?.id ?? null });
  const now = new Date();
  return {
    orgs: orgs.map((o) => ({ id: o.id, name: o.name })),
    picker: orgs.length > 1,
    org: { id: org.id, name: org.name, kind: org.kind },
    members: organisationMembers(db(), org.id).map((m) => ({ ...m, since: m.since.toISOString() })),
    pending: pendingInvitations(db(), org.id, now).map((p) => ({ ...p, createdAt: p.createdAt.toISOString(), expiresAt: p.expiresAt.toISOString() })),
    ttlHours: Math.round(invitationTtlMs() / 3_600_000),
    locale: await getLocale(request),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireUser(request, context);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const values = formValues(form);
  const ctx = { db: db(), actor: viewer.actor };
  const organisationId = form.get("organisationId");
  try {
    if (intent === "revoke") {
      revokeInvitation(ctx, { organisationId, invitationId: form.get("invitationId") });
      return redirect(`/admin/members?org=${Number(organisationId)}&revoked=1`);
    }
    const r = inviteMember(ctx, { organisationId, email: form.get("email"), role: form.get("role"), baseUrl: publicBaseUrl(request) });
    return redirect(`/admin/members?org=${r.organisationId}&invited=${encodeURIComponent(String(form.get("email")).trim().toLowerCase())}`);
  } catch (e) {
    return formFailure(e, values, intent);
  }
}

export default function Members() {
  const { orgs, picker, org, members, pending, ttlHours, locale } = useLoaderData<typeof loader>();
  const result = useActionData<FormResult>();
  const [params] = useSearchParams();
  const { t } = useTranslation("auth");
  const say = useSay();
  const busy = useNavigation().state === "submitting";
  const invite = result?.intent !== "revoke" ? result : undefined;
  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="mb-1">{t("members.title")}</h1>
          <p className="text-slate-600">
            {org.name} <span className="ml-1 text-sm text-slate-500">{t(`orgKinds.${org.kind}`)}</span>
          </p>
        </div>
        {picker ? (
          <Form method="get" className="flex items-end gap-2">
            <div>
              <label htmlFor="org-picker" className="label">
                {t("members.organisation")}
              </label>
              <select id="org-picker" name="org" defaultValue={org.id} className="input min-w-[16rem]">
                {orgs.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="btn-secondary">
              {t("members.choose")}
            </button>
          </Form>
        ) : null}
      </header>

      {params.get("invited") && !result ? <Notice tone="success">{t("members.invited", { email: params.get("invited") })}</Notice> : null}
      {params.get("revoked") && !result ? <Notice tone="success">{t("members.revoked")}</Notice> : null}
      {result?.intent === "revoke" && result.formError ? <Notice tone="error">{say(result.formError)}</Notice> : null}

      <div className="grid gap-6 lg:grid-cols-3">
        <section aria-labelledby="invite-h" className="card lg:col-span-1">
          <h2 id="invite-h" className="mb-1">
            {t("members.invite")}
          </h2>
          <p className="mb-4 text-sm leading-6 text-slate-600">{t("members.inviteIntro", { hours: ttlHours })}</p>
          {invite?.formError && !invite.fields ? <Notice tone="error">{say(invite.formError)}</Notice> : null}
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="invite" />
            <input type="hidden" name="organisationId" value={org.id} />
            <Field name="email" type="email" label={t("email")} autoComplete="off" defaultValue={invite?.values?.email} error={invite?.fields?.email} />
            <div className="mb-4">
              <label htmlFor="f-role" className="label">
                {t("members.role")}
              </label>
              <select id="f-role" name="role" defaultValue={invite?.values?.role ?? "member"} className="input" aria-describedby={invite?.fields?.role ? "f-role-error" : undefined}>
                {ORG_ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t(`roles.${r}`)}
                  </option>
                ))}
              </select>
              <FieldError id="f-role-error" message={invite?.fields?.role} />
            </div>
            <button type="submit" className="btn-primary w-full" disabled={busy}>
              {t("members.sendInvite")}
            </button>
          </Form>
        </section>

        <div className="space-y-6 lg:col-span-2">
          <section aria-labelledby="members-h" className="card">
            <h2 id="members-h" className="mb-3">
              {t("members.members")} <span className="text-sm font-normal text-slate-500">({members.length})</span>
            </h2>
            <DataTable
              framed={false}
              columns={(["name", "email", "role", "since"] as const).map((c) => ({ key: c, header: t(`members.${c}`) }))}
              rows={members}
              rowKey={(m) => m.userId}
              empty={t("members.noMembers")}
              cells={(m) => (
                <>
                  <td>{m.displayName}</td>
                  <td className="break-all">{m.email}</td>
                  <td>{t(`roles.${m.role}`)}</td>
                  <td className="whitespace-nowrap">{formatDate(m.since, locale)}</td>
                </>
              )}
            />
          </section>

          <section aria-labelledby="pending-h" className="card">
            <h2 id="pending-h" className="mb-3">
              {t("members.pending")} <span className="text-sm font-normal text-slate-500">({pending.length})</span>
            </h2>
            <DataTable
              framed={false}
              columns={[
                { key: "email", header: t("members.email") },
                { key: "role", header: t("members.role") },
                { key: "invitedBy", header: t("members.invitedBy") },
                { key: "expiresAt", header: t("members.expiresAt") },
                { key: "revoke", header: t("members.revoke"), srOnly: true },
              ]}
              rows={pending}
              rowKey={(p) => p.id}
              empty={t("members.noPending")}
              cells={(p) => (
                <>
                  <td className="break-all">{p.email}</td>
                  <td>{t(`roles.${p.role}`)}</td>
                  <td>{p.invitedBy ?? "—"}</td>
                  <td className="whitespace-nowrap">{formatDateTime(p.expiresAt, locale)}</td>
                  <td className="text-right">
                    <Form method="post">
                      <input type="hidden" name="intent" value="revoke" />
                      <input type="hidden" name="organisationId" value={org.id} />
                      <input type="hidden" name="invitationId" value={p.id} />
                      <button type="submit" className="btn-secondary px-3 py-1" aria-label={t("members.revokeLabel", { email: p.email })}>
                        {t("members.revoke")}
                      </button>
                    </Form>
                  </td>
                </>
              )}
            />
          </section>
        </div>
      </div>
    </div>
  );
}
