// 演示数据类型定义（仅用于种子数据，不含业务逻辑）

export type DemoOrganisation = {
  key: string;
  kind: "department" | "thinkTank" | "managementOffice";
  name: string;
  shortName?: string;
  level?: "national" | "provincial" | "municipal" | "county";
  /** 省级行政区名称，如「湖南」 */
  region: string;
  thinkTankType?: "党政部门" | "社科院" | "党校行政学院" | "高校" | "科研院所" | "军队" | "企业" | "社会" | "媒体";
  partner: boolean;
  description: string;
  website?: string;
};

export type DemoPerson = {
  key: string;
  name: string;
  /** 职称，如 研究员、教授、副研究员、副教授、讲师、高级经济师 */
  title: string;
  orgKey: string | null;
  institutionName: string;
  /** 取自 disciplines.ts */
  disciplines: string[];
  keywords: string[];
  bio: string;
  email: string;
  /** 11 位虚构手机号 */
  phone: string;
  publicConsent: boolean;
};

export type DemoProject = {
  approvalNumber: string;
  funder: "nssf" | "nsfc";
  category: string;
  discipline: string;
  title: string;
  year: number;
  /** YYYY-MM-DD */
  approvedOn: string;
  piKey: string;
  institutionOrgKey: string;
  province: string;
  /** 优秀、良好、合格、免于鉴定；未结项为 null */
  grade: string | null;
  completedOn: string | null;
  outputs: { title: string; form: string /* 研究报告, 论文, 专著, 政策建议, 数据库, 论文集 */ }[];
  /** 资助金额（万元） */
  amount?: number;
};

export type DemoAccount = {
  email: string;
  password: string;
  displayName: string;
  personKey?: string;
  orgKey?: string;
  orgRole?: "admin" | "member" | "reviewer";
  platformRole?: "platformAdmin" | "securityAdmin" | "auditAdmin";
  /** 一行中文说明，如「部门联络员（省发展改革委）」 */
  description: string;
};

/** 有意构造的近似重复立项（用于演示查重/「一鱼多吃」识别） */
export type DemoNearDuplicatePair = {
  pattern: "同一负责人跨基金" | "同一负责人同基金" | "不同负责人";
  a: { funder: DemoProject["funder"]; approvalNumber: string; title: string };
  b: { funder: DemoProject["funder"]; approvalNumber: string; title: string };
};
