import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/client";
import { auditLog, rounds, topicEvents, topics } from "#db/schema";
import { getSearchEngine, resetSearchEngine } from "#search/index";
import { drainOutbox } from "#search/sync/drain";
import type { Actor } from "~/features/access/actor";
import { createSession } from "~/features/auth/session.server";
import { matchHref } from "~/features/dedup/components";
import { checkTopic } from "~/features/topics/dedup.server";
import { autosaveTopic } from "~/features/topics/propose.server";
import { createTopic, transitionTopic } from "~/features/topics/verbs.server";
import { isServiceError, type ServiceError } from "~/lib/errors";
import { action as autosaveRoute } from "../../app/routes/topics.autosave";
import { actorOf, makeOrganisation, makeUser } from "../support/auth";
import { createTestDb } from "../support/db";

let t: ReturnType<typeof createTestDb>;
let db: Db;
let roundId: number;
let deptA: number;
let deptB: number;
let authorA: Actor;
let authorAId: number;
let authorB: Actor;
let reviewer: Actor;

beforeEach(async () => {
  resetSearchEngine();
  t = createTestDb();
  db = t.db;
  deptA = makeOrganisation(db, "发展改革委", "department").id;
  deptB = makeOrganisation(db, "商务厅", "department").id;
  const office = makeOrganisation(db, "社科规划办", "managementOffice").id;
  authorAId = (await makeUser(db, { email: "a@dept.cn", orgs: [{ organisationId: deptA, role: "member" }] })).id;
  authorA = actorOf(db, authorAId);
  authorB = actorOf(db, (await makeUser(db, { email: "b@dept.cn", orgs: [{ organisationId: deptB, role: "member" }] })).id);
  reviewer = actorOf(db, (await makeUser(db, { email: "r@office.cn", orgs: [{ organisationId: office, role: "reviewer" }] })).id);
  roundId = db.insert(rounds).values({ name: "2027年度选题征集", year: 2027 }).returning().get().id;
});
afterEach(() => {
  resetSearchEngine();
  t.cleanup();
});

