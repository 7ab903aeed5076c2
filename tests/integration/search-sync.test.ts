import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/client";
import { enqueueIndex } from "#db/outbox";
import { organisations, people, projects, searchOutbox } from "#db/schema";
import { allDocuments, INDEXED_TYPES } from "#search/documents";
import { createEngines, getEngines, resetSearchEngine, type Engines } from "#search/index";
import { meiliKey } from "#search/meilisearch/engine";
import type { SearchDoc, SearchEngine } from "#search/port";
import { drainOutbox } from "#search/sync/drain";
import { rebuildTarget } from "#search/sync/marker";
import { bootstrapMeilisearch, reindex } from "#search/sync/reindex";
import { searchStatus } from "#search/sync/status";
import { createOutboxWorker } from "#search/sync/worker";
import { startSearchSync, stopSearchSync } from "~/features/search/sync.server";
import { afterCommit } from "~/lib/verb.server";
import { createTestDb } from "../support/db";
import { startMeiliDouble, type MeiliDouble } from "../support/meili-double";

/**
 * Sync without loss: the outbox is drained into both indexes, retried with backoff when
 * Meilisearch fails, and ends in an exact match of the database.
 */

let double: MeiliDouble;
let t: ReturnType<typeof createTestDb>;
let db: Db;
let engines: Engines;
let now: Date;

const env = () => ({ MEILI_URL: double.url, MEILI_ADMIN_KEY: "admin-key", MEILI_SEARCH_KEY: "search-key", MEILI_INDEX: "portal" }) as unknown as NodeJS.ProcessEnv;
const drain = (opts: Parameters<typeof drainOutbox>[2] = {}) => drainOutbox(db, engines.engine, { now: () => now, ...opts });

function addProject(title: string, over: Partial<typeof projects.$inferInsert> = {}): number {
  const id = db
    .insert(projects)
    .values({ funder: "nssf", approvalNumber: `AP${Math.random().toString(36).slice(2, 8)}`, title, piName: "王五", institutionName: "复旦大学", year: 2018, ...over })
    .returning({ id: projects.id })
    .get().id;
  enqueueIndex(db, "project", id, "upsert", now);
  return id;
}

function setTitle(id: number, title: string): void {
  db.update(projects).set({ title }).where(eq(projects.id, id)).run();
  enqueueIndex(db, "project", id, "upsert", now);
}

function removeProject(id: number): void {
  db.delete(projects).where(eq(projects.id, id)).run();
  enqueueIndex(db, "project", id, "delete", now);
}

/** Every document the database yields, as Meilisearch stores it. */
function expectedDocs(): Record<string, unknown>[] {
  const all: SearchDoc[] = INDEXED_TYPES.flatMap((type) => [...allDocuments(db, type)].flat());
  return all.map((d) => ({ ...JSON.parse(JSON.stringify(d)), key: meiliKey(d.id) })).sort((a, b) => a.key.localeCompare(b.key));
}

async function expectExactMatch(): Promise<void> {
  const inIndex = double.documents("portal").sort((a, b) => String(a.key).localeCompare(String(b.key)));
  expect(inIndex).toEqual(expectedDocs());
  for (const type of INDEXED_TYPES) expect(await engines.embedded.count(type)).toBe(expectedDocs().filter((d) => d.type === type).length);
}

const outbox = () => db.select().from(searchOutbox).orderBy(searchOutbox.id).all();

beforeAll(async () => {
  double = await startMeiliDouble();
});
afterAll(async () => {
  await double.stop();
});
beforeEach(async () => {
  t = createTestDb();
  db = t.db;
  now = new Date("2026-11-28T12:00:00Z");
  await double.restore();
  double.clearState();
  double.clearFaults();
  double.reset();
  engines = createEngines(db, env(), { meili: { taskPollMs: 5, taskTimeoutMs: 2000 }, breaker: { failureThreshold: 100, now: () => now.getTime() } });
});
afterEach(() => {
  stopSearchSync();
  resetSearchEngine();
  t.cleanup();
  expect(double.violations).toEqual([]);
});

