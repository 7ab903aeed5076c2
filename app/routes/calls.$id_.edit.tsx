import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/features/auth/guards.server";
import { CallForm } from "~/features/calls/form";
import { callDetail } from "~/features/calls/queries.server";
import { correctCall } from "~/features/calls/verbs.server";
import { useTopicText, type Failure } from "~/features/topics/components";
import { formValues, runForm } from "~/features/topics/forms.server";
import { acceptedTopics } from "~/features/topics/queries.server";
import { db } from "~/lib/db.server";
import { isServiceError } from "~/lib/errors";

export const handle = { i18n: ["topics"] };
export const meta: MetaFunction = () => [{ title: "修改课题指南 / Edit a call" }];

function load(request: Request, context: LoaderFunctionArgs["context"], id: string | undefined) {
  const { actor } = requirePermission(request, context, "manage:call");
  try {
    return { actor, d: callDetail(db(), actor, Number(id)) };
  } catch (e) {
    if (isServiceError(e)) throw new Response("Not found", { status: 404 });
    throw e;
  }
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { d } = load(request, context, params.id);
  const c = d.call;
  const listed = d.topics.map((x) => ({ id: x.id, title: x.title, organisationName: x.organisationName }));
  const extra = acceptedTopics(db()).filter((x) => !listed.some((l) => l.id === x.id));
  return {
    published: c.state === "published",
    topics: [...listed, ...extra],
    values: { title: c.title, introMarkdown: c.introMarkdown, eligibility: c.eligibility, budget: c.budget, opensOn: c.opensOn, closesOn: c.closesOn, contacts: c.contacts, topicIds: listed.map((x) => String(x.id)), version: String(c.version), changeNotice: "" },
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { actor, d } = load(request, context, params.id);
  const values = formValues(await request.formData(), ["topicIds"]);
  const outcome = await runForm(values, () => correctCall({ db: db(), actor }, { ...values, id: d.call.id }));
  if (!outcome.ok) return outcome.response;
  throw redirect(`/calls/${d.call.id}`);
}

export default function EditCall() {
  const { published, topics, values } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as Failure | undefined;
  const { t } = useTopicText();
  const v = { ...values, ...(failure?.values ?? {}) } as typeof values;
  return (
    <div className="mx-auto max-w-3xl">
      <h1 className="mb-4">{published ? t("call.correctHeading") : t("call.editHeading")}</h1>
      <CallForm failure={failure} topics={topics} values={v} published={published} />
    </div>
  );
}
