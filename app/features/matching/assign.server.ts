import highsLoader from "highs";

/**
 * Reviewer assignment as an optimisation problem, solved with HiGHS (LP/MIP):
 *   maximise Σ affinity(i,e)·x(i,e)
 *   Σ_e x(i,e) = k for each item, Σ_i x(i,e) ≤ L for each expert, x(i,e) = 0 for conflicts,
 *   optionally: each item's experts cover at least `minTypes` think-tank types.
 * Without the balance rule the constraint matrix is totally unimodular (a transportation
 * problem), so the LP optimum is integral; with it, the binaries make it a MIP.
 */

export type AssignmentProblem = {
  items: string[];
  experts: { id: string; type?: string | null }[];
  /** affinity[item][expert] ≥ 0; missing means 0 */
  affinity: (item: string, expert: string) => number;
  /** conflicts of interest, computed or declared: such a pair is never assigned by the solver */
  conflict?: (item: string, expert: string) => boolean;
  /** pairs a reviewer added by hand: kept as they are, counted in k and L */
  fixed?: { item: string; expert: string }[];
  k: number;
  L: number;
  /** at least this many distinct think-tank types among an item's experts */
  minTypes?: number;
  /** keep only each item's best candidates (speed); widened automatically if that makes it infeasible */
  candidatesPerItem?: number;
};

export type Infeasibility = { code: "capacity" | "item_candidates" | "balance" | "combined"; zh: string; en: string; items?: string[] };

export type AssignmentTiming = { modelMs: number; solveMs: number; rounds: number };

export type AssignmentResult =
  | { ok: true; pairs: { item: string; expert: string; affinity: number; fixed?: boolean }[]; total: number; ms: number; variables: number; timing: AssignmentTiming }
  | { ok: false; reason: Infeasibility; ms: number };

type Highs = Awaited<ReturnType<typeof highsLoader>>;
let loaded: Promise<Highs> | null = null;
/** One WASM instance per process; reloaded after a failure (a crashed instance is unusable). */
async function highs(): Promise<Highs> {
  loaded ??= highsLoader();
  return loaded;
}

/**
 * The model once: per item, the eligible experts (no conflict, not already fixed on it) with their
 * affinities in typed arrays — the solver, the pruning and the diagnosis all read these instead of
 * calling back per comparison (the callback in a sort comparator was most of the old run time).
 */
type Model = {
  /** expert indices per item */
  eligible: Int32Array[];
  /** affinity per item, aligned with `eligible` */
  score: Float64Array[];
  /** how many fixed experts each item already has */
  fixedPerItem: Int32Array;
  /** how many fixed items each expert already carries */
  fixedPerExpert: Int32Array;
  /** fixed types per item (for the balance rule) */
  fixedTypes: Set<string>[];
};

function buildModel(p: AssignmentProblem): Model {
  const ei = new Map(p.experts.map((e, n) => [e.id, n]));
  const ii = new Map(p.items.map((i, n) => [i, n]));
  const fixedPerItem = new Int32Array(p.items.length);
  const fixedPerExpert = new Int32Array(p.experts.length);
  const fixedTypes = p.items.map(() => new Set<string>());
  const fixedPair = new Set<number>();
  for (const f of p.fixed ?? []) {
    const i = ii.get(f.item);
    const e = ei.get(f.expert);
    if (i == null || e == null || fixedPair.has(i * p.experts.length + e)) continue;
    fixedPair.add(i * p.experts.length + e);
    fixedPerItem[i]++;
    fixedPerExpert[e]++;
    fixedTypes[i].add(p.experts[e].type ?? "");
  }
  const eligible: Int32Array[] = [];
  const score: Float64Array[] = [];
  const buf = new Int32Array(p.experts.length);
  p.items.forEach((item, i) => {
    let n = 0;
    for (let e = 0; e < p.experts.length; e++) {
      if (fixedPair.has(i * p.experts.length + e) || p.conflict?.(item, p.experts[e].id)) continue;
      buf[n++] = e;
    }
    const el = buf.slice(0, n);
    const sc = new Float64Array(n);
    for (let j = 0; j < n; j++) sc[j] = Math.max(0, p.affinity(item, p.experts[el[j]].id) || 0);
    eligible.push(el);
    score.push(sc);
  });
  return { eligible, score, fixedPerItem, fixedPerExpert, fixedTypes };
}

