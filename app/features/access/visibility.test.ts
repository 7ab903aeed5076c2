import { describe, expect, it } from "vitest";
import type { Actor } from "./actor";
import { canListHiddenPeople, canSeePerson } from "./visibility";

const member = (partner: boolean, personId: number | null = null): Actor => ({
  kind: "user",
  userId: 1,
  label: "u@example.cn",
  personId,
  platformRole: null,
  memberships: [{ organisationId: 9, organisationKind: "thinkTank", role: "member", partner }],
});

describe("person visibility outside the directory", () => {
  const hidden = { id: 5, organisationId: 3, publicConsent: false, source: "portal" as const };

  it("shows consenting experts and archive-only PIs to everyone", () => {
    expect(canSeePerson({ kind: "anonymous" }, { ...hidden, publicConsent: true })).toBe(true);
    expect(canSeePerson({ kind: "anonymous" }, { ...hidden, source: "archive" })).toBe(true);
  });

  it("shows an expert without consent only to callers allowed read:person:hidden and to those who may edit them", () => {
    expect(canSeePerson({ kind: "anonymous" }, hidden)).toBe(false);
    expect(canSeePerson(member(false), hidden)).toBe(false);
    expect(canSeePerson(member(false, 5), hidden)).toBe(true);
    expect(canSeePerson(member(true), hidden)).toBe(true);
    const orgAdmin: Actor = { ...(member(false) as Extract<Actor, { kind: "user" }>), memberships: [{ organisationId: 3, organisationKind: "thinkTank", role: "admin", partner: false }] };
    expect(canSeePerson(orgAdmin, hidden)).toBe(true);
    expect(canSeePerson(orgAdmin, { ...hidden, organisationId: 4 })).toBe(false);
    expect(canListHiddenPeople(member(true))).toBe(true);
    expect(canListHiddenPeople(member(false, 5))).toBe(false);
  });
});
