import { FEATURE_NAMES, NOVELTY_NAMES, type Features, type Novelty } from "./features";

/**
 * The similarity model: a logistic regression over the title features, fitted by
 * scripts/dedup-calibrate.ts on pairs built from the archive (a project against its own
 * published results and against rewordings; other candidates as negatives, classes balanced).
 * The score is the probability that two titles name the same topic at even prior odds.
 * A draft read against a candidate adds the novelty term (NOVELTY): what the draft has and the
 * candidate lacks lowers the log-odds (fitted on the archive by scripts/dedup-calibrate-archive.ts).
 * Measurements and the choice of thresholds: docs/decisions/0008-similarity-model.md.
 */
export const MODEL = {
  // fitted 2026-11-28 on 1,802 queries / 107,233 pairs (seed 20171), see the decision record
  coef: { dice: -3.3517, minCont: -2.7483, maxCont: 0.7835, lcs: -0.5975, jaccard: 2.1601, sub: 1.2394, lenRatio: -1.4206, diceLcs: 16.2008 } as Record<
    (typeof FEATURE_NAMES)[number],
    number
  >,
  bias: -1.5849,
};

/**
 * What the draft has and the candidate lacks, added to the model's log-odds (0 = not used): fitted
 * with the committed coefficients held fixed by scripts/dedup-calibrate-archive.ts, see the record.
 */
export const NOVELTY: Record<(typeof NOVELTY_NAMES)[number], number> = { quoteMiss: -0.313, newMiss: 0, rareMiss: -1.364 };

/** Thresholds chosen from the calibration measurements; overridable per deployment. */
export const DEFAULT_THRESHOLDS = { duplicate: 0.95, similar: 0.75 };

export function thresholds(env: Record<string, string | undefined> = process.env): { duplicate: number; similar: number } {
  const num = (v: string | undefined, d: number) => {
    const n = v == null || v === "" ? NaN : Number(v);
    return Number.isFinite(n) && n >= 0 && n <= 1 ? n : d;
  };
  const duplicate = num(env.DEDUP_DUPLICATE_THRESHOLD, DEFAULT_THRESHOLDS.duplicate);
  const similar = Math.min(num(env.DEDUP_SIMILAR_THRESHOLD, DEFAULT_THRESHOLDS.similar), duplicate);
  return { duplicate, similar };
}

export function titleScore(f: Features, nov?: Novelty): number {
  let z = MODEL.bias;
  for (const n of FEATURE_NAMES) z += MODEL.coef[n] * f[n];
  if (nov) for (const n of NOVELTY_NAMES) z += NOVELTY[n] * nov[n];
  return 1 / (1 + Math.exp(-z));
}

/**
 * A draft read against one of a project's published results (成果) rather than its title. A
 * project has several results and many are short book titles (大变局, 乡土中国), so a result
 * match is discounted in log-odds before the same thresholds apply; calibrated on the archive
 * (scripts/dedup-calibrate-archive.ts: an offset of 1 keeps nearly all the gain and adds
 * almost none of the false alarms), see the decision record.
 */
export const RESULT_LOGIT_OFFSET = 1;

export function resultScore(p: number, offset = RESULT_LOGIT_OFFSET): number {
  if (offset === 0) return p;
  const c = Math.min(1 - 1e-9, Math.max(1e-9, p));
  return 1 / (1 + Math.exp(-(Math.log(c / (1 - c)) - offset)));
}