/** Checks that can name the constraint at fault before solving. */
export function diagnose(p: AssignmentProblem, m: Model = buildModel(p)): Infeasibility | null {
  const need = p.k * p.items.length;
  const cap = p.L * p.experts.length;
  if (need > cap)
    return {
      code: "capacity",
      zh: `评审总需求 ${p.items.length} 项 × 每项 ${p.k} 人 = ${need} 人次，超过专家总容量 ${p.experts.length} 人 × 每人最多 ${p.L} 项 = ${cap} 人次。`,
      en: `The items need ${p.items.length} × ${p.k} = ${need} reviews, more than the experts can give (${p.experts.length} × ${p.L} = ${cap}).`,
    };
  const short: string[] = [];
  const unbalanced: string[] = [];
  p.items.forEach((item, i) => {
    const open = m.eligible[i].filter((e) => m.fixedPerExpert[e] < p.L);
    if (open.length + m.fixedPerItem[i] < p.k) short.push(item);
    else if (p.minTypes) {
      const types = new Set(m.fixedTypes[i]);
      for (const e of open) types.add(p.experts[e].type ?? "");
      if (types.size < p.minTypes) unbalanced.push(item);
    }
  });
  if (short.length)
    return {
      code: "item_candidates",
      items: short,
      zh: `${short.length} 项（${short.slice(0, 5).join("、")}）排除利益冲突后可选专家不足 ${p.k} 人。`,
      en: `${short.length} item(s) (${short.slice(0, 5).join(", ")}) have fewer than ${p.k} experts without a conflict of interest.`,
    };
  if (unbalanced.length)
    return {
      code: "balance",
      items: unbalanced,
      zh: `${unbalanced.length} 项（${unbalanced.slice(0, 5).join("、")}）的可选专家来自不足 ${p.minTypes} 类智库，无法满足类型均衡要求。`,
      en: `${unbalanced.length} item(s) (${unbalanced.slice(0, 5).join(", ")}) have eligible experts from fewer than ${p.minTypes} think-tank types, so the balance rule cannot hold.`,
    };
  return null;
}

const combined: Infeasibility = {
  code: "combined",
  zh: "每项单独看都有足够的专家，但在每人最多评审项数的限制下，利益冲突使这些项目争抢同一批专家，无法同时满足。请提高每人上限、增加专家或减少每项人数。",
  en: "Each item has enough experts on its own, but with the per-expert limit the conflicts make items compete for the same experts. Raise the limit, add experts or lower k.",
};

/** Each item's best `width` eligible experts (indices into the model's arrays), by affinity. */
function prune(m: Model, width: number): Int32Array[] {
  return m.eligible.map((el, i) => {
    if (el.length <= width) return Int32Array.from(el.keys());
    const sc = m.score[i];
    const order = Int32Array.from(el.keys()).sort((a, b) => sc[b] - sc[a] || a - b);
    return order.subarray(0, width);
  });
}

/**
 * The LP in CPLEX-LP text, built from the typed arrays in one pass. Without the balance rule it is
 * a transportation problem (item rows "= k − fixed", expert rows "≤ L − fixed"), totally unimodular.
 */
function buildLp(p: AssignmentProblem, m: Model, picks: Int32Array[]) {
  const cols: { i: number; e: number; a: number }[] = [];
  const obj: string[] = [];
  const rows: string[] = [];
  const expertTerms = new Map<number, string[]>();
  const typeTerms = new Map<string, string[]>();
  picks.forEach((pick, i) => {
    const terms: string[] = [];
    for (let j = 0; j < pick.length; j++) {
      const e = m.eligible[i][pick[j]];
      if (m.fixedPerExpert[e] >= p.L) continue;
      const name = `x${cols.length}`;
      const a = m.score[i][pick[j]];
      cols.push({ i, e, a });
      obj.push(`+ ${a.toFixed(6)} ${name}`);
      terms.push(`+ ${name}`);
      (expertTerms.get(e) ?? expertTerms.set(e, []).get(e)!).push(`+ ${name}`);
      if (p.minTypes) {
        const key = `${i}|${p.experts[e].type ?? ""}`;
        (typeTerms.get(key) ?? typeTerms.set(key, []).get(key)!).push(`+ ${name}`);
      }
    }
    const need = p.k - m.fixedPerItem[i];
    if (need > 0) rows.push(` i${i}: ${terms.join(" ") || "0 x_none"} = ${need}`);
    else if (terms.length) rows.push(` i${i}: ${terms.join(" ")} = 0`);
  });
  for (const [e, terms] of expertTerms) rows.push(` e${e}: ${terms.join(" ")} <= ${p.L - m.fixedPerExpert[e]}`);
  const binaries: string[] = [];
  if (p.minTypes) {
    const yByItem = new Map<number, string[]>();
    let t = 0;
    for (const [key, terms] of typeTerms) {
      const i = Number(key.split("|")[0]);
      if (m.fixedTypes[i].has(key.slice(key.indexOf("|") + 1))) continue;
      const y = `y${t++}`;
      binaries.push(y);
      // y may be 1 only when some expert of this type is assigned to the item
      rows.push(` t${y}: ${y} ${terms.map((x) => x.replace("+", "-")).join(" ")} <= 0`);
      (yByItem.get(i) ?? yByItem.set(i, []).get(i)!).push(y);
    }
    p.items.forEach((_, i) => {
      const need = p.minTypes! - m.fixedTypes[i].size;
      if (need > 0) rows.push(` b${i}: ${(yByItem.get(i) ?? []).map((y) => `+ ${y}`).join(" ") || "0 x_none"} >= ${need}`);
    });
    for (let c = 0; c < cols.length; c++) binaries.push(`x${c}`);
  }
  const bounds = p.minTypes ? [] : cols.map((_, c) => ` 0 <= x${c} <= 1`);
  const lp = ["Maximize", ` obj: ${obj.join(" ") || "0 x_none"}`, "Subject To", ...rows, "Bounds", ...bounds, ...(binaries.length ? ["Binary", ...binaries.map((b) => ` ${b}`)] : []), "End"].join("\n");
  return { lp, cols };
}

