import type { Actor } from "./actor";
import { can } from "./permissions";

/**
 * Who may see a person, for features that are not the directory (search, API): the same rule as
 * the directory's pages. Archive-only PIs come from public funding lists and are always visible;
 * portal experts who did not consent to the public directory are visible to callers allowed
 * `read:person:hidden` and to those who may edit them (themselves, their organisation's admin).
 */
export type PersonVisibilityFacts = { id: number; organisationId?: number | null; publicConsent: boolean; source?: "portal" | "archive" };

export function canSeePerson(actor: Actor, p: PersonVisibilityFacts): boolean {
  if (p.source === "archive" || p.publicConsent) return true;
  const scope = { organisationId: p.organisationId ?? null, personId: p.id };
  return can(actor, "read:person:hidden", scope) || can(actor, "write:person", scope);
}

/** Whether lists may include portal experts without public consent. */
export function canListHiddenPeople(actor: Actor): boolean {
  return can(actor, "read:person:hidden");
}
