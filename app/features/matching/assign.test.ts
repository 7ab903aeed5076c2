import { describe, expect, it } from "vitest";
import { greedyAssignment, solveAssignment, type AssignmentProblem } from "./assign.server";

const table = (rows: Record<string, Record<string, number>>) => (i: string, e: string) => rows[i]?.[e] ?? 0;

describe("reviewer assignment (HiGHS)", () => {
  it("finds the known optimum where greedy does not", async () => {
    // greedy takes A–x (10) first, then B must take y (1): 11. The optimum is A–y + B–x = 9 + 9 = 18.
    const p: AssignmentProblem = {
      items: ["A", "B"],
      experts: [{ id: "x" }, { id: "y" }],
      affinity: table({ A: { x: 10, y: 9 }, B: { x: 9, y: 1 } }),
      k: 1,
      L: 1,
    };
    const r = await solveAssignment(p);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.total).toBeCloseTo(18);
    expect(r.pairs.map((x) => `${x.item}${x.expert}`).sort()).toEqual(["Ay", "Bx"]);
    expect(greedyAssignment(p).total).toBeCloseTo(11);
  });

  it("respects conflicts, k per item and the load limit L", async () => {
    const experts = ["e1", "e2", "e3", "e4"].map((id) => ({ id }));
    const r = await solveAssignment({
      items: ["A", "B", "C"],
      experts,
      affinity: table({ A: { e1: 5, e2: 4, e3: 1, e4: 1 }, B: { e1: 5, e2: 4, e3: 1, e4: 1 }, C: { e1: 5, e2: 4, e3: 1, e4: 1 } }),
      conflict: (i, e) => i === "A" && e === "e1",
      k: 2,
      L: 2,
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.pairs).toHaveLength(6);
    expect(r.pairs.some((x) => x.item === "A" && x.expert === "e1")).toBe(false);
    for (const i of ["A", "B", "C"]) expect(r.pairs.filter((x) => x.item === i)).toHaveLength(2);
    for (const e of experts) expect(r.pairs.filter((x) => x.expert === e.id).length).toBeLessThanOrEqual(2);
    // e1 and e2 are worth most; e1 can serve only B and C: B,C get e1; two of A,B,C get e2 → 5+5+4+4+1+1 = 20
    expect(r.total).toBeCloseTo(20);
  });

  it("names the capacity constraint when k·items exceeds L·experts", async () => {
    const r = await solveAssignment({ items: ["A", "B", "C"], experts: [{ id: "x" }, { id: "y" }], affinity: () => 1, k: 2, L: 2 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason.code).toBe("capacity");
    expect(r.reason.zh).toContain("6");
    expect(r.reason.en).toContain("3 × 2 = 6");
  });

  it("names the item that has too few experts without a conflict", async () => {
    const r = await solveAssignment({
      items: ["A", "B"],
      experts: ["x", "y", "z"].map((id) => ({ id })),
      affinity: () => 1,
      conflict: (i, e) => i === "B" && e !== "z",
      k: 2,
      L: 2,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason.code).toBe("item_candidates");
    expect(r.reason.items).toEqual(["B"]);
  });

  it("reports a combined infeasibility that no single item shows", async () => {
    // each item alone can use x or y, but both items need both and each expert takes one item
    const r = await solveAssignment({ items: ["A", "B"], experts: ["x", "y", "z", "w"].map((id) => ({ id })), affinity: () => 1, conflict: (_i, e) => e === "z" || e === "w", k: 2, L: 1 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason.code).toBe("combined");
  });

  it("enforces the balance rule (two think-tank types per item) as a MIP", async () => {
    const experts = [
      { id: "u1", type: "高校" },
      { id: "u2", type: "高校" },
      { id: "s1", type: "社科院" },
      { id: "s2", type: "社科院" },
    ];
    const aff = table({ A: { u1: 9, u2: 9, s1: 1, s2: 1 }, B: { u1: 9, u2: 9, s1: 1, s2: 1 } });
    const plain = await solveAssignment({ items: ["A", "B"], experts, affinity: aff, k: 2, L: 2 });
    const balanced = await solveAssignment({ items: ["A", "B"], experts, affinity: aff, k: 2, L: 2, minTypes: 2 });
    expect(plain.ok && balanced.ok).toBe(true);
    if (!plain.ok || !balanced.ok) return;
    expect(plain.total).toBeCloseTo(36);
    for (const i of ["A", "B"]) expect(new Set(balanced.pairs.filter((x) => x.item === i).map((x) => experts.find((e) => e.id === x.expert)!.type)).size).toBe(2);
    expect(balanced.total).toBeCloseTo(20);
    const impossible = await solveAssignment({ items: ["A"], experts: experts.slice(0, 2), affinity: aff, k: 2, L: 2, minTypes: 2 });
    expect(!impossible.ok && impossible.reason.code).toBe("balance");
  });
});

describe("declared conflicts and hand-set pairs", () => {
  it("never assigns a declared conflict even when it is the best pair", async () => {
    const declared = new Set(["A|x"]);
    const r = await solveAssignment({
      items: ["A", "B"],
      experts: ["x", "y", "z"].map((id) => ({ id })),
      affinity: table({ A: { x: 10, y: 2, z: 1 }, B: { x: 3, y: 2, z: 1 } }),
      conflict: (i, e) => declared.has(`${i}|${e}`),
      k: 1,
      L: 1,
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.pairs.some((p) => p.item === "A" && p.expert === "x")).toBe(false);
    // A takes y (2), B takes x (3): 5
    expect(r.total).toBeCloseTo(5);
  });

  it("keeps a pair added by hand and counts it in k and in the expert's load", async () => {
    const r = await solveAssignment({
      items: ["A", "B"],
      experts: ["x", "y", "z", "w"].map((id) => ({ id })),
      affinity: table({ A: { x: 9, y: 8, z: 1 }, B: { x: 9, y: 8, z: 1, w: 1 } }),
      // the reviewer put z on A by hand: A needs one more, z is full (L = 1)
      fixed: [{ item: "A", expert: "z" }],
      k: 2,
      L: 1,
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const of = (i: string) => r.pairs.filter((p) => p.item === i).map((p) => p.expert);
    expect(of("A")).toHaveLength(2);
    expect(of("A")).toContain("z");
    expect(r.pairs.find((p) => p.expert === "z")?.fixed).toBe(true);
    expect(of("B")).toHaveLength(2);
    expect(of("B")).not.toContain("z");
    for (const e of ["x", "y", "z", "w"]) expect(r.pairs.filter((p) => p.expert === e).length).toBeLessThanOrEqual(1);
    // z on A (1) + one of x/y on A, the other and w on B: 1 + 9 + 8 + 1 = 19
    expect(r.total).toBeCloseTo(19);
  });

  it("names the item when hand-set pairs leave too few free experts", async () => {
    // x is on A by hand and full (L = 1); y has a conflict with B: nobody is left for B
    const r = await solveAssignment({ items: ["A", "B"], experts: ["x", "y"].map((id) => ({ id })), affinity: () => 1, conflict: (i, e) => i === "B" && e === "y", fixed: [{ item: "A", expert: "x" }], k: 1, L: 1 });
    expect(!r.ok && r.reason.code).toBe("item_candidates");
    expect(!r.ok && r.reason.items).toEqual(["B"]);
  });
});
