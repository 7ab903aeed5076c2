import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EmbeddedEngine } from "#search/embedded";
import { isSearchError } from "#search/errors";
import { MeilisearchEngine } from "#search/meilisearch/engine";
import type { SearchDoc } from "#search/port";
import { ResilientEngine, type BreakerState } from "#search/resilient";
import { createTestDb } from "../support/db";
import { startMeiliDouble, type MeiliDouble } from "../support/meili-double";

/**
 * When Meilisearch is down, slow, failing or answering garbage, queries are answered by the
 * embedded engine and say so; the circuit opens after repeated failures (Meilisearch then gets
 * no requests at all) and closes by itself when Meilisearch answers again.
 */

let double: MeiliDouble;
let t: ReturnType<typeof createTestDb>;
let clock: number;
let transitions: BreakerState[];

const docs: SearchDoc[] = [
  { id: "project:1", type: "project", entityId: "1", title: "新型城镇化进程中的农民工市民化研究", people: ["张三"], funder: "nssf", year: 2015, visibility: "public" },
  { id: "project:2", type: "project", entityId: "2", title: "数字经济与区域协调发展", people: ["李四"], funder: "nsfc", year: 2020, visibility: "public" },
];

function build(queryTimeoutMs = 300) {
  const meili = new MeilisearchEngine({ url: double.url, adminKey: "admin-key", searchKey: "search-key", taskPollMs: 5, taskTimeoutMs: 2000, queryTimeoutMs: 5000 });
  const embedded = new EmbeddedEngine(t.db.$client);
  const engine = new ResilientEngine(meili, embedded, { queryTimeoutMs, failureThreshold: 3, coolDownMs: 30_000, now: () => clock, onStateChange: (s) => transitions.push(s) });
  return { meili, embedded, engine };
}

const searches = () => double.requests.filter((r) => r.path === "/indexes/portal/search").length;

beforeAll(async () => {
  double = await startMeiliDouble();
});
afterAll(async () => {
  await double.stop();
});
beforeEach(async () => {
  t = createTestDb();
  clock = 1_000_000;
  transitions = [];
  await double.restore();
  double.clearState();
  double.clearFaults();
  double.reset();
  double.answer = () => ({ keys: ["project-1"] });
});
afterEach(() => {
  t.cleanup();
  expect(double.violations).toEqual([]);
});

describe("queries while Meilisearch is in trouble", () => {
  it("answers from Meilisearch when it is healthy", async () => {
    const { engine } = build();
    await engine.upsert(docs);
    const r = await engine.search({ q: "城镇化" });
    expect(r.engine).toBe("meilisearch");
    expect(r.degraded).toBeUndefined();
    expect(r.hits.map((h) => h.id)).toEqual(["project:1"]);
  });

  it("falls back to the embedded engine when Meilisearch is down, and says so", async () => {
    const { engine } = build();
    await engine.upsert(docs);
    await double.down();
    const r = await engine.search({ q: "城镇化" });
    expect(r).toMatchObject({ engine: "embedded", degraded: true });
    expect(r.hits.map((h) => h.id)).toEqual(["project:1"]);
  });

  it("does not wait for a slow Meilisearch (2 s): the embedded engine answers within the query timeout", async () => {
    const { engine } = build(300);
    await engine.upsert(docs);
    double.delayMs = 2000;
    const t0 = performance.now();
    const r = await engine.search({ q: "数字经济" });
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(r).toMatchObject({ engine: "embedded", degraded: true });
    expect(r.hits.map((h) => h.id)).toEqual(["project:2"]);
  });

  it("falls back on a 5xx and on a garbage body", async () => {
    const { engine } = build();
    await engine.upsert(docs);
    double.failNext({ path: /search$/ }, 502);
    expect(await engine.search({ q: "城镇化" })).toMatchObject({ engine: "embedded", degraded: true });
    double.garbageNext({ path: /search$/ });
    const r = await engine.search({ q: "城镇化" });
    expect(r).toMatchObject({ engine: "embedded", degraded: true });
    expect(r.hits.map((h) => h.id)).toEqual(["project:1"]);
  });

  it("opens the circuit after 3 failures: Meilisearch then receives no requests until the cool-down ends", async () => {
    const { engine } = build();
    await engine.upsert(docs);
    double.failNext({ path: /search$/ }, 503, 100);
    for (let i = 0; i < 3; i++) await engine.search({ q: "城镇化" });
    expect(searches()).toBe(3);
    expect(engine.breaker().state).toBe("open");
    for (let i = 0; i < 10; i++) expect(await engine.search({ q: "城镇化" })).toMatchObject({ engine: "embedded", degraded: true });
    expect(searches()).toBe(3);
    // writes do not knock on the door either, but the embedded index still takes them
    const before = double.requests.length;
    const err = await engine.upsert([{ ...docs[1], title: "数字经济与共同富裕" }]).catch((e: unknown) => e);
    expect(isSearchError(err) && err.kind).toBe("circuit_open");
    expect(double.requests.length).toBe(before);
    expect((await engine.search({ q: "共同富裕" })).hits.map((h) => h.id)).toEqual(["project:2"]);
  });

  it("recovers by itself: after the cool-down one probe goes through and closes the circuit", async () => {
    const { engine } = build();
    await engine.upsert(docs);
    await double.down();
    for (let i = 0; i < 3; i++) await engine.search({ q: "城镇化" });
    expect(engine.breaker().state).toBe("open");
    await double.restore();
    clock += 10_000;
    await engine.search({ q: "城镇化" });
    expect(searches()).toBe(0);
    clock += 25_000;
    expect(engine.breaker().state).toBe("half-open");
    const r = await engine.search({ q: "城镇化" });
    expect(r.engine).toBe("meilisearch");
    expect(r.degraded).toBeUndefined();
    expect(engine.breaker().state).toBe("closed");
    expect(transitions).toEqual(["open", "half-open", "closed"]);
  });

  it("a failed probe opens the circuit again for another cool-down; only one probe is let through", async () => {
    const { engine } = build();
    await engine.upsert(docs);
    double.failNext({ path: /search$/ }, 500, 100);
    for (let i = 0; i < 3; i++) await engine.search({ q: "城镇化" });
    clock += 31_000;
    double.delayMs = 100;
    const results = await Promise.all([1, 2, 3].map(() => engine.search({ q: "城镇化" })));
    expect(results.every((r) => r.degraded)).toBe(true);
    expect(searches()).toBe(4);
    expect(engine.breaker().state).toBe("open");
    expect(transitions).toEqual(["open", "half-open", "open"]);
  });

  it("a refused request (wrong search key) falls back but does not count as Meilisearch being down", async () => {
    const meili = new MeilisearchEngine({ url: double.url, adminKey: "admin-key", searchKey: "wrong", taskPollMs: 5 });
    const engine = new ResilientEngine(meili, new EmbeddedEngine(t.db.$client), { failureThreshold: 3, now: () => clock });
    await engine.upsert(docs);
    for (let i = 0; i < 5; i++) expect(await engine.search({ q: "城镇化" })).toMatchObject({ engine: "embedded", degraded: true });
    expect(engine.breaker().state).toBe("closed");
    expect(engine.breaker().lastError).toMatch(/invalid_api_key/);
  });
});
