import type { Funder } from "../schema/archive";

/** The fields an archive row can carry, whatever the file calls its columns. */
export const FIELDS = [
  "approvalNumber",
  "category",
  "discipline",
  "title",
  "approvedOn",
  "piName",
  "piTitle",
  "institution",
  "institutionType",
  "province",
  "system",
  "outputTitle",
  "outputForm",
  "grade",
  "completedOn",
  "certificateNumber",
  "publisher",
  "publishedOn",
  "authors",
  "awards",
  "amount",
  "period",
] as const;
export type Field = (typeof FIELDS)[number];

type ColumnSpec = { field: Field; names: string[]; required?: boolean };

/** Column names per format; the first name is the one shown in messages. Names are compared after {@link headerKey}. */
export const COLUMNS: Record<Funder, ColumnSpec[]> = {
  nssf: [
    { field: "approvalNumber", names: ["项目批准号", "批准号", "项目编号"], required: true },
    { field: "category", names: ["项目类别", "类别"] },
    { field: "discipline", names: ["学科分类", "学科"] },
    { field: "title", names: ["项目名称", "名称", "课题名称"], required: true },
    { field: "approvedOn", names: ["立项时间", "立项日期"] },
    { field: "piName", names: ["项目负责人", "负责人"], required: true },
    { field: "piTitle", names: ["专业职务", "职务", "职称"] },
    { field: "institution", names: ["工作单位", "单位", "所在单位"], required: true },
    { field: "institutionType", names: ["单位类别"] },
    { field: "province", names: ["所在省区市", "所在省市区", "省区市", "省份"] },
    { field: "system", names: ["所属系统"] },
    { field: "outputTitle", names: ["成果名称"] },
    { field: "outputForm", names: ["成果形式"] },
    { field: "grade", names: ["成果等级", "鉴定等级"] },
    { field: "completedOn", names: ["结项时间", "结项日期"] },
    { field: "certificateNumber", names: ["结项证书号"] },
    { field: "publisher", names: ["出版社"] },
    { field: "publishedOn", names: ["出版时间"] },
    { field: "authors", names: ["作者"] },
    { field: "awards", names: ["获奖情况", "获奖概况"] },
  ],
  nsfc: [
    { field: "approvalNumber", names: ["项目批准号", "批准号"], required: true },
    { field: "category", names: ["项目类别", "资助类别", "类别"] },
    { field: "title", names: ["项目名称", "名称"], required: true },
    { field: "institution", names: ["依托单位", "单位"], required: true },
    { field: "piName", names: ["负责人", "项目负责人"], required: true },
    { field: "amount", names: ["金额", "金额(万元)", "资助金额", "批准金额"] },
    { field: "period", names: ["起止年月", "起止时间", "执行期限"] },
    { field: "grade", names: ["总评", "结题评估"] },
  ],
};

/** Header text compared without spaces, BOM, width or bracket style: "金额（万元）" = "金额(万元)". */
export const headerKey = (s: string) =>
  s
    .replace(/^\ufeff/, "")
    .normalize("NFKC")
    .replace(/[\s\u3000]+/g, "")
    .toLowerCase();

export type HeaderMap = { index: Partial<Record<Field, number>>; missing: string[] };

export function mapHeader(format: Funder, header: string[]): HeaderMap {
  const keys = header.map(headerKey);
  const index: Partial<Record<Field, number>> = {};
  const missing: string[] = [];
  for (const spec of COLUMNS[format]) {
    const at = keys.findIndex((k) => spec.names.some((n) => headerKey(n) === k));
    if (at >= 0) index[spec.field] = at;
    else if (spec.required) missing.push(spec.names[0]);
  }
  return { index, missing };
}

/** Every known column name, to recognise a header line repeated inside the data. */
export const ALL_HEADER_KEYS = new Set(Object.values(COLUMNS).flatMap((specs) => specs.flatMap((s) => s.names.map(headerKey))));
