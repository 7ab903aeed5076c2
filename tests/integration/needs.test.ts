import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { mailOutbox, memberships, notifications, organisations, people, projects, proposals, users } from "#db/schema";
import { enqueueIndex } from "#db/outbox";
import { getSearchEngine, resetSearchEngine } from "#search/index";
import { drainOutbox } from "#search/sync/drain";
import { actorUserId, anonymous, type Actor } from "~/features/access/actor";
import { createApiToken, authenticateApiToken } from "~/features/api/tokens.server";
import { actorForUser, createSession, sessionCookie } from "~/features/auth/session.server";
import { checkAttachment, MAX_ATTACHMENT_BYTES } from "~/features/needs/attachments.server";
import { countVisibleNeeds, feedFor, getNeed, listNeeds, trackRecord } from "~/features/needs/queries.server";
import { notify } from "~/features/needs/notify.server";
import { createNeed, decideProposal, extendDeadline, inviteToNeed, recordAdoption, saveProposal, withdrawProposal } from "~/features/needs/verbs.server";
import { recommendForNeed } from "~/features/matching/affinity.server";
import { createTestDb } from "../support/db";
import * as apiList from "../../app/routes/api.v1.needs._index";
import * as apiOne from "../../app/routes/api.v1.needs.$id";
import * as needPage from "../../app/routes/needs.$id";
import * as autosavePage from "../../app/routes/needs.$id_.autosave";
import * as boardPage from "../../app/routes/needs._index";

let t: ReturnType<typeof createTestDb>;
const A: Record<string, Actor> = {};
const cookies: Record<string, string> = {};
const tokens: Record<string, string> = {};
const need: Record<string, number> = {};
const day = 86_400_000;
let expertPerson = 0;
let otherExpertPerson = 0;

function user(key: string, personId: number | null, orgId: number | null, role: "admin" | "member" = "member", platformRole: "platformAdmin" | null = null) {
  const u = t.db.insert(users).values({ email: `${key}@example.cn`, displayName: key, personId, platformRole }).returning().get();
  if (orgId) t.db.insert(memberships).values({ userId: u.id, organisationId: orgId, role }).run();
  A[key] = actorForUser(t.db, { id: u.id, email: u.email, displayName: u.displayName, personId, platformRole, locale: "zh-CN" } as never);
  const s = createSession(t.db, u.id);
  cookies[key] = sessionCookie(s.token, s.session.expiresAt).split(";")[0];
}

beforeAll(async () => {
  t = createTestDb();
  resetSearchEngine();
  const org = (name: string, kind: "department" | "thinkTank" | "institution", extra: Record<string, unknown> = {}) =>
    t.db.insert(organisations).values({ kind, name, nameKey: name, ...extra }).returning().get().id;
  const dept = org("省发展改革委", "department", { region: "湖南" });
  const otherDept = org("省生态环境厅", "department", { region: "湖北" });
  const tt = org("乡村振兴研究院", "thinkTank", { region: "湖南", thinkTankType: "高校" });
  const tt2 = org("城市治理研究中心", "thinkTank", { region: "湖北", thinkTankType: "社科院" });
  const person = (name: string, organisationId: number | null, keywords: string[] = []) =>
    t.db.insert(people).values({ name, identityKey: `${name}|`, organisationId, keywords, publicConsent: true }).returning().get().id;
  expertPerson = person("彭国强", tt, ["乡村振兴"]);
  otherExpertPerson = person("李明", tt2);
  const deptPerson = person("王处长", dept);
  const project = (title: string, pi: number, grade: string | null, year: number) =>
    t.db
      .insert(projects)
      .values({ funder: "nssf", approvalNumber: `${year}-${title.length}-${pi}-${Math.random()}`, title, piPersonId: pi, piName: "x", year, grade, completedOn: grade ? `${year + 3}-01-01` : null })
      .returning()
      .get().id;
  const ids = [
    project("乡村振兴战略下县域产业融合发展研究", expertPerson, "优秀", 2016),
    project("乡村振兴与农村集体经济组织创新研究", expertPerson, "良好", 2018),
    project("城市基层治理现代化路径研究", otherExpertPerson, null, 2019),
    project("县域产业发展中的乡村振兴政策评估", deptPerson, null, 2020),
  ];
  for (const id of ids) enqueueIndex(t.db, "project", id);

  user("officer", deptPerson, dept);
  user("otherOfficer", null, otherDept);
  user("expert", expertPerson, tt);
  user("ttColleague", null, tt);
  user("stranger", otherExpertPerson, tt2);
  user("admin", null, null, "member", "platformAdmin");
  A.anonymous = anonymous;
  for (const [key, orgId] of [
    ["deptToken", dept],
    ["otherToken", otherDept],
  ] as const) {
    const created = createApiToken({ db: t.db, actor: { kind: "system", label: "test" } }, { organisationId: orgId, name: key });
    tokens[key] = created.token;
    A[key] = authenticateApiToken(t.db, created.token)!;
  }
  const post = (visibility: "public" | "registered" | "invited", question: string) =>
    createNeed(
      { db: t.db, actor: A.officer },
      { organisationId: dept, question, background: "背景说明", decision: "年度规划", deadline: new Date(Date.now() + 30 * day).toISOString(), expectedForm: "研究报告", policyArea: "乡村振兴", discipline: "经济学", keywords: "乡村振兴,产业融合", visibility },
    );
  need.public = post("public", "如何推进县域乡村振兴产业融合");
  need.registered = post("registered", "乡村振兴人才回流的激励政策");
  need.invited = post("invited", "乡村振兴专项资金绩效评价机密问题");
  inviteToNeed({ db: t.db, actor: A.officer }, { needId: need.invited, personIds: [expertPerson], organisationIds: [] });
  await drainOutbox(t.db, getSearchEngine(t.db));
});
afterAll(() => {
  resetSearchEngine();
  t.cleanup();
});

