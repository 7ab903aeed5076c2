import type { ActionFunctionArgs } from "@remix-run/node";
import { apiAction, apiList, apiLoader, parsePagination } from "~/features/api/api.server";
import { listTopicsFor, topicResource } from "~/features/topics/api.server";
import { createTopic } from "~/features/topics/verbs.server";
import { ServiceError } from "~/lib/errors";

/** GET /api/v1/topics — the caller's topics (the pool for the management office); POST creates a draft. */
export const loader = apiLoader(({ url, db, actor }) => {
  const pg = parsePagination(url.searchParams);
  return apiList(listTopicsFor(db, actor, url.searchParams, pg), pg);
});

export const action = (args: ActionFunctionArgs) =>
  apiAction(async ({ request, db, actor }) => {
    if (request.method !== "POST") throw new ServiceError(405, "method_not_allowed", { zh: "请使用 POST。", en: "Use POST." });
    const body = (await request.json().catch(() => null)) as Record<string, unknown> | null;
    if (!body || typeof body !== "object" || Array.isArray(body)) throw new ServiceError(400, "invalid_body", { zh: "请求体须为 JSON 对象。", en: "The request body must be a JSON object." });
    return { data: topicResource(createTopic({ db, actor }, body)) };
  })(args);
