import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { QUALITY_FLAGS, TOPIC_STATES, type TopicState } from "#db/schema/topic-states";
import { Pagination } from "~/components/ui/pagination";
import { requirePermission } from "~/features/auth/guards.server";
import { ctl, Field, StateBadge, TopicsNav, useTopicText } from "~/features/topics/components";
import { listRounds, queueFacets, reviewQueue } from "~/features/topics/queries.server";
import { formatDateTime } from "~/i18n/format";
import { db } from "~/lib/db.server";

export const handle = { i18n: ["topics"] };
export const meta: MetaFunction = () => [{ title: "选题审核 / Topic review" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(request, context, "review:topic");
  const p = new URL(request.url).searchParams;
  const num = (k: string) => (Number(p.get(k)) > 0 ? Number(p.get(k)) : undefined);
  const state = TOPIC_STATES.includes(p.get("state") as TopicState) ? (p.get("state") as TopicState) : undefined;
  const filter = { roundId: num("round"), organisationId: num("org"), state, discipline: p.get("discipline") || undefined, flag: p.get("flag") || undefined, olderThanDays: num("age") };
  const { rows, page, pages } = reviewQueue(db(), filter, { page: num("page") });
  return {
    // ticked for merging: from a link (select=) or carried from another page of the queue (ids=)
    filter: { ...filter, select: [...new Set([...p.getAll("select"), ...p.getAll("ids")].map(Number).filter((n) => n > 0))] },
    page,
    pages,
    rows: rows.map((r) => ({ ...r, submittedAt: r.submittedAt?.toISOString() ?? null })),
    facets: queueFacets(db()),
    rounds: listRounds(db()).map((r) => ({ id: r.id, name: r.name })),
  };
}

export default function ReviewQueue() {
  const { filter, rows, facets, rounds, page, pages } = useLoaderData<typeof loader>();
  const { t, locale } = useTopicText();
  const { search } = useLocation();
  const pageLink = (n: number) => {
    const next = new URLSearchParams(search);
    next.set("page", String(n));
    return `?${next.toString()}`;
  };
  return (
    <div>
      <TopicsNav reviewer />
      <h1 className="mb-1">{t("queue.heading")}</h1>
      <p className="mb-4 text-sm text-slate-600">{t("queue.intro")}</p>
      <Form method="get" className="card mb-4 grid gap-3 sm:grid-cols-3 lg:grid-cols-6" aria-label={t("queue.filters")}>
        <Field name="round" label={t("form.round")}>
          <select {...ctl("round")} defaultValue={filter.roundId ?? ""} className="input">
            <option value="">{t("queue.all")}</option>
            {rounds.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </Field>
        <Field name="org" label={t("queue.department")}>
          <select {...ctl("org")} defaultValue={filter.organisationId ?? ""} className="input">
            <option value="">{t("queue.all")}</option>
            {facets.orgs.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </Field>
        <Field name="state" label={t("queue.state")}>
          <select {...ctl("state")} defaultValue={filter.state ?? ""} className="input">
            <option value="">{t("queue.all")}</option>
            {TOPIC_STATES.filter((s) => s !== "draft" && s !== "withdrawn").map((s) => (
              <option key={s} value={s}>
                {t(`state.${s}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field name="discipline" label={t("form.discipline")}>
          <select {...ctl("discipline")} defaultValue={filter.discipline ?? ""} className="input">
            <option value="">{t("queue.all")}</option>
            {facets.disciplines.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </Field>
        <Field name="flag" label={t("review.flags")}>
          <select {...ctl("flag")} defaultValue={filter.flag ?? ""} className="input">
            <option value="">{t("queue.all")}</option>
            {QUALITY_FLAGS.map((f) => (
              <option key={f} value={f}>
                {t(`flags.${f}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field name="age" label={t("queue.age")}>
          <input {...ctl("age")} type="number" min={0} defaultValue={filter.olderThanDays ?? ""} className="input" />
        </Field>
        <div className="sm:col-span-3 lg:col-span-6">
          <button type="submit" className="btn-secondary">
            {t("review.apply")}
          </button>
        </div>
      </Form>
      <Form method="get" action="/topics/merge">
        <p className="mb-2 text-sm text-slate-600">{t("queue.mergeHelp")}</p>
        {/* the filters, and topics ticked on other pages, travel with the page buttons and to the merge */}
        {(["round", "org", "state", "discipline", "flag", "age"] as const).map((k) => {
          const v = { round: filter.roundId, org: filter.organisationId, state: filter.state, discipline: filter.discipline, flag: filter.flag, age: filter.olderThanDays }[k];
          return v ? <input key={k} type="hidden" name={k} value={v} /> : null;
        })}
        {filter.select
          .filter((id) => !rows.some((r) => r.id === id))
          .map((id) => (
            <input key={id} type="hidden" name="ids" value={id} />
          ))}
        {filter.select.length ? <p className="mb-2 text-sm font-medium text-slate-700">{t("queue.selectedCount", { count: filter.select.length })}</p> : null}
        <table className="table">
          <caption className="sr-only">{t("queue.heading")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("queue.select")}</th>
              <th scope="col">{t("form.title")}</th>
              <th scope="col">{t("queue.department")}</th>
              <th scope="col">{t("queue.state")}</th>
              <th scope="col">{t("queue.dedup")}</th>
              <th scope="col">{t("queue.submitted")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>
                  {["submitted", "screening", "accepted"].includes(r.state) ? (
                    <input type="checkbox" name="ids" value={r.id} defaultChecked={filter.select.includes(r.id)} aria-label={t("queue.selectTopic", { title: r.title })} />
                  ) : null}
                </td>
                <td>
                  <Link to={`/topics/${r.id}`}>{r.title}</Link>
                  {r.flags.length ? <span className="ml-2 text-xs text-amber-800">{r.flags.map((f) => t(`flags.${f}`)).join("、")}</span> : null}
                </td>
                <td>{r.organisationName}</td>
                <td>
                  <StateBadge state={r.state} />
                </td>
                <td>{r.dedupLevel ? t(`level.${r.dedupLevel}`) : "—"}{r.duplicateAck ? ` · ${t("queue.reasonGiven")}` : ""}</td>
                <td>{r.submittedAt ? formatDateTime(r.submittedAt, locale) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 ? <p className="card mt-2 text-sm">{t("queue.empty")}</p> : null}
        <Pagination page={page} pages={pages} href={pageLink} formAction="/topics/review" />
        <button type="submit" className="btn-primary mt-3">
          {t("queue.merge")}
        </button>
      </Form>
    </div>
  );
}