// who sees what: public → everyone; registered → signed in; invited → the department and the invited only
const EXPECT: Record<string, [boolean, boolean, boolean]> = {
  anonymous: [true, false, false],
  officer: [true, true, true],
  otherOfficer: [true, true, false],
  expert: [true, true, true],
  ttColleague: [true, true, false],
  stranger: [true, true, false],
  admin: [true, true, false],
  deptToken: [true, true, true],
  otherToken: [true, true, false],
};
const LEVELS = ["public", "registered", "invited"] as const;

describe("need visibility, for every level and role", () => {
  for (const [role, sees] of Object.entries(EXPECT))
    it(`${role}: lists, counts, search, detail`, async () => {
      const actor = A[role];
      const listed = (await listNeeds(t.db, actor)).rows.map((r) => r.id);
      const searched = (await listNeeds(t.db, actor, { q: "乡村振兴" })).rows.map((r) => r.id);
      const expected = LEVELS.filter((_, i) => sees[i]).map((l) => need[l]);
      expect(listed.sort()).toEqual(expected.sort());
      expect(searched.sort()).toEqual(expected.sort());
      expect(countVisibleNeeds(t.db, actor)).toBe(expected.length);
      expect((await listNeeds(t.db, actor)).total).toBe(expected.length);
      LEVELS.forEach((l, i) => {
        if (sees[i]) expect(getNeed(t.db, actor, need[l]).need.id).toBe(need[l]);
        else expect(() => getNeed(t.db, actor, need[l])).toThrow(/not found|未找到/);
      });
    });

  const pageLoad = async (role: string, id: number) => {
    const headers: Record<string, string> = cookies[role] ? { cookie: cookies[role] } : {};
    try {
      await needPage.loader({ request: new Request(`http://localhost/needs/${id}`, { headers }), params: { id: String(id) }, context: {} as never });
      return 200;
    } catch (e) {
      return e instanceof Response ? e.status : 500;
    }
  };
  for (const role of ["anonymous", "officer", "expert", "ttColleague", "stranger", "admin"])
    it(`${role}: the page answers 404 exactly where the need is invisible`, async () => {
      for (const [i, l] of LEVELS.entries()) expect(await pageLoad(role, need[l])).toBe(EXPECT[role][i] ? 200 : 404);
    });

  it("opening the need marks the invited expert's notices about it read (the officer's visit does not)", async () => {
    const expertId = actorUserId(A.expert)!;
    const unread = () =>
      t.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, expertId), eq(notifications.subjectType, "need"), eq(notifications.subjectId, need.invited)))
        .all()
        .filter((n) => n.readAt == null).length;
    // a fresh notice (the visits above have already read the invitation)
    t.db.transaction((tx) => notify(tx, [expertId], { needId: need.invited, kind: "need.answered", zh: "需求已更新", en: "The need was updated", link: `/needs/${need.invited}` }, new Date()));
    expect(unread()).toBe(1);
    expect(await pageLoad("officer", need.invited)).toBe(200);
    expect(unread()).toBe(1);
    expect(await pageLoad("expert", need.invited)).toBe(200);
    expect(unread()).toBe(0);
  });

  it("the board's total and the API list and count agree with the rule (cookie and token callers)", async () => {
    const board = (await boardPage.loader({ request: new Request("http://localhost/needs", { headers: { cookie: cookies.stranger } }), params: {}, context: {} as never })) as { list: { total: number } };
    expect(board.list.total).toBe(2);
    for (const [role, auth] of [
      ["anonymous", {}],
      ["stranger", { cookie: cookies.stranger }],
      ["deptToken", { authorization: `Bearer ${tokens.deptToken}` }],
      ["otherToken", { authorization: `Bearer ${tokens.otherToken}` }],
    ] as const) {
      const res = (await apiList.loader({ request: new Request("http://localhost/api/v1/needs", { headers: auth }), params: {}, context: {} as never })) as Response;
      const body = (await res.json()) as { data: { id: number }[]; total: number };
      const expected = LEVELS.filter((_, i) => EXPECT[role][i]).length;
      expect(body.total).toBe(expected);
      expect(body.data).toHaveLength(expected);
      const one = (await apiOne.loader({ request: new Request(`http://localhost/api/v1/needs/${need.invited}`, { headers: auth }), params: { id: String(need.invited) }, context: {} as never })) as Response;
      expect(one.status).toBe(EXPECT[role][2] ? 200 : 404);
    }
  });

  it("the invited expert hears about it in the portal and by e-mail, and finds it in the feed", async () => {
    const notes = t.db.select().from(notifications).where(and(eq(notifications.subjectType, "need"), eq(notifications.subjectId, need.invited))).all();
    expect([...new Set(notes.map((n) => n.userId))]).toEqual([(A.expert as { userId: number }).userId]);
    expect(t.db.select().from(mailOutbox).all().some((m) => m.to === "expert@example.cn" && m.subject.includes("邀请"))).toBe(true);
    const feed = await feedFor(t.db, A.expert);
    expect(feed[0]).toMatchObject({ id: need.invited, invited: true });
    expect((await feedFor(t.db, A.stranger)).some((f) => f.id === need.invited)).toBe(false);
    // not invited, but matching a declared interest through the search index, with the reason
    expect(feed.find((f) => f.id === need.public)?.why.zh).toContain("乡村振兴");
  });
});

