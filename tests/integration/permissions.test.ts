import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberships, organisations, people, users, type OrgRole, type PlatformRole } from "#db/schema";
import { anonymous, systemActor, type Actor } from "~/features/access/actor";
import { ACTIONS, can, RULES, type Action, type Scope } from "~/features/access/permissions";
import { authenticateApiToken, createApiToken } from "~/features/api/tokens.server";
import { actorForUser } from "~/features/auth/session.server";
import { createTestDb } from "../support/db";

/**
 * THE PERMISSION TABLE. Every role × every action, with the expected answer written out. When a
 * rule in app/features/access/permissions.ts changes, or an action is added, this table must be
 * changed with it — on purpose, in the same commit.
 *
 * Each cell is five letters, one per scope:
 *
 *     none  ownOrg  otherOrg  ownPerson  otherPerson
 *
 * y = allowed, n = denied, - = the role has no such scope (no organisation / no person record).
 * "own org" is the organisation the role belongs to; "other org" one it does not belong to;
 * "own person" the role's own expert record.
 */
const ROLES = [
  "anonymous",
  "deptMember", // member of a government department
  "deptAdmin", // admin of a government department
  "ttPartnerMember", // member of a partner think tank
  "ttNonPartnerMember", // member of a think tank that is not a partner
  "ttAdmin", // admin of a (non-partner) think tank
  "moReviewer", // reviewer of the management office
  "moAdmin", // admin of the management office
  "platformAdmin",
  "securityAdmin",
  "auditAdmin",
  "deptToken", // API token of a department
  "ttToken", // API token of a (partner) think tank
] as const;
type Role = (typeof ROLES)[number];
type Row = Record<Role, string>;

/** Anyone at all, in every scope they have. */
const everyone: Row = {
  anonymous: "y-y-y",
  deptMember: "yyyyy",
  deptAdmin: "yyyyy",
  ttPartnerMember: "yyyyy",
  ttNonPartnerMember: "yyyyy",
  ttAdmin: "yyyyy",
  moReviewer: "yyyyy",
  moAdmin: "yyyyy",
  platformAdmin: "y-y-y",
  securityAdmin: "y-y-y",
  auditAdmin: "y-y-y",
  deptToken: "yyy-y",
  ttToken: "yyy-y",
};
/** Nobody, in any scope. */
const nobody: Row = {
  anonymous: "n-n-n",
  deptMember: "nnnnn",
  deptAdmin: "nnnnn",
  ttPartnerMember: "nnnnn",
  ttNonPartnerMember: "nnnnn",
  ttAdmin: "nnnnn",
  moReviewer: "nnnnn",
  moAdmin: "nnnnn",
  platformAdmin: "n-n-n",
  securityAdmin: "n-n-n",
  auditAdmin: "n-n-n",
  deptToken: "nnn-n",
  ttToken: "nnn-n",
};

