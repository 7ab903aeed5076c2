/**
 * Words every research title uses ("研究", "问题", "对策" …): they say what kind of work it is,
 * not what it is about, so two titles sharing only these are not similar. They are weighted
 * down in ranking and the duplicate check, and dropped from candidate queries.
 */
export const GENERIC_WORDS: ReadonlySet<string> = new Set([
  "研究", "问题", "对策", "探析", "分析", "机制", "路径", "视角", "背景", "背景下", "基于", "若干", "思考",
  "探讨", "实证", "理论", "实践", "理论与实践", "对策研究", "问题研究", "实证研究", "比较研究", "创新", "建设",
  "发展", "现状", "影响", "作用", "方法", "模式", "体系", "构建", "策略", "途径", "思路", "意义", "启示",
  "新时代", "新时期", "当代", "当前", "我国", "中国", "若干问题", "关系", "视域", "视野", "框架", "效应",
  "因素", "评价", "机理", "现代", "完善", "推进", "提升", "优化", "探索", "考察", "调查", "报告", "及其",
  "与", "和", "及", "的", "之", "中", "下", "对", "在", "为", "以", "从", "等", "于", "其", "与其", "——",
  "为例", "以为例", "方面", "领域", "过程", "条件", "问题与对策", "现状与对策", "对策建议", "研究报告",
]);

/** Whether a token is a generic research word (or made only of function characters). */
export function isGeneric(token: string): boolean {
  return GENERIC_WORDS.has(token);
}

/** Weight of a token in ranking and similarity: generic words count for a fifth. */
export const GENERIC_WEIGHT = 0.2;
