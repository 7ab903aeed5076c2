import type { OrganisationKind, OrgRole, PlatformRole } from "#db/schema";

export type Membership = { organisationId: number; organisationKind: OrganisationKind; role: OrgRole; partner: boolean };

/** Who is acting: a signed-in user, an organisation's API token, the system, or nobody. */
export type Actor =
  | { kind: "anonymous"; ip?: string | null }
  | {
      kind: "user";
      userId: number;
      label: string;
      personId: number | null;
      platformRole: PlatformRole | null;
      memberships: Membership[];
      ip?: string | null;
    }
  | { kind: "apiToken"; tokenId: number; organisationId: number; organisationKind: OrganisationKind; label: string; ip?: string | null }
  | { kind: "system"; label: string };

export const anonymous: Actor = { kind: "anonymous" };
export const systemActor = (label = "system"): Actor => ({ kind: "system", label });

export function actorLabel(a: Actor): string {
  switch (a.kind) {
    case "anonymous":
      return "anonymous";
    case "system":
      return `system:${a.label}`;
    case "user":
      return a.label;
    case "apiToken":
      return `token:${a.label}`;
  }
}

export function actorUserId(a: Actor): number | null {
  return a.kind === "user" ? a.userId : null;
}
