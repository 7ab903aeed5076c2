import { z } from "zod";

const day = (zh: string, en: string) =>
  z
    .string({ required_error: `请填写${zh} / Please enter the ${en}` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${zh}格式应为 YYYY-MM-DD / The ${en} must look like YYYY-MM-DD`)
    .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), `${zh}不是有效日期 / The ${en} is not a valid date`);

const text = (max: number, zh: string, en: string) => z.string().trim().max(max, `${zh}不能超过 ${max} 字 / ${en} may not exceed ${max.toLocaleString("en")} characters`).default("");

const ids = z.preprocess(
  (v) => (typeof v === "string" ? v.split(",").filter(Boolean).map(Number) : v ?? []),
  z.array(z.coerce.number().int().positive()).min(1, "请至少选择一个已采纳的选题 / Choose at least one accepted topic"),
);

export const callFields = z
  .object({
    title: z.string({ required_error: "请填写指南名称 / Please enter a title" }).trim().min(4, "指南名称至少 4 个字 / A title needs at least 4 characters").max(200, "指南名称不能超过 200 字 / A title may not exceed 200 characters"),
    introMarkdown: text(20_000, "指南说明", "The introduction"),
    eligibility: text(5000, "申报条件", "Eligibility"),
    budget: text(500, "经费说明", "The budget"),
    opensOn: day("开始申报日期", "opening date"),
    closesOn: day("截止日期", "closing date"),
    contacts: text(1000, "联系方式", "Contacts"),
    roundId: z.coerce.number().int().positive().optional(),
    topicIds: ids,
  })
  .refine((c) => c.closesOn >= c.opensOn, { path: ["closesOn"], message: "截止日期不能早于开始申报日期 / The closing date cannot be before the opening date" });

export const correctCallInput = z
  .object({
    id: z.coerce.number().int().positive(),
    version: z.coerce.number().int().positive(),
    changeNotice: text(2000, "更正说明", "The notice"),
  })
  .and(callFields);
