import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { rounds } from "#db/schema";
import { systemActor } from "~/features/access/actor";
import { createApiToken } from "~/features/api/tokens.server";
import { startMailWorker } from "~/features/mail/outbox.server";
import { createTopic, transitionTopic } from "~/features/topics/verbs.server";
import { resetSearchEngine } from "#search/index";
import * as listRoute from "../../app/routes/api.v1.topics._index";
import * as oneRoute from "../../app/routes/api.v1.topics.$id";
import * as moveRoute from "../../app/routes/api.v1.topics.$id.transition";
import { createTestDb } from "../support/db";
import { actorOf, makeOrganisation, makeUser } from "../support/auth";

/** A real SMTP server on a random localhost port. */
function startSmtp() {
  const received: ParsedMail[] = [];
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push(mail);
          waiters.splice(0).forEach((w) => w());
          callback();
        })
        .catch(callback);
    },
  });
  return new Promise<{ url: string; received: ParsedMail[]; next: () => Promise<void>; close: () => Promise<void> }>((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.server.address() as AddressInfo;
      resolve({ url: `smtp://127.0.0.1:${port}`, received, next: () => new Promise<void>((r) => waiters.push(r)), close: () => new Promise<void>((r) => server.close(() => r())) });
    });
  });
}

let t: ReturnType<typeof createTestDb>;
const saved = { ...process.env };
beforeEach(() => {
  resetSearchEngine();
  t = createTestDb();
});
afterEach(() => {
  process.env = { ...saved };
  resetSearchEngine();
  t.cleanup();
});

async function setup() {
  const dept = makeOrganisation(t.db, "湖南省民政厅", "department");
  const office = makeOrganisation(t.db, "社科规划办", "managementOffice");
  const author = await makeUser(t.db, { email: "author@dept.example.cn", orgs: [{ organisationId: dept.id, role: "member" }] });
  const reviewer = await makeUser(t.db, { email: "reviewer@office.example.cn", orgs: [{ organisationId: office.id, role: "reviewer" }] });
  const roundId = t.db.insert(rounds).values({ name: "2027年度", year: 2027 }).returning().get().id;
  return { dept, office, author: actorOf(t.db, author.id), reviewer: actorOf(t.db, reviewer.id), roundId };
}

describe("topic notifications", () => {
  it("e-mails the author through a real SMTP conversation when the topic is returned", async () => {
    const smtp = await startSmtp();
    process.env.SMTP_URL = smtp.url;
    const s = await setup();
    const worker = startMailWorker(t.db);
    try {
      const topic = createTopic({ db: t.db, actor: s.author }, { roundId: s.roundId, organisationId: s.dept.id, title: "农村互助养老服务体系研究" });
      await transitionTopic({ db: t.db, actor: s.author }, { id: topic.id, to: "submitted" });
      await transitionTopic({ db: t.db, actor: s.reviewer }, { id: topic.id, to: "screening" });
      const arrived = smtp.next();
      await transitionTopic({ db: t.db, actor: s.reviewer }, { id: topic.id, to: "returned", note: "请聚焦本省试点县" });
      await arrived;
      const mail = smtp.received[0];
      expect(mail.to && "value" in mail.to ? mail.to.value[0].address : "").toBe("author@dept.example.cn");
      expect(mail.subject).toContain("农村互助养老服务体系研究");
      expect(mail.subject).toContain("returned for revision");
      expect(mail.text).toContain("请聚焦本省试点县");
      expect(mail.text).toContain(`/topics/${topic.id}`);
      expect(mail.text!.indexOf("您好")).toBeLessThan(mail.text!.indexOf("Hello"));
    } finally {
      worker.stop();
      await smtp.close();
    }
  });
});

describe("topics API", () => {
  type Route = { loader?: (a: never) => Promise<Response> | Response; action?: (a: never) => Promise<Response> };
  const call = async (route: Route, url: string, opts: { method?: string; body?: unknown; params?: Record<string, string>; token?: string } = {}) => {
    const request = new Request(`http://localhost${url}`, {
      method: opts.method ?? "GET",
      headers: { "content-type": "application/json", ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) },
      body: opts.body ? JSON.stringify(opts.body) : undefined,
    });
    const fn = (opts.method === "POST" ? route.action : route.loader) as (a: unknown) => Promise<Response>;
    const res = await fn({ request, params: opts.params ?? {}, context: { ip: "127.0.0.1", cspNonce: "" } });
    return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };

  it("creates, reads, lists and moves a topic with an organisation's token; refuses another organisation's and anonymous writes", async () => {
    const s = await setup();
    const other = makeOrganisation(t.db, "湖南省财政厅", "department");
    const { token } = createApiToken({ db: t.db, actor: systemActor("test") }, { organisationId: s.dept.id, name: "对接系统" });
    const created = await call(listRoute, "/api/v1/topics", { method: "POST", token, body: { roundId: s.roundId, organisationId: s.dept.id, title: "社区社会组织参与基层治理研究" } });
    expect(created.status).toBe(200);
    expect(created.body.data).toMatchObject({ state: "draft", title: "社区社会组织参与基层治理研究" });
    const id = created.body.data.id as number;

    const refused = await call(listRoute, "/api/v1/topics", { method: "POST", token, body: { roundId: s.roundId, organisationId: other.id, title: "代他人提交的选题" } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message_en).toBeTruthy();
    expect((await call(listRoute, "/api/v1/topics", { method: "POST", body: { roundId: s.roundId, organisationId: s.dept.id, title: "匿名提交的选题" } })).status).toBe(403);
    const invalid = await call(listRoute, "/api/v1/topics", { method: "POST", token, body: { roundId: s.roundId, organisationId: s.dept.id, title: "短" } });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.fields.title.message).toContain("至少 4 个字");

    const moved = await call(moveRoute, `/api/v1/topics/${id}/transition`, { method: "POST", token, params: { id: String(id) }, body: { to: "submitted" } });
    expect(moved.status).toBe(200);
    expect(moved.body.data.state).toBe("submitted");
    const wrong = await call(moveRoute, `/api/v1/topics/${id}/transition`, { method: "POST", token, params: { id: String(id) }, body: { to: "screening" } });
    // screening is the management office's move
    expect(wrong.status).toBe(403);
    const notInTable = await call(moveRoute, `/api/v1/topics/${id}/transition`, { method: "POST", token, params: { id: String(id) }, body: { to: "accepted" } });
    expect(notInTable.status).toBe(409);

    const one = await call(oneRoute, `/api/v1/topics/${id}`, { token, params: { id: String(id) } });
    expect(one.body.data.history.map((h: { to: string }) => h.to)).toEqual(["submitted", "draft"]);
    expect((await call(oneRoute, `/api/v1/topics/${id}`, { params: { id: String(id) } })).status).toBe(403);
    const list = await call(listRoute, "/api/v1/topics?state=submitted", { token });
    expect(list.body).toMatchObject({ total: 1, page: 1 });
    expect((await call(listRoute, "/api/v1/topics")).body.total).toBe(0);
  });
});
