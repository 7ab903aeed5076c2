import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { QUALITY_FLAGS } from "#db/schema/topic-states";
import { can } from "~/features/access/permissions";
import { requireUser } from "~/features/auth/guards.server";
import { MatchList } from "~/features/dedup/components";
import { ctl, Field, FormError, StateBadge, TopicsNav, useTopicText, type Failure } from "~/features/topics/components";
import { readNoticesOnOpen } from "~/features/notifications/verbs.server";
import { checkTopic } from "~/features/topics/dedup.server";
import { formValues, runForm } from "~/features/topics/forms.server";
import { saturation, topicDetail } from "~/features/topics/queries.server";
import { EDITABLE_BY_OWNER, movesFrom } from "~/features/topics/states";
import { categoriseTopic, transitionTopic, unmergeTopics } from "~/features/topics/verbs.server";
import { formatDateTime } from "~/i18n/format";
import { db } from "~/lib/db.server";
import { isServiceError } from "~/lib/errors";

export const handle = { i18n: ["topics", "dedup"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.topic.title} — 选题 / Topic` : "" }];

function guard(request: Request, context: LoaderFunctionArgs["context"], idParam?: string) {
  const { actor } = requireUser(request, context);
  const id = Number(idParam);
  if (!Number.isInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  try {
    return { actor, d: topicDetail(db(), actor, id) };
  } catch (e) {
    if (isServiceError(e)) throw new Response(e.bilingual.en, { status: e.status });
    throw e;
  }
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { actor, d } = guard(request, context, params.id);
  const t = d.topic;
  readNoticesOnOpen(db(), actor, { type: "topic", id: t.id });
  const reviewer = can(actor, "review:topic");
  const owner = can(actor, "propose:topic", { organisationId: t.organisationId });
  const years = Math.min(30, Math.max(1, Number(new URL(request.url).searchParams.get("years")) || 5));
  // the reviewer's screening evidence: a fresh duplicate check and the archive's saturation
  const check = reviewer ? await checkTopic(db(), actor, { id: t.id, title: t.title, policyNeed: t.policyNeed }) : null;
  const sat = reviewer ? await saturation(db(), t.title, t.policyNeed || undefined, years) : null;
  return {
    ...d,
    topic: { ...t, createdAt: t.createdAt.toISOString(), updatedAt: t.updatedAt.toISOString(), submittedAt: t.submittedAt?.toISOString() ?? null },
    events: d.events.map((e) => ({ ...e, at: e.at.toISOString() })),
    reviewer,
    owner,
    ownerMoves: owner ? movesFrom(t.state, "owner").map((m) => m.to) : [],
    reviewerMoves: reviewer ? movesFrom(t.state, "reviewer").map((m) => ({ to: m.to, needsNote: !!m.needsNote })) : [],
    editable: owner && EDITABLE_BY_OWNER.includes(t.state),
    check: check ? { level: check.level, matches: check.matches } : null,
    saturation: sat,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { actor, d } = guard(request, context, params.id);
  const values = formValues(await request.formData(), ["flags"]);
  const outcome = await runForm(values, () => {
    if (values.intent === "categorise") return categoriseTopic({ db: db(), actor }, { ...values, id: d.topic.id });
    if (values.intent === "unmerge") return unmergeTopics({ db: db(), actor }, { bundleId: d.topic.id });
    return transitionTopic({ db: db(), actor }, { id: d.topic.id, to: values.to, note: values.note, duplicateAck: values.duplicateAck });
  });
  if (!outcome.ok) return outcome.response;
  throw redirect(`/topics/${d.topic.id}?done=${encodeURIComponent(String(values.intent ?? values.to ?? ""))}`);
}

export default function TopicPage() {
  const d = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as Failure | undefined;
  const { t, locale } = useTopicText();
  const [params] = useSearchParams();
  const x = d.topic;
  const err = failure?.fieldErrors ?? {};
  return (
    <div>
      <TopicsNav reviewer={d.reviewer} />
      <div className="mb-2 flex flex-wrap items-center gap-2">
        <StateBadge state={x.state} />
        {x.isBundle ? <span className="tag">{t("topic.bundle")}</span> : null}
        {x.selfInitiated ? <span className="tag">{t("topic.selfInitiated")}</span> : null}
        <span className="text-sm text-slate-600">
          {d.org.name} · {d.round.name}
        </span>
      </div>
      <h1 className="mb-4">{x.title}</h1>
      {params.get("submitted") || params.get("saved") || params.get("done") ? (
        <p role="status" className="mb-4 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900">
          {params.get("submitted") ? t("topic.submittedNotice") : t("topic.savedNotice")}
        </p>
      ) : null}
      <FormError failure={failure} />
      {d.mergedInto ? (
        <p className="mb-4 rounded-md border border-purple-200 bg-purple-50 p-3 text-sm">
          {t("topic.mergedInto")} <Link to={`/topics/${d.mergedInto.id}`}>{d.mergedInto.title}</Link>
        </p>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="space-y-6">
          <section className="card">
            <dl className="grid gap-3 text-sm sm:grid-cols-2">
              {(
                [
                  ["policyNeed", x.policyNeed],
                  ["researchQuestions", x.researchQuestions],
                  ["expectedOutputs", x.expectedOutputs.map((o) => t(`outputs.${o}`)).join("、")],
                  ["policyArea", x.policyArea],
                  ["discipline", x.discipline],
                  ["budgetRange", x.budgetRange],
                  ["timeline", x.timeline],
                  ["urgency", t(`urgency.${x.urgency}`)],
                  ["tags", x.tags.join("、")],
                ] as const
              ).map(([k, v]) => (
                <div key={k} className={k === "policyNeed" || k === "researchQuestions" ? "sm:col-span-2" : ""}>
                  <dt className="font-medium text-slate-700">{t(`form.${k}`)}</dt>
                  <dd className="whitespace-pre-line break-words text-slate-900">{v || "—"}</dd>
                </div>
              ))}
              <div>
                <dt className="font-medium text-slate-700">{t("topic.author")}</dt>
                <dd>{d.author ?? "—"}</dd>
              </div>
              {d.sponsors.length ? (
                <div>
                  <dt className="font-medium text-slate-700">{t("topic.sponsors")}</dt>
                  <dd>{d.sponsors.map((s) => s.name).join("、")}</dd>
                </div>
              ) : null}
            </dl>
            {x.duplicateAck ? (
              <div className="mt-4 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm">
                <p className="font-medium">{t("topic.duplicateAck")}</p>
                <p className="whitespace-pre-line">{x.duplicateAck}</p>
              </div>
            ) : null}
            {x.reviewerComment ? (
              <div className="mt-4 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm">
                <p className="font-medium">{t("topic.reviewerComment")}</p>
                <p className="whitespace-pre-line">{x.reviewerComment}</p>
              </div>
            ) : null}
            {x.flags.length ? (
              <p className="mt-3 flex flex-wrap gap-2 text-sm">
                {x.flags.map((f) => (
                  <span key={f} className="rounded bg-amber-100 px-2 py-0.5 text-amber-900">
                    {t(`flags.${f}`)}
                  </span>
                ))}
              </p>
            ) : null}
          </section>

          {d.sources.length ? (
            <section className="card">
              <h2 className="text-base">{t("topic.lineage")}</h2>
              <ul className="mt-2 list-disc pl-5 text-sm">
                {d.sources.map((s) => (
                  <li key={s.id}>
                    <Link to={`/topics/${s.id}`}>{s.title}</Link> — {s.organisationName}
                  </li>
                ))}
              </ul>
              {d.reviewer && x.state !== "published" && x.state !== "withdrawn" ? (
                <Form method="post" className="mt-3">
                  <button type="submit" name="intent" value="unmerge" className="btn-secondary">
                    {t("topic.unmerge")}
                  </button>
                </Form>
              ) : null}
            </section>
          ) : null}

          {d.editable || d.ownerMoves.length ? (
            <section className="card">
              <h2 className="text-base">{t("topic.ownerActions")}</h2>
              <div className="mt-3 flex flex-wrap gap-3">
                {d.editable ? (
                  <Link to={`/topics/${x.id}/edit`} className="btn-secondary">
                    {t("topic.edit")}
                  </Link>
                ) : null}
                {d.ownerMoves.map((to) => (
                  <Form method="post" key={to}>
                    <input type="hidden" name="to" value={to} />
                    <button type="submit" className={to === "submitted" ? "btn-primary" : "btn-secondary"}>
                      {t(`move.${to}`)}
                    </button>
                  </Form>
                ))}
              </div>
            </section>
          ) : null}

          {d.reviewer && d.reviewerMoves.length ? (
            <section className="card" aria-labelledby="decide-heading">
              <h2 id="decide-heading" className="text-base">
                {t("review.decide")}
              </h2>
              <Form method="post" className="mt-3 space-y-3">
                <Field name="note" label={t("review.note")} hint={t("review.noteHint")} error={err.note}>
                  <textarea {...ctl("note", err.note, true)} rows={3} className="input" defaultValue={typeof failure?.values?.note === "string" ? failure.values.note : ""} />
                </Field>
                <div className="flex flex-wrap gap-3">
                  {d.reviewerMoves.map((m) => (
                    <button key={m.to} type="submit" name="to" value={m.to} className={m.to === "accepted" || m.to === "screening" ? "btn-primary" : "btn-secondary"}>
                      {t(`move.${m.to}`)}
                    </button>
                  ))}
                  {["submitted", "screening", "accepted"].includes(x.state) && !x.isBundle ? (
                    <Link to={`/topics/review?state=${x.state}&select=${x.id}`} className="btn-secondary">
                      {t("review.mergeWith")}
                    </Link>
                  ) : null}
                </div>
              </Form>
            </section>
          ) : null}

          {d.reviewer ? (
            <section className="card" aria-labelledby="flags-heading">
              <h2 id="flags-heading" className="text-base">
                {t("review.flagsHeading")}
              </h2>
              {d.saturation?.hints.length ? (
                <ul className="mt-2 space-y-1 text-sm text-amber-900">
                  {d.saturation.hints.map((h) => (
                    <li key={h.flag}>
                      <strong>{t(`flags.${h.flag}`)}</strong>：{locale === "en" ? h.reason.en : h.reason.zh}
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="mt-2 text-sm text-slate-600">{t("review.noHints")}</p>
              )}
              <Form method="post" className="mt-3 space-y-3">
                <input type="hidden" name="version" value={x.version} />
                <fieldset>
                  <legend className="label">{t("review.flags")}</legend>
                  <div className="flex flex-wrap gap-4">
                    {QUALITY_FLAGS.map((f) => (
                      <label key={f} className="flex items-center gap-1.5 text-sm">
                        <input type="checkbox" name="flags" value={f} defaultChecked={x.flags.includes(f)} />
                        {t(`flags.${f}`)}
                      </label>
                    ))}
                  </div>
                </fieldset>
                <div className="grid gap-3 sm:grid-cols-3">
                  <Field name="discipline" label={t("form.discipline")}>
                    <input {...ctl("discipline")} defaultValue={x.discipline} className="input" />
                  </Field>
                  <Field name="policyArea" label={t("form.policyArea")}>
                    <input {...ctl("policyArea")} defaultValue={x.policyArea} className="input" />
                  </Field>
                  <Field name="tags" label={t("form.tags")}>
                    <input {...ctl("tags")} defaultValue={x.tags.join("、")} className="input" />
                  </Field>
                </div>
                <Field name="reviewerComment" label={t("review.comment")}>
                  <textarea {...ctl("reviewerComment")} rows={2} defaultValue={x.reviewerComment} className="input" />
                </Field>
                <button type="submit" name="intent" value="categorise" className="btn-secondary">
                  {t("review.saveFlags")}
                </button>
              </Form>
            </section>
          ) : null}

          <section className="card" aria-labelledby="history-heading">
            <h2 id="history-heading" className="text-base">
              {t("topic.history")}
            </h2>
            <ol className="mt-2 space-y-2 text-sm">
              {d.events.map((e) => (
                <li key={e.id} className="border-l-2 border-slate-200 pl-3">
                  <span className="text-slate-500">{formatDateTime(e.at, locale)}</span> · {e.actorLabel} · {t(`event.${e.kind}`)}
                  {e.toState && e.fromState !== e.toState ? ` → ${t(`state.${e.toState}`)}` : ""}
                  {e.note ? <p className="whitespace-pre-line text-slate-700">{e.note}</p> : null}
                </li>
              ))}
            </ol>
          </section>
        </div>

        <aside className="space-y-6">
          {d.check ? (
            <section className="card" aria-labelledby="dups-heading">
              <h2 id="dups-heading" className="text-base">
                {t("review.duplicates")}
              </h2>
              <p className="mb-2 text-sm">{t(`level.${d.check.level}`)}</p>
              {d.check.matches.length ? <MatchList matches={d.check.matches} showQuery={false} /> : null}
            </section>
          ) : null}
          {d.saturation ? (
            <section className="card" aria-labelledby="sat-heading">
              <h2 id="sat-heading" className="text-base">
                {t("review.saturation")}
              </h2>
              <Form method="get" className="mt-2 flex items-end gap-2 text-sm">
                <Field name="years" label={t("review.years")}>
                  <input {...ctl("years")} type="number" min={1} max={30} defaultValue={d.saturation.years} className="input w-20" />
                </Field>
                <button type="submit" className="btn-secondary">
                  {t("review.apply")}
                </button>
              </Form>
              <p className="mt-2 text-sm">{t("review.saturationSummary", { recent: d.saturation.recent, years: d.saturation.years, total: d.saturation.total })}</p>
              {d.saturation.byFunder.length ? (
                <p className="mt-1 text-sm">
                  {t("review.byFunder")}：{d.saturation.byFunder.map(([f, n]) => `${f} ${n}`).join("；")}
                </p>
              ) : null}
              {d.saturation.byGrade.length ? (
                <p className="mt-1 text-sm">
                  {t("review.byGrade")}：{d.saturation.byGrade.map(([g, n]) => `${g} ${n}`).join("；")}
                </p>
              ) : null}
              <ul className="mt-2 space-y-1 text-xs">
                {d.saturation.projects.map((p) => (
                  <li key={p.docId}>
                    <Link to={`/projects/${p.entityId}`}>{p.title}</Link> · {p.evidence.year ?? ""} · {p.evidence.institution ?? ""}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {d.inCalls.length ? (
            <section className="card">
              <h2 className="text-base">{t("topic.calls")}</h2>
              <ul className="mt-2 text-sm">
                {d.inCalls.map((c) => (
                  <li key={c.id}>
                    <Link to={`/calls/${c.id}`}>{c.title}</Link>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </aside>
      </div>
    </div>
  );
}
