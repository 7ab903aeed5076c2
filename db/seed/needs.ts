import { eq } from "drizzle-orm";
import type { Tx } from "../client";
import { enqueueIndex } from "../outbox";
import { adoptions, clarifications, needInvitations, needs, organisations, people, proposals, users } from "../schema";

/**
 * Demo needs (决策需求) from several departments, with proposals in every state, one accepted
 * answer that drew a leader's instruction, and one invited-only need. Looked up by name, so a
 * renamed demo organisation or person is skipped rather than breaking the seed.
 */
type DemoProposal = { person: string; user?: string; summary: string; approach: string; state: "draft" | "submitted" | "shortlisted" | "accepted" | "declined" | "withdrawn"; reason?: string; cost?: number };
type DemoNeed = {
  department: string;
  author?: string;
  question: string;
  background: string;
  decision: string;
  days: number;
  expectedForm: string;
  policyArea: string;
  discipline: string;
  keywords: string[];
  visibility: "public" | "registered" | "invited";
  invite?: string[];
  proposals?: DemoProposal[];
  adoption?: { kind: "adopted" | "instructed"; note: string };
  question2?: { q: string; a?: string };
};

const DAY = 86_400_000;

export const demoNeeds: DemoNeed[] = [
  {
    department: "湖南省发展和改革委员会",
    author: "officer@fgw.example.cn",
    question: "如何推动县域经济与乡村振兴产业融合发展",
    background: "全省县域经济占比过半，但县域产业同质化明显，一二三产业融合程度不高，需要可操作的政策抓手。",
    decision: "编制全省县域经济高质量发展三年行动方案",
    days: 40,
    expectedForm: "研究报告",
    policyArea: "乡村振兴",
    discipline: "应用经济",
    keywords: ["县域经济", "乡村振兴", "产业融合"],
    visibility: "public",
    proposals: [
      { person: "彭国强", user: "pengguoqiang@example.cn", summary: "以农村集体经济为纽带推动县域一二三产业融合，选取 6 个县开展对比调研，提出分类施策建议。", approach: "案例比较 + 面板数据分析", state: "submitted", cost: 18 },
      { person: "唐建平", summary: "从城乡融合与县域城镇化的角度，提出县城承载产业融合的空间布局方案。", approach: "空间计量 + 实地调研", state: "shortlisted", cost: 22 },
    ],
    question2: { q: "研究报告是否需要覆盖湘西地区的民族县？", a: "需要，至少包含 1 个民族自治县的案例。" },
  },
  {
    department: "湖南省农业农村厅",
    question: "农村集体经济组织经营风险防范机制研究",
    background: "部分村集体经济组织对外投资和举债出现风险，亟需建立监测与防范机制。",
    decision: "出台村级集体经济组织经营风险防范指导意见",
    days: 25,
    expectedForm: "政策建议",
    policyArea: "农业农村",
    discipline: "管理学",
    keywords: ["农村集体经济", "风险防范"],
    visibility: "registered",
    proposals: [
      { person: "彭国强", user: "pengguoqiang@example.cn", summary: "建立村集体经济组织经营风险“红黄绿”三色监测指标体系，配套负面清单和审计制度。", approach: "指标体系构建 + 试点验证", state: "accepted", cost: 12 },
      { person: "谢玉兰", summary: "从乡村治理角度完善集体经济组织民主监督机制。", approach: "问卷调查", state: "declined", reason: "与本次需求的风险监测重点不完全吻合。" },
    ],
    adoption: { kind: "instructed", note: "分管副省长批示：请省农业农村厅研究吸收。" },
  },
  {
    department: "湖北省生态环境厅",
    author: "officer@sthjt.example.cn",
    question: "长江流域横向生态保护补偿的评估指标设计",
    background: "省内多条支流已签订横向生态补偿协议，但补偿标准与考核指标不统一。",
    decision: "修订流域横向生态补偿实施办法",
    days: 30,
    expectedForm: "专家咨询会",
    policyArea: "生态环境",
    discipline: "环境经济",
    keywords: ["生态补偿", "长江流域", "考核指标"],
    visibility: "invited",
    invite: ["王鸿斌", "刘思远"],
  },
  {
    department: "湖南省财政厅",
    question: "地方政府专项债务风险监测预警模型",
    background: "专项债券规模快速增长，需要提前识别项目收益不足带来的偿债风险。",
    decision: "建立全省专项债券项目全生命周期监测平台",
    days: 20,
    expectedForm: "数据分析",
    policyArea: "财政金融",
    discipline: "应用经济",
    keywords: ["地方政府债务", "风险预警"],
    visibility: "public",
    proposals: [
      { person: "罗雅琴", summary: "基于项目现金流和区域经济运行数据构建专项债风险评分模型，按季度滚动预警。", approach: "机器学习 + 压力测试", state: "submitted", cost: 30 },
      { person: "王鸿斌", summary: "以公共政策评估框架对专项债项目开展绩效评价。", approach: "绩效评价", state: "withdrawn" },
    ],
  },
  {
    department: "湖北省教育厅",
    question: "“双减”后课后服务经费保障机制",
    background: "课后服务收费标准和财政补助方式各地差异较大。",
    decision: "制定课后服务经费保障指导意见",
    days: 10,
    expectedForm: "简报",
    policyArea: "教育",
    discipline: "教育学",
    keywords: ["课后服务", "经费保障"],
    visibility: "public",
  },
];

