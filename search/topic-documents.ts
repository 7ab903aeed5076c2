import { inArray } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { calls, organisations, rounds, topics } from "#db/schema";
import type { SearchDoc } from "./port";

/** States in which a topic is a duplicate-check candidate: drafts, withdrawn and merged-away topics are not. */
const CANDIDATE_STATES = new Set(["submitted", "screening", "returned", "accepted", "rejected", "published"]);

/** Topics (选题) as index documents: restricted, readers are rechecked against the database. */
export function topicDocs(db: DbOrTx, ids: number[]): SearchDoc[] {
  if (ids.length === 0) return [];
  const rows = db.select().from(topics).where(inArray(topics.id, ids)).all().filter((t) => CANDIDATE_STATES.has(t.state));
  if (rows.length === 0) return [];
  const orgs = new Map(
    db
      .select({ id: organisations.id, name: organisations.name })
      .from(organisations)
      .where(inArray(organisations.id, [...new Set(rows.map((r) => r.organisationId))]))
      .all()
      .map((o) => [o.id, o.name]),
  );
  const years = new Map(db.select({ id: rounds.id, year: rounds.year }).from(rounds).all().map((r) => [r.id, r.year]));
  return rows.map((t) => ({
    id: `topic:${t.id}`,
    type: "topic",
    entityId: String(t.id),
    title: t.title,
    body: [t.policyNeed, t.researchQuestions].filter(Boolean).join("\n"),
    keywords: t.tags,
    institution: orgs.get(t.organisationId),
    owner: orgs.get(t.organisationId),
    year: years.get(t.roundId),
    discipline: t.discipline || undefined,
    category: t.state,
    organisationId: t.organisationId,
    visibility: "restricted",
  }));
}

/** Published calls (课题指南) as public documents. */
export function callDocs(db: DbOrTx, ids: number[]): SearchDoc[] {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(calls)
    .where(inArray(calls.id, ids))
    .all()
    .filter((c) => c.state === "published")
    .map((c) => ({ id: `call:${c.id}`, type: "call", entityId: String(c.id), title: c.title, body: c.introMarkdown, visibility: "public" }));
}
