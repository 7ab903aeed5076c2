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

  it("counts every filtered match when a page is full, and past the last page, in rank order", async () => {
    const t = createTestDb();
    try {
      const engine = new EmbeddedEngine(t.db.$client);
      const docs = Array.from({ length: 25 }, (_, i) => ({
        id: `project:${i}`,
        type: "project",
        entityId: String(i),
        title: i < 5 ? "长江流域生态补偿机制研究" : `长江流域第${i}类文化遗产保护`,
        visibility: "public" as const,
      }));
      await engine.upsert([...docs, { id: "person:1", type: "person", entityId: "1", title: "长江流域", visibility: "public" }]);
      const page = await engine.search({ q: "长江流域生态补偿", matching: "any", limit: 10, filter: { type: "project" } });
      expect(page.hits).toHaveLength(10);
      expect(page.total).toBe(25);
      expect(page.hits.slice(0, 5).map((h) => h.entityId).sort()).toEqual(["0", "1", "2", "3", "4"]);
      const second = await engine.search({ q: "长江流域生态补偿", matching: "any", limit: 10, offset: 20, filter: { type: "project" } });
      expect(second.hits).toHaveLength(5);
      expect(second.total).toBe(25);
      const past = await engine.search({ q: "长江流域生态补偿", matching: "any", limit: 10, offset: 40, filter: { type: "project" } });
      expect(past).toMatchObject({ hits: [], total: 25 });
      const all = await engine.search({ q: "长江流域", limit: 50 });
      expect(all.total).toBe(26);
    } finally {
      t.cleanup();
    }
  });
});
