import type { Actor } from "~/features/access/actor";
import { can, type Action } from "~/features/access/permissions";

/** The administration pages, each with the permission that opens it. */
export const ADMIN_PAGES = [
  { key: "members", to: "/admin/members", action: "invite:member", scoped: true },
  { key: "apiTokens", to: "/admin/api-tokens", action: "manage:apiToken", scoped: true },
  { key: "imports", to: "/admin/imports", action: "import:archive", scoped: false },
  { key: "users", to: "/admin/users", action: "manage:users", scoped: false },
  { key: "security", to: "/admin/security", action: "manage:security", scoped: false },
  { key: "audit", to: "/admin/audit", action: "read:audit", scoped: false },
] as const satisfies readonly { key: string; to: string; action: Action; scoped: boolean }[];

export type AdminPageKey = (typeof ADMIN_PAGES)[number]["key"];

/** Organisations for which the actor may do an organisation-scoped action. */
export function organisationsAllowed(actor: Actor, action: Action): number[] {
  if (actor.kind !== "user") return [];
  return actor.memberships.filter((m) => can(actor, action, { organisationId: m.organisationId })).map((m) => m.organisationId);
}

/** The pages this viewer may use: unscoped ones by the permission alone, scoped ones when some organisation allows it. */
export function adminPagesFor(actor: Actor): { key: AdminPageKey; to: string }[] {
  return ADMIN_PAGES.filter((p) => (p.scoped ? can(actor, p.action) || organisationsAllowed(actor, p.action).length > 0 : can(actor, p.action))).map(({ key, to }) => ({ key, to }));
}
