import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { can } from "~/features/access/permissions";
import { getViewer } from "~/features/auth/guards.server";
import { listCalls } from "~/features/calls/queries.server";
import { useTopicText } from "~/features/topics/components";
import { db } from "~/lib/db.server";

export const handle = { i18n: ["topics"] };
export const meta: MetaFunction = () => [{ title: "课题指南 / Research calls" }, { tagName: "link", rel: "alternate", type: "application/atom+xml", href: "/calls/feed.xml" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = getViewer(request, context);
  return { calls: listCalls(db(), actor).map((c) => ({ id: c.id, title: c.title, state: c.state, opensOn: c.opensOn, closesOn: c.closesOn, publishedVersion: c.publishedVersion })), manager: can(actor, "manage:call") };
}

export default function Calls() {
  const { calls, manager } = useLoaderData<typeof loader>();
  const { t } = useTopicText();
  return (
    <div>
      <h1 className="mb-1">{t("calls.heading")}</h1>
      <p className="mb-4 text-sm text-slate-600">
        {t("calls.intro")} <a href="/calls/feed.xml">{t("calls.feed")}</a>
      </p>
      {manager ? (
        <p className="mb-4">
          <Link to="/calls/new" className="btn-primary">
            {t("calls.new")}
          </Link>
        </p>
      ) : null}
      {calls.length === 0 ? <p className="card text-sm">{t("calls.none")}</p> : null}
      <ul className="space-y-3">
        {calls.map((c) => (
          <li key={c.id} className="card">
            <h2 className="text-base">
              <Link to={`/calls/${c.id}`}>{c.title}</Link>
            </h2>
            <p className="text-sm text-slate-600">
              {c.state === "published" ? t("calls.window", { opens: c.opensOn, closes: c.closesOn }) : t("calls.draft")}
              {c.publishedVersion > 1 ? ` · ${t("calls.corrected", { n: c.publishedVersion })}` : ""}
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}
