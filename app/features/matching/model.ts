/**
 * The affinity model's pure parts: the per-person fold of project hits, the priors a department
 * would accept as reasons, the learned weights that combine them, and the words that explain a
 * score. No database and no engine here, so the tests and the fitting script use it directly.
 */

export type Evidence = { projectId: number; title: string; titleHtml: string; year?: number; grade?: string; funder?: string; discipline?: string; score: number };

/** What the archive says about a person, independent of the need's text. */
export type PersonPrior = {
  /** archived projects led (hidden ones excluded) */
  projects: number;
  /**
   * year of the most recent one up to the need's date (null if none). Later projects — which a
   * held-out test on the past can see but a need posted today cannot — never count here, and a
   * person with none is treated as neither busy nor inactive, so the test gains nothing from the
   * condition its PIs were chosen by (having an earlier project).
   */
  lastYear: number | null;
  /** how many are in the need's discipline */
  sameDiscipline: number;
  /** how many were graded excellent at completion */
  excellent: number;
};

export type Features = {
  /** best single project match, normalised by the query's best hit (0..1) */
  best: number;
  /** best match against an absolute scale (the raw BM25 score squashed), so a weak top hit stays weak */
  bestAbs: number;
  /** saturating sum of the other matches: a sustained line of work */
  rest: number;
  /** share of the person's projects in the need's discipline (0 when the need declares none) */
  discipline: number;
  /** 1 when the person's last project was approved within two years of the need: still busy with it */
  busy: number;
  /** log(1 + years of inactivity beyond five) since the last project */
  stale: number;
  /** log(1 + projects led) */
  volume: number;
  /** projects graded excellent, capped at 3 */
  excellent: number;
};

export const FEATURE_NAMES = ["best", "bestAbs", "rest", "discipline", "busy", "stale", "volume", "excellent"] as const satisfies readonly (keyof Features)[];
export type Weights = Record<keyof Features, number>;

/**
 * Fitted by `npm run matching:fit` (conditional logit over each query's candidates) on NSSF
 * projects approved in 2013–2015 whose PI has an earlier project, each hidden from the index and
 * from the priors in turn — never on the 2016–2017 test set of the benchmark. Fit of 2026-11-28 on
 * all 1,525 such projects (432 with the true PI among the candidates; two-fold MRR 0.088–0.096
 * against 0.075 for text alone): text evidence counts most (best match,
 * its absolute strength, other matches); then volume of past work, the share of it in the need's
 * discipline; a project approved in the last two years counts against (still busy with it);
 * long inactivity and excellent grades barely matter once the rest is known.
 */
export const WEIGHTS: Weights = { best: 4.07, bestAbs: 1.92, rest: 0.44, discipline: 2.02, busy: -0.5, stale: -0.05, volume: 2.2, excellent: 0.2 };

/** Bounded bonuses for evidence the archive cannot teach (portal answers, declared interests): added after the learned part. */
export const ADOPTED_BONUS = { each: 0.25, max: 0.75 };
export const KEYWORD_BONUS = { each: 0.25, max: 0.5 };

/** Squashes a raw BM25 score (≥ 0) into 0..1; `scale` is the score at which it reaches ~0.63. */
export const squash = (raw: number, scale = 30) => 1 - Math.exp(-Math.max(0, raw) / scale);

export const BUSY_YEARS = 2;
export const ACTIVE_YEARS = 5;

/** The activity priors: busy (a project approved in the last two years) and stale (log of inactive years beyond five). */
export function activity(lastYear: number | null, asOf: number): { busy: number; stale: number } {
  if (lastYear == null) return { busy: 0, stale: 0 };
  const since = Math.max(0, asOf - lastYear);
  return { busy: since <= BUSY_YEARS ? 1 : 0, stale: Math.log1p(Math.max(0, since - ACTIVE_YEARS)) };
}

export type ProjectFacts = { year: number | null; discipline: string | null; grade: string | null };

/**
 * A person's priors as a need posted in `asOf` sees them: only projects approved up to that year
 * count (a held-out test on the past must not learn from the future). Someone whose projects all
 * come later — who would not exist yet for that need — is described by all of them, as if their
 * record started then, so the test cannot profit from its PIs having an earlier project.
 */
