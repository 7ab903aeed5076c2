import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { THINK_TANK_TYPES } from "#db/schema";
import { foldOrganisations, recommendForNeed } from "~/features/matching/affinity.server";
import { assignmentsOf } from "~/features/matching/review.server";
import { getViewer } from "~/features/auth/guards.server";
import { FieldError, FormProblem, StateTag, useBi } from "~/features/needs/components";
import { openRounds } from "~/features/needs/queries.server";
import { formatDate, formatDateTime } from "~/i18n/format";
import { db } from "~/lib/db.server";
import { readNoticesOnOpen } from "~/features/notifications/verbs.server";
import { useRef } from "react";
import { AutosaveField, AutosaveStatus } from "~/components/autosave-status";
import { useAutosave } from "~/components/use-autosave";
import type { FormResult } from "~/features/needs/actions.server";
import { needOr404, needPageAction } from "~/features/needs/route.server";

export const handle = { i18n: ["needs"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.need.question} · 需求大厅` : "需求大厅" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { actor } = getViewer(request, context);
  const detail = needOr404(actor, params.id);
  readNoticesOnOpen(db(), actor, { type: "need", id: detail.need.id });
  const url = new URL(request.url);
  const filters = { thinkTankType: url.searchParams.get("type") || undefined, region: url.searchParams.get("region") || undefined };
  const recommendations = detail.owner ? await recommendForNeed(db(), detail.need.id, { ...filters, limit: 15 }) : [];
  const now = Date.now();
  return {
    ...detail,
    need: { ...detail.need, deadline: detail.need.deadline.toISOString() },
    recommendations,
    organisations: detail.owner ? foldOrganisations(db(), recommendations, 5) : [],
    assignments: detail.owner ? assignmentsOf(db(), detail.need.id) : [],
    rounds: detail.owner ? openRounds(db()) : [],
    filters,
    thinkTankTypes: [...THINK_TANK_TYPES],
    signedIn: actor.kind === "user",
    open: detail.need.state === "open" && detail.need.deadline.getTime() > now,
  };
}

export const action = (args: ActionFunctionArgs) => needPageAction(args);

export default function NeedPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation("needs");
  const bi = useBi();
  const [sp] = useSearchParams();
  const done = sp.get("done");
  const n = d.need;
  const mine = d.proposals.find((p) => p.mine && ["draft", "submitted", "shortlisted"].includes(p.state));
  const v = result?.intent === "saveProposal" ? (result.values ?? {}) : {};
  const facts: [string, string][] = [
    [t("detail.department"), d.department.name],
    [t("detail.deadline"), formatDateTime(n.deadline, i18n.language)],
    [t("detail.expectedForm"), n.expectedForm],
    [t("detail.policyArea"), n.policyArea || "—"],
    [t("detail.discipline"), n.discipline || "—"],
    [t("detail.visibility"), t(`visibility.${n.visibility}`)],
  ];
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm">
          <Link to="/needs">{t("title")}</Link>
        </p>
        <h1 className="mt-1">{n.question}</h1>
        <p className="mt-1">
          <StateTag state={n.state} kind="need" /> {!d.open && n.state === "open" ? <span className="text-sm text-slate-600">{t("detail.pastDeadline")}</span> : null}
        </p>
        {sp.get("posted") ? <p role="status" className="mt-2 rounded bg-green-50 p-2 text-sm text-green-800">{t("detail.posted")}</p> : null}
        {done ? <p role="status" className="mt-2 rounded bg-green-50 p-2 text-sm text-green-800">{t(`detail.done.${done}`)}</p> : null}
      </div>

      <section className="card">
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-3">
          {facts.map(([k, val]) => (
            <div key={k}>
              <dt className="text-slate-500">{k}</dt>
              <dd>{val}</dd>
            </div>
          ))}
        </dl>
        {n.background ? (
          <>
            <h2 className="mt-4 text-base">{t("detail.background")}</h2>
            <p className="whitespace-pre-line text-sm">{n.background}</p>
          </>
        ) : null}
        {n.decision ? (
          <>
            <h2 className="mt-4 text-base">{t("detail.decision")}</h2>
            <p className="whitespace-pre-line text-sm">{n.decision}</p>
          </>
        ) : null}
        {d.attachments.length ? (
          <>
            <h2 className="mt-4 text-base">{t("detail.attachments")}</h2>
            <ul className="text-sm">
              {d.attachments.map((a) => (
                <li key={a.id}>
                  <a href={`/needs/attachments/${a.id}`}>{a.fileName}</a> ({Math.ceil(a.size / 1024)} KB)
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {d.owner ? (
          <Form method="post" className="mt-4 flex flex-wrap items-end gap-2">
            <input type="hidden" name="intent" value="extend" />
            <div>
              <label className="label" htmlFor="f-deadline">
                {t("detail.extend")}
              </label>
              <input id="f-deadline" type="date" name="deadline" className="input" defaultValue={result?.intent === "extend" ? result.values?.deadline : ""} />
            </div>
            <button className="btn-secondary">{t("detail.extendSubmit")}</button>
            <FormProblem result={result} intent="extend" />
          </Form>
        ) : null}
      </section>

      {d.owner ? (
        <section className="card" id="recommendations" aria-labelledby="recs-h">
          <h2 id="recs-h">{t("recs.title")}</h2>
          <p className="mb-3 text-sm text-slate-600">{t("recs.intro")}</p>
          <Form method="get" className="mb-3 flex flex-wrap items-end gap-2">
            <div>
              <label className="label" htmlFor="f-type">
                {t("recs.filterType")}
              </label>
              <select id="f-type" name="type" className="input" defaultValue={d.filters.thinkTankType ?? ""}>
                <option value="">{t("recs.all")}</option>
                {d.thinkTankTypes.map((x) => (
                  <option key={x}>{x}</option>
                ))}
              </select>
            </div>
            <div>
              <label className="label" htmlFor="f-region">
                {t("recs.filterRegion")}
              </label>
              <input id="f-region" name="region" className="input" defaultValue={d.filters.region ?? ""} />
            </div>
            <button className="btn-secondary">{t("recs.filter")}</button>
          </Form>
          <FormProblem result={result} intent="invite" />
          {d.recommendations.length === 0 ? (
            <p className="text-sm">{t("recs.empty")}</p>
          ) : (
            <Form method="post">
              <input type="hidden" name="intent" value="invite" />
              <ol className="space-y-3" data-testid="recommendations">
                {d.recommendations.map((r) => (
                  <li key={r.personId} className="flex gap-3 border-b border-slate-100 pb-3">
                    <input
                      type="checkbox"
                      name="personId"
                      value={r.personId}
                      id={`inv-${r.personId}`}
                      disabled={r.invited}
                      aria-label={t("recs.select", { name: r.name })}
                      className="mt-1"
                    />
                    <div className="text-sm">
                      <label htmlFor={`inv-${r.personId}`} className="font-medium">
                        <Link to={`/people/${r.personId}`}>{r.name}</Link>
                      </label>{" "}
                      <span className="text-slate-600">
                        {[r.title, r.institution, r.region, r.thinkTankType].filter(Boolean).join(" · ")}
                      </span>{" "}
                      <span className="tag">
                        {t("recs.score")} {r.score.toFixed(2)}
                      </span>
                      {r.invited ? <span className="tag ml-1 bg-amber-100 text-amber-800">{t("recs.invited")}</span> : null}
                      <p className="mt-1">{bi(r.why)}</p>
                      <ul className="ml-4 list-disc text-slate-700">
                        {r.evidence.map((e) => (
                          <li key={e.projectId}>
                            <Link to={`/projects/${e.projectId}`}>
                              {/* the engine escapes the title and adds only <mark> */}
                              <span dangerouslySetInnerHTML={{ __html: e.titleHtml }} />
                            </Link>
                            {e.year ? `（${e.year}）` : ""}
                            {e.grade ? ` · ${e.grade}` : ""}
                          </li>
                        ))}
                      </ul>
                      <p className="text-xs text-slate-500">
                        {r.disciplines.join("、")} {r.completed ? `· ${t("recs.completed", { count: r.completed })}` : ""}{" "}
                        {r.adopted ? `· ${t("recs.adopted", { count: r.adopted })}` : ""}
                      </p>
                    </div>
                  </li>
                ))}
              </ol>
              <button className="btn-primary mt-3">{t("recs.invite")}</button>
            </Form>
          )}
          {d.organisations.length ? (
            <>
              <h3 className="mt-4 text-base">{t("recs.orgs")}</h3>
              <ul className="text-sm">
                {d.organisations.map((o) => (
                  <li key={o.organisationId}>
                    <Link to={`/organisations/${o.organisationId}`}>{o.name}</Link> · {[o.thinkTankType, o.region].filter(Boolean).join(" · ")} · {o.people.join("、")}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {d.invitations.length ? (
            <p className="mt-3 text-sm">
              {t("recs.invitations")}：{d.invitations.map((i) => i.personName ?? i.organisationName).join("、")}
            </p>
          ) : null}
        </section>
      ) : null}

      <section className="card" id="proposals" aria-labelledby="props-h">
        <h2 id="props-h">{d.owner ? t("proposal.compare") : t("proposal.yours")}</h2>
        <FormProblem result={result} intent="decide" />
        <FormProblem result={result} intent="adopt" />
        <FormProblem result={result} intent="withdraw" />
        {d.proposals.length === 0 && d.owner ? <p className="text-sm">{t("proposal.none")}</p> : null}
        {d.proposals.length ? (
          <div className="overflow-x-auto">
            <table className="table" data-testid="proposals">
              <thead>
                <tr>
                  <th scope="col">{t("proposal.by")}</th>
                  <th scope="col">{t("proposal.summary")}</th>
                  <th scope="col">{t("proposal.approach")}</th>
                  <th scope="col">{t("proposal.team")}</th>
                  <th scope="col">{t("proposal.timeline")}</th>
                  <th scope="col">{t("proposal.cost")}</th>
                  <th scope="col">{t("detail.state")}</th>
                </tr>
              </thead>
              <tbody>
                {d.proposals.map((p) => (
                  <tr key={p.id}>
                    <td>
                      {p.personName ?? "—"}
                      <div className="text-xs text-slate-500">{p.organisationName}</div>
                    </td>
                    <td className="max-w-xs whitespace-pre-line">{p.summary}</td>
                    <td className="max-w-xs whitespace-pre-line">{p.approach}</td>
                    <td>{p.team}</td>
                    <td>{p.timeline}</td>
                    <td>{p.cost ?? "—"}</td>
                    <td>
                      <StateTag state={p.state} kind="proposal" />
                      {p.decisionReason ? <div className="text-xs">{p.decisionReason}</div> : null}
                      {p.topicId ? (
                        <div className="text-xs" data-testid="topic-lineage">
                          {t("proposal.becameTopic")} <Link to={`/topics/${p.topicId}`}>→ {p.topicTitle ?? `#${p.topicId}`}</Link>
                          {p.topicState === "draft" ? <span className="ml-1 text-amber-700">{t("proposal.topicDraft")}</span> : null}
                        </div>
                      ) : null}
                      {p.adoptions.map((a) => (
                        <div key={a.id} className="text-xs font-medium text-green-800">
                          {t(`proposal.${a.kind}`)} {a.occurredOn}
                        </div>
                      ))}
                      {d.owner && ["submitted", "shortlisted"].includes(p.state) ? (
                        <Form method="post" className="mt-2 space-y-1">
                          <input type="hidden" name="intent" value="decide" />
                          <input type="hidden" name="proposalId" value={p.id} />
                          <label className="sr-only" htmlFor={`reason-${p.id}`}>
                            {t("proposal.reason")}
                          </label>
                          <input id={`reason-${p.id}`} name="reason" placeholder={t("proposal.reason")} className="input text-xs" title={t("proposal.declineHint")} />
                          <div className="flex gap-1">
                            {p.state === "submitted" ? (
                              <button name="decision" value="shortlist" className="btn-secondary text-xs">
                                {t("proposal.shortlist")}
                              </button>
                            ) : null}
                            <button name="decision" value="accept" className="btn-primary text-xs">
                              {t("proposal.accept")}
                            </button>
                            <button name="decision" value="decline" className="btn-secondary text-xs">
                              {t("proposal.decline")}
                            </button>
                          </div>
                        </Form>
                      ) : null}
                      {d.owner && ["submitted", "shortlisted"].includes(p.state) && d.rounds.length ? (
                        <Form method="post" className="mt-2 space-y-1 border-t pt-2">
                          <input type="hidden" name="intent" value="decide" />
                          <input type="hidden" name="decision" value="topic" />
                          <input type="hidden" name="proposalId" value={p.id} />
                          <label className="label text-xs" htmlFor={`f-roundId-${p.id}`}>
                            {t("proposal.toRound")}
                          </label>
                          <select id={`f-roundId-${p.id}`} name="roundId" className="input text-xs" defaultValue={result?.values?.proposalId === String(p.id) ? result.values?.roundId : undefined}>
                            {d.rounds.map((r) => (
                              <option key={r.id} value={r.id}>
                                {r.name}
                              </option>
                            ))}
                          </select>
                          {result?.intent === "decide" && result.values?.proposalId === String(p.id) && result.fields?.duplicateAck ? (
                            <div>
                              <label className="label text-xs" htmlFor="f-duplicateAck">
                                {t("proposal.duplicateAck")}
                              </label>
                              <textarea id="f-duplicateAck" name="duplicateAck" rows={2} className="input text-xs" aria-describedby="f-duplicateAck-error" />
                              <FieldError result={result} name="duplicateAck" />
                            </div>
                          ) : null}
                          <button className="btn-primary text-xs">{t("proposal.acceptAsTopic")}</button>
                        </Form>
                      ) : null}
                      {d.owner && p.state === "accepted" ? (
                        <Form method="post" className="mt-2 space-y-1">
                          <input type="hidden" name="intent" value="adopt" />
                          <input type="hidden" name="proposalId" value={p.id} />
                          <label className="label" htmlFor={`kind-${p.id}`}>
                            {t("proposal.adoption")}
                          </label>
                          <select id={`kind-${p.id}`} name="kind" className="input text-xs">
                            <option value="adopted">{t("proposal.adopted")}</option>
                            <option value="instructed">{t("proposal.instructed")}</option>
                          </select>
                          <label className="sr-only" htmlFor={`on-${p.id}`}>
                            {t("proposal.occurredOn")}
                          </label>
                          <input id={`on-${p.id}`} type="date" name="occurredOn" className="input text-xs" defaultValue={new Date().toISOString().slice(0, 10)} />
                          <label className="sr-only" htmlFor={`note-${p.id}`}>
                            {t("proposal.note")}
                          </label>
                          <input id={`note-${p.id}`} name="note" placeholder={t("proposal.note")} className="input text-xs" />
                          <button className="btn-primary text-xs">{t("proposal.record")}</button>
                        </Form>
                      ) : null}
                      {p.mine && d.open && ["draft", "submitted", "shortlisted"].includes(p.state) ? (
                        <Form method="post" className="mt-2">
                          <input type="hidden" name="intent" value="withdraw" />
                          <input type="hidden" name="proposalId" value={p.id} />
                          <button className="btn-secondary text-xs">{t("proposal.withdraw")}</button>
                        </Form>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}

        {!d.owner && d.signedIn && d.open && (!mine || ["draft", "submitted"].includes(mine.state)) ? (
          <ProposalForm needId={n.id} mine={mine} values={v} result={result} />
        ) : null}
        {!d.owner && !d.signedIn ? <p className="mt-2 text-sm">{t("proposal.signIn")}</p> : null}
        {!d.owner && d.signedIn && !d.open ? <p className="mt-2 text-sm">{t("proposal.closed")}</p> : null}
      </section>

      {d.owner ? (
        <section className="card" id="review" aria-labelledby="review-h">
          <h2 id="review-h">{t("review.title")}</h2>
          <p className="text-sm text-slate-600">{t("review.summary", { pairs: d.assignments.length })}</p>
          <p className="mt-2">
            <Link to={`/needs/${n.id}/review`} className="btn-secondary inline-block">
              {t("review.open")}
            </Link>
          </p>
        </section>
      ) : null}

      <section className="card" id="clarifications" aria-labelledby="clar-h">
        <h2 id="clar-h">{t("clarify.title")}</h2>
        {d.thread.length === 0 ? <p className="text-sm">{t("clarify.empty")}</p> : null}
        <ul className="space-y-3 text-sm">
          {d.thread.map((c) => (
            <li key={c.id}>
              <p>
                <strong>问 / Q：</strong>
                {c.question} <span className="text-xs text-slate-500">{formatDate(c.createdAt, i18n.language)}</span>
              </p>
              {c.answer ? (
                <p>
                  <strong>答 / A：</strong>
                  {c.answer}
                </p>
              ) : d.owner ? (
                <Form method="post" className="mt-1 flex gap-2">
                  <input type="hidden" name="intent" value="answer" />
                  <input type="hidden" name="clarificationId" value={c.id} />
                  <label className="sr-only" htmlFor={`ans-${c.id}`}>
                    {t("clarify.answer")}
                  </label>
                  <input id={`ans-${c.id}`} name="answer" className="input" />
                  <button className="btn-secondary">{t("clarify.answerSubmit")}</button>
                </Form>
              ) : (
                <p className="text-slate-500">{t("clarify.pending")}</p>
              )}
            </li>
          ))}
        </ul>
        {d.signedIn && !d.owner ? (
          <Form method="post" className="mt-3 space-y-2">
            <FormProblem result={result} intent="ask" />
            <input type="hidden" name="intent" value="ask" />
            <label className="label" htmlFor="f-question">
              {t("clarify.question")}
            </label>
            <textarea id="f-question" name="question" rows={2} className="input" defaultValue={result?.intent === "ask" ? result.values?.question : ""} />
            <button className="btn-secondary">{t("clarify.submit")}</button>
          </Form>
        ) : null}
      </section>
    </div>
  );
}

