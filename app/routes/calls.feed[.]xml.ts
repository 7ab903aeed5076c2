import type { LoaderFunctionArgs } from "@remix-run/node";
import { callsFeed } from "~/features/calls/queries.server";
import { db } from "~/lib/db.server";

/** The Atom feed of published calls. */
export async function loader({ request }: LoaderFunctionArgs) {
  const origin = new URL(request.url).origin;
  return new Response(callsFeed(db(), origin), { headers: { "Content-Type": "application/atom+xml; charset=utf-8", "Cache-Control": "public, max-age=300" } });
}