export async function solveAssignment(p: AssignmentProblem): Promise<AssignmentResult> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  const m = buildModel(p);
  const bad = diagnose(p, m);
  if (bad) return { ok: false, reason: bad, ms: ms() };
  const fixedPairs = (p.fixed ?? []).map((f) => ({ item: f.item, expert: f.expert, affinity: Math.max(0, p.affinity(f.item, f.expert) || 0), fixed: true }));
  const timing: AssignmentTiming = { modelMs: performance.now() - started, solveMs: 0, rounds: 0 };
  const widths = p.candidatesPerItem ? [p.candidatesPerItem, Infinity] : [Infinity];
  for (const width of widths) {
    const t0 = performance.now();
    const picks = width === Infinity ? m.eligible.map((el) => Int32Array.from(el.keys())) : prune(m, width);
    const { lp, cols } = buildLp(p, m, picks);
    const t1 = performance.now();
    timing.modelMs += t1 - t0;
    let res;
    try {
      res = (await highs()).solve(lp, { presolve: "on", mip_rel_gap: 0 });
    } catch (e) {
      loaded = null;
      throw e;
    }
    timing.solveMs += performance.now() - t1;
    timing.rounds++;
    if (res.Status !== "Optimal") {
      if (width !== Infinity) continue;
      return { ok: false, reason: combined, ms: ms() };
    }
    const pairs: { item: string; expert: string; affinity: number; fixed?: boolean }[] = [...fixedPairs];
    for (const [name, col] of Object.entries(res.Columns)) {
      if (name[0] !== "x" || name === "x_none") continue;
      const c = cols[Number(name.slice(1))];
      if (c && (col as { Primal: number }).Primal > 0.5) pairs.push({ item: p.items[c.i], expert: p.experts[c.e].id, affinity: c.a });
    }
    timing.modelMs = Math.round(timing.modelMs);
    timing.solveMs = Math.round(timing.solveMs);
    return { ok: true, pairs, total: pairs.reduce((s, x) => s + x.affinity, 0), ms: ms(), variables: cols.length, timing };
  }
  return { ok: false, reason: combined, ms: ms() };
}

/** The greedy baseline: best pairs first while capacity lasts (used only for comparison). */
export function greedyAssignment(p: AssignmentProblem): { pairs: { item: string; expert: string; affinity: number }[]; total: number; complete: boolean } {
  const all: { item: string; expert: string; affinity: number }[] = [];
  for (const i of p.items) for (const e of p.experts) if (!p.conflict?.(i, e.id)) all.push({ item: i, expert: e.id, affinity: p.affinity(i, e.id) });
  all.sort((a, b) => b.affinity - a.affinity);
  const load = new Map<string, number>();
  const got = new Map<string, number>();
  const pairs = [];
  for (const x of all) {
    if ((got.get(x.item) ?? 0) >= p.k || (load.get(x.expert) ?? 0) >= p.L) continue;
    pairs.push(x);
    got.set(x.item, (got.get(x.item) ?? 0) + 1);
    load.set(x.expert, (load.get(x.expert) ?? 0) + 1);
  }
  return { pairs, total: pairs.reduce((s, x) => s + x.affinity, 0), complete: p.items.every((i) => (got.get(i) ?? 0) === p.k) };
}
