import { count, eq, inArray, isNotNull } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { verifyAuditChain } from "#db/audit";
import { auditLog, calls, disciplines, notifications, topics, memberships, needs, organisations, people, projectOutputs, projects, proposals, rounds, searchOutbox, users } from "#db/schema";
import { demoData, seedDemo, seedDemoOnStartup } from "#db/seed/index";
import { demoNeeds } from "#db/seed/needs";
import { hashPassword, verifyPassword } from "~/features/auth/password.server";
import { createTestDb } from "../support/db";

describe("demo data loader", () => {
  let t: ReturnType<typeof createTestDb>;
  beforeEach(() => {
    t = createTestDb();
  });
  afterEach(() => {
    delete process.env.SEED_DEMO;
    t.cleanup();
  });
  const rows = (table: typeof people | typeof organisations | typeof projects | typeof users | typeof memberships | typeof disciplines | typeof projectOutputs | typeof searchOutbox | typeof needs | typeof proposals) =>
    t.db.select({ n: count() }).from(table).get()!.n;

  it("loads exactly what the demo data modules hold, with outbox rows and one audit entry", async () => {
    const r = await seedDemo(t.db, { hashPassword });
    expect(r.seeded).toBe(true);
    const outputs = demoData.projects.reduce((s, p) => s + new Set(p.outputs.map((o) => o.title)).size, 0);
    expect(rows(disciplines)).toBe(demoData.disciplines.length);
    expect(rows(organisations)).toBe(demoData.organisations.length);
    expect(rows(people)).toBe(demoData.people.length);
    expect(rows(projects)).toBe(demoData.projects.length);
    expect(rows(projectOutputs)).toBe(outputs);
    expect(rows(users)).toBe(demoData.accounts.length);
    expect(rows(memberships)).toBe(demoData.accounts.filter((a) => a.orgKey && a.orgRole).length);
    const archiveRows = t.db.select({ n: count() }).from(searchOutbox).where(inArray(searchOutbox.entityType, ["organisation", "person", "project"])).get()?.n;
    expect(archiveRows).toBe(demoData.organisations.length + demoData.people.length + demoData.projects.length);
    // the demo needs (db/seed/needs.ts): every need, and every proposal that is not a draft
    expect(rows(needs)).toBe(demoNeeds.length);
    expect(t.db.select({ n: count() }).from(searchOutbox).where(eq(searchOutbox.entityType, "need")).get()?.n).toBe(demoNeeds.length);
    expect(rows(proposals)).toBeGreaterThanOrEqual(6);
    const audit = t.db.select().from(auditLog).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorLabel: "system:seed", action: "demo.seed", result: "ok" });
    expect(verifyAuditChain(t.db).ok).toBe(true);
  });

  it("links every project to its PI and institution, and gives every expert pinyin keys", async () => {
    await seedDemo(t.db, { hashPassword });
    expect(t.db.select({ n: count() }).from(projects).where(isNotNull(projects.piPersonId)).get()!.n).toBe(demoData.projects.length);
    expect(t.db.select({ n: count() }).from(projects).where(isNotNull(projects.institutionId)).get()!.n).toBe(demoData.projects.length);
    expect(t.db.select({ n: count() }).from(projects).where(eq(projects.source, "demo")).get()!.n).toBe(demoData.projects.length);
    const all = t.db.select().from(people).all();
    for (const p of all) {
      expect(p.namePinyin).toMatch(/^[a-z]+$/);
      expect(p.nameInitials).toMatch(/^[a-z]+$/);
      expect(p.nameInitials[0]).toBe(p.namePinyin[0]);
      expect(p.identityKey).toContain("|");
    }
  });

  it("keeps the demo planning round and its call open on whatever day the demo is loaded", async () => {
    const now = new Date(Date.UTC(2031, 5, 15, 4));
    await seedDemo(t.db, { hashPassword: async (p) => `test:${p}`, now });
    const today = "2031-06-15";
    const round = t.db.select().from(rounds).get()!;
    expect(round.year).toBe(2032);
    expect(round.name).toContain("2032年度");
    expect(round.opensOn! <= today && today <= round.closesOn!).toBe(true);
    const call = t.db.select().from(calls).get()!;
    expect(call.opensOn <= today && today <= call.closesOn).toBe(true);
  });

  it("gives the demo authors the notices of their decided topics, the recent ones unread", async () => {
    await seedDemo(t.db, { hashPassword: async (p) => `test:${p}` });
    const officer = t.db.select().from(users).where(eq(users.email, "officer@fgw.example.cn")).get()!;
    const mine = t.db.select().from(notifications).where(eq(notifications.userId, officer.id)).all();
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.some((n) => n.readAt == null)).toBe(true);
    for (const n of mine) {
      const topic = t.db.select().from(topics).where(eq(topics.id, n.subjectId!)).get()!;
      expect(n.link).toBe(`/topics/${topic.id}`);
      expect(n.title).toContain(topic.title);
      expect(topic.authorUserId).toBe(officer.id);
    }
  });

  it("creates accounts whose demo passwords verify with argon2", async () => {
    await seedDemo(t.db, { hashPassword });
    for (const a of demoData.accounts) {
      const u = t.db.select().from(users).where(eq(users.email, a.email.toLowerCase())).get();
      expect(u, a.email).toBeTruthy();
      expect(u!.passwordHash).toMatch(/^\$argon2id\$/);
      expect(await verifyPassword(u!.passwordHash, a.password)).toBe(true);
      expect(await verifyPassword(u!.passwordHash, `${a.password}x`)).toBe(false);
      expect(u!.platformRole).toBe(a.platformRole ?? null);
      if (a.personKey) expect(u!.personId).not.toBeNull();
    }
  });

  it("is idempotent: a second run changes nothing", async () => {
    await seedDemo(t.db, { hashPassword: async (p) => `test:${p}` });
    const before = { orgs: rows(organisations), people: rows(people), projects: rows(projects), users: rows(users), outbox: rows(searchOutbox) };
    const again = await seedDemo(t.db, { hashPassword: async (p) => `test:${p}` });
    expect(again).toEqual({ seeded: false, reason: "not_empty" });
    expect({ orgs: rows(organisations), people: rows(people), projects: rows(projects), users: rows(users), outbox: rows(searchOutbox) }).toEqual(before);
  });

  it("leaves a database that already holds organisations alone", async () => {
    t.db.insert(organisations).values({ kind: "thinkTank", name: "已有智库", nameKey: "已有智库" }).run();
    expect(await seedDemo(t.db, { hashPassword: async (p) => p })).toEqual({ seeded: false, reason: "not_empty" });
    expect(rows(organisations)).toBe(1);
    expect(rows(people)).toBe(0);
  });

  it("is skipped at start-up when SEED_DEMO=false", async () => {
    process.env.SEED_DEMO = "false";
    expect(await seedDemoOnStartup(t.db, { hashPassword: async (p) => p })).toEqual({ seeded: false, reason: "disabled" });
    expect(rows(organisations)).toBe(0);
    delete process.env.SEED_DEMO;
    expect((await seedDemoOnStartup(t.db, { hashPassword: async (p) => p })).seeded).toBe(true);
  });
});
