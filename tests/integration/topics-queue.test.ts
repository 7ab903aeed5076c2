import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/client";
import { organisations, rounds, topics } from "#db/schema";
import { reviewQueue } from "~/features/topics/queries.server";
import { createTestDb } from "../support/db";

let t: ReturnType<typeof createTestDb>;
let db: Db;
let deptA: number;
let deptB: number;

/** `n` topics in `state`, submitted a minute apart from `start` (direct inserts: the queue only reads) */
function seed(n: number, state: "draft" | "submitted" | "screening" | "withdrawn", organisationId: number, start: number) {
  const roundId = db.insert(rounds).values({ name: `轮次${start}`, year: 2027 }).returning().get().id;
  for (let i = 0; i < n; i++) {
    const at = new Date(Date.UTC(2027, 0, 1) + (start + i) * 60_000);
    db.insert(topics)
      .values({ roundId, organisationId, title: `选题${start + i}`, state, createdAt: at, updatedAt: at, submittedAt: state === "draft" ? null : at })
      .run();
  }
}

beforeEach(() => {
  t = createTestDb();
  db = t.db;
  deptA = db.insert(organisations).values({ kind: "department", name: "发展改革委", nameKey: "fgw" }).returning().get().id;
  deptB = db.insert(organisations).values({ kind: "department", name: "商务厅", nameKey: "swt" }).returning().get().id;
});
afterEach(() => t.cleanup());

describe("the screening queue", () => {
  it("pages through every submitted topic, oldest first, without drafts or withdrawn ones", () => {
    seed(120, "submitted", deptA, 0);
    seed(5, "draft", deptA, 1000);
    seed(5, "withdrawn", deptA, 2000);
    const first = reviewQueue(db, {}, { pageSize: 50 });
    expect(first).toMatchObject({ total: 120, page: 1, pages: 3, pageSize: 50 });
    expect(first.rows).toHaveLength(50);
    expect(first.rows[0].title).toBe("选题0");
    const last = reviewQueue(db, {}, { page: 3, pageSize: 50 });
    expect(last.rows.map((r) => r.title)).toEqual(Array.from({ length: 20 }, (_, i) => `选题${100 + i}`));
    // every topic exactly once across the pages
    const seen = [1, 2, 3].flatMap((page) => reviewQueue(db, {}, { page, pageSize: 50 }).rows.map((r) => r.id));
    expect(new Set(seen).size).toBe(120);
  });

  it("keeps the page within range and counts only what the filter selects", () => {
    seed(30, "submitted", deptA, 0);
    seed(12, "screening", deptB, 100);
    expect(reviewQueue(db, {}, { page: 99, pageSize: 25 })).toMatchObject({ page: 2, pages: 2 });
    expect(reviewQueue(db, {}, { page: 0, pageSize: 25 }).page).toBe(1);
    const b = reviewQueue(db, { organisationId: deptB }, { pageSize: 25 });
    expect(b).toMatchObject({ total: 12, pages: 1 });
    expect(b.rows.every((r) => r.organisationName === "商务厅" && r.state === "screening")).toBe(true);
    expect(reviewQueue(db, { organisationId: deptB, state: "submitted" })).toMatchObject({ total: 0, pages: 1, rows: [] });
  });

  it("shows 50 topics a page by default", () => {
    seed(60, "submitted", deptA, 0);
    const q = reviewQueue(db, {});
    expect(q.rows).toHaveLength(50);
    expect(q.pages).toBe(2);
  });

  it("reads a page through the queue index instead of sorting every topic", () => {
    const plan = db.$client
      .prepare(
        `explain query plan select t.id from topics t join organisations o on o.id = t.organisation_id
         where t.state not in ('draft', 'withdrawn') order by coalesce(t.submitted_at, t.created_at), t.id limit 50`,
      )
      .all() as { detail: string }[];
    const detail = plan.map((r) => r.detail).join("\n");
    expect(detail).toContain("topics_queue_idx");
    expect(detail).not.toContain("TEMP B-TREE");
  });
});
