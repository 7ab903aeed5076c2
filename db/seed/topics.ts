import { eq } from "drizzle-orm";
import type { Tx } from "../client";
import { enqueueIndex } from "../outbox";
import { callTopics, calls, callVersions, notifications, organisations, rounds, topicBundleSources, topicEvents, topics, topicSponsors, users, type TopicState } from "../schema";

/**
 * A demo planning round: about twenty topics from several departments and think tanks, some of
 * them overlapping across departments (so the duplicate panel, the overlap matrix and bundling
 * have something to show), in every state, with one bundle and one published call. Organisations
 * and accounts are looked up by name, so a renamed demo record is skipped rather than breaking the seed.
 */
type DemoTopic = {
  org: string;
  author?: string;
  title: string;
  need: string;
  questions: string;
  outputs: string[];
  area: string;
  discipline: string;
  state: TopicState;
  days: number;
  dedup?: "duplicate" | "similar";
  ack?: string;
  flags?: string[];
  comment?: string;
};

const DAY = 86_400_000;
const FGW = "湖南省发展和改革委员会";
const CZT = "湖南省财政厅";
const NYNC = "湖南省农业农村厅";
const STHJ = "湖北省生态环境厅";
const MZ = "江西省民政厅";
const WJW = "江西省卫生健康委员会";
const JT = "九江市交通运输局";
const DTXC = "洞庭大学乡村振兴研究院";
const XZGZ = "湘中大学公共政策研究中心";

