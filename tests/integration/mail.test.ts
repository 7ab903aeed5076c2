import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mailOutbox } from "#db/schema";
import { inviteMember } from "~/features/auth/invitations.server";
import { drainMail, listMail, queueMail, startMailWorker } from "~/features/mail/outbox.server";
import { createTestDb } from "../support/db";
import { actorOf, makeOrganisation, makeUser } from "../support/auth";

/** A real SMTP server on a random localhost port: what it receives is parsed like a mail client would. */
function startSmtp() {
  const received: (ParsedMail & { envelopeTo: string[] })[] = [];
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push(Object.assign(mail, { envelopeTo: session.envelope.rcptTo.map((r) => r.address) }));
          waiters.splice(0).forEach((w) => w());
          callback();
        })
        .catch(callback);
    },
  });
  return new Promise<{ url: string; received: typeof received; next: () => Promise<void>; close: () => Promise<void> }>((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.server.address() as AddressInfo;
      resolve({
        url: `smtp://127.0.0.1:${port}`,
        received,
        next: () => new Promise<void>((r) => waiters.push(r)),
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    });
  });
}

describe("mail outbox", () => {
  let t: ReturnType<typeof createTestDb>;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const saved = { ...process.env };
  beforeAll(async () => {
    smtp = await startSmtp();
  });
  afterAll(() => smtp.close());
  beforeEach(() => {
    t = createTestDb();
    smtp.received.length = 0;
  });
  afterEach(() => {
    process.env = { ...saved };
    t.cleanup();
  });

  it("delivers an invitation through a real SMTP conversation after the verb commits", async () => {
    process.env.SMTP_URL = smtp.url;
    process.env.MAIL_FROM = "智库咨政协同平台 <no-reply@zhiku.example.cn>";
    const org = makeOrganisation(t.db, "湖南省社会科学院");
    const admin = await makeUser(t.db, { email: "admin@example.cn", displayName: "王主任", orgs: [{ organisationId: org.id, role: "admin" }] });
    const worker = startMailWorker(t.db);
    try {
      const arrived = smtp.next();
      const r = inviteMember({ db: t.db, actor: actorOf(t.db, admin.id) }, { organisationId: org.id, email: "expert@example.cn", role: "member", baseUrl: "http://portal.test" });
      await arrived;
      const mail = smtp.received[0];
      expect(mail.envelopeTo).toEqual(["expert@example.cn"]);
      expect(mail.subject).toBe("邀请您加入「湖南省社会科学院」 / Invitation to join 湖南省社会科学院");
      expect(mail.from?.value[0].address).toBe("no-reply@zhiku.example.cn");
      expect(mail.text).toContain(`http://portal.test/invitations/${r.token}`);
      expect(mail.text).toContain("王主任");
      expect(mail.text!.indexOf("您好")).toBeLessThan(mail.text!.indexOf("Hello"));
      await drainMail(t.db);
      expect(t.db.select().from(mailOutbox).get()?.sentAt).toBeInstanceOf(Date);
    } finally {
      worker.stop();
    }
  });

  it("keeps mail in the outbox without SMTP_URL, and retries with backoff when the server cannot be reached", async () => {
    delete process.env.SMTP_URL;
    const now = new Date("2026-11-28T02:00:00Z");
    t.db.transaction((tx) => queueMail(tx, { to: "x@example.cn", subject: "测试 / Test", text: "正文 / Body" }, now));
    expect(await drainMail(t.db, { now })).toEqual({ sent: 0, failed: 0, skipped: true });
    expect(listMail(t.db)[0].sentAt).toBeNull();

    process.env.SMTP_URL = "smtp://127.0.0.1:1"; // nothing listens there
    expect(await drainMail(t.db, { now })).toMatchObject({ sent: 0, failed: 1 });
    const failed = listMail(t.db)[0];
    expect(failed.attempts).toBe(1);
    expect(failed.lastError).toBeTruthy();
    expect(failed.nextAttemptAt.getTime()).toBe(now.getTime() + 30_000);
    // not due again before the backoff has passed
    expect(await drainMail(t.db, { now: new Date(now.getTime() + 10_000) })).toMatchObject({ sent: 0, failed: 0 });

    process.env.SMTP_URL = smtp.url;
    expect(await drainMail(t.db, { now: new Date(now.getTime() + 30_000) })).toMatchObject({ sent: 1, failed: 0 });
    expect(smtp.received.map((m) => m.subject)).toEqual(["测试 / Test"]);
    expect(listMail(t.db)[0]).toMatchObject({ attempts: 2, lastError: null });
  });

  it("sends nothing that a rolled-back transaction queued", async () => {
    process.env.SMTP_URL = smtp.url;
    expect(() =>
      t.db.transaction((tx) => {
        queueMail(tx, { to: "x@example.cn", subject: "s", text: "t" });
        throw new Error("rollback");
      }),
    ).toThrow("rollback");
    expect(await drainMail(t.db)).toMatchObject({ sent: 0 });
    expect(listMail(t.db)).toHaveLength(0);
  });
});