describe("recommendations", () => {
  it("rank the expert with matching projects first, explain why, and exclude the department's own people", async () => {
    const recs = await recommendForNeed(t.db, need.public);
    expect(recs[0].personId).toBe(expertPerson);
    expect(recs[0].why.zh).toContain("主持过 2 项相近的国家社科基金项目，其中 1 项鉴定为优秀");
    expect(recs[0].evidence[0].titleHtml).toContain("<mark>");
    expect(recs.some((r) => r.name === "王处长")).toBe(false);
    expect((await recommendForNeed(t.db, need.public, { thinkTankType: "社科院" })).every((r) => r.thinkTankType === "社科院")).toBe(true);
  });
});

describe("proposals", () => {
  const ctx = (role: string, now?: Date) => ({ db: t.db, actor: A[role], now });
  it("are refused after the deadline unless the department extends it", () => {
    const late = new Date(Date.now() + 31 * day);
    expect(() => saveProposal(ctx("stranger", late), { needId: need.public, summary: "一份迟到的方案摘要内容", submit: true })).toThrow(/截止时间已过/);
    extendDeadline(ctx("officer"), { needId: need.public, deadline: new Date(Date.now() + 60 * day).toISOString() });
    expect(saveProposal(ctx("stranger", late), { needId: need.public, summary: "延期后提交的方案摘要内容", submit: true })).toBeGreaterThan(0);
  });

  it("an invited-only need takes no proposal from someone not invited (it does not exist for them)", () => {
    expect(() => saveProposal(ctx("stranger"), { needId: need.invited, summary: "不应被接受的方案摘要内容", submit: true })).toThrow(/未找到/);
  });

  it("drafts, withdrawal, acceptance locks editing, adoption enters the track record and the affinity", async () => {
    const draft = saveProposal(ctx("expert"), { needId: need.invited, summary: "以县域为单元的产业融合评估方案", submit: false });
    expect(getNeed(t.db, A.officer, need.invited).proposals.some((p) => p.id === draft)).toBe(false);
    saveProposal(ctx("expert"), { needId: need.invited, proposalId: draft, summary: "以县域为单元的产业融合评估方案（修订）", submit: true });
    expect(getNeed(t.db, A.officer, need.invited).proposals.map((p) => p.id)).toEqual([draft]);
    const other = saveProposal(ctx("expert"), { needId: need.registered, summary: "人才回流激励的比较研究方案", submit: true });
    withdrawProposal(ctx("expert"), { proposalId: other });
    expect(() => decideProposal(ctx("officer"), { proposalId: draft, decision: "decline", reason: "" })).toThrow();
    expect(() => decideProposal(ctx("otherOfficer"), { proposalId: draft, decision: "accept" })).toThrow(/权限/);
    decideProposal(ctx("officer"), { proposalId: draft, decision: "accept" });
    expect(() => saveProposal(ctx("expert"), { needId: need.invited, proposalId: draft, summary: "采用之后再改的方案摘要内容", submit: true })).toThrow(/方案已被采用，不能再修改/);
    recordAdoption(ctx("officer"), { proposalId: draft, kind: "instructed", occurredOn: "2026-11-20", note: "省领导批示" });
    expect(trackRecord(t.db, expertPerson)).toEqual([expect.objectContaining({ needId: need.invited, kind: "instructed" })]);
    const recs = await recommendForNeed(t.db, need.public);
    expect(recs.find((r) => r.personId === expertPerson)?.adopted).toBe(1);
    expect(recs.find((r) => r.personId === expertPerson)?.why.zh).toContain("献策被采纳或获批示 1 次");
  });
});