export function priorOf(projects: ProjectFacts[], discipline: string | undefined, asOf: number): PersonPrior {
  const past = projects.filter((p) => p.year == null || p.year <= asOf);
  const use = past.length ? past : projects;
  let lastYear: number | null = null;
  for (const p of past) if (p.year != null && (lastYear == null || p.year > lastYear)) lastYear = p.year;
  return {
    projects: use.length,
    lastYear,
    sameDiscipline: discipline ? use.filter((p) => p.discipline === discipline).length : 0,
    excellent: use.filter((p) => p.grade?.includes("优秀")).length,
  };
}

export type Hit = { personIds?: number[]; score: number; raw: number; evidence: Evidence };

export type Folded = { personId: number; evidence: Evidence[]; best: number; bestRaw: number; rest: number };

/** Folds normalised project hits into one record per person: best match and a smoothed sum of the others (OpenReview's "best over own papers"). */
export function foldHits(hits: Hit[]): Map<number, Folded> {
  const by = new Map<number, Folded>();
  for (const h of hits)
    for (const pid of h.personIds ?? []) {
      let a = by.get(pid);
      if (!a) by.set(pid, (a = { personId: pid, evidence: [], best: 0, bestRaw: 0, rest: 0 }));
      a.evidence.push(h.evidence);
      if (h.raw > a.bestRaw) a.bestRaw = h.raw;
    }
  for (const a of by.values()) {
    a.evidence.sort((x, y) => y.score - x.score);
    a.best = a.evidence[0]?.score ?? 0;
    a.rest = 1 - Math.exp(-a.evidence.slice(1).reduce((s, e) => s + e.score, 0));
  }
  return by;
}

export function features(f: Folded, prior: PersonPrior | undefined, asOf: number, hasDiscipline: boolean): Features {
  const p = prior ?? { projects: f.evidence.length, lastYear: null, sameDiscipline: 0, excellent: 0 };
  return {
    best: f.best,
    bestAbs: squash(f.bestRaw),
    rest: f.rest,
    discipline: hasDiscipline && p.projects > 0 ? p.sameDiscipline / p.projects : 0,
    ...activity(p.lastYear, asOf),
    volume: Math.log1p(p.projects),
    excellent: Math.min(3, p.excellent),
  };
}

export function linear(x: Features, w: Weights = WEIGHTS): number {
  let s = 0;
  for (const k of FEATURE_NAMES) s += w[k] * x[k];
  return s;
}

/**
 * Conditional logit (softmax over each query's candidates): maximises the probability of the
 * true person within their query, i.e. a listwise ranking loss. L2-regularised gradient ascent.
 * Returns weights for the given feature names (others 0).
 */
export function fitConditionalLogit(groups: { x: Features[]; y: number }[], names: readonly (keyof Features)[] = FEATURE_NAMES, opts: { iterations?: number; rate?: number; l2?: number } = {}): Weights {
  const w = Object.fromEntries(FEATURE_NAMES.map((k) => [k, 0])) as Weights;
  const iters = opts.iterations ?? 600;
  const rate = opts.rate ?? 0.5;
  const l2 = opts.l2 ?? 0.001;
  const usable = groups.filter((g) => g.y >= 0 && g.y < g.x.length);
  if (!usable.length) return w;
  for (let it = 0; it < iters; it++) {
    const grad = Object.fromEntries(names.map((k) => [k, 0])) as Record<string, number>;
    for (const g of usable) {
      const s = g.x.map((x) => linear(x, w));
      const m = Math.max(...s);
      const e = s.map((v) => Math.exp(v - m));
      const z = e.reduce((a, b) => a + b, 0);
      for (const k of names) {
        let expect = 0;
        for (let i = 0; i < g.x.length; i++) expect += (e[i] / z) * g.x[i][k];
        grad[k] += g.x[g.y][k] - expect;
      }
    }
    for (const k of names) w[k] += rate * (grad[k] / usable.length - l2 * w[k]);
  }
  return w;
}

