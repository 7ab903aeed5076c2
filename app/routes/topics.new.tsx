import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/features/auth/guards.server";
import { TopicsNav, useTopicText, type Failure } from "~/features/topics/components";
import { emptyTopicValues, mergeValues, TopicForm, type CheckView } from "~/features/topics/form";
import { proposeAction } from "~/features/topics/propose.server";
import { listRounds, proposingOrganisations } from "~/features/topics/queries.server";
import { can } from "~/features/access/permissions";
import { db } from "~/lib/db.server";

export const handle = { i18n: ["topics", "dedup"] };
export const meta: MetaFunction = () => [{ title: "提出选题 / Propose a topic" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = requireUser(request, context);
  return {
    rounds: listRounds(db()).map((r) => ({ id: r.id, name: r.name })),
    organisations: proposingOrganisations(db(), actor),
    reviewer: can(actor, "review:topic"),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor } = requireUser(request, context);
  return proposeAction(db(), actor, request);
}

export default function NewTopic() {
  const { rounds, organisations, reviewer } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>() as (Partial<Failure> & { check?: CheckView; values?: Record<string, string | string[]> }) | undefined;
  const { t } = useTopicText();
  const failure = posted?.formError ? (posted as Failure) : null;
  return (
    <div>
      <TopicsNav reviewer={reviewer} />
      <h1 className="mb-1">{t("new.heading")}</h1>
      <p className="mb-5 text-sm text-slate-600">{t("new.intro")}</p>
      {organisations.length === 0 || rounds.length === 0 ? (
        <p className="card">{organisations.length === 0 ? t("new.noOrganisation") : t("new.noRound")}</p>
      ) : (
        <TopicForm
          values={mergeValues({ ...emptyTopicValues(), roundId: String(rounds[0].id), organisationId: String(organisations[0].id) }, posted?.values)}
          failure={failure}
          check={posted?.check}
          rounds={rounds}
          organisations={organisations}
        />
      )}
    </div>
  );
}
