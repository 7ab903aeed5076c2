import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { can } from "~/features/access/permissions";
import { requireUser } from "~/features/auth/guards.server";
import { TopicsNav, useTopicText } from "~/features/topics/components";
import { listRounds } from "~/features/topics/queries.server";
import { db } from "~/lib/db.server";

export const handle = { i18n: ["topics"] };
export const meta: MetaFunction = () => [{ title: "规划轮次 / Planning rounds" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = requireUser(request, context);
  return { rounds: listRounds(db()).map((r) => ({ id: r.id, name: r.name, year: r.year, opensOn: r.opensOn, closesOn: r.closesOn })), reviewer: can(actor, "review:topic") };
}

export default function Rounds() {
  const { rounds, reviewer } = useLoaderData<typeof loader>();
  const { t } = useTopicText();
  return (
    <div>
      <TopicsNav reviewer={reviewer} />
      <h1 className="mb-4">{t("rounds.heading")}</h1>
      <ul className="space-y-3">
        {rounds.map((r) => (
          <li key={r.id} className="card">
            <h2 className="text-base">{r.name}</h2>
            <p className="text-sm text-slate-600">{[r.opensOn, r.closesOn].filter(Boolean).join(" – ")}</p>
            {reviewer ? (
              <p className="mt-2 flex gap-4 text-sm">
                <Link to={`/rounds/${r.id}`}>{t("rounds.dashboard")}</Link>
                <Link to={`/rounds/${r.id}/overlap`}>{t("rounds.overlap")}</Link>
                <Link to={`/topics/review?round=${r.id}`}>{t("nav.review")}</Link>
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
