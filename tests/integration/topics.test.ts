import { and, eq } from "drizzle-orm";
import { SaxesParser } from "saxes";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/client";
import { auditLog, mailOutbox, notifications, rounds, topicBundleSources, topicEvents, topics, type TopicState } from "#db/schema";
import { getSearchEngine, resetSearchEngine } from "#search/index";
import { drainOutbox } from "#search/sync/drain";
import type { Actor } from "~/features/access/actor";
import { systemActor } from "~/features/access/actor";
import { renderMarkdown } from "~/features/calls/markdown.server";
import { callDetail, callsFeed } from "~/features/calls/queries.server";
import { correctCall, createCall, publishCall } from "~/features/calls/verbs.server";
import { qualityHints } from "~/features/topics/hints";
import { roundOverlap } from "~/features/topics/queries.server";
import { TRANSITIONS } from "~/features/topics/states";
import { createTopic, mergeTopics, transitionTopic, unmergeTopics, updateTopic } from "~/features/topics/verbs.server";
import { isServiceError, type ServiceError } from "~/lib/errors";
import { createTestDb } from "../support/db";
import { actorOf, makeOrganisation, makeUser } from "../support/auth";

type T = ReturnType<typeof createTestDb>;
let t: T;
let db: Db;
let roundId: number;
const who = {} as Record<"authorA" | "authorB" | "adminA" | "ttMember" | "reviewer" | "moAdmin" | "stranger" | "deptReviewerA", Actor>;
const org = {} as Record<"deptA" | "deptB" | "tt" | "office", number>;

const base = {
  policyNeed: "落实国家战略需要厘清现状与短板",
  researchQuestions: "现状如何？短板在哪里？",
  expectedOutputs: ["report", "policyBrief"],
  policyArea: "区域发展",
  discipline: "应用经济",
  budgetRange: "20-30万元",
  timeline: "12个月",
  urgency: "normal",
  tags: [],
};

