import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { can } from "~/features/access/permissions";
import { getViewer, requirePermission } from "~/features/auth/guards.server";
import { CallBody, toCallView } from "~/features/calls/page";
import { callDetail } from "~/features/calls/queries.server";
import { publishCall } from "~/features/calls/verbs.server";
import { FormError, useTopicText, type Failure } from "~/features/topics/components";
import { runForm } from "~/features/topics/forms.server";
import { db } from "~/lib/db.server";
import { isServiceError } from "~/lib/errors";

export const handle = { i18n: ["topics"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.view.call.title} — 课题指南 / Call` : "" },
  { tagName: "link", rel: "alternate", type: "application/atom+xml", href: "/calls/feed.xml" },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { actor } = getViewer(request, context);
  try {
    return { view: toCallView(callDetail(db(), actor, Number(params.id))), manager: can(actor, "manage:call") };
  } catch (e) {
    if (isServiceError(e)) throw new Response("Not found", { status: 404 });
    throw e;
  }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { actor } = requirePermission(request, context, "manage:call");
  const outcome = await runForm({}, () => publishCall({ db: db(), actor }, { id: params.id }));
  if (!outcome.ok) return outcome.response;
  throw redirect(`/calls/${params.id}`);
}

export default function CallPage() {
  const { view, manager } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as Failure | undefined;
  const { t } = useTopicText();
  return (
    <div className="mx-auto max-w-3xl">
      <p className="mb-3 flex flex-wrap gap-3 text-sm">
        <Link to="/calls">← {t("calls.heading")}</Link>
        <Link to={`/calls/${view.call.id}/print`}>{t("call.print")}</Link>
        <a href="/calls/feed.xml">{t("calls.feed")}</a>
      </p>
      <FormError failure={failure} />
      {manager ? (
        <div className="mb-4 flex flex-wrap gap-3">
          {view.call.state === "draft" ? (
            <Form method="post">
              <button type="submit" className="btn-primary">
                {t("call.publish")}
              </button>
            </Form>
          ) : null}
          <Link to={`/calls/${view.call.id}/edit`} className="btn-secondary">
            {view.call.state === "draft" ? t("call.edit") : t("call.correct")}
          </Link>
          {view.call.state === "draft" ? <span className="tag">{t("calls.draft")}</span> : null}
        </div>
      ) : null}
      <div className="card">
        <CallBody v={view} />
      </div>
    </div>
  );
}
