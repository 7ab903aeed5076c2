import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import type { Actor } from "~/features/access/actor";
import { requireUser } from "~/features/auth/guards.server";
import { db } from "~/lib/db.server";
import { isServiceError } from "~/lib/errors";
import { submitNeedIntent } from "./actions.server";
import { getNeed } from "./queries.server";

/**
 * A need for a page, or "not found": a need the reader may not see is indistinguishable from one
 * that does not exist. `ownerOnly` pages (reviewer assignment) are the owner department's alone.
 */
export function needOr404(actor: Actor, idParam: string | undefined, { ownerOnly = false } = {}) {
  const id = Number(idParam);
  if (!Number.isInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  try {
    const d = getNeed(db(), actor, id);
    if (ownerOnly && !d.owner) throw new Response("Not found", { status: 404 });
    return d;
  } catch (e) {
    if (isServiceError(e) && e.status === 404) throw new Response("Not found", { status: 404 });
    throw e;
  }
}

/** The action of a need's pages: every form there posts an `intent` for the one dispatcher. */
export async function needPageAction({ request, context, params }: ActionFunctionArgs, opts: { ownerOnly?: boolean } = {}) {
  const { actor } = requireUser(request, context);
  const d = needOr404(actor, params.id, opts);
  const outcome = await submitNeedIntent(db(), actor, d.need.id, await request.formData());
  return outcome.ok ? redirect(outcome.redirect) : outcome.response;
}