describe("proposal autosave", () => {
  const post = (role: string, fields: Record<string, string>) => {
    const body = new FormData();
    for (const [k, v] of Object.entries({ intent: "saveProposal", proposalId: "", version: "", ...fields })) body.set(k, v);
    const headers: Record<string, string> = cookies[role] ? { cookie: cookies[role] } : {};
    return autosavePage.action({ request: new Request(`http://localhost/needs/${need.registered}/autosave`, { method: "POST", headers, body }), params: { id: String(need.registered) }, context: {} as never }) as Promise<Response>;
  };
  const row = (id: number) => t.db.select().from(proposals).where(eq(proposals.id, id)).get()!;

  it("saves a draft as it is typed through the proposal verb, never submits it, and stops at a stale version or a submitted proposal", async () => {
    const first = await post("ttColleague", { summary: "人才回流激励政策的县域比较", approach: "" });
    expect(first.status).toBe(200);
    const a = (await first.json()) as { id: number; version: number; created: boolean };
    expect(a).toMatchObject({ version: 1, created: true });
    expect(row(a.id)).toMatchObject({ state: "draft", summary: "人才回流激励政策的县域比较" });
    const second = await post("ttColleague", { proposalId: String(a.id), version: String(a.version), summary: "人才回流激励政策的县域比较研究", approach: "三省对照" });
    expect(await second.json()).toMatchObject({ id: a.id, version: 2, created: false });
    expect(row(a.id)).toMatchObject({ state: "draft", approach: "三省对照", version: 2 });
    // an older page's save overwrites nothing
    const stale = await post("ttColleague", { proposalId: String(a.id), version: "1", summary: "过时页面上的方案摘要内容" });
    expect(stale.status).toBe(409);
    expect(row(a.id).summary).toBe("人才回流激励政策的县域比较研究");
    // once submitted, only the buttons change it
    saveProposal({ db: t.db, actor: A.ttColleague }, { needId: need.registered, proposalId: a.id, version: 2, summary: "人才回流激励政策的县域比较研究", submit: true });
    const late = await post("ttColleague", { proposalId: String(a.id), version: "3", summary: "提交之后的半截修改内容" });
    expect(late.status).toBe(409);
    expect(((await late.json()) as { code: string }).code).toBe("not_a_draft");
    expect(row(a.id)).toMatchObject({ state: "submitted", summary: "人才回流激励政策的县域比较研究" });
    // signed out: a plain answer, not the sign-in page
    expect((await post("anonymous", { summary: "未登录时填写的方案摘要" })).status).toBe(401);
  });
});

describe("attachments", () => {
  const pdf = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
  it("accept a real PDF", async () => {
    expect((await checkAttachment("说明.pdf", pdf)).mime).toBe("application/pdf");
  });
  it("refuse a file whose content is not what its name claims", async () => {
    await expect(checkAttachment("报告.docx", pdf)).rejects.toMatchObject({ status: 415 });
    await expect(checkAttachment("evil.pdf", Buffer.from("MZ\x90\x00 this is an executable"))).rejects.toMatchObject({ status: 415 });
    await expect(checkAttachment("script.exe", pdf)).rejects.toMatchObject({ status: 415 });
  });
  it("refuse a file over the limit", async () => {
    await expect(checkAttachment("big.pdf", Buffer.concat([pdf, Buffer.alloc(MAX_ATTACHMENT_BYTES)]))).rejects.toMatchObject({ status: 413 });
  });
});

