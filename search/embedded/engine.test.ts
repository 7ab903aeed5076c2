import { describe, expect, it } from "vitest";
import { createTestDb } from "../../tests/support/db";
import { describeEngineBehaviour } from "../testing/behaviour";
import { EmbeddedEngine } from "./engine";

describeEngineBehaviour("embedded (SQLite FTS5)", async () => {
  const t = createTestDb();
  return { engine: new EmbeddedEngine(t.db.$client), cleanup: t.cleanup };
});

describe("embedded engine specifics", () => {
  it("marks the name a pinyin query stands for", async () => {
    const t = createTestDb();
    try {
      const engine = new EmbeddedEngine(t.db.$client);
      await engine.upsert([{ id: "person:1", type: "person", entityId: "1", title: "张伟", people: ["张伟"], visibility: "public" }]);
      for (const q of ["zhangwei", "zhang wei", "zw"]) {
        const r = await engine.search({ q, highlight: true });
        expect(r.hits[0]?.highlights?.people).toBe("<mark>张伟</mark>");
      }
    } finally {
      t.cleanup();
    }
  });
});