const TOPICS: DemoTopic[] = [
  { org: FGW, author: "officer@fgw.example.cn", title: "数字经济赋能县域经济高质量发展的路径研究", need: "县域经济是全省发展的短板，需要明确数字化转型的抓手。", questions: "数字基础设施对县域产业的带动效应如何？哪些政策工具最有效？", outputs: ["report", "policyBrief"], area: "区域发展", discipline: "应用经济", state: "screening", days: 20 },
  { org: NYNC, title: "数字经济赋能县域经济高质量发展的实现路径", need: "推进农业县数字化转型，需要研判路径与政策。", questions: "农业县的数字化转型有何特殊约束？", outputs: ["report"], area: "乡村振兴", discipline: "应用经济", state: "submitted", days: 12, dedup: "duplicate", ack: "本厅侧重农业县和农产品电商，与发改委的县域工业视角不同。" },
  { org: FGW, author: "officer@fgw.example.cn", title: "长江中游城市群协同发展机制研究", need: "落实长江中游城市群发展规划，需要协同机制的政策设计。", questions: "跨省协同的成本分担与利益共享如何安排？", outputs: ["report", "policyBrief"], area: "区域发展", discipline: "应用经济", state: "accepted", days: 40 },
  { org: STHJ, author: "officer@sthjt.example.cn", title: "长江流域横向生态保护补偿机制研究", need: "跨省流域生态补偿协议即将到期，需评估并完善。", questions: "补偿标准如何测算？资金如何分担？", outputs: ["report", "database"], area: "生态环境", discipline: "环境科学", state: "merged", days: 35 },
  { org: CZT, title: "流域横向生态补偿的财政分担机制研究", need: "省级财政需要明确生态补偿资金的分担规则。", questions: "中央、省、市县三级如何分担？", outputs: ["policyBrief"], area: "财政", discipline: "应用经济", state: "merged", days: 33, dedup: "similar" },
  { org: MZ, title: "人口老龄化背景下农村互助养老服务体系研究", need: "农村空巢老人增多，互助养老需要制度化支持。", questions: "互助养老的组织形式与可持续的筹资方式？", outputs: ["report", "policyBrief"], area: "社会保障", discipline: "社会学", state: "returned", days: 25, comment: "请聚焦本省试点县，补充调查设计。" },
  { org: WJW, title: "医养结合服务模式与农村养老服务供给研究", need: "推进医养结合，需要农村场景下的供给方案。", questions: "乡镇卫生院如何承担医养结合功能？", outputs: ["report"], area: "卫生健康", discipline: "公共管理", state: "screening", days: 18, dedup: "similar" },
  { org: JT, title: "长江航运绿色低碳转型路径研究", need: "长江航运减排压力大，需要分阶段的转型方案。", questions: "岸电、清洁能源船舶的推广障碍与政策？", outputs: ["report", "policyBrief"], area: "交通运输", discipline: "应用经济", state: "submitted", days: 8 },
  { org: DTXC, author: "pengguoqiang@example.cn", title: "洞庭湖区农村集体经济发展模式研究", need: "自主选题：湖区村集体经济薄弱，需总结可复制的模式。", questions: "湖区村集体经济的主要模式与风险？", outputs: ["report", "casebook"], area: "乡村振兴", discipline: "农业经济", state: "accepted", days: 45 },
  { org: XZGZ, author: "admin@xzgz.example.cn", title: "地方政府专项债券绩效评价研究", need: "自主选题：专项债规模扩大，绩效评价体系亟待完善。", questions: "如何建立全生命周期的绩效评价指标？", outputs: ["report", "indicators"], area: "财政", discipline: "应用经济", state: "submitted", days: 6 },
  { org: CZT, title: "地方政府专项债券资金使用绩效评价体系研究", need: "需要一套可操作的专项债绩效评价办法。", questions: "评价指标与结果如何挂钩？", outputs: ["indicators", "policyBrief"], area: "财政", discipline: "应用经济", state: "submitted", days: 5, dedup: "duplicate", ack: "财政厅需要的是可直接用于年度评价的办法，智库选题偏理论。" },
  { org: FGW, title: "发展问题研究", need: "", questions: "", outputs: ["report"], area: "综合", discipline: "应用经济", state: "submitted", days: 3, flags: ["tooBroad"] },
  { org: NYNC, title: "高标准农田建设后期管护机制研究", need: "已建成高标准农田管护责任不清。", questions: "管护主体与资金如何落实？", outputs: ["policyBrief"], area: "乡村振兴", discipline: "农业经济", state: "accepted", days: 50 },
  { org: STHJ, author: "officer@sthjt.example.cn", title: "新污染物治理能力建设研究", need: "新污染物治理行动方案需要配套能力建设。", questions: "监测、评估、管控的能力缺口在哪里？", outputs: ["report"], area: "生态环境", discipline: "环境科学", state: "rejected", days: 60, comment: "与国家重点研发计划已立项课题高度重合，建议直接应用其成果。" },
  { org: MZ, title: "社区社会组织参与基层治理研究", need: "社区社会组织作用发挥不足。", questions: "如何培育并规范社区社会组织？", outputs: ["report"], area: "基层治理", discipline: "社会学", state: "submitted", days: 2 },
  { org: WJW, title: "基层医疗卫生机构人才队伍建设研究", need: "基层医疗人才流失严重。", questions: "待遇、编制与职业发展如何改革？", outputs: ["report", "policyBrief"], area: "卫生健康", discipline: "公共管理", state: "draft", days: 1 },
  { org: JT, title: "元宇宙技术在交通管理中的应用前景研究", need: "探索前沿技术在交通管理中的可能性。", questions: "有哪些可落地的应用场景？", outputs: ["report"], area: "交通运输", discipline: "管理科学", state: "screening", days: 15, flags: ["premature"] },
  { org: DTXC, author: "pengguoqiang@example.cn", title: "湖区乡村振兴中的农民合作社规范发展研究", need: "自主选题：合作社“空壳化”问题突出。", questions: "如何推动合作社规范运营？", outputs: ["report", "casebook"], area: "乡村振兴", discipline: "农业经济", state: "published", days: 70 },
  { org: FGW, title: "省级重大项目谋划储备机制研究", need: "重大项目储备不足、质量不高。", questions: "如何建立滚动储备与动态调整机制？", outputs: ["policyBrief"], area: "投资", discipline: "应用经济", state: "published", days: 72 },
];

