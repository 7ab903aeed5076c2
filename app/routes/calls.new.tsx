import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/features/auth/guards.server";
import { CallForm } from "~/features/calls/form";
import { createCall } from "~/features/calls/verbs.server";
import { useTopicText, type Failure } from "~/features/topics/components";
import { formValues, runForm } from "~/features/topics/forms.server";
import { acceptedTopics } from "~/features/topics/queries.server";
import { db } from "~/lib/db.server";

export const handle = { i18n: ["topics"] };
export const meta: MetaFunction = () => [{ title: "编制课题指南 / Compose a call" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(request, context, "manage:call");
  return { topics: acceptedTopics(db()) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor } = requirePermission(request, context, "manage:call");
  const values = formValues(await request.formData(), ["topicIds"]);
  const outcome = await runForm(values, () => createCall({ db: db(), actor }, values));
  if (!outcome.ok) return outcome.response;
  throw redirect(`/calls/${outcome.result.id}`);
}

export default function NewCall() {
  const { topics } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as Failure | undefined;
  const { t } = useTopicText();
  const v = failure?.values ?? {};
  const s = (k: string) => (typeof v[k] === "string" ? (v[k] as string) : "");
  return (
    <div className="mx-auto max-w-3xl">
      <h1 className="mb-4">{t("call.newHeading")}</h1>
      <CallForm
        failure={failure}
        topics={topics}
        values={{ title: s("title"), introMarkdown: s("introMarkdown"), eligibility: s("eligibility"), budget: s("budget"), opensOn: s("opensOn"), closesOn: s("closesOn"), contacts: s("contacts"), topicIds: Array.isArray(v.topicIds) ? v.topicIds : topics.map((x) => String(x.id)) }}
      />
    </div>
  );
}
