import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/features/auth/guards.server";
import { safeLink } from "~/features/notifications/queries.server";
import { markNotificationRead } from "~/features/notifications/verbs.server";
import { db } from "~/lib/db.server";
import { isServiceError } from "~/lib/errors";

/** Opening a notice marks it read and goes to the thing it is about (the page checks who may see it). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { actor } = requireUser(request, context);
  const id = Number(params.id);
  if (!Number.isInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  try {
    const r = markNotificationRead({ db: db(), actor }, { id });
    return redirect(safeLink(r.link) ?? "/notifications");
  } catch (e) {
    if (isServiceError(e)) throw new Response(e.bilingual.en, { status: e.status });
    throw e;
  }
}
