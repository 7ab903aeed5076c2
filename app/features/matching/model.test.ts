import { describe, expect, it } from "vitest";
import { FEATURE_NAMES, WEIGHTS, activity, explainAffinity, features, priorOf, fitConditionalLogit, foldHits, linear, logLikelihood, squash, type Evidence, type Features, type Weights } from "./model";

const ev = (projectId: number, score: number, year = 2010): Evidence => ({ projectId, title: `项目${projectId}`, titleHtml: "", year, score });
const zero = Object.fromEntries(FEATURE_NAMES.map((k) => [k, 0])) as Weights;
const x = (o: Partial<Features>): Features => ({ ...zero, ...o });

describe("foldHits", () => {
  it("keeps the best match per person and a saturating sum of the others", () => {
    const folded = foldHits([
      { personIds: [1], score: 0.4, raw: 8, evidence: ev(10, 0.4) },
      { personIds: [1], score: 1, raw: 20, evidence: ev(11, 1) },
      { personIds: [2], score: 0.9, raw: 18, evidence: ev(12, 0.9) },
      { personIds: [1], score: 0.2, raw: 4, evidence: ev(13, 0.2) },
    ]);
    const a = folded.get(1)!;
    expect(a.best).toBe(1);
    expect(a.bestRaw).toBe(20);
    expect(a.evidence.map((e) => e.projectId)).toEqual([11, 10, 13]);
    expect(a.rest).toBeCloseTo(1 - Math.exp(-0.6), 10);
    expect(folded.get(2)).toMatchObject({ best: 0.9, rest: 0 });
  });

  it("ignores hits without a person", () => {
    expect(foldHits([{ personIds: [], score: 1, raw: 1, evidence: ev(1, 1) }, { score: 1, raw: 1, evidence: ev(2, 1) }]).size).toBe(0);
  });
});

describe("priors", () => {
  it("a project in the last two years means busy; inactivity counts only beyond five years", () => {
    expect(activity(2015, 2016)).toEqual({ busy: 1, stale: 0 });
    expect(activity(2013, 2016)).toEqual({ busy: 0, stale: 0 });
    expect(activity(1995, 2016).stale).toBeCloseTo(Math.log1p(16), 10);
    // nobody with no project up to the need's date is rewarded or punished for it
    expect(activity(null, 2016)).toEqual({ busy: 0, stale: 0 });
  });

  it("features: discipline share only when the need declares one, volume and grades from the archive", () => {
    const [f] = foldHits([{ personIds: [7], score: 1, raw: 30, evidence: ev(1, 1) }]).values();
    const prior = { projects: 4, lastYear: 2008, sameDiscipline: 3, excellent: 5 };
    const withD = features(f, prior, 2016, true);
    expect(withD).toMatchObject({ best: 1, rest: 0, discipline: 0.75, busy: 0, excellent: 3 });
    expect(withD.volume).toBeCloseTo(Math.log(5), 10);
    expect(withD.stale).toBeCloseTo(Math.log1p(3), 10);
    expect(withD.bestAbs).toBeCloseTo(squash(30), 10);
    expect(features(f, prior, 2016, false).discipline).toBe(0);
  });

  it("a need sees only the projects approved up to its year; someone with only later ones is described by those", () => {
    const facts = [
      { year: 2008, discipline: "法学", grade: "优秀" },
      { year: 2012, discipline: "社会学", grade: null },
      { year: 2017, discipline: "社会学", grade: "优秀" },
    ];
    expect(priorOf(facts, "社会学", 2016)).toEqual({ projects: 2, lastYear: 2012, sameDiscipline: 1, excellent: 1 });
    expect(priorOf(facts, undefined, 2026)).toEqual({ projects: 3, lastYear: 2017, sameDiscipline: 0, excellent: 2 });
    expect(priorOf(facts.slice(2), "社会学", 2016)).toEqual({ projects: 1, lastYear: null, sameDiscipline: 1, excellent: 1 });
  });

  it("squash maps raw scores into 0..1, monotone", () => {
    expect(squash(0)).toBe(0);
    expect(squash(-3)).toBe(0);
    expect(squash(10)).toBeLessThan(squash(20));
    expect(squash(1e6)).toBeLessThanOrEqual(1);
  });
});

describe("the learned combination", () => {
  it("linear is the weighted sum of the features", () => {
    expect(linear(x({ best: 1, discipline: 0.5 }), { ...zero, best: 2, discipline: 4 })).toBe(4);
  });

  it("the conditional logit learns that the discipline decides among equal text matches", () => {
    // in every query the true person (index 0) is in the need's discipline, the others are not; text is equal
    const groups = Array.from({ length: 30 }, (_, i) => ({
      x: [x({ best: 0.8, discipline: 1 }), x({ best: 0.8, discipline: 0 }), x({ best: 0.9 - (i % 3) * 0.05, discipline: 0 })],
      y: 0,
    }));
    const w = fitConditionalLogit(groups, ["best", "discipline"], { iterations: 300 });
    expect(w.discipline).toBeGreaterThan(1);
    expect(w.volume).toBe(0);
    expect(logLikelihood(groups, w)).toBeGreaterThan(logLikelihood(groups, zero));
  });

  it("queries whose true person is not a candidate do not take part", () => {
    expect(fitConditionalLogit([{ x: [x({ best: 1 })], y: -1 }])).toEqual(zero);
  });
});

describe("explanations", () => {
  const base = { evidence: [{ ...ev(1, 1, 2012), funder: "nssf", grade: "优秀" }, { ...ev(2, 0.5, 2008), funder: "nssf" }], adopted: 0, keywordHits: [], asOf: 2016 };
  it("name the matching projects, the discipline share and the activity the model weighs", () => {
    const why = explainAffinity({ ...base, prior: { projects: 3, lastYear: 2015, sameDiscipline: 2, excellent: 1 }, discipline: "社会学" });
    expect(why.zh).toBe("主持过 2 项相近的国家社科基金项目，其中 1 项鉴定为优秀；共主持 3 项，其中 2 项属本需求的“社会学”学科；2015 年刚获立项，可能仍在研。");
    expect(why.en).toBe("Led 2 similar National Social Science Fund projects, 1 graded excellent; 2 of 3 projects in this need's discipline (社会学); a project approved in 2015 may still be under way.");
  });
  it("say nothing of a reason the model does not weigh", () => {
    const prior = { projects: 3, lastYear: 1990, sameDiscipline: 2, excellent: 1 };
    const why = explainAffinity({ ...base, prior, discipline: "社会学" }, { ...WEIGHTS, discipline: 0, volume: 0, busy: 0, stale: 0 });
    expect(why.zh).toBe("主持过 2 项相近的国家社科基金项目，其中 1 项鉴定为优秀。");
    expect(explainAffinity({ ...base, prior }, { ...WEIGHTS, stale: -0.5 }).zh).toContain("最近一项立项于 1990 年，已 26 年没有新项目");
    // a weight too small to matter: the year is stated, not held against the person
    expect(explainAffinity({ ...base, prior }, { ...WEIGHTS, stale: -0.01 }).zh).toContain("最近一项立项于 1990 年。");
  });
});
