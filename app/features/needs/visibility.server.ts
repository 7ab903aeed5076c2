import { and, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { needInvitations, needs } from "#db/schema";
import type { Actor } from "~/features/access/actor";

/**
 * Who may see a need. Public: anyone. Registered: anyone signed in (users and API tokens).
 * Invited: ONLY the owner department and those invited (a person, or an organisation the caller
 * belongs to) — nobody else, platform administrators included. The system sees everything.
 * The same rule is written twice — as a predicate and as SQL for lists and counts — and the
 * tests check both against every role.
 */
export type NeedFacts = { id: number; organisationId: number; visibility: "public" | "registered" | "invited" };

export function actorOrganisations(actor: Actor): number[] {
  if (actor.kind === "user") return actor.memberships.map((m) => m.organisationId);
  if (actor.kind === "apiToken") return [actor.organisationId];
  return [];
}
const actorPerson = (actor: Actor) => (actor.kind === "user" ? actor.personId : null);

export function isInvited(db: DbOrTx, actor: Actor, needId: number): boolean {
  const orgs = actorOrganisations(actor);
  const person = actorPerson(actor);
  const conds: SQL[] = [];
  if (person != null) conds.push(eq(needInvitations.personId, person));
  if (orgs.length) conds.push(inArray(needInvitations.organisationId, orgs));
  if (!conds.length) return false;
  return !!db
    .select({ id: needInvitations.id })
    .from(needInvitations)
    .where(and(eq(needInvitations.needId, needId), or(...conds)))
    .get();
}

export function isOwner(actor: Actor, need: Pick<NeedFacts, "organisationId">): boolean {
  return actorOrganisations(actor).includes(need.organisationId) && (actor.kind === "user" ? actor.memberships.some((m) => m.organisationId === need.organisationId && m.organisationKind === "department") : actor.kind === "apiToken" && actor.organisationKind === "department");
}

export function canSeeNeed(db: DbOrTx, actor: Actor, need: NeedFacts): boolean {
  if (actor.kind === "system") return true;
  if (need.visibility === "public") return true;
  if (need.visibility === "registered" && (actor.kind === "user" || actor.kind === "apiToken")) return true;
  if (isOwner(actor, need)) return true;
  return need.visibility === "invited" && isInvited(db, actor, need.id);
}

/** The same rule as SQL, for every list, search re-check and count. */
export function visibleNeedsWhere(actor: Actor): SQL {
  if (actor.kind === "system") return sql`1 = 1`;
  const signedIn = actor.kind === "user" || actor.kind === "apiToken";
  const orgs = actorOrganisations(actor);
  const ownOrgs = actor.kind === "user" ? actor.memberships.filter((m) => m.organisationKind === "department").map((m) => m.organisationId) : actor.kind === "apiToken" && actor.organisationKind === "department" ? [actor.organisationId] : [];
  const person = actorPerson(actor);
  const conds: SQL[] = [eq(needs.visibility, "public")];
  if (signedIn) conds.push(eq(needs.visibility, "registered"));
  if (ownOrgs.length) conds.push(inArray(needs.organisationId, ownOrgs));
  const inv: SQL[] = [];
  if (person != null) inv.push(sql`${needInvitations.personId} = ${person}`);
  if (orgs.length) inv.push(inArray(needInvitations.organisationId, orgs));
  if (inv.length) conds.push(sql`${needs.id} IN (SELECT ${needInvitations.needId} FROM ${needInvitations} WHERE ${or(...inv)})`);
  return or(...conds)!;
}
