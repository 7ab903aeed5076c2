import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/features/auth/guards.server";
import { TopicsNav, useTopicText } from "~/features/topics/components";
import { getRound, roundDashboard } from "~/features/topics/queries.server";
import { db } from "~/lib/db.server";
import { isServiceError } from "~/lib/errors";

export const handle = { i18n: ["topics"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.round.name} — 概览 / Dashboard` : "" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  requirePermission(request, context, "review:topic");
  try {
    const round = getRound(db(), Number(params.id));
    return { round: { id: round.id, name: round.name }, dash: roundDashboard(db(), round.id) };
  } catch (e) {
    if (isServiceError(e)) throw new Response("Not found", { status: 404 });
    throw e;
  }
}

function Tally({ title, rows, label }: { title: string; rows: [string, number][]; label?: (k: string) => string }) {
  return (
    <section className="card">
      <h2 className="text-base">{title}</h2>
      <table className="table mt-2">
        <tbody>
          {rows.map(([k, n]) => (
            <tr key={k}>
              <th scope="row" className="text-left font-normal">
                {label ? label(k) : k}
              </th>
              <td className="text-right tabular-nums">{n}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export default function RoundDashboard() {
  const { round, dash } = useLoaderData<typeof loader>();
  const { t } = useTopicText();
  return (
    <div>
      <TopicsNav reviewer />
      <h1 className="mb-1">{round.name}</h1>
      <p className="mb-4 text-sm">
        <Link to={`/rounds/${round.id}/overlap`}>{t("rounds.overlap")}</Link>
      </p>
      <dl className="mb-6 grid gap-3 sm:grid-cols-5">
        {(
          [
            ["total", dash.total],
            ["duplicatesCaught", dash.duplicatesCaught],
            ["similarCaught", dash.similarCaught],
            ["merged", dash.merged],
            ["medianScreening", dash.medianScreeningHours == null ? "—" : t("rounds.hours", { n: dash.medianScreeningHours })],
          ] as const
        ).map(([k, v]) => (
          <div key={k} className="card">
            <dt className="text-xs text-slate-600">{t(`rounds.${k}`)}</dt>
            <dd className="text-2xl font-semibold tabular-nums">{v}</dd>
          </div>
        ))}
      </dl>
      <div className="grid gap-4 md:grid-cols-3">
        <Tally title={t("rounds.byOrg")} rows={dash.byOrg} />
        <Tally title={t("rounds.byState")} rows={dash.byState} label={(k) => t(`state.${k}`)} />
        <Tally title={t("rounds.byDiscipline")} rows={dash.byDiscipline} />
      </div>
    </div>
  );
}
