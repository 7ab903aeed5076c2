import type { AppLoadContext, LoaderFunctionArgs } from "@remix-run/node";
import type { Db } from "#db/client";
import { appendAudit } from "#db/audit";
import type { Actor } from "~/features/access/actor";
import { getViewer } from "~/features/auth/guards.server";
import { db as getDb } from "~/lib/db.server";
import { isServiceError, ServiceError, type Bilingual } from "~/lib/errors";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "./limits";
import { authenticateApiToken, tokenPrefixOf } from "./tokens.server";

/**
 * The shared plumbing of /api/v1: who is calling, the JSON envelope, the error shape and the
 * pagination parameters. Every API route is `export const loader = apiLoader(...)`.
 */

export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE };

export type Pagination = { page: number; pageSize: number; offset: number };
export type ListResult<T> = { rows: T[]; total: number };

const invalidToken: Bilingual = { zh: "API 令牌无效或已被撤销。", en: "The API token is invalid or has been revoked." };

/** 401 for a bad bearer token; `WWW-Authenticate` tells clients which scheme failed. */
export function invalidTokenError(): ServiceError {
  return new ServiceError(401, "invalid_token", invalidToken);
}

/**
 * Who is calling: an organisation's API token (`Authorization: Bearer …`), else the browser's
 * session cookie (GET only), else an anonymous visitor who sees what the public web shows.
 * An unknown or revoked token is refused with 401 and audited; it never falls back to anonymous.
 */
export function apiActor(request: Request, context?: Pick<AppLoadContext, "ip">, db: Db = getDb()): Actor {
  const ip = context?.ip ?? null;
  const header = request.headers.get("authorization");
  if (header != null) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const token = m?.[1] ?? "";
    const actor = token ? authenticateApiToken(db, token, ip) : null;
    if (actor) return actor;
    db.transaction(
      (tx) =>
        appendAudit(tx, {
          actorLabel: "anonymous",
          action: "api.token.refused",
          ip,
          result: "denied",
          detail: { path: new URL(request.url).pathname, prefix: token ? tokenPrefixOf(token) : null, scheme: m ? "bearer" : "other" },
        }),
      { behavior: "immediate" },
    );
    throw invalidTokenError();
  }
  if (request.method === "GET" || request.method === "HEAD") return getViewer(request, context, db).actor;
  return { kind: "anonymous", ip };
}

const baseHeaders = { "Cache-Control": "no-store", Vary: "Authorization, Cookie" };

export function apiJson(body: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  for (const [k, v] of Object.entries(baseHeaders)) if (!headers.has(k)) headers.set(k, v);
  return Response.json(body, { ...init, headers });
}

/** `{ data, page, pageSize, total }` — the one envelope of every list. */
export function apiList<T>(result: ListResult<T>, pg: Pagination): Response {
  return apiJson({ data: result.rows, page: pg.page, pageSize: pg.pageSize, total: result.total });
}

/** `{ error: { code, message, message_en, fields? } }` with the ServiceError's status; anything else is a 500. */
export function apiError(e: unknown): Response {
  if (e instanceof Response) return e;
  if (isServiceError(e)) {
    const fields = e.fields ? Object.fromEntries(Object.entries(e.fields).map(([k, v]) => [k, { message: v.zh, message_en: v.en }])) : undefined;
    const headers: Record<string, string> = {};
    if (e.status === 401) headers["WWW-Authenticate"] = `Bearer error="${e.code}"`;
    return apiJson({ error: { code: e.code, message: e.bilingual.zh, message_en: e.bilingual.en, ...(fields ? { fields } : {}) } }, { status: e.status, headers });
  }
  console.error(e);
  return apiJson({ error: { code: "internal", message: "服务器内部错误，请稍后再试。", message_en: "Internal server error; try again later." } }, { status: 500 });
}

export function apiNotFound(what: Bilingual = { zh: "资源", en: "resource" }): ServiceError {
  return new ServiceError(404, "not_found", { zh: `未找到该${what.zh}。`, en: `This ${what.en} was not found.` });
}

const invalidQuery: Bilingual = { zh: "查询参数有误，请按提示修改。", en: "Some query parameters are invalid." };

/** A 422 naming the query parameters at fault. */
export function invalidParams(fields: Record<string, Bilingual>): ServiceError {
  return new ServiceError(422, "invalid_query", invalidQuery, fields);
}

/** `page` (≥ 1, default 1) and `pageSize` (1–100, default 20); anything else is a 422, not silently clamped. */
export function parsePagination(params: URLSearchParams): Pagination {
  const fields: Record<string, Bilingual> = {};
  const read = (name: string, fallback: number, max: number) => {
    const raw = params.get(name);
    if (raw == null || raw === "") return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > max) {
      fields[name] =
        max === Number.MAX_SAFE_INTEGER
          ? { zh: `${name} 须为不小于 1 的整数。`, en: `${name} must be a whole number of at least 1.` }
          : { zh: `${name} 须为 1 到 ${max} 之间的整数。`, en: `${name} must be a whole number from 1 to ${max}.` };
      return fallback;
    }
    return n;
  };
  const page = read("page", 1, Number.MAX_SAFE_INTEGER);
  const pageSize = read("pageSize", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  if (Object.keys(fields).length) throw invalidParams(fields);
  return { page, pageSize, offset: (page - 1) * pageSize };
}

export type ApiArgs = LoaderFunctionArgs & { actor: Actor; url: URL; db: Db };

/**
 * Wraps an API handler: resolves the caller, turns thrown ServiceErrors into the error envelope,
 * and a returned plain value into `apiJson(value)`.
 */
export function apiLoader(handler: (args: ApiArgs) => unknown | Promise<unknown>) {
  return async (args: LoaderFunctionArgs): Promise<Response> => {
    try {
      const db = getDb();
      const actor = apiActor(args.request, args.context, db);
      const result = await handler({ ...args, actor, url: new URL(args.request.url), db });
      return result instanceof Response ? result : apiJson(result);
    } catch (e) {
      return apiError(e);
    }
  };
}

/** The same wrapper for POST endpoints (e.g. a duplicate check): bearer tokens only, see apiActor. */
export const apiAction = apiLoader;
