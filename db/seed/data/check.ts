// 演示数据自检：引用完整性、唯一性与基本格式。运行：npx tsx db/seed/data/check.ts
import {
  DEMO_PASSWORD,
  demoAccounts,
  disciplines,
  nearDuplicatePairs,
  organisations,
  people,
  projects,
} from "./index";

const errors: string[] = [];
const warn = (msg: string): void => {
  errors.push(msg);
};

function dupes(values: string[]): string[] {
  const seen = new Set<string>();
  const out = new Set<string>();
  for (const v of values) (seen.has(v) ? out : seen).add(v);
  return [...out];
}

function count<T>(items: T[], key: (t: T) => string): Record<string, number> {
  const r: Record<string, number> = {};
  for (const it of items) r[key(it)] = (r[key(it)] ?? 0) + 1;
  return r;
}

// 拉丁字母出现在中文字段中（域名、邮箱等字段不检查）
const LATIN = /[A-Za-z]/;
const checkChinese = (where: string, s: string): void => {
  if (LATIN.test(s)) warn(`${where} 含拉丁字母：${s}`);
};

// ── 学科 ──
const expectedDisciplines = [
  "马列·科社", "党史·党建", "哲学", "理论经济", "应用经济", "统计学", "政治学", "法学", "社会学", "人口学",
  "民族问题研究", "国际问题研究", "中国历史", "世界历史", "考古学", "宗教学", "中国文学", "外国文学", "语言学",
  "新闻学与传播学", "图书馆·情报与文献学", "体育学", "管理学", "教育学", "艺术学", "军事学",
];
for (const d of expectedDisciplines) if (!disciplines.includes(d)) warn(`学科缺失：${d}`);
for (const d of dupes(disciplines)) warn(`学科重复：${d}`);
const disciplineSet = new Set(disciplines);

// ── 机构 ──
const orgKeys = new Set(organisations.map((o) => o.key));
for (const k of dupes(organisations.map((o) => o.key))) warn(`机构 key 重复：${k}`);
for (const n of dupes(organisations.map((o) => o.name))) warn(`机构名称重复：${n}`);
const byKind = count(organisations, (o) => o.kind);
if (byKind.managementOffice !== 1) warn(`主管部门数量应为 1，实为 ${byKind.managementOffice ?? 0}`);
if (byKind.department !== 10) warn(`党政部门数量应为 10，实为 ${byKind.department ?? 0}`);
if (byKind.thinkTank !== 15) warn(`智库数量应为 15，实为 ${byKind.thinkTank ?? 0}`);
if (!orgKeys.has("mgmt")) warn("缺少主管部门 key：mgmt");
const thinkTanks = organisations.filter((o) => o.kind === "thinkTank");
const ttTypes = ["党政部门", "社科院", "党校行政学院", "高校", "科研院所", "军队", "企业", "社会", "媒体"] as const;
for (const t of ttTypes) if (!thinkTanks.some((o) => o.thinkTankType === t)) warn(`缺少智库类型：${t}`);
for (const o of organisations) {
  if (o.kind === "thinkTank" && !o.thinkTankType) warn(`智库缺少类型：${o.key}`);
  if (o.kind !== "thinkTank" && o.thinkTankType) warn(`非智库不应有智库类型：${o.key}`);
  if (o.kind === "thinkTank" && !o.key.startsWith("tt-")) warn(`智库 key 应以 tt- 开头：${o.key}`);
  if (o.kind === "department" && !o.key.startsWith("dept-")) warn(`部门 key 应以 dept- 开头：${o.key}`);
  checkChinese(`机构 ${o.key} 名称`, o.name);
  checkChinese(`机构 ${o.key} 简介`, o.description);
  if (o.shortName) checkChinese(`机构 ${o.key} 简称`, o.shortName);
  checkChinese(`机构 ${o.key} 地区`, o.region);
  if (o.website && !/^https:\/\/[a-z0-9.-]+\.example\.(cn|org)$/.test(o.website)) warn(`机构网址不是示例域名：${o.website}`);
}
const regions = new Set(organisations.filter((o) => o.kind === "department").map((o) => o.region));
if (regions.size < 2 || regions.size > 3) warn(`部门应分布在 2–3 个省份，实为 ${[...regions].join("、")}`);

