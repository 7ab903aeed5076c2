import { and, inArray, notInArray } from "drizzle-orm";
import type { Db } from "#db/client";
import { topicBundleSources, topics, topicSponsors } from "#db/schema";
import { checkText, type CheckResult, type Match } from "#search/dedup/check";
import { getSearchEngine } from "#search/index";
import type { Actor } from "~/features/access/actor";
import { can } from "~/features/access/permissions";
import { matchOpenable, matchVisibility, visibleMatches } from "~/features/dedup/check.server";

/**
 * Submitted topics in the pool are visible as duplicate matches (title and owner) to anyone who
 * proposes or reviews topics, so departments see each other's overlap (差异化选题); drafts and
 * withdrawn topics are never shown.
 */
matchVisibility.topic = (db, actor, ids) => {
  const proposer = actor.kind === "user" && actor.memberships.length > 0;
  if (!proposer && actor.kind !== "apiToken" && !can(actor, "review:topic")) return new Set();
  const nums = ids.map(Number).filter(Number.isInteger);
  if (!nums.length) return new Set();
  return new Set(
    db
      .select({ id: topics.id })
      .from(topics)
      .where(and(inArray(topics.id, nums), notInArray(topics.state, ["draft", "withdrawn"])))
      .all()
      .map((r) => String(r.id)),
  );
};

/** A topic match links to its page only for readers who may open it (its organisation, co-sponsors, the office). */
matchOpenable.topic = (db, actor, ids) => {
  const nums = ids.map(Number).filter(Number.isInteger);
  if (!nums.length) return new Set();
  const orgs = new Map<number, number[]>();
  for (const r of db.select({ id: topics.id, org: topics.organisationId }).from(topics).where(inArray(topics.id, nums)).all()) orgs.set(r.id, [r.org]);
  for (const r of db.select({ id: topicSponsors.topicId, org: topicSponsors.organisationId }).from(topicSponsors).where(inArray(topicSponsors.topicId, nums)).all()) orgs.get(r.id)?.push(r.org);
  return new Set([...orgs].filter(([, os]) => os.some((o) => can(actor, "read:topic", { organisationId: o }))).map(([id]) => String(id)));
};

export type TopicDraft = { id?: number; title: string; policyNeed?: string; organisationName?: string };

/** Similar topics and archive projects for a topic, excluding itself and the topics bundled into it. */
export async function checkTopic(db: Db, actor: Actor, draft: TopicDraft): Promise<CheckResult> {
  const exclude: string[] = [];
  if (draft.id) {
    exclude.push(`topic:${draft.id}`);
    for (const s of db.select({ id: topicBundleSources.sourceId }).from(topicBundleSources).where(inArray(topicBundleSources.bundleId, [draft.id])).all()) exclude.push(`topic:${s.id}`);
  }
  const r = await checkText(db, getSearchEngine(db), { text: draft.title, summary: draft.policyNeed || undefined, excludeIds: exclude }, { limit: 12 });
  const matches = visibleMatches(db, actor, r.matches);
  return { ...r, matches, level: levelOf(matches) };
}

export function levelOf(matches: Match[]): CheckResult["level"] {
  return matches.some((m) => m.level === "duplicate") ? "duplicate" : matches.some((m) => m.level === "similar") ? "similar" : "none";
}

/** Archive projects only, for saturation: up to 60 candidates. */
export async function archiveMatches(db: Db, title: string, summary?: string): Promise<Match[]> {
  const r = await checkText(db, getSearchEngine(db), { text: title, summary }, { limit: 60, types: ["project"] });
  return r.matches;
}