function refusal(fn: () => unknown): ServiceError {
  try {
    fn();
  } catch (e) {
    if (isServiceError(e)) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}

const form = (title: string, extra: Record<string, string> = {}) => ({ roundId: String(roundId), organisationId: String(deptA), title, policyNeed: "", expectedOutputs: ["report"], urgency: "normal", tags: "", ...extra });

describe("drafts autosave through the topic verbs", () => {
  it("creates the draft on the first save, then updates it carrying the version it got back", () => {
    const first = autosaveTopic(db, authorA, form("城乡融合发展"));
    expect(first).toMatchObject({ created: true, version: 1 });
    const row = db.select().from(topics).where(eq(topics.id, first.id)).get()!;
    expect(row).toMatchObject({ state: "draft", title: "城乡融合发展", organisationId: deptA, authorUserId: authorAId });

    const second = autosaveTopic(db, authorA, form("城乡融合发展的体制机制研究", { id: String(first.id), version: String(first.version), policyNeed: "县域是突破口" }));
    expect(second).toMatchObject({ id: first.id, created: false, version: 2 });
    expect(db.select().from(topics).where(eq(topics.id, first.id)).get()).toMatchObject({ title: "城乡融合发展的体制机制研究", policyNeed: "县域是突破口", version: 2 });
    expect(db.select().from(topics).all()).toHaveLength(1);
    expect(db.select().from(auditLog).where(eq(auditLog.action, "topic.update")).all().map((a) => a.result)).toEqual(["ok"]);
  });

  it("keeps one history entry for a sitting of autosaves, while every save is audited", () => {
    const at = (min: number) => new Date(Date.UTC(2026, 10, 28, 8, min));
    const first = autosaveTopic(db, authorA, form("城乡融合发展"), at(0));
    let v = first.version;
    for (const min of [1, 2, 3]) v = autosaveTopic(db, authorA, form(`城乡融合发展${min}`, { id: String(first.id), version: String(v) }), at(min)).version;
    // an hour later is a new sitting
    autosaveTopic(db, authorA, form("城乡融合发展研究", { id: String(first.id), version: String(v) }), at(65));
    const kinds = db.select().from(topicEvents).where(eq(topicEvents.topicId, first.id)).orderBy(topicEvents.id).all();
    expect(kinds.map((e) => [e.kind, e.at.toISOString()])).toEqual([
      ["created", expect.any(String)],
      ["edited", at(3).toISOString()],
      ["edited", at(65).toISOString()],
    ]);
    expect(db.select().from(auditLog).where(eq(auditLog.action, "topic.update")).all()).toHaveLength(4);
  });

  it("refuses a save that carries a stale version as a conflict and overwrites nothing", () => {
    const first = autosaveTopic(db, authorA, form("城乡融合发展"));
    // another tab saved in between
    autosaveTopic(db, authorA, form("另一个窗口写的题目", { id: String(first.id), version: "1" }));
    const e = refusal(() => autosaveTopic(db, authorA, form("这个窗口写的题目", { id: String(first.id), version: "1" })));
    expect(e.status).toBe(409);
    expect(e.code).toBe("conflict");
    expect(e.bilingual.zh).toContain("已被他人修改");
    expect(db.select().from(topics).where(eq(topics.id, first.id)).get()).toMatchObject({ title: "另一个窗口写的题目", version: 2 });
  });

  it("refuses another department's draft and a draft that has been submitted", async () => {
    const first = autosaveTopic(db, authorA, form("城乡融合发展"));
    expect(refusal(() => autosaveTopic(db, authorB, form("改别人的题目", { id: String(first.id), version: "1" }))).status).toBe(403);
    await transitionTopic({ db, actor: authorA }, { id: first.id, to: "submitted" });
    const v = db.select().from(topics).where(eq(topics.id, first.id)).get()!.version;
    expect(refusal(() => autosaveTopic(db, authorA, form("提交后再改", { id: String(first.id), version: String(v) }))).code).toBe("not_editable");
    expect(db.select().from(topics).where(eq(topics.id, first.id)).get()!.title).toBe("城乡融合发展");
  });

  it("answers the form's autosave in JSON: saved, invalid, conflict and signed out", async () => {
    const { token } = createSession(db, authorAId);
    const post = (fields: Record<string, string | string[]>, cookie = `session=${token}`) => {
      const body = new FormData();
      for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
      return autosaveRoute({ request: new Request("http://localhost/topics/autosave", { method: "POST", body, headers: { cookie, origin: "http://localhost" } }), params: {}, context: {} as never }) as Promise<Response>;
    };
    const ok = await post(form("城乡融合发展研究"));
    expect(ok.status).toBe(200);
    const saved = (await ok.json()) as { id: number; version: number; created: boolean };
    expect(saved).toMatchObject({ version: 1, created: true });

    const bad = await post(form("短", { id: String(saved.id), version: "1" }));
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { fields: Record<string, unknown> }).fields.title).toBeTruthy();

    await post(form("城乡融合发展研究二", { id: String(saved.id), version: "1" }));
    const stale = await post(form("城乡融合发展研究三", { id: String(saved.id), version: "1" }));
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { code: string }).code).toBe("conflict");

    const out = await post(form("城乡融合发展研究四"), "");
    expect(out.status).toBe(401);
    expect(db.select().from(topics).all()).toHaveLength(1);
  });
});

describe("duplicate evidence links to what the reader may open", () => {
  it("links another department's topic only for readers who may open it; archive projects always", async () => {
    const mine = createTopic({ db, actor: authorA }, { roundId, organisationId: deptA, title: "跨境电商综合试验区发展研究", expectedOutputs: [], tags: [] });
    await transitionTopic({ db, actor: authorA }, { id: mine.id, to: "submitted" });
    await drainOutbox(db, getSearchEngine(db));
    const draft = { title: "跨境电商综合试验区高质量发展研究" };
    const seenByB = (await checkTopic(db, authorB, draft)).matches.find((m) => m.type === "topic" && m.entityId === String(mine.id));
    const seenByOffice = (await checkTopic(db, reviewer, draft)).matches.find((m) => m.type === "topic" && m.entityId === String(mine.id));
    const seenByA = (await checkTopic(db, authorA, draft)).matches.find((m) => m.type === "topic" && m.entityId === String(mine.id));
    // department B sees the overlap but may not open A's topic page
    expect(seenByB).toMatchObject({ openable: false });
    expect(matchHref(seenByB!)).toBeUndefined();
    expect(matchHref(seenByOffice!)).toBe(`/topics/${mine.id}`);
    expect(matchHref(seenByA!)).toBe(`/topics/${mine.id}`);
    expect(matchHref({ type: "project", entityId: "42", openable: true })).toBe("/projects/42");
    expect(matchHref({ type: "need", entityId: "5", openable: true })).toBe("/needs/5");
    expect(matchHref({ type: "call", entityId: "3", openable: true })).toBe("/calls/3");
    expect(matchHref({ type: "proposal", entityId: "9", openable: true })).toBeUndefined();
  });
});
