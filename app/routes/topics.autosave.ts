import type { ActionFunctionArgs } from "@remix-run/node";
import { getViewer } from "~/features/auth/guards.server";
import { formValues } from "~/features/topics/forms.server";
import { autosaveTopic } from "~/features/topics/propose.server";
import { db } from "~/lib/db.server";
import { isServiceError } from "~/lib/errors";

/** The proposal form's autosave: JSON in answer to the form's own fields plus `id` and `version`. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { actor, user } = getViewer(request, context);
  // a fetch would follow the sign-in redirect and read a page: say it plainly instead
  if (!user) return Response.json({ code: "unauthenticated", message: { zh: "登录已过期，请重新登录后保存。", en: "You are signed out; sign in again to save." } }, { status: 401 });
  const values = formValues(await request.formData(), ["expectedOutputs"]);
  try {
    return Response.json(autosaveTopic(db(), actor, values));
  } catch (e) {
    if (!isServiceError(e)) throw e;
    return Response.json({ code: e.code, message: e.bilingual, fields: e.fields ?? {} }, { status: e.status });
  }
}

export const loader = () => new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });
