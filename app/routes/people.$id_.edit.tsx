import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Breadcrumb, useDirectoryLabels } from "~/features/directory/components";
import { submitPersonEdit } from "~/features/directory/edit.server";
import { ConflictPanel, describe, ErrorSummary, Field, type FormFailure } from "~/features/directory/form";
import { directoryTitle } from "~/features/directory/meta.server";
import { disciplineNames, getPersonForEdit } from "~/features/directory/queries.server";
import { requirePermission } from "~/features/auth/guards.server";
import { db } from "~/lib/db.server";

export const handle = { i18n: ["directory"] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

function guard(request: Request, context: LoaderFunctionArgs["context"], idParam: string | undefined) {
  const id = Number(idParam);
  const person = Number.isInteger(id) && id > 0 ? getPersonForEdit(db(), id) : null;
  if (!person) throw new Response("Not found", { status: 404 });
  const viewer = requirePermission(request, context, "write:person", { personId: person.id, organisationId: person.organisationId });
  return { person, viewer };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { person, viewer } = guard(request, context, params.id);
  const a = viewer.actor;
  return {
    person: {
      id: person.id,
      name: person.name,
      version: person.version,
      title: person.title,
      disciplines: person.disciplines,
      keywords: person.keywords.join("、"),
      bio: person.bio,
      email: person.email ?? "",
      phone: person.phone ?? "",
      publicConsent: person.publicConsent,
    },
    disciplines: disciplineNames(db()),
    mayChangeConsent: a.kind === "user" && (a.personId === person.id || a.platformRole === "platformAdmin"),
    title: await directoryTitle(request, "person", person.name),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { person, viewer } = guard(request, context, params.id);
  const outcome = submitPersonEdit(db(), viewer.actor, person.id, await request.formData());
  if (outcome.ok) return redirect(`/people/${person.id}?saved=1`);
  return data(outcome.failure, { status: outcome.status });
}

export default function EditPerson() {
  const { person, disciplines, mayChangeConsent } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as FormFailure | undefined;
  const l = useDirectoryLabels();
  const busy = useNavigation().state === "submitting";
  const v = { ...person, ...(failure?.values ?? {}) } as typeof person;
  const err = failure?.fieldErrors ?? {};
  const version = failure?.version ?? person.version;
  const labels = {
    title: l.t("edit.title"),
    disciplines: l.t("edit.disciplines"),
    keywords: l.t("edit.keywords"),
    bio: l.t("edit.bio"),
    email: l.t("edit.email"),
    phone: l.t("edit.phone"),
    publicConsent: l.t("edit.consent"),
  };
  return (
    <div className="mx-auto max-w-3xl">
      <Breadcrumb items={[{ to: "/directory", label: l.t("person.breadcrumb") }, { to: `/people/${person.id}`, label: person.name }, { label: l.t("person.edit") }]} />
      <h1 className="mb-1">{l.t("edit.personHeading", { name: person.name })}</h1>
      <p className="mb-5 text-sm text-slate-600">{l.t("edit.intro")}</p>
      <ErrorSummary failure={failure} labels={labels} />
      {failure?.current ? <ConflictPanel current={failure.current} labels={labels} /> : null}

      <Form method="post" className="card space-y-5" noValidate>
        <Field name="title" label={labels.title} hint={l.t("edit.titleHint")} error={err.title}>
          <input {...describe("title", err.title)} defaultValue={v.title} maxLength={40} className="input" autoComplete="organization-title" />
        </Field>

        <fieldset aria-describedby={err.disciplines ? "field-disciplines-error" : undefined}>
          <legend className="label" id="field-disciplines">
            {labels.disciplines}
          </legend>
          <div className="grid grid-cols-2 gap-x-4 gap-y-1 rounded-md border border-slate-200 p-3 sm:grid-cols-3">
            {disciplines.map((d, i) => (
              <label key={d} htmlFor={`discipline-${i}`} className="flex items-center gap-2 text-sm">
                <input id={`discipline-${i}`} type="checkbox" name="disciplines" value={d} defaultChecked={v.disciplines.includes(d)} />
                {l.discipline(d)}
              </label>
            ))}
          </div>
          {err.disciplines ? (
            <p id="field-disciplines-error" className="field-error">
              {l.msg(err.disciplines)}
            </p>
          ) : null}
        </fieldset>

        <Field name="keywords" label={labels.keywords} hint={l.t("edit.keywordsHint")} error={err.keywords}>
          <input {...describe("keywords", err.keywords)} defaultValue={v.keywords} className="input" />
        </Field>

        <Field name="bio" label={labels.bio} hint={l.t("edit.bioHint")} error={err.bio}>
          <textarea {...describe("bio", err.bio)} defaultValue={v.bio} rows={7} className="input leading-6" />
        </Field>

        <div className="grid gap-5 sm:grid-cols-2">
          <Field name="email" label={labels.email} error={err.email}>
            <input {...describe("email", err.email, false)} type="email" defaultValue={v.email} className="input" autoComplete="email" />
          </Field>
          <Field name="phone" label={labels.phone} hint={l.t("edit.phoneHint")} error={err.phone}>
            <input {...describe("phone", err.phone)} type="tel" defaultValue={v.phone} className="input" autoComplete="tel" />
          </Field>
        </div>

        <div className="flex items-start gap-2">
          <input
            id="field-publicConsent"
            type="checkbox"
            name="publicConsent"
            defaultChecked={v.publicConsent}
            disabled={!mayChangeConsent}
            className="mt-1"
            aria-describedby="field-publicConsent-hint"
          />
          <div>
            <label htmlFor="field-publicConsent" className="text-sm font-medium text-slate-800">
              {labels.publicConsent}
            </label>
            <p id="field-publicConsent-hint" className="mt-0.5 text-xs text-slate-500">
              {mayChangeConsent ? l.t("edit.consentHint") : l.t("edit.consentSelfOnly")}
            </p>
          </div>
        </div>

        <input type="hidden" name="version" value={version} />
        <div className="flex gap-3 border-t border-slate-100 pt-4">
          <button type="submit" className="btn-primary" disabled={busy}>
            {l.t("edit.save")}
          </button>
          <Link to={`/people/${person.id}`} className="btn-secondary">
            {l.t("edit.cancel")}
          </Link>
        </div>
      </Form>
    </div>
  );
}