describe("reviewer assignment for a need's proposals", () => {
  it("never gives a proposer their own proposal, stores the result, and names the constraint when impossible", async () => {
    const { apiSolveAssignments } = await import("~/features/needs/api.server");
    const { auditLog } = await import("#db/schema");
    const { overrideAssignment } = await import("~/features/matching/review.server");
    const ok = await apiSolveAssignments(t.db, A.officer, need.public, { k: 1, L: 2 });
    expect(ok.ok).toBe(true);
    const pairs = (ok as { assignments: { proposalId: number; personId: number }[] }).assignments;
    expect(pairs.length).toBeGreaterThan(0);
    // the only submitted proposal on this need is 李明's (the stranger's): he must not review it
    expect(pairs.some((p) => p.personId === otherExpertPerson)).toBe(false);
    const impossible = await apiSolveAssignments(t.db, A.officer, need.public, { k: 3, L: 5 });
    expect(impossible).toMatchObject({ ok: false, reason: { code: "item_candidates" } });
    await expect(apiSolveAssignments(t.db, A.otherOfficer, need.public, { k: 1, L: 2 })).rejects.toMatchObject({ status: 403 });
    overrideAssignment({ db: t.db, actor: A.officer }, { needId: need.public, proposalId: pairs[0].proposalId, personId: pairs[0].personId, op: "remove", reason: "回避" });
    expect(t.db.select().from(auditLog).all().some((a) => a.action === "review.override" && a.result === "ok")).toBe(true);
  });
});

describe("the posting form without JavaScript", () => {
  it("re-renders with what was typed and a message per field; a lying attachment is refused the same way", async () => {
    const newNeed = await import("../../app/routes/needs.new");
    const post = async (fields: Record<string, string>, file?: File) => {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.set(k, v);
      if (file) form.append("attachments", file);
      const res = (await newNeed.action({ request: new Request("http://localhost/needs/new", { method: "POST", body: form, headers: { cookie: cookies.officer } }), params: {}, context: {} as never })) as {
        data: { fields?: Record<string, { zh: string }>; values?: Record<string, string>; formError?: { zh: string } };
        init: { status: number } | null;
      };
      return res;
    };
    const bad = await post({ organisationId: String(getNeed(t.db, A.officer, need.public).need.organisationId), question: "短", background: "保留我写的背景", deadline: "明天", visibility: "public" });
    expect(bad.init?.status).toBe(422);
    expect(bad.data.values?.background).toBe("保留我写的背景");
    expect(Object.keys(bad.data.fields ?? {}).sort()).toEqual(["deadline", "expectedForm", "question"]);
    const lying = await post(
      { organisationId: String(getNeed(t.db, A.officer, need.public).need.organisationId), question: "一个完整的决策问题描述", deadline: "2099-01-01", expectedForm: "简报", visibility: "public" },
      new File([Buffer.from("MZ not really a pdf")], "附件.pdf", { type: "application/pdf" }),
    );
    expect(lying.init?.status).toBe(415);
    expect(lying.data.formError?.zh).toContain("PDF、DOCX、XLSX");
    expect(lying.data.values?.question).toBe("一个完整的决策问题描述");
  });
});

