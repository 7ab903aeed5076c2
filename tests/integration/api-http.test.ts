import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../support/server";

/** The API through the real HTTP server: routing of the resource routes, JSON all the way. */
describe("the API over HTTP", () => {
  let s: RunningServer;
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(async () => {
    await s?.stop();
  });

  it("serves the OpenAPI document at /api/v1/openapi.json", async () => {
    const r = await fetch(`${s.url}/api/v1/openapi.json`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/application\/json/);
    expect((await r.json()).openapi).toBe("3.1.0");
  });

  it("answers lists in the envelope, a bad token with 401 JSON (audited), an unknown path with 404 JSON", async () => {
    const list = await fetch(`${s.url}/api/v1/projects?pageSize=5`);
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual({ data: [], page: 1, pageSize: 5, total: 0 });

    const bad = await fetch(`${s.url}/api/v1/people`, { headers: { authorization: "Bearer zk_forged" } });
    expect(bad.status).toBe(401);
    expect((await bad.json()).error.message_en).toBe("The API token is invalid or has been revoked.");
    const db = new Database(s.dbFile, { readonly: true });
    const row = db.prepare("select result from audit_log where action = 'api.token.refused' order by id desc limit 1").get() as { result: string } | undefined;
    db.close();
    expect(row?.result).toBe("denied");

    const missing = await fetch(`${s.url}/api/v1/no/such/thing`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toMatch(/application\/json/);
    expect((await missing.json()).error.code).toBe("not_found");
  });

  it("describes the API for people at /api, in Chinese first", async () => {
    const r = await fetch(`${s.url}/api`);
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(html).toContain("开放接口（API）");
    expect(html).toContain('href="/api/v1/openapi.json"');
  });
});
