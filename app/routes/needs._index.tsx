import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can } from "~/features/access/permissions";
import { getViewer, requireUser } from "~/features/auth/guards.server";
import { submitSubscription } from "~/features/needs/actions.server";
import { FormProblem, StateTag, useBi } from "~/features/needs/components";
import { departmentsOf, feedFor, listNeeds, notificationsFor, subscriptionsFor, trackRecord } from "~/features/needs/queries.server";
import { formatDate, formatDateTime } from "~/i18n/format";
import { db } from "~/lib/db.server";

export const handle = { i18n: ["needs"] };
export const meta: MetaFunction = () => [{ title: "需求大厅 · Needs board" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = getViewer(request, context);
  const url = new URL(request.url);
  const page = Math.max(1, Math.min(500, Number(url.searchParams.get("page")) || 1));
  const q = (url.searchParams.get("q") ?? "").trim().slice(0, 200);
  const stateParam = url.searchParams.get("state") ?? "";
  const state = ["open", "closed", "decided"].includes(stateParam) ? stateParam : undefined;
  const list = await listNeeds(db(), actor, { q, state, page });
  const personId = actor.kind === "user" ? actor.personId : null;
  return {
    list,
    q,
    state: state ?? "",
    canPost: departmentsOf(db(), actor).some((d) => can(actor, "manage:need", { organisationId: d.id })),
    signedIn: actor.kind === "user",
    feed: await feedFor(db(), actor),
    notifications: notificationsFor(db(), actor, 10),
    subscriptions: subscriptionsFor(db(), actor),
    track: personId != null ? trackRecord(db(), personId) : [],
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor } = requireUser(request, context);
  const outcome = submitSubscription(db(), actor, await request.formData());
  return outcome.ok ? redirect(outcome.redirect) : outcome.response;
}

export default function NeedsBoard() {
  const { list, q, state, canPost, signedIn, feed, notifications, subscriptions, track } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation("needs");
  const bi = useBi();
  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
      <div>
        <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
          <div>
            <h1>{t("title")}</h1>
            <p className="text-sm text-slate-600">{t("intro")}</p>
          </div>
          {canPost ? (
            <Link to="/needs/new" className="btn-primary">
              {t("post")}
            </Link>
          ) : null}
        </div>
        <Form method="get" className="mb-4 flex flex-wrap items-end gap-2" role="search">
          <div className="grow">
            <label htmlFor="q" className="label">
              {t("search.label")}
            </label>
            <input id="q" name="q" defaultValue={q} className="input" />
          </div>
          <div>
            <label htmlFor="state" className="label">
              {t("search.state")}
            </label>
            <select id="state" name="state" defaultValue={state} className="input">
              <option value="">{t("search.any")}</option>
              {(["open", "closed", "decided"] as const).map((s) => (
                <option key={s} value={s}>
                  {t(`states.${s}`)}
                </option>
              ))}
            </select>
          </div>
          <button className="btn-secondary">{t("search.submit")}</button>
        </Form>
        <p className="mb-2 text-sm text-slate-600" data-testid="needs-total">
          {t("list.total", { count: list.total })}
        </p>
        {list.rows.length === 0 ? (
          <p className="card">{t("list.empty")}</p>
        ) : (
          <ul className="space-y-3">
            {list.rows.map((n) => (
              <li key={n.id} className="card">
                <h2 className="text-lg">
                  <Link to={`/needs/${n.id}`} className="hover:underline">
                    {n.question}
                  </Link>
                </h2>
                <p className="mt-1 flex flex-wrap gap-2 text-sm text-slate-600">
                  <StateTag state={n.state} kind="need" />
                  <span className="tag">{t(`visibility.${n.visibility}`)}</span>
                  <span>{n.department}</span>
                  <span>
                    {t("list.deadline")} {formatDate(n.deadline, i18n.language)}
                  </span>
                  <span>{n.expectedForm}</span>
                  {n.policyArea ? <span>{n.policyArea}</span> : null}
                  <span>{t("list.proposals", { count: n.proposals })}</span>
                </p>
              </li>
            ))}
          </ul>
        )}
        {list.pages > 1 ? (
          <nav className="mt-4 flex gap-3 text-sm" aria-label="pagination">
            {list.page > 1 ? <Link to={`?q=${encodeURIComponent(q)}&state=${state}&page=${list.page - 1}`}>←</Link> : null}
            <span>
              {list.page} / {list.pages}
            </span>
            {list.page < list.pages ? <Link to={`?q=${encodeURIComponent(q)}&state=${state}&page=${list.page + 1}`}>→</Link> : null}
          </nav>
        ) : null}
      </div>

      {signedIn ? (
        <aside className="space-y-4">
          <section className="card" aria-labelledby="feed-h">
            <h2 id="feed-h" className="mb-2 text-base">
              {t("feed.title")}
            </h2>
            {feed.length === 0 ? (
              <p className="text-sm text-slate-600">{t("feed.empty")}</p>
            ) : (
              <ul className="space-y-2 text-sm" data-testid="feed">
                {feed.map((f) => (
                  <li key={f.id}>
                    <Link to={`/needs/${f.id}`} className="font-medium hover:underline">
                      {f.question}
                    </Link>
                    {f.invited ? <span className="tag ml-1 bg-amber-100 text-amber-800">{t("feed.invited")}</span> : null}
                    <p className="text-slate-600">
                      {f.department} · {bi(f.why)}
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="card" aria-labelledby="notes-h">
            <h2 id="notes-h" className="mb-2 text-base">
              {t("notifications.title")}
            </h2>
            {notifications.length === 0 ? (
              <p className="text-sm text-slate-600">{t("notifications.empty")}</p>
            ) : (
              <ul className="space-y-1 text-sm">
                {notifications.map((n) => (
                  <li key={n.id}>
                    {n.needId ? <Link to={`/needs/${n.needId}`}>{bi({ zh: n.text, en: n.textEn })}</Link> : bi({ zh: n.text, en: n.textEn })}
                    <span className="block text-xs text-slate-500">{formatDateTime(n.createdAt, i18n.language)}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="card" aria-labelledby="track-h">
            <h2 id="track-h" className="mb-2 text-base">
              {t("track.title")}
            </h2>
            {track.length === 0 ? (
              <p className="text-sm text-slate-600">{t("track.empty")}</p>
            ) : (
              <ul className="space-y-1 text-sm" data-testid="track-record">
                {track.map((r, i) => (
                  <li key={`${r.proposalId}-${i}`}>
                    <Link to={`/needs/${r.needId}`}>{r.question}</Link> — {r.department} ·{" "}
                    <strong>{r.kind ? t(`track.${r.kind}`) : t("track.accepted")}</strong>
                    {r.occurredOn ? ` (${r.occurredOn})` : ""}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="card" id="subscriptions" aria-labelledby="subs-h">
            <h2 id="subs-h" className="mb-2 text-base">
              {t("subscriptions.title")}
            </h2>
            <FormProblem result={result} />
            {subscriptions.length === 0 ? <p className="text-sm text-slate-600">{t("subscriptions.empty")}</p> : null}
            <ul className="mb-2 space-y-1 text-sm">
              {subscriptions.map((s) => (
                <li key={s.id} className="flex items-center justify-between gap-2">
                  <span>
                    {t(`subscriptions.kinds.${s.kind}`)}：{s.value}
                  </span>
                  <Form method="post">
                    <input type="hidden" name="intent" value="unsubscribe" />
                    <input type="hidden" name="id" value={s.id} />
                    <button className="text-xs text-blue-700 underline">{t("subscriptions.remove")}</button>
                  </Form>
                </li>
              ))}
            </ul>
            <Form method="post" className="space-y-2">
              <input type="hidden" name="intent" value="subscribe" />
              <label className="label" htmlFor="sub-kind">
                {t("subscriptions.kind")}
              </label>
              <select id="sub-kind" name="kind" className="input" defaultValue={result?.values?.kind ?? "policyArea"}>
                {(["policyArea", "discipline", "keyword"] as const).map((k) => (
                  <option key={k} value={k}>
                    {t(`subscriptions.kinds.${k}`)}
                  </option>
                ))}
              </select>
              <label className="label" htmlFor="sub-value">
                {t("subscriptions.value")}
              </label>
              <input id="sub-value" name="value" className="input" defaultValue={result?.values?.value ?? ""} />
              <button className="btn-secondary">{t("subscriptions.add")}</button>
            </Form>
          </section>
        </aside>
      ) : null}
    </div>
  );
}