describe("accepting a proposal as a topic in a planning round's pool", () => {
  it("accepts, creates the topic through the topic verbs in the chosen open round, submits it, and links both ways", async () => {
    const { rounds, topics, topicEvents, auditLog, searchOutbox } = await import("#db/schema");
    const { submitNeedIntent } = await import("~/features/needs/actions.server");
    const { reviewQueue } = await import("~/features/topics/queries.server");
    const open = t.db.insert(rounds).values({ name: "2027年度选题征集", year: 2027, closesOn: "2099-12-31" }).returning().get().id;
    const closed = t.db.insert(rounds).values({ name: "2020年度选题征集", year: 2020, closesOn: "2020-06-30" }).returning().get().id;
    const dept = getNeed(t.db, A.officer, need.public).need.organisationId;
    const needId = createNeed(
      { db: t.db, actor: A.officer },
      { organisationId: dept, question: "数字乡村建设中的数据要素流通机制", background: "县域数据分散", decision: "明年专项规划", deadline: new Date(Date.now() + 30 * day).toISOString(), expectedForm: "研究报告", policyArea: "数字经济", discipline: "管理学", keywords: "数字乡村,数据要素", visibility: "public" },
    );
    const pid = saveProposal({ db: t.db, actor: A.stranger }, { needId, summary: "以三个试点县为样本研究数据要素流通的制度安排", approach: "案例比较与制度分析", timeline: "六个月", cost: 30, submit: true });
    const form = (fields: Record<string, string>) => {
      const f = new FormData();
      for (const [k, v] of Object.entries(fields)) f.set(k, v);
      return f;
    };
    // a closed round is refused and nothing is written
    const refused = await submitNeedIntent(t.db, A.officer, needId, form({ intent: "decide", decision: "topic", proposalId: String(pid), roundId: String(closed), duplicateAck: "与已有选题侧重点不同" }));
    expect(refused.ok).toBe(false);
    expect(getNeed(t.db, A.officer, needId).proposals[0].state).toBe("submitted");
    expect(t.db.select().from(topics).all()).toHaveLength(0);
    // another department cannot do it
    const foreign = await submitNeedIntent(t.db, A.otherOfficer, needId, form({ intent: "decide", decision: "topic", proposalId: String(pid), roundId: String(open), duplicateAck: "x" }));
    expect(foreign.ok).toBe(false);

    const ok = await submitNeedIntent(t.db, A.officer, needId, form({ intent: "decide", decision: "topic", proposalId: String(pid), roundId: String(open), reason: "纳入年度选题" }));
    expect(ok).toEqual({ ok: true, redirect: `/needs/${needId}?done=topic#proposals` });
    const p = getNeed(t.db, A.officer, needId).proposals[0];
    expect(p.state).toBe("accepted");
    expect(p.topicId).toBeGreaterThan(0);
    expect(p.topicTitle).toBe("数字乡村建设中的数据要素流通机制");
    expect(p.topicState).toBe("submitted");
    const topic = t.db.select().from(topics).where(eq(topics.id, p.topicId!)).get()!;
    expect(topic).toMatchObject({ roundId: open, organisationId: dept, state: "submitted", policyArea: "数字经济" });
    expect(topic.researchQuestions).toContain("三个试点县");
    // the topic's history says where it came from
    const events = t.db.select().from(topicEvents).where(eq(topicEvents.topicId, topic.id)).all();
    expect(events.map((e) => e.toState)).toEqual(["draft", "submitted"]);
    expect(events[1].note).toContain(`方案 #${pid}`);
    expect(events[1].note).toContain(`/needs/${needId}`);
    // it is in the round's pool (the reviewers' queue), audited and queued for the index
    expect(reviewQueue(t.db, { roundId: open }).rows.map((r: { id: number }) => r.id)).toContain(topic.id);
    const audit = t.db.select().from(auditLog).all();
    expect(audit.some((a) => a.action === "proposal.decide" && a.result === "ok" && a.detail?.includes(`"topicId":${topic.id}`))).toBe(true);
    expect(audit.some((a) => a.action === "topic.create" && a.entityId === String(topic.id))).toBe(true);
    expect(t.db.select().from(searchOutbox).all().some((o) => o.entityType === "topic" && o.entityId === String(topic.id))).toBe(true);
    // the API shows the lineage too
    const { apiListProposals } = await import("~/features/needs/api.server");
    expect(apiListProposals(t.db, A.officer, needId)[0].topicId).toBe(topic.id);
  });
});

