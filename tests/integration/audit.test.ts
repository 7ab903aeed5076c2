import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appendAudit, verifyAuditChain } from "#db/audit";
import { createTestDb } from "../support/db";

describe("audit trail", () => {
  let t: ReturnType<typeof createTestDb>;
  beforeEach(() => {
    t = createTestDb();
  });
  afterEach(() => t.cleanup());

  const add = (n: number) => {
    for (let i = 0; i < n; i++) t.db.transaction((tx) => appendAudit(tx, { actorLabel: "a@example.cn", action: "test.write", entityType: "x", entityId: i, result: "ok" }));
  };

  it("chains entries and verifies an untouched chain", () => {
    add(5);
    expect(verifyAuditChain(t.db)).toEqual({ ok: true, checked: 5 });
  });

  it("refuses updates and early deletion in the database itself", () => {
    add(2);
    expect(() => t.db.$client.prepare("update audit_log set action = 'x' where id = 1").run()).toThrow(/append-only/);
    expect(() => t.db.$client.prepare("delete from audit_log where id = 2").run()).toThrow(/184 days/);
  });

  it("detects an edited row and a deleted row", () => {
    add(4);
    t.db.$client.exec("drop trigger audit_log_no_update; drop trigger audit_log_retention;");
    t.db.$client.prepare("update audit_log set actor_label = 'intruder' where id = 2").run();
    const edited = verifyAuditChain(t.db);
    expect(edited.ok).toBe(false);
    if (!edited.ok) expect(edited.brokenAtId).toBe(2);
    t.db.$client.prepare("delete from audit_log where id = 2").run();
    const deleted = verifyAuditChain(t.db);
    expect(deleted.ok).toBe(false);
    if (!deleted.ok) expect(deleted.reason).toMatch(/missing/);
  });
});
