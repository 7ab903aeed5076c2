import { z } from "zod";
import { EXPECTED_FORMS, NEED_VISIBILITIES } from "#db/schema/needs";

const text = (max: number, zh: string, en: string) => z.string().trim().max(max, `${zh}不能超过 ${max} 字 / ${en} may not exceed ${max.toLocaleString("en")} characters`).default("");

/** A comma-, 、- or newline-separated list from a form, or an array from JSON. */
const list = z.preprocess(
  (v) => (typeof v === "string" ? v.split(/[,，、;；\n]/).map((s) => s.trim()).filter(Boolean) : (v ?? [])),
  z.array(z.string().max(30, "关键词不能超过 30 字 / A keyword may not exceed 30 characters")).max(20, "最多 20 个关键词 / At most 20 keywords"),
);

/** A date (YYYY-MM-DD, Asia/Shanghai) or an ISO instant; a bare date means the end of that day in Beijing. */
const deadline = z.preprocess(
  (v) => {
    if (v instanceof Date) return v;
    if (typeof v !== "string" || !v.trim()) return undefined;
    const s = v.trim();
    return /^\d{4}-\d{2}-\d{2}$/.test(s) ? new Date(`${s}T23:59:59+08:00`) : new Date(s);
  },
  z.date({ required_error: "请填写截止日期 / Please enter a deadline", invalid_type_error: "截止日期格式应为 YYYY-MM-DD / The deadline should look like YYYY-MM-DD" }).refine((d) => !Number.isNaN(d.getTime()), "截止日期格式应为 YYYY-MM-DD / The deadline should look like YYYY-MM-DD"),
);

export const needFields = z.object({
  question: z
    .string({ required_error: "请填写决策问题 / Please enter the question" })
    .trim()
    .min(6, "决策问题至少 6 个字 / The question needs at least 6 characters")
    .max(300, "决策问题不能超过 300 字 / The question may not exceed 300 characters"),
  background: text(5000, "背景", "The background"),
  decision: text(2000, "支撑的决策", "The decision"),
  deadline,
  expectedForm: z.enum(EXPECTED_FORMS, { errorMap: () => ({ message: "请选择期望的成果形式 / Please choose the expected form" }) }),
  policyArea: text(100, "政策领域", "The policy area"),
  discipline: text(100, "学科", "The discipline"),
  keywords: list,
  visibility: z.enum(NEED_VISIBILITIES, { errorMap: () => ({ message: "请选择可见范围 / Please choose who may see it" }) }),
});

export const createNeedInput = needFields.extend({
  organisationId: z.coerce.number({ invalid_type_error: "请选择发布部门 / Please choose the department" }).int().positive("请选择发布部门 / Please choose the department"),
});
export type CreateNeedInput = z.infer<typeof createNeedInput>;

const id = (zh: string, en: string) => z.coerce.number({ invalid_type_error: `${zh} / ${en}` }).int().positive(`${zh} / ${en}`);

export const extendDeadlineInput = z.object({ needId: id("缺少需求编号", "The need is missing"), deadline });

export const inviteInput = z.object({
  needId: id("缺少需求编号", "The need is missing"),
  personIds: z.array(z.coerce.number().int().positive()).max(50, "一次最多邀请 50 人 / At most 50 people at once").default([]),
  organisationIds: z.array(z.coerce.number().int().positive()).max(50, "一次最多邀请 50 家 / At most 50 organisations at once").default([]),
});

export const clarificationInput = z.object({
  needId: id("缺少需求编号", "The need is missing"),
  question: z.string().trim().min(4, "问题至少 4 个字 / A question needs at least 4 characters").max(1000, "问题不能超过 1000 字 / A question may not exceed 1,000 characters"),
});
export const answerInput = z.object({
  clarificationId: id("缺少问题编号", "The question is missing"),
  answer: z.string().trim().min(2, "请填写答复 / Please write an answer").max(3000, "答复不能超过 3000 字 / An answer may not exceed 3,000 characters"),
});

export const proposalFields = z.object({
  summary: z
    .string({ required_error: "请填写方案摘要 / Please write a summary" })
    .trim()
    .min(10, "方案摘要至少 10 个字 / A summary needs at least 10 characters")
    .max(3000, "方案摘要不能超过 3000 字 / A summary may not exceed 3,000 characters"),
  approach: text(5000, "研究思路", "The approach"),
  team: text(2000, "团队", "The team"),
  timeline: text(1000, "进度安排", "The timeline"),
  cost: z.preprocess(
    (v) => (v === "" || v == null ? undefined : v),
    z.coerce.number({ invalid_type_error: "经费须为数字（万元） / The cost must be a number (10k yuan)" }).min(0, "经费不能为负 / The cost cannot be negative").max(100000, "经费过大 / The cost is too large").optional(),
  ),
});

export const saveProposalInput = proposalFields.extend({
  needId: id("缺少需求编号", "The need is missing"),
  /** absent: a new proposal */
  proposalId: z.coerce.number().int().positive().optional(),
  version: z.coerce.number().int().positive().optional(),
  organisationId: z.preprocess((v) => (v === "" || v == null ? undefined : v), z.coerce.number().int().positive().optional()),
  /** submit now, or keep as a draft */
  submit: z.preprocess((v) => v === true || v === "true" || v === "1" || v === "on", z.boolean()).default(false),
});
export type SaveProposalInput = z.infer<typeof saveProposalInput>;

export const proposalIdInput = z.object({ proposalId: id("缺少方案编号", "The proposal is missing") });
export const decideInput = z.object({
  proposalId: id("缺少方案编号", "The proposal is missing"),
  /** accept → commissioned project; topic → accepted and put into a planning round's topic pool */
  decision: z.enum(["shortlist", "accept", "topic", "decline"], { errorMap: () => ({ message: "决定无效 / Unknown decision" }) }),
  reason: z.string().trim().max(2000, "理由不能超过 2000 字 / The reason may not exceed 2,000 characters").default(""),
  roundId: z.preprocess((v) => (v === "" || v == null ? undefined : v), z.coerce.number().int().positive("请选择规划轮次 / Please choose a planning round").optional()),
});
export const adoptionInput = z.object({
  proposalId: id("缺少方案编号", "The proposal is missing"),
  kind: z.enum(["adopted", "instructed"], { errorMap: () => ({ message: "请选择采纳或批示 / Please choose adopted or instructed" }) }),
  note: text(2000, "说明", "The note"),
  occurredOn: z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式应为 YYYY-MM-DD / The date should look like YYYY-MM-DD"),
});
export const subscriptionInput = z.object({
  kind: z.enum(["policyArea", "discipline", "keyword"], { errorMap: () => ({ message: "订阅类型无效 / Unknown kind of subscription" }) }),
  value: z.string().trim().min(1, "请填写订阅内容 / Please enter what to follow").max(50, "订阅内容不能超过 50 字 / At most 50 characters"),
});
