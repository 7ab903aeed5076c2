import type { ActionFunctionArgs } from "@remix-run/node";
import { apiAction, apiJson } from "~/features/api/api.server";
import { checkDraft, invalidDraft, readDraft } from "~/features/dedup/check.server";
import { ServiceError } from "~/lib/errors";

/**
 * POST /api/v1/dedup/check — `{text, summary?, person?, institution?}` answers one check;
 * `{items: [{id, text, …}]}` (at most 500) answers `{results: [{id, level, matches} | {id, error}]}`.
 */
const MAX_ITEMS = 500;
const badBody = () => new ServiceError(400, "invalid_body", { zh: "请求体须为 JSON 对象。", en: "The request body must be a JSON object." });

export const loader = () => apiJson({ error: { code: "method_not_allowed", message: "请使用 POST。", message_en: "Use POST." } }, { status: 405, headers: { Allow: "POST" } });

export const action = (args: ActionFunctionArgs) =>
  apiAction(async ({ request, db, actor }) => {
    if (request.method !== "POST") throw new ServiceError(405, "method_not_allowed", { zh: "请使用 POST。", en: "Use POST." });
    let body: unknown;
    try {
      body = await request.json();
    } catch {
      throw badBody();
    }
    if (!body || typeof body !== "object" || Array.isArray(body)) throw badBody();
    const b = body as Record<string, unknown>;
    if (Array.isArray(b.items)) {
      if (b.items.length > MAX_ITEMS)
        throw new ServiceError(413, "too_many_items", { zh: `单次最多 ${MAX_ITEMS} 条。`, en: `At most ${MAX_ITEMS} items per request.` });
      const results = [];
      for (const [i, raw] of b.items.entries()) {
        const item = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
        const id = typeof item.id === "string" || typeof item.id === "number" ? String(item.id) : `item-${i + 1}`;
        const parsed = readDraft(item);
        if (!parsed.success) {
          const e = invalidDraft(parsed.error);
          results.push({ id, error: { code: e.code, message: e.bilingual.zh, message_en: e.bilingual.en, fields: e.fields } });
          continue;
        }
        const r = await checkDraft(db, actor, parsed.data);
        results.push({ id, level: r.level, matches: r.matches });
      }
      return { results };
    }
    const parsed = readDraft(b);
    if (!parsed.success) throw invalidDraft(parsed.error);
    const r = await checkDraft(db, actor, parsed.data);
    return { level: r.level, matches: r.matches, degraded: r.degraded ?? false };
  })(args);
