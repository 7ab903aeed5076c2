import { inArray, ne } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { needs, organisations, proposals } from "#db/schema";
import type { SearchDoc } from "./port";

/**
 * Needs (决策需求) and proposals (献策) as index documents. Only public needs are marked public;
 * every reader is re-checked against the database (invited-only needs never reach a stranger).
 */
export function needDocs(db: DbOrTx, ids: number[]): SearchDoc[] {
  if (ids.length === 0) return [];
  const rows = db.select().from(needs).where(inArray(needs.id, ids)).all();
  if (!rows.length) return [];
  const orgs = new Map(
    db
      .select({ id: organisations.id, name: organisations.name, region: organisations.region })
      .from(organisations)
      .where(inArray(organisations.id, [...new Set(rows.map((r) => r.organisationId))]))
      .all()
      .map((o) => [o.id, o]),
  );
  return rows.map((n) => ({
    id: `need:${n.id}`,
    type: "need",
    entityId: String(n.id),
    title: n.question,
    body: [n.background, n.decision].filter(Boolean).join("\n"),
    keywords: [...n.keywords, n.policyArea].filter(Boolean),
    institution: orgs.get(n.organisationId)?.name,
    owner: orgs.get(n.organisationId)?.name,
    discipline: n.discipline || undefined,
    category: n.state,
    province: orgs.get(n.organisationId)?.region ?? undefined,
    year: n.createdAt.getUTCFullYear(),
    organisationId: n.organisationId,
    visibility: n.visibility === "public" ? "public" : "restricted",
  }));
}

export function proposalDocs(db: DbOrTx, ids: number[]): SearchDoc[] {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(proposals)
    .where(inArray(proposals.id, ids))
    .all()
    .filter((p) => p.state !== "draft")
    .map((p) => ({
      id: `proposal:${p.id}`,
      type: "proposal",
      entityId: String(p.id),
      title: p.summary.slice(0, 120),
      body: [p.summary, p.approach].join("\n"),
      category: p.state,
      ref: String(p.needId),
      personIds: p.personId ? [p.personId] : [],
      organisationId: p.organisationId ?? undefined,
      visibility: "restricted",
    }));
}

/** Every need or proposal id, for reindexing. */
export function needIds(db: DbOrTx): number[] {
  return db.select({ id: needs.id }).from(needs).all().map((r) => r.id);
}
export function proposalIds(db: DbOrTx): number[] {
  return db.select({ id: proposals.id }).from(proposals).where(ne(proposals.state, "draft")).all().map((r) => r.id);
}
