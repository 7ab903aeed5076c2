import type { ActionFunctionArgs } from "@remix-run/node";
import { apiAction, apiJson } from "~/features/api/api.server";
import { topicResource } from "~/features/topics/api.server";
import { transitionTopic } from "~/features/topics/verbs.server";
import { ServiceError } from "~/lib/errors";

/** POST /api/v1/topics/:id/transition — `{to, note?, duplicateAck?}` moves a topic through the state machine. */
export const loader = () => apiJson({ error: { code: "method_not_allowed", message: "请使用 POST。", message_en: "Use POST." } }, { status: 405, headers: { Allow: "POST" } });

export const action = (args: ActionFunctionArgs) =>
  apiAction(async ({ request, params, db, actor }) => {
    const body = (await request.json().catch(() => null)) as Record<string, unknown> | null;
    if (!body || typeof body !== "object" || Array.isArray(body)) throw new ServiceError(400, "invalid_body", { zh: "请求体须为 JSON 对象。", en: "The request body must be a JSON object." });
    const t = await transitionTopic({ db, actor }, { ...body, id: Number(params.id) });
    return { data: topicResource(t) };
  })(args);
