import type { ActionFunctionArgs } from "@remix-run/node";
import { getViewer } from "~/features/auth/guards.server";
import { autosaveProposal } from "~/features/needs/actions.server";
import { db } from "~/lib/db.server";
import { isServiceError } from "~/lib/errors";

/** The proposal form's autosave: JSON in answer to the form's own fields plus `proposalId` and `version`. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { actor, user } = getViewer(request, context);
  if (!user) return Response.json({ code: "unauthenticated", message: { zh: "登录已过期，请重新登录后保存。", en: "You are signed out; sign in again to save." } }, { status: 401 });
  const needId = Number(params.id);
  if (!Number.isInteger(needId) || needId <= 0) return Response.json({ code: "not_found", message: { zh: "未找到该决策需求。", en: "This need was not found." } }, { status: 404 });
  try {
    return Response.json(autosaveProposal(db(), actor, needId, await request.formData()));
  } catch (e) {
    if (!isServiceError(e)) throw e;
    return Response.json({ code: e.code, message: e.bilingual, fields: e.fields ?? {} }, { status: e.status });
  }
}

export const loader = () => new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });
