import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../support/server";

describe("the HTTP server", () => {
  let s: RunningServer;
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(async () => {
    await s?.stop();
  });

  it("answers /healthz with the database and search status", async () => {
    const r = await fetch(`${s.url}/healthz`);
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body.status).toBe("ok");
    expect(body.checks.database.status).toBe("ok");
    expect(body.checks.search).toBeDefined();
  });

  it("sends a fresh CSP nonce on every page, and the page's scripts carry it", async () => {
    const a = await fetch(`${s.url}/`);
    const b = await fetch(`${s.url}/`);
    const nonceOf = (csp: string | null) => /'nonce-([^']+)'/.exec(csp ?? "")?.[1];
    const na = nonceOf(a.headers.get("content-security-policy"));
    const nb = nonceOf(b.headers.get("content-security-policy"));
    expect(na).toBeTruthy();
    expect(na).not.toBe(nb);
    const html = await a.text();
    expect(html).toContain(`nonce="${na}"`);
    expect(a.headers.get("x-frame-options")).toBe("SAMEORIGIN");
  });

  it("refuses a cross-origin POST with 403 and records it in the audit trail", async () => {
    const r = await fetch(`${s.url}/set-locale`, {
      method: "POST",
      headers: { origin: "https://evil.example.com", "content-type": "application/x-www-form-urlencoded" },
      body: "locale=en",
      redirect: "manual",
    });
    expect(r.status).toBe(403);
    expect(await r.text()).toMatch(/跨站请求已被拒绝.*Cross-origin request refused/);
    const db = new Database(s.dbFile, { readonly: true });
    const row = db.prepare("select action, result, detail from audit_log where action = 'request.cross_origin' order by id desc limit 1").get() as { action: string; result: string; detail: string };
    db.close();
    expect(row.result).toBe("denied");
    expect(JSON.parse(row.detail).origin).toBe("https://evil.example.com");
  });

  it("accepts a same-origin POST", async () => {
    const r = await fetch(`${s.url}/set-locale`, {
      method: "POST",
      headers: { origin: s.url, "content-type": "application/x-www-form-urlencoded" },
      body: "locale=en&redirectTo=%2F",
      redirect: "manual",
    });
    expect(r.status).toBe(302);
    expect(r.headers.get("set-cookie")).toMatch(/lng=/);
  });

  it("keeps personal data out of request logs", async () => {
    await fetch(`${s.url}/pages/about?q=%E5%BC%A0%E4%B8%89&phone=13800138000`, { headers: { cookie: "session=abc" } });
    await new Promise((r) => setTimeout(r, 300));
    const logs = s.logs();
    expect(logs).toContain('"path":"/pages/about"');
    expect(logs).not.toContain("13800138000");
    expect(logs).not.toContain("session=abc");
    expect(logs).not.toMatch(/"remoteAddress"|127\.0\.0\.1:\d+"/);
  });
});

describe("per-IP rate limits", () => {
  it("answers 429 with a bilingual message once an address exceeds the sign-in limit", async () => {
    const s = await startServer({ RATE_LIMIT_AUTH: "3" });
    try {
      const post = () =>
        fetch(`${s.url}/sign-in`, {
          method: "POST",
          headers: { origin: s.url, "content-type": "application/x-www-form-urlencoded" },
          body: "email=nobody%40example.cn&password=wrong-password",
          redirect: "manual",
        });
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await post()).status);
      expect(statuses.slice(0, 3)).not.toContain(429);
      const limited = await post();
      expect(limited.status).toBe(429);
      const body = await limited.json();
      expect(body.error.message).toMatch(/请求过于频繁/);
      expect(body.error.message_en).toMatch(/Too many requests/);
      // reading pages is not limited
      expect((await fetch(`${s.url}/sign-in`)).status).toBe(200);
    } finally {
      await s.stop();
    }
  });
});