describe("draining the outbox", () => {
  it("re-reads the rows and writes the same documents to Meilisearch and the embedded index, then clears the outbox", async () => {
    const a = addProject("新型城镇化进程中的农民工市民化研究——以长三角为例");
    addProject("数字经济与区域协调发展");
    const org = db.insert(organisations).values({ name: "中国社会科学院", nameKey: "中国社会科学院", kind: "thinkTank" }).returning({ id: organisations.id }).get().id;
    enqueueIndex(db, "organisation", org, "upsert", now);
    const person = db.insert(people).values({ name: "张三", namePinyin: "zhangsan", nameInitials: "zs", identityKey: "张三|", source: "archive" }).returning({ id: people.id }).get().id;
    enqueueIndex(db, "person", person, "upsert", now);

    const r = await drain();
    expect(r).toMatchObject({ applied: 4, failed: 0 });
    expect(outbox()).toEqual([]);
    await expectExactMatch();
    const sent = double.requests.find((x) => x.path === "/indexes/portal/documents")!.body as Record<string, unknown>[];
    expect(sent.find((d) => d.id === `project:${a}`)).toMatchObject({ title: "新型城镇化进程中的农民工市民化研究", subtitle: "以长三角为例", key: `project-${a}` });
    expect((await engines.embedded.search({ q: "农民工" })).hits.map((h) => h.id)).toEqual([`project:${a}`]);
  });

  it("coalesces repeated changes to one record into one document, with the latest content", async () => {
    const id = addProject("初稿题目");
    setTitle(id, "第二稿题目");
    setTitle(id, "乡村振兴战略下的农村养老服务体系研究");
    expect(outbox()).toHaveLength(3);
    await drain();
    const adds = double.requests.filter((x) => x.path === "/indexes/portal/documents");
    expect(adds).toHaveLength(1);
    expect(adds[0].body).toEqual([expect.objectContaining({ id: `project:${id}`, title: "乡村振兴战略下的农村养老服务体系研究" })]);
    await expectExactMatch();
  });

  it("removes records that were deleted, and is idempotent when drained twice", async () => {
    const a = addProject("数字政府建设研究");
    const b = addProject("数据要素市场化配置研究");
    await drain();
    removeProject(a);
    await drain();
    expect(double.documents("portal").map((d) => d.id)).toEqual([`project:${b}`]);
    enqueueIndex(db, "project", b, "upsert", now);
    enqueueIndex(db, "project", a, "delete", now);
    await drain();
    await expectExactMatch();
  });

  it("keeps rows when Meilisearch is down, retries with exponential backoff, and loses nothing", async () => {
    const a = addProject("碳达峰碳中和目标下的能源转型研究");
    await double.down();
    const r1 = await drain();
    expect(r1.failed).toBe(1);
    let rows = outbox();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ attempts: 1 });
    expect(rows[0].lastError).toMatch(/搜索服务暂时无法连接|unavailable|fetch failed/);
    expect(rows[0].nextAttemptAt.getTime() - now.getTime()).toBe(2000);
    // the embedded index took the change anyway, so degraded results are correct
    expect((await engines.embedded.search({ q: "碳中和" })).hits.map((h) => h.id)).toEqual([`project:${a}`]);

    // not due yet: nothing is tried
    expect((await drain()).batches).toBe(0);
    now = new Date(now.getTime() + 2000);
    setTitle(a, "碳达峰碳中和目标下的能源结构转型研究");
    await drain();
    rows = outbox();
    // the first row backs off twice as long; the new row once
    expect(rows.map((x) => [x.attempts, x.nextAttemptAt.getTime() - now.getTime()])).toEqual([
      [2, 4000],
      [1, 2000],
    ]);

    await double.restore();
    now = new Date(now.getTime() + 4000);
    const r3 = await drain();
    expect(r3).toMatchObject({ applied: 2, failed: 0 });
    expect(outbox()).toEqual([]);
    await expectExactMatch();
    expect(double.documents("portal")[0].title).toBe("碳达峰碳中和目标下的能源结构转型研究");
  });

  it("a 5xx in the middle of a drain keeps the failed batch and everything after it; the next drain ends in an exact match", async () => {
    for (let i = 0; i < 6; i++) addProject(`共同富裕视角下的第${i}类公共服务均等化研究`);
    let calls = 0;
    // Meilisearch answers 503 to the second document batch only
    const wrapped: SearchEngine = {
      ...engines.engine,
      name: engines.engine.name,
      ensureReady: () => engines.engine.ensureReady(),
      upsert: async (d) => {
        calls += 1;
        if (calls === 2) double.failNext({ path: /\/documents$/, method: "POST" }, 503, 1);
        return engines.engine.upsert(d);
      },
      remove: (ids) => engines.engine.remove(ids),
      search: (q) => engines.engine.search(q),
      count: (ty) => engines.engine.count(ty),
      rebuild: (b) => engines.engine.rebuild(b),
      health: () => engines.engine.health(),
    };
    const r = await drainOutbox(db, wrapped, { batchSize: 2, now: () => now });
    expect(r).toMatchObject({ applied: 2, failed: 2, batches: 2 });
    expect(outbox()).toHaveLength(4);
    expect(double.documents("portal")).toHaveLength(2);
    now = new Date(now.getTime() + 2000);
    await drain({ batchSize: 2 });
    expect(outbox()).toEqual([]);
    await expectExactMatch();
  });

  it("a garbage answer while writing is a failure like any other: retried later, nothing lost", async () => {
    addProject("应急管理体系研究");
    await engines.engine.ensureReady();
    double.garbageNext({ path: /^\/tasks\// });
    const r = await drain();
    expect(r.failed).toBe(1);
    expect(outbox()[0].lastError).toMatch(/无法识别|unreadable/);
    now = new Date(now.getTime() + 2000);
    await drain();
    expect(outbox()).toEqual([]);
    await expectExactMatch();
  });

  it("while the circuit is open, drains do not touch Meilisearch; after the cool-down one write probes and the rest follows", async () => {
    engines = createEngines(db, env(), { meili: { taskPollMs: 5, taskTimeoutMs: 2000 }, breaker: { failureThreshold: 2, coolDownMs: 60_000, now: () => now.getTime() } });
    addProject("新质生产力研究");
    await double.down();
    for (let i = 0; i < 2; i++) {
      await drain();
      now = new Date(now.getTime() + 120_000);
    }
    expect(engines.resilient?.breaker().state).toBe("half-open");
    await drain();
    expect(engines.resilient?.breaker().state).toBe("open");
    await double.restore();
    double.reset();
    addProject("统一大市场建设研究");
    now = new Date(now.getTime() + 30_000);
    // both rows are due, but the circuit is still open: nothing reaches Meilisearch
    const r = await drain();
    expect(r.failed).toBe(2);
    expect(outbox().map((x) => x.lastError)).toEqual([expect.stringMatching(/paused/), expect.stringMatching(/paused/)]);
    expect(double.requests).toEqual([]);
    now = new Date(now.getTime() + 10 * 60_000);
    await drain();
    expect(engines.resilient?.breaker().state).toBe("closed");
    expect(outbox()).toEqual([]);
    await expectExactMatch();
  });

  it("a failed Meilisearch task is retried record by record, so the batch still lands", async () => {
    for (let i = 0; i < 3; i++) addProject(`人工智能伦理治理研究 ${i}`);
    await engines.engine.ensureReady();
    double.failNextTasks(1);
    const r = await drain();
    expect(r).toMatchObject({ failed: 0, applied: 3 });
    expect(outbox()).toEqual([]);
    await expectExactMatch();
  });

  it("a record whose type has no loader stays in the outbox with the reason, and does not block the others", async () => {
    enqueueIndex(db, "unknown-type", 1, "upsert", now);
    addProject("黄河流域生态保护和高质量发展研究");
    const r = await drain();
    expect(r.applied).toBe(1);
    const rows = outbox();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ entityType: "unknown-type", attempts: 1 });
    expect(rows[0].lastError).toMatch(/no document loader/);
  });
});

