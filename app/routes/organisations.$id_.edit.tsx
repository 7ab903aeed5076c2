import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { DEPARTMENT_LEVELS, THINK_TANK_TYPES } from "#db/schema";
import { Breadcrumb, useDirectoryLabels } from "~/features/directory/components";
import { submitOrganisationEdit } from "~/features/directory/edit.server";
import { ConflictPanel, describe, ErrorSummary, Field, type FormFailure } from "~/features/directory/form";
import { directoryTitle } from "~/features/directory/meta.server";
import { getOrganisationForEdit } from "~/features/directory/queries.server";
import { requirePermission } from "~/features/auth/guards.server";
import { db } from "~/lib/db.server";

export const handle = { i18n: ["directory"] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

function guard(request: Request, context: LoaderFunctionArgs["context"], idParam: string | undefined) {
  const id = Number(idParam);
  const organisation = Number.isInteger(id) && id > 0 ? getOrganisationForEdit(db(), id) : null;
  if (!organisation) throw new Response("Not found", { status: 404 });
  const viewer = requirePermission(request, context, "write:organisation", { organisationId: organisation.id });
  return { organisation, viewer };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { organisation: o } = guard(request, context, params.id);
  return {
    organisation: {
      id: o.id,
      name: o.name,
      kind: o.kind,
      version: o.version,
      description: o.description,
      website: o.website ?? "",
      region: o.region ?? "",
      level: o.level ?? "",
      thinkTankType: o.thinkTankType ?? "",
    },
    levels: [...DEPARTMENT_LEVELS],
    thinkTankTypes: [...THINK_TANK_TYPES],
    title: await directoryTitle(request, "organisation", o.name),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { organisation, viewer } = guard(request, context, params.id);
  const outcome = submitOrganisationEdit(db(), viewer.actor, organisation.id, await request.formData());
  if (outcome.ok) return redirect(`/organisations/${organisation.id}?saved=1`);
  return data(outcome.failure, { status: outcome.status });
}

export default function EditOrganisation() {
  const { organisation: o, levels, thinkTankTypes } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as FormFailure | undefined;
  const l = useDirectoryLabels();
  const busy = useNavigation().state === "submitting";
  const v = { ...o, ...(failure?.values ?? {}) } as typeof o;
  const err = failure?.fieldErrors ?? {};
  const labels = {
    description: l.t("edit.description"),
    website: l.t("edit.website"),
    region: l.t("edit.region"),
    level: l.t("edit.level"),
    thinkTankType: l.t("edit.thinkTankType"),
  };
  return (
    <div className="mx-auto max-w-3xl">
      <Breadcrumb
        items={[{ to: "/directory?tab=organisations", label: l.t("organisation.breadcrumb") }, { to: `/organisations/${o.id}`, label: o.name }, { label: l.t("organisation.edit") }]}
      />
      <h1 className="mb-1">{l.t("edit.organisationHeading", { name: o.name })}</h1>
      <p className="mb-5 text-sm text-slate-600">{l.t("edit.intro")}</p>
      <ErrorSummary failure={failure} labels={labels} />
      {failure?.current ? <ConflictPanel current={failure.current} labels={labels} /> : null}

      <Form method="post" className="card space-y-5" noValidate>
        <Field name="description" label={labels.description} hint={l.t("edit.descriptionHint")} error={err.description}>
          <textarea {...describe("description", err.description)} defaultValue={v.description} rows={8} className="input leading-6" />
        </Field>
        <Field name="website" label={labels.website} hint={l.t("edit.websiteHint")} error={err.website}>
          <input {...describe("website", err.website)} type="url" defaultValue={v.website} className="input" inputMode="url" />
        </Field>
        <div className="grid gap-5 sm:grid-cols-2">
          <Field name="region" label={labels.region} error={err.region}>
            <input {...describe("region", err.region, false)} defaultValue={v.region} maxLength={20} className="input" />
          </Field>
          {o.kind === "thinkTank" ? (
            <Field name="thinkTankType" label={labels.thinkTankType} error={err.thinkTankType}>
              <select {...describe("thinkTankType", err.thinkTankType, false)} defaultValue={v.thinkTankType} className="input">
                <option value="">{l.t("edit.none")}</option>
                {thinkTankTypes.map((x) => (
                  <option key={x} value={x}>
                    {l.thinkTankType(x)}
                  </option>
                ))}
              </select>
            </Field>
          ) : (
            <Field name="level" label={labels.level} error={err.level}>
              <select {...describe("level", err.level, false)} defaultValue={v.level} className="input">
                <option value="">{l.t("edit.none")}</option>
                {levels.map((x) => (
                  <option key={x} value={x}>
                    {l.level(x)}
                  </option>
                ))}
              </select>
            </Field>
          )}
        </div>
        <input type="hidden" name="version" value={failure?.version ?? o.version} />
        <div className="flex gap-3 border-t border-slate-100 pt-4">
          <button type="submit" className="btn-primary" disabled={busy}>
            {l.t("edit.save")}
          </button>
          <Link to={`/organisations/${o.id}`} className="btn-secondary">
            {l.t("edit.cancel")}
          </Link>
        </div>
      </Form>
    </div>
  );
}