/** Mean log-likelihood of the true person under the weights (for reporting the fit). */
export function logLikelihood(groups: { x: Features[]; y: number }[], w: Weights): number {
  const usable = groups.filter((g) => g.y >= 0 && g.y < g.x.length);
  let ll = 0;
  for (const g of usable) {
    const s = g.x.map((x) => linear(x, w));
    const m = Math.max(...s);
    ll += s[g.y] - m - Math.log(s.reduce((a, v) => a + Math.exp(v - m), 0));
  }
  return usable.length ? ll / usable.length : 0;
}

export const FUNDER_LABEL: Record<string, { zh: string; en: string }> = {
  nssf: { zh: "国家社科基金", en: "National Social Science Fund" },
  nsfc: { zh: "国家自然科学基金", en: "National Natural Science Foundation" },
};

export type Explained = {
  evidence: Evidence[];
  prior: PersonPrior;
  adopted: number;
  keywordHits: string[];
  discipline?: string;
  asOf: number;
};

/**
 * The words an officer reads beside a recommendation: the reasons the model actually used, in
 * the order it weighs them — the matching projects, then the priors whose weight is not zero.
 */
export function explainAffinity(a: Explained, w: Weights = WEIGHTS): { zh: string; en: string } {
  const funders = new Set(a.evidence.map((e) => e.funder).filter(Boolean));
  const f = funders.size === 1 ? FUNDER_LABEL[[...funders][0]!] : undefined;
  const n = a.evidence.length;
  const exc = a.evidence.filter((e) => e.grade?.includes("优秀")).length;
  const p = a.prior;
  const zh = [`主持过 ${n} 项相近的${f?.zh ?? "基金"}项目${exc ? `，其中 ${exc} 项鉴定为优秀` : ""}`];
  const en = [`Led ${n} similar ${f?.en ?? "funded"} project${n === 1 ? "" : "s"}${exc ? `, ${exc} graded excellent` : ""}`];
  if (a.discipline && w.discipline > 0 && p.sameDiscipline > 0) {
    zh.push(`共主持 ${p.projects} 项，其中 ${p.sameDiscipline} 项属本需求的“${a.discipline}”学科`);
    en.push(`${p.sameDiscipline} of ${p.projects} project${p.projects === 1 ? "" : "s"} in this need's discipline (${a.discipline})`);
  } else if (w.volume > 0 && p.projects > n) {
    zh.push(`共主持基金项目 ${p.projects} 项`);
    en.push(`${p.projects} funded projects in all`);
  }
  if (p.lastYear != null) {
    const { busy, stale } = activity(p.lastYear, a.asOf);
    const since = a.asOf - p.lastYear;
    if (busy && w.busy < 0) {
      zh.push(`${p.lastYear} 年刚获立项，可能仍在研`);
      en.push(`a project approved in ${p.lastYear} may still be under way`);
    } else if (stale > 0 && w.stale < 0) {
      // said as a drawback only when it moves the score noticeably; otherwise a plain fact
      const matters = -w.stale * stale >= 0.1;
      zh.push(`最近一项立项于 ${p.lastYear} 年${matters ? `，已 ${since} 年没有新项目` : ""}`);
      en.push(`last funded in ${p.lastYear}${matters ? `, ${since} years ago` : ""}`);
    } else if (!busy && !stale && (w.busy < 0 || w.stale < 0)) {
      zh.push(`最近一项立项于 ${p.lastYear} 年，近年仍活跃`);
      en.push(`still active: last funded in ${p.lastYear}`);
    }
  }
  if (a.adopted) {
    zh.push(`献策被采纳或获批示 ${a.adopted} 次`);
    en.push(`answers adopted or instructed ${a.adopted} time${a.adopted === 1 ? "" : "s"}`);
  }
  if (a.keywordHits.length) {
    zh.push(`自述研究方向包括“${a.keywordHits.join("、")}”`);
    en.push(`declares interest in "${a.keywordHits.join(", ")}"`);
  }
  return { zh: zh.join("；") + "。", en: en.join("; ") + "." };
}
