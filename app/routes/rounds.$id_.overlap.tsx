import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requirePermission } from "~/features/auth/guards.server";
import { TopicsNav, useTopicText } from "~/features/topics/components";
import { getRound, roundOverlap } from "~/features/topics/queries.server";
import { db } from "~/lib/db.server";
import { isServiceError } from "~/lib/errors";

export const handle = { i18n: ["topics"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.round.name} — 跨部门重叠 / Overlap` : "" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  requirePermission(request, context, "review:topic");
  try {
    const round = getRound(db(), Number(params.id));
    const o = roundOverlap(db(), round.id);
    return { round: { id: round.id, name: round.name }, ...o, pairs: o.pairs.map((p) => ({ a: p.a, b: p.b, score: Math.round(p.score * 100) / 100 })) };
  } catch (e) {
    if (isServiceError(e)) throw new Response("Not found", { status: 404 });
    throw e;
  }
}

/** Departments × departments: how many of their topics are similar; a cell drills down to its pairs. */
export default function Overlap() {
  const { round, orgs, matrix, pairs, topics } = useLoaderData<typeof loader>();
  const { t } = useTopicText();
  const [params] = useSearchParams();
  const cell = params.get("cell");
  const key = (x: number, y: number) => [x, y].sort((m, n) => m - n).join(":");
  const shown = cell ? pairs.filter((p) => key(p.a.organisationId, p.b.organisationId) === cell) : pairs;
  return (
    <div>
      <TopicsNav reviewer />
      <h1 className="mb-1">{t("overlap.heading", { round: round.name })}</h1>
      <p className="mb-4 text-sm text-slate-600">{t("overlap.intro", { topics, pairs: pairs.length })}</p>
      <div className="overflow-x-auto">
        <table className="table">
          <caption className="sr-only">{t("overlap.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">
                <span className="sr-only">{t("queue.department")}</span>
              </th>
              {orgs.map((o) => (
                <th key={o.id} scope="col" className="text-xs">
                  {o.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {orgs.map((r) => (
              <tr key={r.id}>
                <th scope="row" className="text-left text-xs">
                  {r.name}
                </th>
                {orgs.map((c) => {
                  const n = matrix[key(r.id, c.id)] ?? 0;
                  return (
                    <td key={c.id} className={`text-center tabular-nums ${n ? (r.id === c.id ? "bg-amber-50" : "bg-red-50 font-semibold") : "text-slate-400"}`}>
                      {n ? (
                        <Link to={`?cell=${key(r.id, c.id)}`} aria-label={t("overlap.cellLabel", { a: r.name, b: c.name, n })}>
                          {n}
                        </Link>
                      ) : (
                        "0"
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section className="mt-6" aria-labelledby="pairs-heading">
        <h2 id="pairs-heading" className="text-base">
          {cell ? t("overlap.pairsFor") : t("overlap.pairs")} {cell ? <Link to="?">{t("overlap.all")}</Link> : null}
        </h2>
        <ul className="mt-2 space-y-2 text-sm">
          {shown.map((p) => (
            <li key={`${p.a.id}-${p.b.id}`} className="card">
              <span className="tag">{p.score.toFixed(2)}</span> <Link to={`/topics/${p.a.id}`}>{p.a.title}</Link> ↔ <Link to={`/topics/${p.b.id}`}>{p.b.title}</Link>
              <Link className="ml-2" to={`/topics/merge?ids=${p.a.id}&ids=${p.b.id}`}>
                {t("overlap.merge")}
              </Link>
            </li>
          ))}
          {shown.length === 0 ? <li className="text-slate-600">{t("overlap.none")}</li> : null}
        </ul>
      </section>
    </div>
  );
}