describe("the worker", () => {
  it("runs one drain at a time, and a trigger during a drain is followed by exactly one more", async () => {
    let active = 0;
    let maxActive = 0;
    let drains = 0;
    const slow: SearchEngine = {
      ...engines.embedded,
      name: "embedded",
      ensureReady: async () => {},
      upsert: async () => {
        active += 1;
        drains += 1;
        maxActive = Math.max(maxActive, active);
        await new Promise((r) => setTimeout(r, 50));
        active -= 1;
      },
      remove: async () => {},
      search: (q) => engines.embedded.search(q),
      count: () => Promise.resolve(0),
      rebuild: () => Promise.resolve({ documents: 0 }),
      health: () => Promise.resolve({ ok: true }),
    };
    const w = createOutboxWorker(db, slow, { intervalMs: 0 });
    addProject("第一条");
    const first = w.trigger();
    addProject("第二条");
    void w.trigger();
    void w.trigger();
    await first;
    await w.idle();
    expect(maxActive).toBe(1);
    expect(drains).toBe(2);
    expect(outbox()).toEqual([]);
    w.stop();
  });

  it("drains right after a verb commits (afterCommit), started from the start-up hook", async () => {
    process.env.SEARCH_SYNC_INTERVAL_MS = "0";
    try {
      const worker = startSearchSync(db);
      await worker.idle();
      const id = addProject("长江经济带绿色发展研究");
      afterCommit.emit("commit", { indexed: true });
      await worker.idle();
      expect(outbox()).toEqual([]);
      expect((await getEngines(db).embedded.search({ q: "长江经济带" })).hits.map((h) => h.id)).toEqual([`project:${id}`]);
    } finally {
      delete process.env.SEARCH_SYNC_INTERVAL_MS;
    }
  });
});

describe("the engine factory", () => {
  it("uses the embedded engine alone when MEILI_URL is unset, Meilisearch behind the breaker otherwise", () => {
    const plain = createEngines(db, {} as NodeJS.ProcessEnv);
    expect(plain.engine).toBe(plain.embedded);
    expect(plain.meili).toBeUndefined();
    const withMeili = createEngines(db, env());
    expect(withMeili.engine).toBe(withMeili.resilient);
    expect(withMeili.meili?.indexUid).toBe("portal");
  });

  it("keeps one set of engines per process until reset", () => {
    const a = getEngines(db);
    expect(getEngines(db)).toBe(a);
    resetSearchEngine();
    expect(getEngines(db)).not.toBe(a);
  });
});

