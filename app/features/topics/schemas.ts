import { z } from "zod";
import { QUALITY_FLAGS, TOPIC_STATES, URGENCIES } from "#db/schema/topic-states";

/** Expected outputs a topic may promise (研究报告, 政策建议, 数据库 …); shown through i18n. */
export const OUTPUT_KINDS = ["report", "policyBrief", "database", "survey", "indicators", "casebook"] as const;

const text = (max: number, zh: string, en: string) =>
  z
    .string({ invalid_type_error: `${zh}须为文字 / ${en} must be text` })
    .trim()
    .max(max, `${zh}不能超过 ${max} 字 / ${en} may not exceed ${max.toLocaleString("en")} characters`)
    .default("");

/** A comma-, 、- or newline-separated list from a form, or an array from JSON. */
const list = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess((v) => (typeof v === "string" ? v.split(/[,，、\n]/).map((s) => s.trim()).filter(Boolean) : v ?? []), z.array(item).max(20, "最多 20 项 / At most 20 items"));

/** What an author writes: the same fields on the form, the live check and the API. */
export const topicFields = z.object({
  title: z
    .string({ required_error: "请填写选题名称 / Please enter a title" })
    .trim()
    .min(4, "选题名称至少 4 个字 / A title needs at least 4 characters")
    .max(200, "选题名称不能超过 200 字 / A title may not exceed 200 characters"),
  policyNeed: text(5000, "政策需求", "The policy need"),
  researchQuestions: text(5000, "研究问题", "The research questions"),
  expectedOutputs: list(z.enum(OUTPUT_KINDS, { errorMap: () => ({ message: "预期成果类型无效 / Unknown kind of output" }) })),
  policyArea: text(100, "政策领域", "The policy area"),
  discipline: text(100, "学科", "The discipline"),
  budgetRange: text(100, "经费范围", "The budget range"),
  timeline: text(200, "研究周期", "The timeline"),
  urgency: z.enum(URGENCIES, { errorMap: () => ({ message: "紧迫程度无效 / Unknown urgency" }) }).default("normal"),
  tags: list(z.string().max(30, "标签不能超过 30 字 / A tag may not exceed 30 characters")),
  duplicateAck: text(2000, "重复说明", "The reason").optional(),
});
export type TopicFields = z.infer<typeof topicFields>;

export const createTopicInput = topicFields.extend({
  roundId: z.coerce.number({ invalid_type_error: "请选择规划轮次 / Please choose a planning round" }).int().positive("请选择规划轮次 / Please choose a planning round"),
  organisationId: z.coerce.number({ invalid_type_error: "请选择单位 / Please choose an organisation" }).int().positive("请选择单位 / Please choose an organisation"),
});

export const updateTopicInput = topicFields.extend({
  id: z.coerce.number().int().positive(),
  version: z.coerce.number({ invalid_type_error: "缺少版本号 / The version is missing" }).int().positive(),
});

export const transitionInput = z.object({
  id: z.coerce.number().int().positive(),
  to: z.enum(TOPIC_STATES, { errorMap: () => ({ message: "目标状态无效 / Unknown target state" }) }),
  note: text(5000, "意见", "The comment").default(""),
  duplicateAck: text(2000, "重复说明", "The reason").optional(),
});

export const categoriseInput = z.object({
  id: z.coerce.number().int().positive(),
  version: z.coerce.number().int().positive(),
  flags: list(z.enum(QUALITY_FLAGS)),
  reviewerComment: text(5000, "审核意见", "The comment").default(""),
  discipline: text(100, "学科", "The discipline").default(""),
  policyArea: text(100, "政策领域", "The policy area").default(""),
  tags: list(z.string().max(30, "标签不能超过 30 字 / A tag may not exceed 30 characters")),
});

export const mergeInput = topicFields.omit({ duplicateAck: true }).extend({
  sourceIds: z
    .preprocess((v) => (typeof v === "string" ? v.split(",").map(Number) : v), z.array(z.coerce.number().int().positive()))
    .refine((a) => new Set(a).size >= 2, "请至少选择两个选题 / Choose at least two topics"),
});

export const unmergeInput = z.object({ bundleId: z.coerce.number().int().positive() });
