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
  conflict?: (item: string, expert: string) => boolean;
  k: number;
  L: number;
  /** at least this many distinct think-tank types among an item's experts */
  minTypes?: number;
  /** keep only each item's best candidates (speed); widened automatically if that makes it infeasible */
  candidatesPerItem?: number;
};

export type Infeasibility = { code: "capacity" | "item_candidates" | "balance" | "combined"; zh: string; en: string; items?: string[] };

export type AssignmentResult =
  | { ok: true; pairs: { item: string; expert: string; affinity: number }[]; total: number; ms: number; variables: number }
  | { ok: false; reason: Infeasibility; ms: number };

type Highs = Awaited<ReturnType<typeof highsLoader>>;
let loaded: Promise<Highs> | null = null;
/** One WASM instance per process; reloaded after a failure (a crashed instance is unusable). */
async function highs(): Promise<Highs> {
  loaded ??= highsLoader();
  return loaded;
}

/** Checks that can name the constraint at fault before solving. */
export function diagnose(p: AssignmentProblem): Infeasibility | null {
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
  for (const i of p.items) {
    const allowed = p.experts.filter((e) => !p.conflict?.(i, e.id));
    if (allowed.length < p.k) short.push(i);
    else if (p.minTypes && new Set(allowed.map((e) => e.type ?? "")).size < p.minTypes) unbalanced.push(i);
  }
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

function buildLp(p: AssignmentProblem, cands: Map<string, string[]>) {
  const v = new Map<string, { i: number; e: number; a: number }>();
  const ei = new Map(p.experts.map((e, n) => [e.id, n]));
  const obj: string[] = [];
  const itemRows: string[] = [];
  const expertTerms = new Map<number, string[]>();
  const typeTerms = new Map<string, string[]>();
  p.items.forEach((item, ii) => {
    const terms: string[] = [];
    for (const eid of cands.get(item)!) {
      const en = ei.get(eid)!;
      const name = `x${ii}_${en}`;
      const a = Math.max(0, p.affinity(item, eid));
      v.set(name, { i: ii, e: en, a });
      obj.push(`${a >= 0 ? "+" : "-"} ${Math.abs(a).toFixed(6)} ${name}`);
      terms.push(`+ ${name}`);
      (expertTerms.get(en) ?? expertTerms.set(en, []).get(en)!).push(`+ ${name}`);
      if (p.minTypes) {
        const key = `${ii}|${p.experts[en].type ?? ""}`;
        (typeTerms.get(key) ?? typeTerms.set(key, []).get(key)!).push(`+ ${name}`);
      }
    }
    itemRows.push(` i${ii}: ${terms.join(" ")} = ${p.k}`);
  });
  const rows = [...itemRows];
  for (const [en, terms] of expertTerms) rows.push(` e${en}: ${terms.join(" ")} <= ${p.L}`);
  const binaries: string[] = [];
  if (p.minTypes) {
    const yByItem = new Map<number, string[]>();
    let t = 0;
    for (const [key, terms] of typeTerms) {
      const ii = Number(key.split("|")[0]);
      const y = `y${t++}`;
      binaries.push(y);
      // y may be 1 only when some expert of this type is assigned to the item
      rows.push(` t${y}: ${y} ${terms.map((x) => x.replace("+", "-")).join(" ")} <= 0`);
      (yByItem.get(ii) ?? yByItem.set(ii, []).get(ii)!).push(y);
    }
    for (const [ii, ys] of yByItem) rows.push(` b${ii}: ${ys.map((y) => `+ ${y}`).join(" ")} >= ${p.minTypes}`);
    for (const name of v.keys()) binaries.push(name);
  }
  const bounds = p.minTypes ? [] : [...v.keys()].map((n) => ` 0 <= ${n} <= 1`);
  const lp = ["Maximize", ` obj: ${obj.join(" ") || "0 x_dummy"}`, "Subject To", ...rows, "Bounds", ...bounds, ...(binaries.length ? ["Binary", ...binaries.map((b) => ` ${b}`)] : []), "End"].join("\n");
  return { lp, v };
}

export async function solveAssignment(p: AssignmentProblem): Promise<AssignmentResult> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  const bad = diagnose(p);
  if (bad) return { ok: false, reason: bad, ms: ms() };
  const eligible = new Map(p.items.map((i) => [i, p.experts.filter((e) => !p.conflict?.(i, e.id)).map((e) => e.id)]));
  const widths = p.candidatesPerItem ? [p.candidatesPerItem, Infinity] : [Infinity];
  for (const width of widths) {
    const cands = new Map<string, string[]>();
    for (const [i, es] of eligible) cands.set(i, width === Infinity ? es : [...es].sort((a, b) => p.affinity(i, b) - p.affinity(i, a)).slice(0, width));
    const { lp, v } = buildLp(p, cands);
    let res;
    try {
      res = (await highs()).solve(lp, { presolve: "on", mip_rel_gap: 0 });
    } catch (e) {
      loaded = null;
      throw e;
    }
    if (res.Status !== "Optimal") {
      if (width !== Infinity) continue;
      return { ok: false, reason: combined, ms: ms() };
    }
    const pairs: { item: string; expert: string; affinity: number }[] = [];
    for (const [name, col] of Object.entries(res.Columns)) {
      const meta = v.get(name);
      if (meta && (col as { Primal: number }).Primal > 0.5) pairs.push({ item: p.items[meta.i], expert: p.experts[meta.e].id, affinity: meta.a });
    }
    return { ok: true, pairs, total: pairs.reduce((s, x) => s + x.affinity, 0), ms: ms(), variables: v.size };
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
