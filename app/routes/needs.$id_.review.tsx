import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { recommendForNeed } from "~/features/matching/affinity.server";
import { assignmentsOf, conflictChecker, conflictText, reviewHistory } from "~/features/matching/review.server";
import { requireUser } from "~/features/auth/guards.server";
import { FieldError, FormProblem, useBi } from "~/features/needs/components";
import { formatDateTime } from "~/i18n/format";
import { db } from "~/lib/db.server";
import { needOr404, needPageAction } from "~/features/needs/route.server";
import type { Bilingual } from "~/lib/errors";

export const handle = { i18n: ["needs"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `评审分配 / Reviewer assignment · ${data.need.question}` : "评审分配 / Reviewer assignment" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { actor } = requireUser(request, context);
  const d = needOr404(actor, params.id, { ownerOnly: true });
  const items = d.proposals.filter((p) => ["submitted", "shortlisted"].includes(p.state));
  const assignments = assignmentsOf(db(), d.need.id);
  const recs = await recommendForNeed(db(), d.need.id, { limit: 30 });
  const candidates = new Map<number, string>();
  for (const r of recs) candidates.set(r.personId, r.name);
  for (const a of assignments) candidates.set(a.personId, a.name);
  const history = reviewHistory(db(), d.need.id);
  // say beside each candidate why they cannot take an item, before the reviewer tries
  const rows = items.map((p) => ({ id: p.id, personId: p.personId, organisationId: p.organisationId }));
  const conflictOf = conflictChecker(db(), d.need.id, rows, [...candidates.keys()]);
  return {
    need: { id: d.need.id, question: d.need.question, settings: d.need.reviewSettings ?? null },
    items: items.map((p) => ({
      id: p.id,
      personName: p.personName,
      organisationName: p.organisationName,
      summary: p.summary.length > 160 ? `${p.summary.slice(0, 160)}…` : p.summary,
      assigned: assignments.filter((a) => a.proposalId === p.id),
      history: (history.get(p.id) ?? []).map((h) => ({ ...h, at: h.at.toISOString() })),
      conflicts: Object.fromEntries(
        [...candidates.keys()].flatMap((pid) => {
          const k = conflictOf({ id: p.id, personId: p.personId, organisationId: p.organisationId }, pid);
          return k ? [[pid, conflictText(k)]] : [];
        }),
      ),
    })),
    candidates: [...candidates.entries()].map(([id, name]) => ({ id, name })),
  };
}

export const action = (args: ActionFunctionArgs) => needPageAction(args, { ownerOnly: true });

export default function ReviewPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation("needs");
  const [sp] = useSearchParams();
  const done = sp.get("done");
  const s = d.need.settings;
  /** what the person typed into this item's form, when that form failed */
  const typed = (intent: string, proposalId: number, op?: string) =>
    result?.intent === intent && result.values?.proposalId === String(proposalId) && (!op || result.values?.op === op) ? (result.values ?? {}) : null;
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm">
          <Link to={`/needs/${d.need.id}`}>← {d.need.question}</Link>
        </p>
        <h1 className="mt-1">{t("review.title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("review.intro")}</p>
        {done ? (
          <p role="status" className="mt-2 rounded bg-green-50 p-2 text-sm text-green-800">
            {t(`review.done.${done}`)}
          </p>
        ) : null}
      </div>

      <section className="card" aria-labelledby="solve-h">
        <h2 id="solve-h" className="text-base">
          {t("review.solveTitle")}
        </h2>
        <FormProblem result={result} intent="assign" />
        <Form method="post" className="flex flex-wrap items-end gap-3">
          <input type="hidden" name="intent" value="assign" />
          <div>
            <label className="label" htmlFor="f-k">
              {t("review.k")}
            </label>
            <input id="f-k" name="k" type="number" min={1} max={10} defaultValue={result?.intent === "assign" ? result.values?.k : String(s?.k ?? 2)} className="input w-24" />
          </div>
          <div>
            <label className="label" htmlFor="f-L">
              {t("review.L")}
            </label>
            <input id="f-L" name="L" type="number" min={1} max={50} defaultValue={result?.intent === "assign" ? result.values?.L : String(s?.L ?? 2)} className="input w-24" />
          </div>
          <label className="flex items-center gap-1 text-sm">
            <input type="checkbox" name="minTypes" value="2" defaultChecked={result?.intent === "assign" ? result.values?.minTypes === "2" : s?.minTypes === 2} />
            {t("review.balance")}
          </label>
          <button className="btn-primary">{t("review.solve")}</button>
        </Form>
        <p className="mt-2 text-xs text-slate-600">{t("review.manualKept")}</p>
      </section>

      {d.items.length === 0 ? <p className="text-sm">{t("review.noItems")}</p> : null}
      {d.items.map((item) => {
        const add = typed("override", item.id, "add");
        const conflict = typed("conflict", item.id);
        const remove = typed("override", item.id, "remove");
        return (
          <section key={item.id} id={`item-${item.id}`} className="card" aria-labelledby={`item-h-${item.id}`} data-testid="review-item">
            <h2 id={`item-h-${item.id}`} className="text-base">
              {t("review.item", { name: item.personName ?? "—", id: item.id })}
              <span className="ml-2 text-sm font-normal text-slate-500">{item.organisationName}</span>
            </h2>
            <p className="text-sm text-slate-700">{item.summary}</p>
            {remove || add || conflict ? <FormProblem result={result} /> : null}

            <h3 className="mt-3 text-sm font-semibold">{t("review.assigned")}</h3>
            {item.assigned.length === 0 ? <p className="text-sm text-slate-600">{t("review.none")}</p> : null}
            <ul className="space-y-2" data-testid="assigned">
              {item.assigned.map((a) => (
                <li key={a.personId} className="flex flex-wrap items-center gap-2 text-sm">
                  <span className="font-medium">{a.name}</span>
                  <span className="text-xs text-slate-500">
                    {t("recs.score")} {a.affinity.toFixed(2)}
                  </span>
                  {a.manual ? <span className="tag">{t("review.manual")}</span> : null}
                  <Form method="post" className="flex flex-wrap items-center gap-1">
                    <input type="hidden" name="intent" value="override" />
                    <input type="hidden" name="op" value="remove" />
                    <input type="hidden" name="proposalId" value={item.id} />
                    <input type="hidden" name="personId" value={a.personId} />
                    <label className="sr-only" htmlFor={remove?.personId === String(a.personId) ? "f-reason" : `rm-${item.id}-${a.personId}`}>
                      {t("review.removeReason", { name: a.name })}
                    </label>
                    <input
                      id={remove?.personId === String(a.personId) ? "f-reason" : `rm-${item.id}-${a.personId}`}
                      name="reason"
                      placeholder={t("review.reasonPlaceholder")}
                      className="input w-48 text-xs"
                      defaultValue={remove?.personId === String(a.personId) ? remove.reason : ""}
                    />
                    <button className="btn-secondary text-xs">{t("review.remove")}</button>
                  </Form>
                </li>
              ))}
            </ul>

            <div className="mt-3 grid gap-4 md:grid-cols-2">
              <Form method="post" className="space-y-1" aria-label={t("review.addTitle")}>
                <h3 className="text-sm font-semibold">{t("review.addTitle")}</h3>
                <input type="hidden" name="intent" value="override" />
                <input type="hidden" name="op" value="add" />
                <input type="hidden" name="proposalId" value={item.id} />
                <ExpertPicker id={add ? "f-personId" : `add-p-${item.id}`} value={add?.personId} candidates={d.candidates} conflicts={item.conflicts} />
                {add ? <FieldError result={result} name="personId" /> : null}
                <label className="label text-xs" htmlFor={add ? "f-reason" : `add-r-${item.id}`}>
                  {t("review.reason")}
                </label>
                <input id={add ? "f-reason" : `add-r-${item.id}`} name="reason" className="input text-sm" defaultValue={add?.reason ?? ""} />
                {add ? <FieldError result={result} name="reason" /> : null}
                <button className="btn-secondary text-xs">{t("review.add")}</button>
              </Form>
              <Form method="post" className="space-y-1" aria-label={t("review.conflictTitle")}>
                <h3 className="text-sm font-semibold">{t("review.conflictTitle")}</h3>
                <input type="hidden" name="intent" value="conflict" />
                <input type="hidden" name="proposalId" value={item.id} />
                <ExpertPicker id={conflict ? "f-personId" : `cf-p-${item.id}`} value={conflict?.personId} candidates={d.candidates} conflicts={item.conflicts} />
                <label className="label text-xs" htmlFor={conflict ? "f-reason" : `cf-r-${item.id}`}>
                  {t("review.conflictReason")}
                </label>
                <input id={conflict ? "f-reason" : `cf-r-${item.id}`} name="reason" className="input text-sm" defaultValue={conflict?.reason ?? ""} />
                {conflict ? <FieldError result={result} name="reason" /> : null}
                <button className="btn-secondary text-xs">{t("review.declare")}</button>
              </Form>
            </div>

            <details className="mt-3" open={item.history.length > 0 && item.history.length <= 5}>
              <summary className="cursor-pointer text-sm font-semibold">{t("review.history", { count: item.history.length })}</summary>
              <ol className="mt-1 space-y-1 text-xs" data-testid="item-history">
                {item.history.map((h, i) => (
                  <li key={i}>
                    {formatDateTime(h.at, i18n.language)} · {h.actor} · {t(`review.op.${h.op}`, { defaultValue: h.op })} {h.personName ?? ""}
                    {h.reason ? ` — ${h.reason}` : ""}
                  </li>
                ))}
              </ol>
            </details>
          </section>
        );
      })}
    </div>
  );
}

/** The expert select of an item's forms: every candidate, each with the conflict it has with this item, if any. */
function ExpertPicker({ id, value, candidates, conflicts }: { id: string; value?: string; candidates: { id: number; name: string }[]; conflicts: Record<number, Bilingual> }) {
  const { t } = useTranslation("needs");
  const bi = useBi();
  return (
    <>
      <label className="label text-xs" htmlFor={id}>
        {t("review.expert")}
      </label>
      <select id={id} name="personId" className="input text-sm" defaultValue={value}>
        <option value="">{t("review.choose")}</option>
        {candidates.map((c) => (
          <option key={c.id} value={c.id}>
            {conflicts[c.id] ? `${c.name}（${t("review.hasConflict")}：${bi(conflicts[c.id])}）` : c.name}
          </option>
        ))}
      </select>
    </>
  );
}