async function refused(p: Promise<unknown> | (() => unknown)): Promise<ServiceError> {
  try {
    if (typeof p === "function") p();
    else await p;
  } catch (e) {
    if (isServiceError(e)) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}

function propose(actor: Actor, organisationId: number, title: string, extra: Record<string, unknown> = {}) {
  return createTopic({ db, actor }, { ...base, roundId, organisationId, title, ...extra });
}

async function submitted(actor: Actor, organisationId: number, title: string) {
  const topic = propose(actor, organisationId, title);
  await transitionTopic({ db, actor }, { id: topic.id, to: "submitted", duplicateAck: "测试 / test" });
  await drainOutbox(db, getSearchEngine(db));
  return topic;
}

async function accepted(title: string, actor = who.authorA, organisationId = org.deptA) {
  const topic = await submitted(actor, organisationId, title);
  await transitionTopic({ db, actor: who.reviewer }, { id: topic.id, to: "screening" });
  await transitionTopic({ db, actor: who.reviewer }, { id: topic.id, to: "accepted" });
  return topic;
}

const stateOf = (id: number) => db.select({ s: topics.state }).from(topics).where(eq(topics.id, id)).get()!.s;

beforeEach(async () => {
  resetSearchEngine();
  t = createTestDb();
  db = t.db;
  org.deptA = makeOrganisation(db, "发展改革委", "department").id;
  org.deptB = makeOrganisation(db, "商务厅", "department").id;
  org.tt = makeOrganisation(db, "区域研究院", "thinkTank").id;
  org.office = makeOrganisation(db, "社科规划办", "managementOffice").id;
  const mk = async (email: string, orgs: { organisationId: number; role: "admin" | "member" | "reviewer" }[]) => actorOf(db, (await makeUser(db, { email, orgs })).id);
  who.authorA = await mk("a@dept.cn", [{ organisationId: org.deptA, role: "member" }]);
  who.adminA = await mk("admin@dept.cn", [{ organisationId: org.deptA, role: "admin" }]);
  who.deptReviewerA = await mk("rev@dept.cn", [{ organisationId: org.deptA, role: "reviewer" }]);
  who.authorB = await mk("b@dept.cn", [{ organisationId: org.deptB, role: "member" }]);
  who.ttMember = await mk("tt@tt.cn", [{ organisationId: org.tt, role: "member" }]);
  who.reviewer = await mk("reviewer@office.cn", [{ organisationId: org.office, role: "reviewer" }]);
  who.moAdmin = await mk("boss@office.cn", [{ organisationId: org.office, role: "admin" }]);
  who.stranger = { kind: "anonymous" };
  roundId = db.insert(rounds).values({ name: "2027年度选题征集", year: 2027 }).returning().get().id;
});
afterEach(() => {
  resetSearchEngine();
  t.cleanup();
});

describe("topic permissions for every transition", () => {
  // who may make each plain move: owner = a member or admin of the topic's organisation; reviewer = the management office
  const MAY: Record<"owner" | "reviewer", (keyof typeof who)[]> = { owner: ["authorA", "adminA"], reviewer: ["reviewer", "moAdmin"] };
  const ALL: (keyof typeof who)[] = ["authorA", "adminA", "deptReviewerA", "authorB", "ttMember", "reviewer", "moAdmin", "stranger"];

  for (const move of TRANSITIONS.filter((m) => !m.via)) {
    it(`${move.from} → ${move.to}: only the ${move.by}`, async () => {
      for (const role of ALL) {
        const topic = propose(who.authorA, org.deptA, `数字经济赋能区域协调发展的机制研究${role}`);
        db.update(topics).set({ state: move.from as TopicState }).where(eq(topics.id, topic.id)).run();
        const attempt = transitionTopic({ db, actor: who[role] }, { id: topic.id, to: move.to, note: "理由 / reason", duplicateAck: "不同 / differs" });
        if (MAY[move.by].includes(role)) {
          await attempt;
          expect(stateOf(topic.id), role).toBe(move.to);
        } else {
          const e = await refused(attempt);
          expect(e.status, role).toBe(403);
          expect(stateOf(topic.id), role).toBe(move.from);
        }
      }
      const denied = db.select().from(auditLog).where(and(eq(auditLog.action, "topic.transition"), eq(auditLog.result, "denied"))).all();
      expect(denied.length).toBe(ALL.length - MAY[move.by].length);
    });
  }

  it("lets only members of the topic's organisation create and edit it", async () => {
    expect((await refused(() => propose(who.authorB, org.deptA, "他部门代为提交的选题"))).status).toBe(403);
    expect((await refused(() => propose(who.deptReviewerA, org.deptA, "审核员不能提交选题"))).status).toBe(403);
    const topic = propose(who.ttMember, org.tt, "智库自主选题：平台经济治理");
    expect(topic.selfInitiated).toBe(true);
    expect((await refused(() => updateTopic({ db, actor: who.authorA }, { ...base, id: topic.id, version: 1, title: "改题" }))).status).toBe(403);
  });
});

describe("the state machine refuses what it does not allow", () => {
  it("refuses moves not in the table, with both languages, and writes nothing", async () => {
    const topic = propose(who.authorA, org.deptA, "城市更新中的历史街区保护研究");
    for (const to of ["accepted", "published", "merged", "screening"] as const) {
      const e = await refused(transitionTopic({ db, actor: who.reviewer }, { id: topic.id, to }));
      expect([403, 409]).toContain(e.status);
      expect(e.bilingual.zh).toBeTruthy();
      expect(e.bilingual.en).toBeTruthy();
    }
    expect(stateOf(topic.id)).toBe("draft");
    const e = await refused(transitionTopic({ db, actor: who.authorA }, { id: topic.id, to: "accepted" }));
    expect(e.status).toBe(409);
  });

  it("requires comments to return and a reason to reject", async () => {
    const topic = await submitted(who.authorA, org.deptA, "人口老龄化背景下的养老服务供给研究");
    await transitionTopic({ db, actor: who.reviewer }, { id: topic.id, to: "screening" });
    const e = await refused(transitionTopic({ db, actor: who.reviewer }, { id: topic.id, to: "returned", note: "  " }));
    expect(e.code).toBe("note_required");
    await transitionTopic({ db, actor: who.reviewer }, { id: topic.id, to: "returned", note: "请聚焦农村养老" });
    expect(stateOf(topic.id)).toBe("returned");
    // returned → edited → submitted again
    const fresh = db.select().from(topics).where(eq(topics.id, topic.id)).get()!;
    updateTopic({ db, actor: who.authorA }, { ...base, id: topic.id, version: fresh.version, title: "农村养老服务供给研究" });
    await transitionTopic({ db, actor: who.authorA }, { id: topic.id, to: "submitted" });
    expect(stateOf(topic.id)).toBe("submitted");
    const history = db.select().from(topicEvents).where(eq(topicEvents.topicId, topic.id)).all();
    expect(history.map((h) => h.toState)).toEqual(["draft", "submitted", "screening", "returned", "returned", "submitted"]);
    expect(history.find((h) => h.toState === "returned")!.note).toBe("请聚焦农村养老");
  });

  it("cannot edit a topic once it is under review", async () => {
    const topic = await submitted(who.authorA, org.deptA, "营商环境评价指标体系研究");
    const e = await refused(() => updateTopic({ db, actor: who.authorA }, { ...base, id: topic.id, version: 2, title: "新的选题名称" }));
    expect(e.code).toBe("not_editable");
  });
});

describe("optimistic locking", () => {
  it("refuses a stale edit with a bilingual conflict and overwrites nothing", async () => {
    const topic = propose(who.authorA, org.deptA, "长江经济带生态补偿机制研究");
    updateTopic({ db, actor: who.adminA }, { ...base, id: topic.id, version: 1, title: "长江经济带横向生态补偿机制研究" });
    const e = await refused(() => updateTopic({ db, actor: who.authorA }, { ...base, id: topic.id, version: 1, title: "我的旧版本" }));
    expect(e.status).toBe(409);
    expect(e.bilingual.zh).toContain("已被他人修改");
    expect(e.bilingual.en).toContain("Someone else changed");
    const row = db.select().from(topics).where(eq(topics.id, topic.id)).get()!;
    expect(row.title).toBe("长江经济带横向生态补偿机制研究");
    expect(row.version).toBe(2);
  });
});

describe("duplicate acknowledgement", () => {
  it("refuses to submit a topic with a duplicate-level match without a written reason; the reason is kept for the reviewer", async () => {
    await submitted(who.authorA, org.deptA, "数字经济赋能乡村振兴的路径研究");
    const second = propose(who.authorB, org.deptB, "数字经济赋能乡村振兴的路径研究");
    const e = await refused(transitionTopic({ db, actor: who.authorB }, { id: second.id, to: "submitted" }));
    expect(e.code).toBe("duplicate_reason_required");
    expect(e.fields?.duplicateAck.zh).toBeTruthy();
    expect(stateOf(second.id)).toBe("draft");
    await transitionTopic({ db, actor: who.authorB }, { id: second.id, to: "submitted", duplicateAck: "我厅侧重农村电商与物流" });
    const row = db.select().from(topics).where(eq(topics.id, second.id)).get()!;
    expect(row.state).toBe("submitted");
    expect(row.duplicateAck).toBe("我厅侧重农村电商与物流");
    expect(row.dedupLevel).toBe("duplicate");
    expect(row.dedupMatches?.[0].docId).toMatch(/^topic:/);
  });

  it("lets a topic with no close match through without a reason", async () => {
    const topic = propose(who.authorA, org.deptA, "黄河流域水资源节约集约利用研究");
    await transitionTopic({ db, actor: who.authorA }, { id: topic.id, to: "submitted" });
    expect(stateOf(topic.id)).toBe("submitted");
  });
});

describe("merge and bundle", () => {
  it("bundles topics from two departments, keeps lineage, notifies authors, and undoes before publication", async () => {
    const a = await submitted(who.authorA, org.deptA, "跨境电商综合试验区发展研究");
    const b = await submitted(who.authorB, org.deptB, "跨境电商综试区高质量发展研究");
    await transitionTopic({ db, actor: who.reviewer }, { id: b.id, to: "screening" });
    const bundle = mergeTopics({ db, actor: who.reviewer }, { ...base, title: "跨境电商综合试验区高质量发展研究", sourceIds: [a.id, b.id] });
    expect(bundle.isBundle).toBe(true);
    expect(bundle.state).toBe("accepted");
    expect(db.select().from(topics).where(eq(topics.id, a.id)).get()).toMatchObject({ state: "merged", mergedInto: bundle.id });
    const lineage = db.select().from(topicBundleSources).where(eq(topicBundleSources.bundleId, bundle.id)).all();
    expect(lineage.map((l) => [l.sourceId, l.previousState])).toEqual([
      [a.id, "submitted"],
      [b.id, "screening"],
    ]);
    const notes = db.select().from(notifications).all();
    expect(notes.filter((n) => n.kind === "topic.merged")).toHaveLength(2);
    const mails = db.select().from(mailOutbox).all();
    expect(mails.map((m) => m.to).sort()).toEqual(["a@dept.cn", "b@dept.cn"]);
    expect(mails[0].subject).toContain("merged into a bundled topic");

    unmergeTopics({ db, actor: who.reviewer }, { bundleId: bundle.id });
    expect(stateOf(a.id)).toBe("submitted");
    expect(stateOf(b.id)).toBe("screening");
    expect(stateOf(bundle.id)).toBe("withdrawn");
    expect(db.select().from(topics).where(eq(topics.id, a.id)).get()!.mergedInto).toBeNull();
  });

  it("refuses to merge a topic already in a published call, and to undo a published bundle", async () => {
    const a = await accepted("新型城镇化与户籍制度改革研究");
    const b = await submitted(who.authorB, org.deptB, "户籍制度改革与城镇化质量研究");
    const call = createCall({ db, actor: who.reviewer }, { title: "2027年度课题指南", opensOn: "2027-01-10", closesOn: "2027-03-10", topicIds: [a.id] });
    publishCall({ db, actor: who.reviewer }, { id: call.id });
    const e = await refused(() => mergeTopics({ db, actor: who.reviewer }, { ...base, title: "合并后的选题", sourceIds: [a.id, b.id] }));
    expect(e.code).toBe("already_published");
    expect(stateOf(b.id)).toBe("submitted");

    const c = await submitted(who.authorA, org.deptA, "农村集体经营性建设用地入市研究");
    const d = await submitted(who.authorB, org.deptB, "集体经营性建设用地入市收益分配研究");
    const bundle = mergeTopics({ db, actor: who.reviewer }, { ...base, title: "集体经营性建设用地入市研究", sourceIds: [c.id, d.id] });
    const call2 = createCall({ db, actor: who.reviewer }, { title: "2027年度专项课题指南", opensOn: "2027-01-10", closesOn: "2027-03-10", topicIds: [bundle.id] });
    publishCall({ db, actor: who.reviewer }, { id: call2.id });
    expect((await refused(() => unmergeTopics({ db, actor: who.reviewer }, { bundleId: bundle.id }))).code).toBe("already_published");
  });

  it("refuses merging to anyone outside the management office", async () => {
    const a = await submitted(who.authorA, org.deptA, "碳达峰行动方案评估研究");
    const b = await submitted(who.authorB, org.deptB, "碳达峰行动实施评估研究");
    expect((await refused(() => mergeTopics({ db, actor: who.adminA }, { ...base, title: "合并后的选题", sourceIds: [a.id, b.id] }))).status).toBe(403);
  });
});

describe("calls", () => {
  it("sanitises scripts and raw HTML out of the introduction", () => {
    const html = renderMarkdown('# 申报说明\n\n**重点**支持<script>alert(1)</script>\n\n<img src=x onerror="alert(2)"><iframe src="https://evil"></iframe>\n\n[链接](javascript:alert(3)) [官网](https://example.cn)');
    expect(html).toContain("<strong>重点</strong>");
    expect(html).toContain("<h2>申报说明</h2>");
    expect(html).not.toMatch(/script|onerror|<img|<iframe|javascript:/i);
    expect(html).toContain('href="https://example.cn"');
  });

  it("refuses a closing date before the opening date, naming the field", async () => {
    const a = await accepted("公共数据授权运营机制研究");
    const e = await refused(() => createCall({ db, actor: who.reviewer }, { title: "2027年度课题指南", opensOn: "2027-03-10", closesOn: "2027-01-10", topicIds: [a.id] }));
    expect(e.status).toBe(422);
    expect(e.fields?.closesOn.zh).toContain("截止日期不能早于");
    expect(e.fields?.closesOn.en).toContain("closing date");
  });

  it("publishes: topics become published, authors notified by e-mail; a correction is a new version with a notice", async () => {
    const a = await accepted("公共数据授权运营机制研究");
    const call = createCall({ db, actor: who.reviewer }, { title: "2027年度课题指南", introMarkdown: "欢迎申报", opensOn: "2027-01-10", closesOn: "2027-03-10", topicIds: [a.id] });
    expect(() => callDetail(db, { kind: "anonymous" }, call.id)).toThrow();
    publishCall({ db, actor: who.reviewer }, { id: call.id });
    expect(stateOf(a.id)).toBe("published");
    expect(db.select().from(mailOutbox).all().some((m) => m.to === "a@dept.cn" && m.subject.includes("published"))).toBe(true);
    const stale = await refused(() => correctCall({ db, actor: who.reviewer }, { id: call.id, version: 1, title: "2027年度课题指南", opensOn: "2027-01-10", closesOn: "2027-03-31", topicIds: [a.id], changeNotice: "延期" }));
    expect(stale.status).toBe(409);
    const noNotice = await refused(() => correctCall({ db, actor: who.reviewer }, { id: call.id, version: 2, title: "2027年度课题指南", opensOn: "2027-01-10", closesOn: "2027-03-31", topicIds: [a.id] }));
    expect(noNotice.code).toBe("notice_required");
    correctCall({ db, actor: who.reviewer }, { id: call.id, version: 2, title: "2027年度课题指南", opensOn: "2027-01-10", closesOn: "2027-03-31", topicIds: [a.id], changeNotice: "截止日期延至3月31日" });
    const seen = callDetail(db, { kind: "anonymous" }, call.id);
    expect(seen.call.closesOn).toBe("2027-03-31");
    expect(seen.versions.map((v) => [v.number, v.changeNotice])).toEqual([
      [2, "截止日期延至3月31日"],
      [1, ""],
    ]);
    expect((await refused(() => publishCall({ db, actor: who.authorA }, { id: call.id }))).status).toBe(403);
  });

  it("serves a well-formed Atom feed with escaped titles", async () => {
    const a = await accepted("公共数据授权运营机制研究");
    const call = createCall({ db, actor: who.reviewer }, { title: "指南 <测试> & 更正", introMarkdown: "<script>x</script>**重点**", opensOn: "2027-01-10", closesOn: "2027-03-10", topicIds: [a.id] });
    publishCall({ db, actor: who.reviewer }, { id: call.id });
    const xml = callsFeed(db, "https://portal.example.cn");
    // a strict XML parser: throws on anything not well-formed
    const parser = new SaxesParser({ xmlns: true });
    const texts: string[] = [];
    let root = "";
    parser.on("opentag", (tag) => (root ||= `${tag.uri} ${tag.local}`));
    parser.on("text", (s) => texts.push(s));
    parser.write(xml).close();
    expect(root).toBe("http://www.w3.org/2005/Atom feed");
    expect(texts).toContain("指南 <测试> & 更正");
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    expect(xml).toContain("<title>指南 &lt;测试&gt; &amp; 更正</title>");
    expect(xml).toMatch(/<updated>\d{4}-\d{2}-\d{2}T[\d:.]+Z<\/updated>/);
    expect(xml).not.toContain("<script>");
    expect(xml).toContain(`<id>https://portal.example.cn/calls/${call.id}</id>`);
  });
});

describe("quality hints and overlap", () => {
  it("hints tooBroad, tooNarrow, outdated and premature by the documented rules", () => {
    expect(qualityHints("发展问题研究", { similar: 0, olderThan8: 0 }).map((h) => h.flag)).toContain("tooBroad");
    expect(qualityHints("基层治理创新研究——以某县某村为例", { similar: 1, olderThan8: 0 }).map((h) => h.flag)).toContain("tooNarrow");
    expect(qualityHints("乡镇企业改制研究", { similar: 9, olderThan8: 7 }).map((h) => h.flag)).toEqual(["outdated"]);
    expect(qualityHints("元宇宙产业监管框架研究", { similar: 0, olderThan8: 0 }).map((h) => h.flag)).toEqual(["premature"]);
    expect(qualityHints("长三角生态绿色一体化发展示范区制度创新研究", { similar: 2, olderThan8: 0 })).toEqual([]);
  });

  it("counts similar topics across departments for a round", async () => {
    await submitted(who.authorA, org.deptA, "跨境电商综合试验区发展研究");
    await submitted(who.authorB, org.deptB, "跨境电商综合试验区发展路径研究");
    await submitted(who.authorB, org.deptB, "黄河流域水资源节约集约利用研究");
    const o = roundOverlap(db, roundId);
    expect(o.topics).toBe(3);
    const [x, y] = [org.deptA, org.deptB].sort((m, n) => m - n);
    expect(o.matrix[`${x}:${y}`]).toBe(1);
    expect(o.pairs[0].a.title).toContain("跨境电商");
  });
});

it("the system actor is refused nothing (seed)", () => {
  const topic = createTopic({ db, actor: systemActor("seed") }, { ...base, roundId, organisationId: org.deptA, title: "种子数据选题" });
  expect(topic.authorUserId).toBeNull();
});
