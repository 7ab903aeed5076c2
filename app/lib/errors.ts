/** A message for people, in both interface languages. */
export type Bilingual = { zh: string; en: string };

/**
 * The one error a feature throws for something the caller can act on. Routes turn it into a
 * page or form message; the API into JSON with both languages.
 */
export class ServiceError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    public readonly bilingual: Bilingual,
    public readonly fields?: Record<string, Bilingual>,
  ) {
    super(`${bilingual.zh} / ${bilingual.en}`);
    this.name = "ServiceError";
  }
}

export const forbidden = () =>
  new ServiceError(403, "forbidden", { zh: "您没有执行此操作的权限。", en: "You are not allowed to do this." });
export const notFound = (what: Bilingual = { zh: "记录", en: "record" }) =>
  new ServiceError(404, "not_found", { zh: `未找到该${what.zh}。`, en: `This ${what.en} was not found.` });
export const conflict = () =>
  new ServiceError(409, "conflict", {
    zh: "该记录已被他人修改，请刷新后重试；您填写的内容已保留。",
    en: "Someone else changed this record. Reload and try again; what you typed is kept.",
  });

export function isServiceError(e: unknown): e is ServiceError {
  return e instanceof ServiceError;
}
