import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { can } from "~/features/access/permissions";
import { requireUser } from "~/features/auth/guards.server";
import { TopicsNav, useTopicText, type Failure } from "~/features/topics/components";
import { mergeValues, TopicForm, type CheckView } from "~/features/topics/form";
import { proposeAction } from "~/features/topics/propose.server";
import { topicDetail } from "~/features/topics/queries.server";
import { EDITABLE_BY_OWNER } from "~/features/topics/states";
import { db } from "~/lib/db.server";
import { isServiceError } from "~/lib/errors";

export const handle = { i18n: ["topics", "dedup"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.title} — 修改选题 / Edit topic` : "" }];

function guard(request: Request, context: LoaderFunctionArgs["context"], idParam?: string) {
  const { actor } = requireUser(request, context);
  try {
    const d = topicDetail(db(), actor, Number(idParam));
    if (!can(actor, "propose:topic", { organisationId: d.topic.organisationId })) throw new Response("Forbidden", { status: 403 });
    return { actor, d };
  } catch (e) {
    if (isServiceError(e)) throw new Response(e.bilingual.en, { status: e.status });
    throw e;
  }
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { actor, d } = guard(request, context, params.id);
  const x = d.topic;
  return {
    id: x.id,
    title: x.title,
    editable: EDITABLE_BY_OWNER.includes(x.state),
    reviewer: can(actor, "review:topic"),
    values: {
      title: x.title,
      policyNeed: x.policyNeed,
      researchQuestions: x.researchQuestions,
      expectedOutputs: x.expectedOutputs,
      policyArea: x.policyArea,
      discipline: x.discipline,
      budgetRange: x.budgetRange,
      timeline: x.timeline,
      urgency: x.urgency,
      tags: x.tags.join("、"),
      duplicateAck: x.duplicateAck ?? "",
      version: String(x.version),
    },
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { actor, d } = guard(request, context, params.id);
  return proposeAction(db(), actor, request, { id: d.topic.id });
}

export default function EditTopic() {
  const { id, title, values, editable, reviewer } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>() as (Partial<Failure> & { check?: CheckView; values?: Record<string, string | string[]> }) | undefined;
  const { t } = useTopicText();
  const failure = posted?.formError ? (posted as Failure) : null;
  return (
    <div>
      <TopicsNav reviewer={reviewer} />
      <p className="text-sm">
        <Link to={`/topics/${id}`}>← {title}</Link>
      </p>
      <h1 className="mb-4">{t("edit.heading")}</h1>
      {failure?.code === "conflict" ? (
        <p role="alert" className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
          {t("edit.conflictHelp")} <a href={`/topics/${id}/edit`}>{t("edit.reload")}</a>
        </p>
      ) : null}
      {editable ? <TopicForm values={mergeValues(values, posted?.values)} failure={failure} check={posted?.check} topicId={id} /> : <p className="card">{t("edit.notEditable")}</p>}
    </div>
  );
}
