import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { checkDraft, readDraft } from "~/features/dedup/check.server";
import { getViewer } from "~/features/auth/guards.server";
import { db } from "~/lib/db.server";

/**
 * The live "similar projects" panel asks here (JSON) while a title is typed: GET with the
 * draft in the query string, or POST as a form. An invalid draft answers 422 with the
 * per-field messages; an empty one answers no matches.
 */
async function answer(request: Request, context: LoaderFunctionArgs["context"], fields: Record<string, unknown>) {
  const { actor } = getViewer(request, context);
  const parsed = readDraft(fields);
  if (!parsed.success) {
    if (!fields.text || String(fields.text).trim() === "") return Response.json({ level: "none", matches: [] }, { headers: { "Cache-Control": "no-store" } });
    return Response.json({ error: parsed.error.issues.map((i) => ({ field: i.path[0], message: i.message })) }, { status: 422 });
  }
  const r = await checkDraft(db(), actor, parsed.data);
  return Response.json({ level: r.level, matches: r.matches, degraded: r.degraded ?? false }, { headers: { "Cache-Control": "no-store" } });
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  return answer(request, context, Object.fromEntries(new URL(request.url).searchParams));
}

export async function action({ request, context }: ActionFunctionArgs) {
  return answer(request, context, Object.fromEntries(await request.formData()));
}
