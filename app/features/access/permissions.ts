import type { Actor } from "./actor";

/**
 * Every action of the portal. A check of an action not listed here fails to compile; an action
 * no rule grants is denied (deny by default). `tests/integration/permissions.test.ts` walks every
 * role × every action.
 */
export const ACTIONS = [
  "read:organisation",
  "write:organisation",
  "read:person",
  "read:person:hidden",
  "read:person:contact",
  "write:person",
  "write:account:own",
  "invite:member",
  "manage:users",
  "manage:security",
  "unlock:account",
  "read:audit",
  "read:archive",
  "import:archive",
  "manage:apiToken",
  "read:mail:dev",
  "read:topic",
  "propose:topic",
  "review:topic",
  "manage:call",
  "manage:need",
  "offer:proposal",
] as const;
export type Action = (typeof ACTIONS)[number];

/** What the action is about, when it matters (the organisation or person concerned). */
export type Scope = { organisationId?: number | null; personId?: number | null };

type Rule = (actor: Actor, scope: Scope) => boolean;

const anyone: Rule = () => true;
const signedIn: Rule = (a) => a.kind === "user" || a.kind === "apiToken";
const platform =
  (role: "platformAdmin" | "securityAdmin" | "auditAdmin"): Rule =>
  (a) =>
    a.kind === "user" && a.platformRole === role;
const orgRole =
  (...roles: ("admin" | "member" | "reviewer")[]): Rule =>
  (a, s) =>
    a.kind === "user" && s.organisationId != null && a.memberships.some((m) => m.organisationId === s.organisationId && roles.includes(m.role));
const managementOffice: Rule = (a) =>
  a.kind === "user" && a.memberships.some((m) => m.organisationKind === "managementOffice" && (m.role === "admin" || m.role === "reviewer"));
const partnerMember: Rule = (a) =>
  (a.kind === "user" && a.memberships.some((m) => m.partner || m.organisationKind !== "thinkTank")) ||
  (a.kind === "apiToken" && a.organisationKind !== "thinkTank");
const departmentStaff: Rule = (a, s) =>
  a.kind === "user" && s.organisationId != null && a.memberships.some((m) => m.organisationId === s.organisationId && m.organisationKind === "department");
const departmentToken: Rule = (a, s) => a.kind === "apiToken" && a.organisationKind === "department" && s.organisationId != null && a.organisationId === s.organisationId;
const ownToken: Rule = (a, s) => a.kind === "apiToken" && s.organisationId != null && a.organisationId === s.organisationId;
const self: Rule = (a, s) => a.kind === "user" && s.personId != null && a.personId === s.personId;
const any =
  (...rules: Rule[]): Rule =>
  (a, s) =>
    rules.some((r) => r(a, s));

export const RULES: Record<Action, Rule> = {
  "read:organisation": anyone,
  "write:organisation": any(platform("platformAdmin"), orgRole("admin")),
  "read:person": anyone,
  // experts who did not consent to the public directory: partners' signed-in users only
  "read:person:hidden": any(partnerMember, platform("platformAdmin")),
  // full phone and e-mail: the person, their organisation's admin, the management office, the platform admin
  "read:person:contact": any(self, orgRole("admin"), managementOffice, platform("platformAdmin")),
  "write:person": any(self, orgRole("admin"), platform("platformAdmin")),
  // one's own account: password, display name, language, sessions
  "write:account:own": (a) => a.kind === "user",
  "invite:member": any(orgRole("admin"), platform("platformAdmin")),
  "manage:users": platform("platformAdmin"),
  "manage:security": platform("securityAdmin"),
  "unlock:account": platform("securityAdmin"),
  "read:audit": platform("auditAdmin"),
  "read:archive": anyone,
  "import:archive": any(platform("platformAdmin"), managementOffice),
  "manage:apiToken": orgRole("admin"),
  // topics before publication: the owner organisation and the management office
  "read:topic": any(orgRole("admin", "member", "reviewer"), ownToken, managementOffice),
  // draft, edit, submit, withdraw a topic of one's own organisation
  "propose:topic": any(orgRole("admin", "member"), ownToken),
  // screening decisions, merging, bundling
  "review:topic": managementOffice,
  "manage:call": managementOffice,
  // post, invite, decide and assign reviewers for a need of one's own department
  "manage:need": any(departmentStaff, departmentToken),
  // answer a need with a proposal, ask a clarifying question
  "offer:proposal": signedIn,
  "read:mail:dev": () => process.env.NODE_ENV !== "production" || process.env.MAIL_DEV_INBOX === "true",
};

// signedIn is exported for routes that only need "someone is signed in"
export { signedIn as isSignedIn };

export function can(actor: Actor, action: Action, scope: Scope = {}): boolean {
  // an action without a rule is denied to everyone, the system included
  const rule = Object.hasOwn(RULES, action) ? RULES[action] : undefined;
  if (!rule) return false;
  return actor.kind === "system" || rule(actor, scope);
}