//                                none ownOrg otherOrg ownPerson otherPerson
const TABLE: Record<Action, Row> = {
  "read:organisation": everyone,
  "write:organisation": { ...nobody, deptAdmin: "nynnn", ttAdmin: "nynnn", moAdmin: "nynnn", platformAdmin: "y-y-y" },
  "read:person": everyone,
  "read:person:hidden": {
    ...nobody,
    deptMember: "yyyyy",
    deptAdmin: "yyyyy",
    ttPartnerMember: "yyyyy",
    moReviewer: "yyyyy",
    moAdmin: "yyyyy",
    platformAdmin: "y-y-y",
    deptToken: "yyy-y",
  },
  "read:person:contact": {
    ...nobody,
    deptMember: "nnnyn",
    deptAdmin: "nynyn",
    ttPartnerMember: "nnnyn",
    ttNonPartnerMember: "nnnyn",
    ttAdmin: "nynyn",
    moReviewer: "yyyyy",
    moAdmin: "yyyyy",
    platformAdmin: "y-y-y",
  },
  "write:person": {
    ...nobody,
    deptMember: "nnnyn",
    deptAdmin: "nynyn",
    ttPartnerMember: "nnnyn",
    ttNonPartnerMember: "nnnyn",
    ttAdmin: "nynyn",
    moReviewer: "nnnyn",
    moAdmin: "nynyn",
    platformAdmin: "y-y-y",
  },
  "write:account:own": { ...everyone, anonymous: "n-n-n", deptToken: "nnn-n", ttToken: "nnn-n" },
  "invite:member": { ...nobody, deptAdmin: "nynnn", ttAdmin: "nynnn", moAdmin: "nynnn", platformAdmin: "y-y-y" },
  "manage:users": { ...nobody, platformAdmin: "y-y-y" },
  "manage:security": { ...nobody, securityAdmin: "y-y-y" },
  "unlock:account": { ...nobody, securityAdmin: "y-y-y" },
  "read:audit": { ...nobody, auditAdmin: "y-y-y" },
  "read:archive": everyone,
  "import:archive": { ...nobody, moReviewer: "yyyyy", moAdmin: "yyyyy", platformAdmin: "y-y-y" },
  "manage:apiToken": { ...nobody, deptAdmin: "nynnn", ttAdmin: "nynnn", moAdmin: "nynnn" },
  // the development mail inbox: open outside production (tests run with NODE_ENV=test)
  "read:mail:dev": everyone,
  "read:topic": {
    ...nobody,
    deptMember: "nynnn",
    deptAdmin: "nynnn",
    ttPartnerMember: "nynnn",
    ttNonPartnerMember: "nynnn",
    ttAdmin: "nynnn",
    moReviewer: "yyyyy",
    moAdmin: "yyyyy",
    deptToken: "nyn-n",
    ttToken: "nyn-n",
  },
  "propose:topic": {
    ...nobody,
    deptMember: "nynnn",
    deptAdmin: "nynnn",
    ttPartnerMember: "nynnn",
    ttNonPartnerMember: "nynnn",
    ttAdmin: "nynnn",
    moAdmin: "nynnn",
    deptToken: "nyn-n",
    ttToken: "nyn-n",
  },
  "review:topic": { ...nobody, moReviewer: "yyyyy", moAdmin: "yyyyy" },
  "manage:call": { ...nobody, moReviewer: "yyyyy", moAdmin: "yyyyy" },
  // needs: the owner department's people and token; proposals: anyone signed in
  "manage:need": { ...nobody, deptMember: "nynnn", deptAdmin: "nynnn", deptToken: "nyn-n" },
  "offer:proposal": { ...everyone, anonymous: "n-n-n" },
};

const SCOPES = ["none", "ownOrg", "otherOrg", "ownPerson", "otherPerson"] as const;

