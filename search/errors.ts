/**
 * What can go wrong talking to a search engine, in words people can act on (both interface
 * languages, the shape of the app's ServiceError so routes show it the same way). `transient`
 * tells the circuit breaker whether the engine itself is in trouble (down, slow, 5xx, garbage)
 * rather than refusing one request.
 */
export type SearchErrorKind = "unavailable" | "timeout" | "bad_response" | "task_failed" | "task_timeout" | "rejected" | "not_configured" | "circuit_open" | "building";

const MESSAGES: Record<SearchErrorKind, { zh: string; en: string }> = {
  unavailable: { zh: "搜索服务暂时无法连接。", en: "The search service cannot be reached at the moment." },
  timeout: { zh: "搜索服务响应超时。", en: "The search service took too long to answer." },
  bad_response: { zh: "搜索服务返回了无法识别的内容。", en: "The search service answered with something unreadable." },
  task_failed: { zh: "搜索索引未能完成更新。", en: "The search index could not complete an update." },
  task_timeout: { zh: "搜索索引更新等待超时。", en: "Waiting for the search index to update took too long." },
  rejected: { zh: "搜索服务拒绝了该请求（配置或密钥有误）。", en: "The search service refused the request (check its configuration and keys)." },
  not_configured: { zh: "未配置搜索服务。", en: "No search service is configured." },
  building: { zh: "搜索索引正在建立，暂由备用引擎提供结果。", en: "The search index is being built; the backup engine answers meanwhile." },
  circuit_open: { zh: "搜索服务暂停使用，稍后自动重试。", en: "The search service is paused after repeated failures and will be retried shortly." },
};

export class SearchUnavailableError extends Error {
  readonly status = 503;
  readonly code: string;
  readonly bilingual: { zh: string; en: string };

  constructor(
    readonly kind: SearchErrorKind,
    readonly detail: string,
    readonly transient: boolean,
  ) {
    const bilingual = MESSAGES[kind];
    super(`${bilingual.zh} / ${bilingual.en} (${detail})`);
    this.name = "SearchUnavailableError";
    this.code = `search_${kind}`;
    this.bilingual = bilingual;
  }
}

export function isSearchError(e: unknown): e is SearchUnavailableError {
  return e instanceof SearchUnavailableError;
}