// ── 专家 ──
const personKeys = new Set(people.map((p) => p.key));
for (const k of dupes(people.map((p) => p.key))) warn(`专家 key 重复：${k}`);
for (const n of dupes(people.map((p) => p.name))) warn(`专家姓名重复：${n}`);
for (const e of dupes(people.map((p) => p.email))) warn(`专家邮箱重复：${e}`);
for (const ph of dupes(people.map((p) => p.phone))) warn(`专家手机号重复：${ph}`);
for (const p of people) {
  if (p.orgKey !== null) {
    const org = organisations.find((o) => o.key === p.orgKey);
    if (!org) warn(`专家 ${p.key} 的 orgKey 不存在：${p.orgKey}`);
    else {
      if (org.kind !== "thinkTank") warn(`专家 ${p.key} 所属机构不是智库：${p.orgKey}`);
      if (org.name !== p.institutionName) warn(`专家 ${p.key} 的 institutionName 与机构名不一致`);
    }
  } else if (organisations.some((o) => o.name === p.institutionName)) {
    warn(`无所属机构的专家 ${p.key} 的单位却在机构列表中：${p.institutionName}`);
  }
  for (const d of p.disciplines) if (!disciplineSet.has(d)) warn(`专家 ${p.key} 学科不在列表中：${d}`);
  if (!/^[a-z]+@example\.(cn|org)$/.test(p.email)) warn(`专家邮箱格式不符：${p.email}`);
  if (!/^1[3-9]\d{9}$/.test(p.phone)) warn(`专家手机号格式不符：${p.phone}`);
  checkChinese(`专家 ${p.key} 姓名`, p.name);
  checkChinese(`专家 ${p.key} 职称`, p.title);
  checkChinese(`专家 ${p.key} 单位`, p.institutionName);
  checkChinese(`专家 ${p.key} 简介`, p.bio);
  for (const k of p.keywords) checkChinese(`专家 ${p.key} 关键词`, k);
}
const perTank = count(people.filter((p) => p.orgKey), (p) => p.orgKey!);
for (const o of thinkTanks) {
  const n = perTank[o.key] ?? 0;
  if (n < 2 || n > 4) warn(`智库 ${o.key} 专家数应为 2–4，实为 ${n}`);
}

// ── 课题 ──
for (const f of ["nssf", "nsfc"] as const) {
  for (const n of dupes(projects.filter((p) => p.funder === f).map((p) => p.approvalNumber))) warn(`${f} 批准号重复：${n}`);
}
for (const t of dupes(projects.map((p) => p.title))) warn(`课题题名完全重复：${t}`);
const nssfCats = new Set(["重大项目", "重点项目", "一般项目", "青年项目", "西部项目"]);
const nsfcCats = new Set(["面上项目", "青年科学基金项目", "重点项目"]);
const grades = new Set(["优秀", "良好", "合格", "免于鉴定"]);
const forms = new Set(["研究报告", "论文", "专著", "政策建议", "数据库", "论文集"]);
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const nssfYearSlots = new Set<string>();
for (const p of projects) {
  const id = `${p.funder}:${p.approvalNumber}`;
  if (!personKeys.has(p.piKey)) warn(`课题 ${id} 的 piKey 不存在：${p.piKey}`);
  const org = organisations.find((o) => o.key === p.institutionOrgKey);
  if (!org) warn(`课题 ${id} 的 institutionOrgKey 不存在：${p.institutionOrgKey}`);
  else if (org.region !== p.province) warn(`课题 ${id} 省份与依托机构不一致`);
  if (!disciplineSet.has(p.discipline)) warn(`课题 ${id} 学科不在列表中：${p.discipline}`);
  if (p.funder === "nssf") {
    if (!nssfCats.has(p.category)) warn(`课题 ${id} 类别不符：${p.category}`);
    if (!/^\d{2}(ZDA|[ABCX][A-Z]{2,3})\d{3}$/.test(p.approvalNumber)) warn(`社科基金批准号格式不符：${p.approvalNumber}`);
    if (p.approvalNumber.slice(0, 2) !== String(p.year).slice(2)) warn(`批准号年份与立项年份不一致：${id}`);
    const slot = `${p.piKey}:${p.year}`;
    if (nssfYearSlots.has(slot)) warn(`同一负责人同年获两项社科基金：${slot}`);
    nssfYearSlots.add(slot);
  } else {
    if (!nsfcCats.has(p.category)) warn(`课题 ${id} 类别不符：${p.category}`);
    if (!/^71\d{6}$/.test(p.approvalNumber)) warn(`自然科学基金批准号格式不符：${p.approvalNumber}`);
  }
  if (p.year < 2008 || p.year > 2024) warn(`课题 ${id} 年份越界：${p.year}`);
  if (!DATE.test(p.approvedOn) || !p.approvedOn.startsWith(String(p.year))) warn(`课题 ${id} 立项日期不符：${p.approvedOn}`);
  if (p.completedOn === null) {
    if (p.grade !== null) warn(`课题 ${id} 未结项却有等级`);
    if (p.outputs.length > 0) warn(`课题 ${id} 未结项却有成果`);
  } else {
    if (!DATE.test(p.completedOn) || p.completedOn <= p.approvedOn) warn(`课题 ${id} 结项日期不符：${p.completedOn}`);
    if (p.completedOn > "2026-11-28") warn(`课题 ${id} 结项日期晚于当前日期：${p.completedOn}`);
    if (p.grade === null || !grades.has(p.grade)) warn(`课题 ${id} 等级不符：${p.grade}`);
    if (p.outputs.length < 1 || p.outputs.length > 3) warn(`课题 ${id} 成果数应为 1–3，实为 ${p.outputs.length}`);
  }
  for (const o of p.outputs) {
    if (!forms.has(o.form)) warn(`课题 ${id} 成果形式不符：${o.form}`);
    checkChinese(`课题 ${id} 成果题名`, o.title.replace(/12345/g, ""));
  }
  checkChinese(`课题 ${id} 题名`, p.title.replace(/12345/g, ""));
  if (p.title.length > 48) warn(`课题 ${id} 题名过长（${p.title.length} 字）：${p.title}`);
}
const perPi = count(projects, (p) => p.piKey);
for (const p of people) {
  const n = perPi[p.key] ?? 0;
  if (n < 2 || n > 12) warn(`专家 ${p.key} 课题数应为 2–12，实为 ${n}`);
}

