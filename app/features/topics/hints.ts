import type { QualityFlag } from "#db/schema/topic-states";

/**
 * Automatic hints for the four quality flags (过大、过偏、过时、过早). They only suggest; the
 * reviewer decides. The rules are deliberately simple and stated in full:
 * - tooBroad: once generic words (研究、问题、对策、发展、建设 …) are removed, fewer than 6
 *   characters of the title remain — nothing narrows the subject.
 * - tooNarrow: a title longer than 40 characters, or one scoped to a single case (——以…为例, 某县/某村).
 * - outdated: at least 5 similar archive projects, and more than half of them are more than 8 years old.
 * - premature: the title names an emerging subject (元宇宙、量子、脑机、6G …) and the archive holds no
 *   similar project at all — the evidence base may not exist yet.
 */
const GENERIC = ["研究", "问题", "对策", "若干", "相关", "发展", "建设", "推进", "加强", "完善", "新时代", "我国", "中国", "背景下", "视角下", "路径", "机制", "探索", "分析", "思考", "的", "与", "和", "及"];
const EMERGING = ["元宇宙", "量子", "脑机", "6G", "生成式人工智能", "大模型", "低空经济", "具身智能", "Web3", "区块链"];

export type ArchiveStat = { similar: number; olderThan8: number };
export type Hint = { flag: QualityFlag; reason: { zh: string; en: string } };

export function qualityHints(title: string, archive: ArchiveStat): Hint[] {
  const hints: Hint[] = [];
  let core = title.replace(/[\s\p{P}]/gu, "");
  for (const g of GENERIC) core = core.split(g).join("");
  if (core.length < 6) hints.push({ flag: "tooBroad", reason: { zh: "去掉泛化词语后题目所剩无几，研究对象不够具体。", en: "Little remains of the title once generic words are removed; the subject is not specific." } });
  if (title.length > 40 || /以.+为例|某县|某村|某乡/.test(title))
    hints.push({ flag: "tooNarrow", reason: { zh: "题目很长或局限于单一个案。", en: "The title is very long or confined to a single case." } });
  if (archive.similar >= 5 && archive.olderThan8 * 2 > archive.similar)
    hints.push({
      flag: "outdated",
      reason: { zh: `档案中有 ${archive.similar} 个相似项目，其中 ${archive.olderThan8} 个立项已超过 8 年。`, en: `${archive.similar} similar archive projects, ${archive.olderThan8} of them funded more than 8 years ago.` },
    });
  if (archive.similar === 0 && EMERGING.some((w) => title.includes(w)))
    hints.push({ flag: "premature", reason: { zh: "题目涉及新兴议题，档案中尚无相似项目，研究基础可能不足。", en: "An emerging subject with no similar archive project: the evidence base may not exist yet." } });
  return hints;
}