describe("status and reindex", () => {
  it("reports outbox size, lag, failing rows and counts per type against the database", async () => {
    addProject("区域协调发展战略研究");
    addProject("新发展格局研究");
    now = new Date(now.getTime() + 90_000);
    let s = await searchStatus(db, engines, { now });
    expect(s).toMatchObject({ engine: "meilisearch", outbox: { pending: 2, failing: 0, oldestPendingAgeMs: 90_000 }, breaker: { state: "closed" } });
    await double.down();
    await drain();
    s = await searchStatus(db, engines, { now, counts: true });
    expect(s.outbox).toMatchObject({ pending: 2, failing: 2 });
    expect(s.outbox.lastError).toBeTruthy();
    expect(s.counts?.project.database).toBe(2);
    expect(String(s.counts?.project.meilisearch)).toMatch(/unavailable/);
    await double.restore();
    now = new Date(now.getTime() + 5000);
    await drain();
    s = await searchStatus(db, engines, { now, counts: true });
    expect(s.outbox).toEqual({ pending: 0, failing: 0, oldestPendingAgeMs: null, lastError: null });
    expect(s.counts).toEqual({
      project: { database: 2, embedded: 2, meilisearch: 2 },
      person: { database: 0, embedded: 0, meilisearch: 0 },
      organisation: { database: 0, embedded: 0, meilisearch: 0 },
      topic: { database: 0, embedded: 0, meilisearch: 0 },
      call: { database: 0, embedded: 0, meilisearch: 0 },
      need: { database: 0, embedded: 0, meilisearch: 0 },
      proposal: { database: 0, embedded: 0, meilisearch: 0 },
    });
  });

  it("reindex rebuilds both indexes from the database and swaps; a change made during the rebuild is not lost", async () => {
    const a = addProject("乡村治理现代化研究");
    addProject("基层社会治理创新研究");
    await drain();
    // the index has drifted from the database (a stray document)
    double.indexes.get("portal")!.docs.set("project-999", { key: "project-999", id: "project:999", type: "project", entityId: "999", title: "不存在" });
    // a bulk change waiting in the outbox when the rebuild starts: the rebuild covers it
    const pendingBefore = addProject("城乡融合发展研究");
    let late = 0;
    let afterStart = 0;
    const reports = await reindex(db, engines, {
      batchSize: 1,
      onTargetReady: async () => {
        expect(rebuildTarget(db)).toBe("portal_next");
        // a verb commits while the rebuild runs, and the server's drain picks it up
        setTitle(a, "乡村治理体系和治理能力现代化研究");
        late = addProject("数字乡村建设研究");
        await drain();
        afterStart = addProject("县域经济高质量发展研究");
      },
    });
    expect(reports.map((r) => [r.engine, r.documents])).toEqual([
      ["embedded", 3],
      ["meilisearch", 5],
    ]);
    // rows from before the rebuild are cleared; the one written during it stays for the drain
    expect(outbox().map((r) => r.entityId)).toEqual([String(afterStart)]);
    expect(double.documents("portal").some((d) => d.id === `project:${pendingBefore}`)).toBe(true);
    await drain();
    expect(double.requests.some((r) => r.path === "/swap-indexes")).toBe(true);
    expect(rebuildTarget(db)).toBeUndefined();
    await expectExactMatch();
    expect(double.documents("portal").find((d) => d.id === `project:${a}`)?.title).toBe("乡村治理体系和治理能力现代化研究");
    expect(double.documents("portal").some((d) => d.id === `project:${late}`)).toBe(true);
  });

  it("builds an empty Meilisearch index from the database at start, the embedded engine answering meanwhile", async () => {
    const a = addProject("营商环境优化研究");
    addProject("民营经济发展研究");
    await drainOutbox(db, engines.embedded, { now: () => now });
    expect(outbox()).toEqual([]);
    // Meilisearch configured afterwards: its index is empty and the outbox has nothing for it
    double.answer = () => ({ keys: [`project-${a}`] });
    let during: unknown;
    const r = await bootstrapMeilisearch(db, engines, { onTargetReady: async () => void (during = await engines.engine.search({ q: "营商环境" })) });
    expect(r?.documents).toBe(2);
    expect(during).toMatchObject({ engine: "embedded", degraded: true });
    await expectExactMatch();
    expect(await engines.engine.search({ q: "营商环境" })).toMatchObject({ engine: "meilisearch" });
    // nothing to do the second time
    double.reset();
    expect(await bootstrapMeilisearch(db, engines)).toBeUndefined();
    expect(double.requests.some((x) => x.path === "/swap-indexes")).toBe(false);
  });
});