// 近似重复对
for (const pair of nearDuplicatePairs) {
  for (const side of [pair.a, pair.b]) {
    const hit = projects.find((p) => p.funder === side.funder && p.approvalNumber === side.approvalNumber);
    if (!hit || hit.title !== side.title) warn(`近似重复对引用的课题不存在：${side.funder}:${side.approvalNumber}`);
  }
}

// ── 账号 ──
for (const e of dupes(demoAccounts.map((a) => a.email))) warn(`账号邮箱重复：${e}`);
for (const a of demoAccounts) {
  if (a.password !== DEMO_PASSWORD) warn(`账号 ${a.email} 未使用演示密码`);
  if (!/@([a-z0-9-]+\.)*example\.cn$/.test(a.email)) warn(`账号邮箱不是 example.cn：${a.email}`);
  if (a.orgKey && !orgKeys.has(a.orgKey)) warn(`账号 ${a.email} 的 orgKey 不存在：${a.orgKey}`);
  if (a.personKey && !personKeys.has(a.personKey)) warn(`账号 ${a.email} 的 personKey 不存在：${a.personKey}`);
  if (a.orgKey && !a.orgRole) warn(`账号 ${a.email} 有机构但无机构角色`);
  if (a.platformRole && a.orgKey) warn(`平台管理账号 ${a.email} 不应隶属机构`);
  if (a.personKey) {
    const person = people.find((p) => p.key === a.personKey);
    if (person && person.orgKey !== a.orgKey) warn(`账号 ${a.email} 的机构与专家所属机构不一致`);
  }
  checkChinese(`账号 ${a.email} 说明`, a.description);
  checkChinese(`账号 ${a.email} 显示名`, a.displayName);
}
const roles = demoAccounts.map((a) => a.platformRole ?? `${a.orgKey?.split("-")[0]}:${a.orgRole}`);
for (const need of ["platformAdmin", "securityAdmin", "auditAdmin", "mgmt:reviewer", "mgmt:admin", "tt:admin", "tt:member", "dept:member"]) {
  if (!roles.includes(need)) warn(`缺少演示账号角色：${need}`);
}

// ── 输出 ──
const fmt = (r: Record<string, number>): string =>
  Object.entries(r)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`)
    .join("，");

console.log(`学科：${disciplines.length}`);
console.log(`机构：${organisations.length}（${fmt(byKind)}）；合作智库 ${organisations.filter((o) => o.partner).length}`);
console.log(`智库类型：${fmt(count(thinkTanks, (o) => o.thinkTankType ?? "?"))}`);
console.log(`专家：${people.length}（无平台机构 ${people.filter((p) => !p.orgKey).length}，同意公开 ${people.filter((p) => p.publicConsent).length}）`);
console.log(`课题：${projects.length}（${fmt(count(projects, (p) => p.funder))}）`);
console.log(`  类别：${fmt(count(projects, (p) => `${p.funder}/${p.category}`))}`);
console.log(`  已结项 ${projects.filter((p) => p.completedOn).length}，在研 ${projects.filter((p) => !p.completedOn).length}`);
console.log(`  等级：${fmt(count(projects.filter((p) => p.grade), (p) => p.grade!))}`);
console.log(`  成果：${projects.reduce((n, p) => n + p.outputs.length, 0)} 项（${fmt(count(projects.flatMap((p) => p.outputs), (o) => o.form))}）`);
console.log(`  带副标题 ${projects.filter((p) => p.title.includes("——")).length}，含全角引号/冒号 ${projects.filter((p) => /[“”：]/.test(p.title)).length}`);
console.log(`  负责人课题数：最少 ${Math.min(...Object.values(perPi))}，最多 ${Math.max(...Object.values(perPi))}；跨两类基金的专家 ${people.filter((p) => new Set(projects.filter((x) => x.piKey === p.key).map((x) => x.funder)).size === 2).length}`);
console.log(`  年份：${Math.min(...projects.map((p) => p.year))}–${Math.max(...projects.map((p) => p.year))}`);
console.log(`近似重复对：${nearDuplicatePairs.length}（${fmt(count(nearDuplicatePairs, (p) => p.pattern))}）`);
console.log(`账号：${demoAccounts.length}`);

if (errors.length > 0) {
  console.error(`\n发现 ${errors.length} 个问题：`);
  for (const e of errors) console.error(`  - ${e}`);
  process.exit(1);
}
console.log("\n检查通过。");
