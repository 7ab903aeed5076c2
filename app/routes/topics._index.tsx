import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { can } from "~/features/access/permissions";
import { requireUser } from "~/features/auth/guards.server";
import { StateBadge, TopicsNav, useTopicText } from "~/features/topics/components";
import { recentUnread } from "~/features/notifications/queries.server";
import { myTopics } from "~/features/topics/queries.server";
import { formatDateTime } from "~/i18n/format";
import { db } from "~/lib/db.server";

export const handle = { i18n: ["topics"] };
export const meta: MetaFunction = () => [{ title: "选题 / Topics" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor, user } = requireUser(request, context);
  return {
    topics: myTopics(db(), actor).map((t) => ({ ...t, updatedAt: t.updatedAt.toISOString() })),
    // the topic notices among the unread ones of the one inbox; opening one marks it read
    notifications: recentUnread(db(), user.id, 50)
      .filter((n) => n.kind.startsWith("topic."))
      .slice(0, 20),
    reviewer: can(actor, "review:topic"),
  };
}

export default function Topics() {
  const { topics, notifications, reviewer } = useLoaderData<typeof loader>();
  const { t, locale } = useTopicText();
  return (
    <div>
      <TopicsNav reviewer={reviewer} />
      <h1 className="mb-1">{t("index.heading")}</h1>
      <p className="mb-5 text-sm text-slate-600">{t("index.intro")}</p>
      {notifications.length ? (
        <section className="card mb-6" aria-labelledby="notes-heading">
          <h2 id="notes-heading" className="text-base">
            {t("index.notifications")}
          </h2>
          <ul className="mt-2 space-y-1 text-sm">
            {notifications.map((n) => (
              <li key={n.id}>
                <span className="text-slate-500">{formatDateTime(n.createdAt, locale)}</span> · {n.link ? <Link to={`/notifications/${n.id}`}>{locale === "en" ? n.titleEn || n.title : n.title}</Link> : locale === "en" ? n.titleEn || n.title : n.title}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="mine-heading">
        <h2 id="mine-heading" className="mb-2 text-base">
          {t("index.mine")}
        </h2>
        {topics.length === 0 ? (
          <p className="card text-sm">{t("index.none")}</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("form.title")}</th>
                <th scope="col">{t("form.organisation")}</th>
                <th scope="col">{t("queue.state")}</th>
                <th scope="col">{t("index.updated")}</th>
              </tr>
            </thead>
            <tbody>
              {topics.map((x) => (
                <tr key={x.id}>
                  <td>
                    <Link to={`/topics/${x.id}`}>{x.title}</Link>
                  </td>
                  <td>{x.organisationName}</td>
                  <td>
                    <StateBadge state={x.state} />
                  </td>
                  <td>{formatDateTime(x.updatedAt, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
