import { z } from "zod";
import { DEPARTMENT_LEVELS, THINK_TANK_TYPES } from "#db/schema";

/** Keywords are typed separated by commas (half or full width), 、 or semicolons. */
export function splitKeywords(raw: unknown): string[] {
  if (Array.isArray(raw)) return raw.map((s) => String(s).trim()).filter(Boolean);
  if (typeof raw !== "string") return [];
  const seen = new Set<string>();
  for (const k of raw.split(/[,，、;；\n]+/)) {
    const t = k.trim();
    if (t) seen.add(t);
  }
  return [...seen];
}

const asArray = (v: unknown) => (v == null || v === "" ? [] : Array.isArray(v) ? v : [v]);
const optionalText = (v: unknown) => (typeof v === "string" && v.trim() === "" ? null : typeof v === "string" ? v.trim() : v);
const trimmed = (v: unknown) => (typeof v === "string" ? v.trim() : v);
const checkbox = (v: unknown) => v === true || v === "on" || v === "true" || v === "1";

/** Mainland mobile (11 digits) or a landline with area code and optional extension. */
export const PHONE_PATTERN = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/;

export const personUpdateSchema = z.object({
  id: z.coerce.number().int().positive(),
  version: z.coerce.number({ invalid_type_error: "版本号缺失 / Version missing" }).int().positive(),
  /** filled in by the server from the stored record (see updatePerson), never trusted from the form */
  organisationId: z.number().int().positive().nullable().optional(),
  title: z.preprocess(trimmed, z.string().max(40, "职称不超过 40 个字 / Title: at most 40 characters")),
  disciplines: z.preprocess(asArray, z.array(z.string().trim().min(1)).max(5, "学科最多选择 5 个 / Choose at most 5 disciplines")),
  keywords: z.preprocess(
    splitKeywords,
    z
      .array(z.string().max(20, "每个关键词不超过 20 个字 / Each keyword: at most 20 characters"))
      .max(15, "关键词最多 15 个 / At most 15 keywords"),
  ),
  bio: z.preprocess(trimmed, z.string().max(2000, "简介不超过 2000 字 / Biography: at most 2,000 characters")),
  email: z.preprocess(optionalText, z.string().max(120, "电子邮箱过长 / E-mail address too long").email("电子邮箱格式不正确 / Not a valid e-mail address").nullable()),
  phone: z.preprocess(
    (v) => (typeof optionalText(v) === "string" ? String(optionalText(v)).replace(/[\s()（）]/g, "") : optionalText(v)),
    z.string().regex(PHONE_PATTERN, "电话格式不正确，请填写 11 位手机号或带区号的座机号 / Enter an 11-digit mobile number or a landline with area code").nullable(),
  ),
  publicConsent: z.preprocess(checkbox, z.boolean()),
});
export type PersonUpdateInput = z.infer<typeof personUpdateSchema>;

export const organisationUpdateSchema = z.object({
  id: z.coerce.number().int().positive(),
  version: z.coerce.number({ invalid_type_error: "版本号缺失 / Version missing" }).int().positive(),
  description: z.preprocess(trimmed, z.string().max(4000, "简介不超过 4000 字 / Description: at most 4,000 characters")),
  website: z.preprocess(
    optionalText,
    z
      .string()
      .max(200, "网址过长 / Web address too long")
      .url("网址格式不正确，应以 http:// 或 https:// 开头 / Enter a web address starting with http:// or https://")
      .refine((u) => /^https?:\/\//i.test(u), "网址应以 http:// 或 https:// 开头 / The web address must start with http:// or https://")
      .nullable(),
  ),
  region: z.preprocess(optionalText, z.string().max(20, "地区不超过 20 个字 / Region: at most 20 characters").nullable()),
  level: z.preprocess(optionalText, z.enum(DEPARTMENT_LEVELS, { errorMap: () => ({ message: "请选择有效的级别 / Choose a valid level" }) }).nullable()),
  thinkTankType: z.preprocess(
    optionalText,
    z.enum(THINK_TANK_TYPES, { errorMap: () => ({ message: "请选择有效的智库类型 / Choose a valid think-tank type" }) }).nullable(),
  ),
});
export type OrganisationUpdateInput = z.infer<typeof organisationUpdateSchema>;
