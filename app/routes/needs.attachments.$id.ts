import type { LoaderFunctionArgs } from "@remix-run/node";
import { getViewer } from "~/features/auth/guards.server";
import { getAttachment } from "~/features/needs/queries.server";
import { db } from "~/lib/db.server";
import { isServiceError } from "~/lib/errors";

/** An attachment, for those who may see its need (and, for a proposal's, its proposal). */
export function loader({ request, context, params }: LoaderFunctionArgs) {
  const { actor } = getViewer(request, context);
  const id = Number(params.id);
  if (!Number.isInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  try {
    const a = getAttachment(db(), actor, id);
    return new Response(new Uint8Array(a.content), {
      headers: {
        "Content-Type": a.mime,
        "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(a.fileName)}`,
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
      },
    });
  } catch (e) {
    if (isServiceError(e) && e.status === 404) throw new Response("Not found", { status: 404 });
    throw e;
  }
}