type Mine = { id: number; version: number; state: string; summary?: string | null; approach?: string | null; team?: string | null; timeline?: string | null; cost?: number | null };

/**
 * The expert's proposal (献策): works without JavaScript through its buttons; with it, a draft
 * saves itself as it is typed (never a submitted proposal, never the attachments).
 */
function ProposalForm({ needId, mine, values: v, result }: { needId: number; mine?: Mine; values: Record<string, string>; result?: FormResult }) {
  const { t } = useTranslation("needs");
  const formRef = useRef<HTMLFormElement>(null);
  const idRef = useRef<HTMLInputElement>(null);
  const versionRef = useRef<HTMLInputElement>(null);
  const drafting = !mine || mine.state === "draft";
  const autosave = useAutosave<{ id: number; version: number }>({
    formRef,
    url: `/needs/${needId}/autosave`,
    ready: (data) => drafting && String(data.get("summary") ?? "").trim().length >= 10,
    extra: () => ({ proposalId: idRef.current?.value ?? "", version: versionRef.current?.value ?? "" }),
    onSaved: (r) => {
      if (idRef.current) idRef.current.value = String(r.id);
      if (versionRef.current) versionRef.current.value = String(r.version);
    },
  });
  return (
    <Form method="post" encType="multipart/form-data" className="mt-4 space-y-3" noValidate ref={formRef} onSubmit={autosave.beforeSubmit}>
      <h3 className="text-base">{t("proposal.new")}</h3>
      <FormProblem result={result} intent="saveProposal" />
      <input type="hidden" name="intent" value="saveProposal" />
      <AutosaveField name="proposalId" initial={mine ? String(mine.id) : ""} inputRef={idRef} />
      <AutosaveField name="version" initial={mine ? String(mine.version) : ""} inputRef={versionRef} />
      {(["summary", "approach", "team", "timeline"] as const).map((f) => (
        <div key={f}>
          <label className="label" htmlFor={`f-${f}`}>
            {t(`proposal.${f}`)}
          </label>
          <textarea id={`f-${f}`} name={f} rows={f === "summary" || f === "approach" ? 4 : 2} className="input" defaultValue={v[f] ?? mine?.[f] ?? ""} />
          <FieldError result={result} name={f} />
        </div>
      ))}
      <div>
        <label className="label" htmlFor="f-cost">
          {t("proposal.cost")}
        </label>
        <input id="f-cost" name="cost" inputMode="decimal" className="input max-w-xs" defaultValue={v.cost ?? (mine?.cost != null ? String(mine.cost) : "")} />
        <FieldError result={result} name="cost" />
      </div>
      <div>
        <label className="label" htmlFor="f-p-attachments">
          {t("proposal.attachments")}
        </label>
        <input id="f-p-attachments" name="attachments" type="file" multiple accept=".pdf,.docx,.xlsx" className="text-sm" />
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <button name="submit" value="0" className="btn-secondary">
          {t("proposal.saveDraft")}
        </button>
        <button name="submit" value="1" className="btn-primary">
          {t("proposal.submit")}
        </button>
        <AutosaveStatus autosave={autosave} waiting={drafting ? t("proposal.autosaveWaiting") : undefined} />
      </div>
    </Form>
  );
}