export function seedNeeds(tx: Tx, now: Date, list: DemoNeed[] = demoNeeds): { needs: number; proposals: number } {
  const c = { needs: 0, proposals: 0 };
  const orgId = (name: string) => tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.name, name)).get()?.id;
  const person = (name: string) => tx.select({ id: people.id, organisationId: people.organisationId }).from(people).where(eq(people.name, name)).get();
  const userId = (email?: string) => (email ? tx.select({ id: users.id }).from(users).where(eq(users.email, email)).get()?.id : undefined);
  for (const n of list) {
    const dept = orgId(n.department);
    if (!dept) continue;
    const author = userId(n.author) ?? null;
    const accepted = n.proposals?.some((p) => p.state === "accepted");
    const id = tx
      .insert(needs)
      .values({
        organisationId: dept,
        authorUserId: author,
        question: n.question,
        background: n.background,
        decision: n.decision,
        deadline: new Date(now.getTime() + n.days * DAY),
        expectedForm: n.expectedForm,
        policyArea: n.policyArea,
        discipline: n.discipline,
        keywords: n.keywords,
        visibility: n.visibility,
        state: accepted ? "decided" : "open",
        createdAt: new Date(now.getTime() - (30 - n.days) * DAY),
        updatedAt: now,
      })
      .returning({ id: needs.id })
      .get().id;
    c.needs++;
    enqueueIndex(tx, "need", id, "upsert", now);
    for (const name of n.invite ?? []) {
      const p = person(name);
      if (p) tx.insert(needInvitations).values({ needId: id, personId: p.id, invitedBy: author, createdAt: now }).run();
    }
    if (n.question2)
      tx.insert(clarifications)
        .values({ needId: id, question: n.question2.q, answer: n.question2.a ?? null, answeredBy: n.question2.a ? author : null, createdAt: now, answeredAt: n.question2.a ? now : null })
        .run();
    for (const p of n.proposals ?? []) {
      const who = person(p.person);
      if (!who) continue;
      const pid = tx
        .insert(proposals)
        .values({
          needId: id,
          authorUserId: userId(p.user) ?? null,
          personId: who.id,
          organisationId: who.organisationId,
          summary: p.summary,
          approach: p.approach,
          team: `${p.person}及课题组成员 3 人`,
          timeline: "3 个月",
          cost: p.cost ?? null,
          state: p.state,
          decisionReason: p.reason ?? null,
          submittedAt: p.state === "draft" ? null : now,
          decidedAt: ["accepted", "declined"].includes(p.state) ? now : null,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: proposals.id })
        .get().id;
      c.proposals++;
      if (p.state !== "draft") enqueueIndex(tx, "proposal", pid, "upsert", now);
      if (p.state === "accepted" && n.adoption)
        tx.insert(adoptions).values({ proposalId: pid, kind: n.adoption.kind, note: n.adoption.note, occurredOn: new Date(now.getTime() - 2 * DAY).toISOString().slice(0, 10), createdAt: now }).run();
    }
  }
  return c;
}