describe("declared conflicts of interest and hand overrides of the assignment", () => {
  it("the solver and hand additions honour declared conflicts; removals need a reason, stick, and show in the item's history; over-limit additions are refused", async () => {
    const { declareConflict, withdrawConflict } = await import("~/features/needs/conflicts.server");
    const { conflictChecker, declareRunConflict, overrideAssignment, assignmentsOf, reviewHistory, planReview } = await import("~/features/matching/review.server");
    const { apiSolveAssignments } = await import("~/features/needs/api.server");
    const dept = getNeed(t.db, A.officer, need.public).need.organisationId;
    const strangerOrg = t.db.select().from(organisations).where(eq(organisations.name, "城市治理研究中心")).get()!.id;
    const expertOrg = t.db.select().from(organisations).where(eq(organisations.name, "乡村振兴研究院")).get()!.id;
    const uni = t.db.insert(organisations).values({ kind: "institution", name: "农业大学", nameKey: "农业大学" }).returning().get().id;
    const mk = (name: string, org: number | null, title: string) => {
      const id = t.db.insert(people).values({ name, identityKey: `${name}|`, organisationId: org, publicConsent: true }).returning().get().id;
      const pr = t.db.insert(projects).values({ funder: "nssf", approvalNumber: `R-${name}`, title, piPersonId: id, piName: name, year: 2019 }).returning().get().id;
      enqueueIndex(t.db, "project", pr);
      return id;
    };
    const r1 = mk("赵磊", uni, "乡村振兴背景下耕地保护与粮食安全研究");
    const r2 = mk("钱敏", expertOrg, "乡村振兴中的县域产业融合机制研究");
    const r3 = mk("孙立", null, "乡村振兴与农村人才回流政策研究");
    await drainOutbox(t.db, getSearchEngine(t.db));
    user("r1", r1, null);
    const needId = createNeed(
      { db: t.db, actor: A.officer },
      { organisationId: dept, question: "乡村振兴产业融合的县域评价", background: "", decision: "", deadline: new Date(Date.now() + 30 * day).toISOString(), expectedForm: "研究报告", policyArea: "乡村振兴", discipline: "经济学", keywords: "乡村振兴,产业融合", visibility: "public" },
    );
    const pExpert = saveProposal({ db: t.db, actor: A.expert }, { needId, summary: "县域产业融合的评价指标体系与试点评估", submit: true });
    const pStranger = saveProposal({ db: t.db, actor: A.stranger }, { needId, summary: "乡村振兴产业融合的城市视角比较研究", submit: true });

    // an expert declares a conflict with an organisation on their account; bad input is refused with a field message
    expect(() => declareConflict({ db: t.db, actor: A.r1 }, { target: "organisation", name: "不存在的单位", reason: "曾任职" })).toThrow(/没有找到/);
    expect(() => declareConflict({ db: t.db, actor: A.r1 }, { target: "organisation", name: "城市治理研究中心", reason: "" })).toThrow();
    expect(() => declareConflict({ db: t.db, actor: A.ttColleague }, { target: "organisation", name: "城市治理研究中心", reason: "合作" })).toThrow(/专家档案/);
    const decl = declareConflict({ db: t.db, actor: A.r1 }, { target: "organisation", name: "城市治理研究中心", reason: "近三年合作课题" });
    const check = conflictChecker(t.db, needId, [{ id: pStranger, personId: otherExpertPerson, organisationId: strangerOrg }], [r1, r2, r3]);
    expect(check({ id: pStranger, personId: otherExpertPerson, organisationId: strangerOrg }, r1)).toBe("declared");
    expect(check({ id: pExpert, personId: expertPerson, organisationId: expertOrg }, r2)).toBe("institution");
    expect(check({ id: pExpert, personId: expertPerson, organisationId: expertOrg }, otherExpertPerson)).toBe("proposer");

    // the solver never pairs them, over several settings
    for (const [k, L] of [[1, 1], [2, 2], [1, 2]] as const) {
      const { result, items, experts } = await planReview(t.db, needId, { k, L });
      expect(result.ok).toBe(true);
      if (!result.ok) continue;
      const pairs = result.pairs.map((x) => [items.get(x.item), experts.get(x.expert)]);
      expect(pairs).not.toContainEqual([pStranger, r1]);
      expect(pairs).not.toContainEqual([pExpert, r2]);
      expect(pairs.some(([, e]) => e === expertPerson || e === otherExpertPerson)).toBe(false);
    }
    const solved = await apiSolveAssignments(t.db, A.officer, needId, { k: 1, L: 1 });
    expect(solved.ok).toBe(true);

    // adding the declared pair by hand is refused with the reason, and audited as refused
    const ctx = { db: t.db, actor: A.officer };
    expect(() => overrideAssignment(ctx, { needId, proposalId: pStranger, personId: r1, op: "add", reason: "专家熟悉该领域" })).toThrow(/已申报/);
    // a removal without a reason is refused with a field message
    const [first] = assignmentsOf(t.db, needId);
    try {
      overrideAssignment(ctx, { needId, proposalId: first.proposalId, personId: first.personId, op: "remove", reason: "" });
      expect.unreachable();
    } catch (e) {
      expect((e as { fields?: Record<string, unknown> }).fields).toHaveProperty("reason");
    }
    overrideAssignment(ctx, { needId, proposalId: first.proposalId, personId: first.personId, op: "remove", reason: "该专家近期出国" });
    expect(assignmentsOf(t.db, needId).some((a) => a.proposalId === first.proposalId && a.personId === first.personId)).toBe(false);
    // a new run does not put a removed pair back
    await apiSolveAssignments(t.db, A.officer, needId, { k: 1, L: 1 });
    expect(assignmentsOf(t.db, needId).some((a) => a.proposalId === first.proposalId && a.personId === first.personId)).toBe(false);
    expect(reviewHistory(t.db, needId).get(first.proposalId)?.[0]).toMatchObject({ op: "remove", personId: first.personId, reason: "该专家近期出国" });

    // L = 1: an expert already reviewing one item cannot be added to another by hand
    // 孙立 (r3) has no conflict with either item: put him on one by hand if the solver did not
    let busy = assignmentsOf(t.db, needId).find((a) => a.personId === r3);
    if (!busy) {
      overrideAssignment(ctx, { needId, proposalId: pExpert, personId: r3, op: "add", reason: "熟悉县域评价方法" });
      busy = assignmentsOf(t.db, needId).find((a) => a.personId === r3);
      expect(busy).toMatchObject({ proposalId: pExpert, manual: true, reason: "熟悉县域评价方法" });
      expect(reviewHistory(t.db, needId).get(pExpert)?.[0]).toMatchObject({ op: "add", personId: r3, personName: "孙立" });
    }
    const otherItem = busy!.proposalId === pExpert ? pStranger : pExpert;
    expect(() => overrideAssignment(ctx, { needId, proposalId: otherItem, personId: r3, op: "add", reason: "补充评审" })).toThrow(/达到每人上限 1 项/);

    // a reviewer's declaration for this run takes the pair off at once and shows in the history
    const r = declareRunConflict(ctx, { needId, proposalId: busy!.proposalId, personId: busy!.personId, reason: "与提交人有师生关系" });
    expect(r.removed).toBe(1);
    expect(assignmentsOf(t.db, needId).some((a) => a.proposalId === busy!.proposalId && a.personId === busy!.personId)).toBe(false);
    expect(reviewHistory(t.db, needId).get(busy!.proposalId)?.[0]).toMatchObject({ op: "conflict", reason: "与提交人有师生关系" });
    expect(() => overrideAssignment(ctx, { needId, proposalId: busy!.proposalId, personId: busy!.personId, op: "add", reason: "再加回来" })).toThrow(/本次分配申报/);
    // another department can neither override nor declare
    expect(() => declareRunConflict({ db: t.db, actor: A.otherOfficer }, { needId, proposalId: pExpert, personId: r3, reason: "试图越权" })).toThrow(/权限/);

    // the API takes the same override through the same verb: no reason → 422, another department → 404/403
    const overrides = await import("../../app/routes/api.v1.needs.$id.assignments.overrides");
    const callApi = async (token: string, body: Record<string, unknown>) =>
      (await overrides.action({
        request: new Request(`http://localhost/api/v1/needs/${needId}/assignments/overrides`, { method: "POST", body: JSON.stringify(body), headers: { authorization: `Bearer ${token}`, "content-type": "application/json" } }),
        params: { id: String(needId) },
        context: {} as never,
      })) as Response;
    const pair = assignmentsOf(t.db, needId)[0];
    expect((await callApi(tokens.deptToken, { op: "remove", proposalId: pair.proposalId, personId: pair.personId })).status).toBe(422);
    expect([403, 404]).toContain((await callApi(tokens.otherToken, { op: "remove", proposalId: pair.proposalId, personId: pair.personId, reason: "越权" })).status);
    const viaApi = await callApi(tokens.deptToken, { op: "remove", proposalId: pair.proposalId, personId: pair.personId, reason: "通过接口移出" });
    expect(viaApi.status).toBe(200);
    expect(((await viaApi.json()) as { data: { personId: number; proposalId: number }[] }).data.some((a) => a.personId === pair.personId && a.proposalId === pair.proposalId)).toBe(false);

    // withdrawing the expert's own declaration lifts the conflict
    withdrawConflict({ db: t.db, actor: A.r1 }, { id: decl.id });
    expect(conflictChecker(t.db, needId, [], [r1])({ id: pStranger, personId: otherExpertPerson, organisationId: strangerOrg }, r1)).toBeNull();
  });

  it("the account's conflict page works without JavaScript: a failed form keeps what was typed", async () => {
    const page = await import("../../app/routes/account_.conflicts");
    const post = async (fields: Record<string, string>) => {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.set(k, v);
      return (await page.action({ request: new Request("http://localhost/account/conflicts", { method: "POST", body: form, headers: { cookie: cookies.expert } }), params: {}, context: {} as never })) as unknown as {
        data: { fields?: Record<string, unknown>; values?: Record<string, string> };
        init: { status: number } | null;
        status?: number;
        headers?: Headers;
      };
    };
    const bad = await post({ intent: "declare", target: "person", name: "查无此人", reason: "保留我写的原因" });
    expect(bad.init?.status).toBe(422);
    expect(bad.data.fields).toHaveProperty("name");
    expect(bad.data.values?.reason).toBe("保留我写的原因");
    const good = await post({ intent: "declare", target: "person", name: "李明", reason: "同一课题组" });
    expect(good.status).toBe(302);
    const list = (await page.loader({ request: new Request("http://localhost/account/conflicts", { headers: { cookie: cookies.expert } }), params: {}, context: {} as never })) as { conflicts: { otherPersonName: string | null }[] };
    expect(list.conflicts.map((c) => c.otherPersonName)).toContain("李明");
  });
});
