import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getViewer } from "~/features/auth/guards.server";
import { CallBody, toCallView } from "~/features/calls/page";
import { callDetail } from "~/features/calls/queries.server";
import { db } from "~/lib/db.server";
import { isServiceError } from "~/lib/errors";

export const handle = { i18n: ["topics"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? data.view.call.title : "" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { actor } = getViewer(request, context);
  try {
    return { view: toCallView(callDetail(db(), actor, Number(params.id))) };
  } catch (e) {
    if (isServiceError(e)) throw new Response("Not found", { status: 404 });
    throw e;
  }
}

/** The printable view: the call alone, black on white, for paper or PDF. */
export default function PrintCall() {
  const { view } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-2xl bg-white p-6 text-black print:p-0 [&_a]:text-black">
      <style>{`@media print { header, nav, footer { display: none !important; } }`}</style>
      <CallBody v={view} />
    </div>
  );
}
