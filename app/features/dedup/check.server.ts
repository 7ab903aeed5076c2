import { inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "#db/client";
import { projects } from "#db/schema";
import { checkText, type CheckResult, type Match } from "#search/dedup/check";
import { getSearchEngine } from "#search/index";
import type { Actor } from "~/features/access/actor";
import { can } from "~/features/access/permissions";
import { ServiceError } from "~/lib/errors";

/** What a draft check accepts, the same for the page, the live panel and the API. */
export const draftSchema = z.object({
  text: z.string({ required_error: "请填写题目 / Please enter a title", invalid_type_error: "题目须为文字 / The title must be text" }).trim().min(1, "请填写题目 / Please enter a title").max(2000, "题目不能超过 2000 字 / A title may not exceed 2,000 characters"),
  summary: z.string().trim().max(20_000, "摘要不能超过 20000 字 / A summary may not exceed 20,000 characters").optional(),
  person: z.string().trim().max(100, "负责人不能超过 100 字 / A name may not exceed 100 characters").optional(),
  institution: z.string().trim().max(200, "单位不能超过 200 字 / An institution may not exceed 200 characters").optional(),
});
export type Draft = z.infer<typeof draftSchema>;

/** Reads a draft from form fields or JSON, empty strings as absent. */
export function readDraft(input: Record<string, unknown>): z.SafeParseReturnType<unknown, Draft> {
  const clean = Object.fromEntries(Object.entries(input).filter(([, v]) => typeof v === "string" && v.trim() !== ""));
  return draftSchema.safeParse(clean);
}

export function invalidDraft(error: z.ZodError): ServiceError {
  const fields = Object.fromEntries(
    error.issues.map((i) => {
      const [zh, en] = i.message.split(" / ");
      return [String(i.path[0] ?? "text"), { zh, en: en ?? zh }];
    }),
  );
  return new ServiceError(422, "invalid_draft", { zh: "请按提示修改后再查重。", en: "Please correct the highlighted fields and check again." }, fields);
}

/**
 * Only matches the reader may see are returned, re-checked against the database: archived
 * projects are public; records of types a later capability adds are shown only once it
 * registers who may see them.
 */
export type MatchVisibility = (db: Db, actor: Actor, entityIds: string[]) => Set<string>;
export const matchVisibility: Record<string, MatchVisibility> = {
  project: (db, actor, ids) => {
    if (!can(actor, "read:archive")) return new Set();
    const nums = ids.map(Number).filter(Number.isInteger);
    if (!nums.length) return new Set();
    return new Set(db.select({ id: projects.id }).from(projects).where(inArray(projects.id, nums)).all().map((r) => String(r.id)));
  },
};

/**
 * Which shown matches the reader may also open: a type listed here has a page with a stricter
 * permission than seeing the match (another department's topic); a type not listed opens
 * whenever it is shown.
 */
export const matchOpenable: Record<string, MatchVisibility> = {};

/** A match as shown to one reader: `openable` says whether its page will open for them. */
export type ShownMatch = Match & { openable: boolean };

export function visibleMatches(db: Db, actor: Actor, matches: Match[]): ShownMatch[] {
  const byType = new Map<string, string[]>();
  for (const m of matches) (byType.get(m.type) ?? byType.set(m.type, []).get(m.type)!).push(m.entityId);
  const ok = new Set<string>();
  const open = new Set<string>();
  for (const [type, ids] of byType) {
    const seen = [...(matchVisibility[type]?.(db, actor, ids) ?? [])];
    for (const id of seen) ok.add(`${type}:${id}`);
    const opener = matchOpenable[type];
    for (const id of opener ? opener(db, actor, seen) : seen) open.add(`${type}:${id}`);
  }
  return matches.filter((m) => ok.has(`${m.type}:${m.entityId}`)).map((m) => ({ ...m, openable: open.has(`${m.type}:${m.entityId}`) }));
}

export async function checkDraft(db: Db, actor: Actor, draft: Draft): Promise<CheckResult> {
  const r = await checkText(db, getSearchEngine(db), draft);
  const matches = visibleMatches(db, actor, r.matches);
  const level = matches.some((m) => m.level === "duplicate") ? "duplicate" : matches.some((m) => m.level === "similar") ? "similar" : "none";
  return { ...r, matches, level };
}