export function seedTopics(tx: Tx, now: Date): { rounds: number; topics: number; calls: number } {
  const orgId = (name: string) => tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.name, name)).get()?.id;
  const userId = (email?: string) => (email ? tx.select({ id: users.id }).from(users).where(eq(users.email, email)).get()?.id : undefined);
  const reviewer = userId("reviewer@skgh.example.cn") ?? null;
  // dates relative to the day the demo is loaded, so the round and its call stay open whenever it is
  const day = (offset: number) => new Date(now.getTime() + offset * DAY).toISOString().slice(0, 10);
  const year = now.getUTCFullYear() + 1;
  const round = tx
    .insert(rounds)
    .values({ name: `${year}年度决策咨询研究选题征集`, year, opensOn: day(-58), closesOn: day(90), createdAt: now, updatedAt: now })
    .returning()
    .get();
  const ids = new Map<string, number>();
  for (const d of TOPICS) {
    const org = orgId(d.org);
    if (!org) continue;
    const at = new Date(now.getTime() - d.days * DAY);
    const submitted = d.state !== "draft" ? new Date(at.getTime() + DAY) : null;
    const screening = ["screening", "returned", "accepted", "rejected", "merged", "published"].includes(d.state) ? new Date(at.getTime() + 3 * DAY) : null;
    const decided = ["returned", "accepted", "rejected", "published"].includes(d.state) ? new Date(at.getTime() + 8 * DAY) : null;
    const row = tx
      .insert(topics)
      .values({
        roundId: round.id,
        organisationId: org,
        authorUserId: userId(d.author) ?? null,
        selfInitiated: d.org === DTXC || d.org === XZGZ,
        title: d.title,
        policyNeed: d.need,
        researchQuestions: d.questions,
        expectedOutputs: d.outputs,
        policyArea: d.area,
        discipline: d.discipline,
        budgetRange: "10-20万元",
        timeline: "12个月",
        state: d.state,
        flags: d.flags ?? [],
        reviewerComment: d.comment ?? "",
        duplicateAck: d.ack ?? null,
        dedupLevel: d.dedup ?? (d.state === "draft" ? null : "none"),
        submittedAt: submitted,
        screeningStartedAt: screening,
        decidedAt: decided,
        createdAt: at,
        updatedAt: decided ?? screening ?? submitted ?? at,
      })
      .returning()
      .get();
    ids.set(d.title, row.id);
    const ev = (when: Date, kind: string, from: TopicState | null, to: TopicState, note = "", who: number | null = null) =>
      tx.insert(topicEvents).values({ topicId: row.id, at: when, actorUserId: who, actorLabel: who ? "谭振华" : "system:seed", kind, fromState: from, toState: to, note }).run();
    ev(at, "created", null, "draft");
    if (submitted) ev(submitted, "transition", "draft", "submitted", d.ack ?? "");
    if (screening) ev(screening, "transition", "submitted", "screening", "", reviewer);
    if (decided) ev(decided, "transition", "screening", d.state === "published" ? "accepted" : d.state, d.comment ?? "", reviewer);
    enqueueIndex(tx, "topic", row.id, "upsert", now);
  }

  // one bundle: two departments' topics on cross-basin ecological compensation
  const a = ids.get("长江流域横向生态保护补偿机制研究");
  const b = ids.get("流域横向生态补偿的财政分担机制研究");
  if (a && b) {
    const src = [a, b].map((id) => tx.select().from(topics).where(eq(topics.id, id)).get()!);
    const bundle = tx
      .insert(topics)
      .values({
        roundId: round.id,
        organisationId: src[0].organisationId,
        authorUserId: reviewer,
        title: "长江流域横向生态保护补偿与财政分担机制研究",
        policyNeed: src.map((s) => s.policyNeed).join("\n\n"),
        researchQuestions: src.map((s) => s.researchQuestions).join("\n\n"),
        expectedOutputs: ["report", "policyBrief", "database"],
        policyArea: "生态环境",
        discipline: "应用经济",
        budgetRange: "20-30万元",
        timeline: "12个月",
        state: "accepted",
        isBundle: true,
        submittedAt: new Date(now.getTime() - 10 * DAY),
        decidedAt: new Date(now.getTime() - 10 * DAY),
        createdAt: new Date(now.getTime() - 10 * DAY),
        updatedAt: new Date(now.getTime() - 10 * DAY),
      })
      .returning()
      .get();
    for (const s of src) {
      tx.insert(topicBundleSources).values({ bundleId: bundle.id, sourceId: s.id, previousState: "screening" }).run();
      tx.insert(topicSponsors).values({ topicId: bundle.id, organisationId: s.organisationId }).onConflictDoNothing().run();
      tx.update(topics).set({ mergedInto: bundle.id }).where(eq(topics.id, s.id)).run();
      tx.insert(topicEvents).values({ topicId: s.id, at: bundle.createdAt, actorUserId: reviewer, actorLabel: "谭振华", kind: "merged", fromState: "screening", toState: "merged", note: `#${bundle.id} ${bundle.title}` }).run();
    }
    tx.insert(topicEvents).values({ topicId: bundle.id, at: bundle.createdAt, actorUserId: reviewer, actorLabel: "谭振华", kind: "bundled", fromState: null, toState: "accepted", note: src.map((s) => `#${s.id} ${s.title}`).join("\n") }).run();
    enqueueIndex(tx, "topic", bundle.id, "upsert", now);
  }

  // one published call with the two published topics
  const published = ["湖区乡村振兴中的农民合作社规范发展研究", "省级重大项目谋划储备机制研究"].map((t) => ids.get(t)).filter((x): x is number => x != null);
  let callCount = 0;
  if (published.length) {
    const at = new Date(now.getTime() - 20 * DAY);
    const call = tx
      .insert(calls)
      .values({
        roundId: round.id,
        title: `${year}年度决策咨询研究课题指南（第一批）`,
        introMarkdown: "## 申报说明\n\n本批指南面向全省智库和高校研究机构，围绕**乡村振兴**与**重大项目谋划**两个方向。\n\n- 每位负责人限报 1 项\n- 研究周期一般为 12 个月",
        eligibility: "具有副高级以上职称，或具有博士学位；近两年内无未结项的省级课题。",
        budget: "每项资助 10–20 万元",
        opensOn: day(-18),
        closesOn: day(45),
        contacts: "省社科规划办 谭振华 0731-8000 0000",
        state: "published",
        publishedVersion: 1,
        publishedAt: at,
        createdAt: at,
        updatedAt: at,
      })
      .returning()
      .get();
    published.forEach((topicId, position) => tx.insert(callTopics).values({ callId: call.id, topicId, position }).run());
    tx.insert(callVersions).values({ callId: call.id, number: 1, snapshot: { title: call.title }, changeNotice: "", publishedAt: at }).run();
    enqueueIndex(tx, "call", call.id, "upsert", now);
    callCount = 1;
  }
  // what the authors were told when their topics were decided, so a newcomer's inbox is not empty:
  // the last forty days' notices unread, older ones read (the texts are the ones the portal sends)
  const told = { accepted: ["已通过审核", "was accepted"], rejected: ["未予采纳", "was not accepted"], returned: ["已退回修改", "was returned for revision"], merged: ["已并入打包课题", "was merged into a bundled topic"], published: ["已在课题指南中发布", "was published in a call"] } as const;
  for (const d of TOPICS) {
    const id = ids.get(d.title);
    const user = userId(d.author);
    if (!id || !user || !(d.state in told)) continue;
    const [zh, en] = told[d.state as keyof typeof told];
    const at = new Date(now.getTime() - (d.days - 8) * DAY);
    tx.insert(notifications)
      .values({ userId: user, kind: `topic.${d.state}`, title: `选题「${d.title}」${zh}`, titleEn: `Your topic "${d.title}" ${en}`, body: d.comment ?? "", link: `/topics/${id}`, subjectType: "topic", subjectId: id, createdAt: at, readAt: d.days - 8 > 40 ? at : null })
      .run();
  }

  return { rounds: 1, topics: ids.size + (a && b ? 1 : 0), calls: callCount };
}