describe("the permission table", () => {
  let t: ReturnType<typeof createTestDb>;
  const actors = {} as Record<Role, Actor>;
  const ownOrg = {} as Record<Role, number | null>;
  const ownPerson = {} as Record<Role, number | null>;
  let otherOrgId = 0;
  let otherPersonId = 0;

  beforeAll(() => {
    t = createTestDb();
    const org = (name: string, kind: "department" | "thinkTank" | "managementOffice", partner = false) =>
      t.db.insert(organisations).values({ kind, name, nameKey: name, partner }).returning().get().id;
    const dept = org("本部门", "department");
    otherOrgId = org("他部门", "department");
    const partnerTt = org("合作智库", "thinkTank", true);
    const plainTt = org("非合作智库", "thinkTank");
    const office = org("社科规划办", "managementOffice");
    otherPersonId = t.db.insert(people).values({ name: "他人", identityKey: "他人|" }).returning().get().id;

    const user = (role: Role, m: { org?: number; orgRole?: OrgRole; platformRole?: PlatformRole } = {}) => {
      const personId = m.platformRole ? null : t.db.insert(people).values({ name: role, identityKey: `${role}|` }).returning().get().id;
      const u = t.db
        .insert(users)
        .values({ email: `${role.toLowerCase()}@example.cn`, displayName: role, personId, platformRole: m.platformRole ?? null })
        .returning()
        .get();
      if (m.org) t.db.insert(memberships).values({ userId: u.id, organisationId: m.org, role: m.orgRole ?? "member" }).run();
      actors[role] = actorForUser(t.db, u, "127.0.0.1");
      ownOrg[role] = m.org ?? null;
      ownPerson[role] = personId;
    };
    actors.anonymous = anonymous;
    ownOrg.anonymous = null;
    ownPerson.anonymous = null;
    user("deptMember", { org: dept });
    user("deptAdmin", { org: dept, orgRole: "admin" });
    user("ttPartnerMember", { org: partnerTt });
    user("ttNonPartnerMember", { org: plainTt });
    user("ttAdmin", { org: plainTt, orgRole: "admin" });
    user("moReviewer", { org: office, orgRole: "reviewer" });
    user("moAdmin", { org: office, orgRole: "admin" });
    user("platformAdmin", { platformRole: "platformAdmin" });
    user("securityAdmin", { platformRole: "securityAdmin" });
    user("auditAdmin", { platformRole: "auditAdmin" });
    // tokens are made and authenticated the way the API does it
    const token = (role: Role, organisationId: number) => {
      const { token: secret } = createApiToken({ db: t.db, actor: systemActor("test") }, { organisationId, name: role });
      actors[role] = authenticateApiToken(t.db, secret)!;
      ownOrg[role] = organisationId;
      ownPerson[role] = null;
    };
    token("deptToken", dept);
    token("ttToken", partnerTt);
  });
  afterAll(() => t.cleanup());

  const scopeFor = (role: Role, s: (typeof SCOPES)[number]): Scope | null => {
    switch (s) {
      case "none":
        return {};
      case "ownOrg":
        return ownOrg[role] == null ? null : { organisationId: ownOrg[role] };
      case "otherOrg":
        return { organisationId: otherOrgId };
      case "ownPerson":
        return ownPerson[role] == null ? null : { personId: ownPerson[role] };
      case "otherPerson":
        return { personId: otherPersonId };
    }
  };

  it("has a row for every action and no row for an action that does not exist", () => {
    expect(Object.keys(TABLE).sort(), "add the new action's row to the table in this file").toEqual([...ACTIONS].sort());
  });

  it("matches every role × action × scope", () => {
    expect(actors.deptToken).toMatchObject({ kind: "apiToken", organisationKind: "department" });
    const mismatches: string[] = [];
    let checked = 0;
    for (const action of ACTIONS) {
      for (const role of ROLES) {
        const expected = TABLE[action][role];
        expect(expected, `${action} / ${role}`).toMatch(/^[yn-]{5}$/);
        SCOPES.forEach((s, i) => {
          const scope = scopeFor(role, s);
          const want = expected[i];
          if (scope == null) {
            if (want !== "-") mismatches.push(`${action} ${role} ${s}: the role has no ${s}; write "-"`);
            return;
          }
          const got = can(actors[role], action, scope) ? "y" : "n";
          checked++;
          if (got !== want) mismatches.push(`${action} ${role} ${s}: expected ${want}, got ${got}`);
        });
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(ACTIONS.length * ROLES.length * 3);
  });

  it("has a rule for every action", () => {
    for (const action of ACTIONS) expect(typeof RULES[action], action).toBe("function");
    expect(Object.keys(RULES).sort()).toEqual([...ACTIONS].sort());
  });

  it("denies an unknown action to everyone, the system included", () => {
    const unknown = "delete:everything" as Action;
    for (const role of ROLES) expect(can(actors[role], unknown, { organisationId: ownOrg[role] }), role).toBe(false);
    expect(can(systemActor(), unknown)).toBe(false);
    expect(can(actors.platformAdmin, "toString" as Action)).toBe(false);
    expect(can(actors.platformAdmin, "__proto__" as Action)).toBe(false);
  });

  it("lets the system actor do every known action", () => {
    for (const action of ACTIONS) expect(can(systemActor(), action), action).toBe(true);
  });

  it("gives organisation rights only through a membership: the same admin without it gets none", () => {
    const bare: Actor = { ...(actors.deptAdmin as Extract<Actor, { kind: "user" }>), memberships: [] };
    expect(can(bare, "write:organisation", { organisationId: ownOrg.deptAdmin })).toBe(false);
    expect(can(bare, "manage:apiToken", { organisationId: ownOrg.deptAdmin })).toBe(false);
  });
});
