import { and, asc, desc, eq, isNull, lt, lte } from "drizzle-orm";
import nodemailer, { type Transporter } from "nodemailer";
import type { Db, DbOrTx } from "#db/client";
import { mailOutbox } from "#db/schema";
import { afterCommit } from "~/lib/verb.server";

/**
 * Mail goes through an outbox: a verb queues the message inside its transaction (so a rolled-back
 * change sends nothing), and the sender delivers it after commit, retrying with backoff.
 */
export type MailMessage = { to: string; subject: string; text: string; html?: string | null };

export const mailConfig = () => ({
  smtpUrl: process.env.SMTP_URL || null,
  from: process.env.MAIL_FROM || "智库咨政协同平台 <no-reply@zhiku.example.cn>",
  maxAttempts: Number(process.env.MAIL_MAX_ATTEMPTS ?? 8),
  /** first retry after 30 s, doubling, at most an hour apart */
  backoffMs: (attempts: number) => Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000),
  intervalMs: Number(process.env.MAIL_INTERVAL_SECONDS ?? 30) * 1000,
});

export function queueMail(tx: DbOrTx, m: MailMessage, now = new Date()): number {
  const row = tx
    .insert(mailOutbox)
    .values({ to: m.to, subject: m.subject, text: m.text, html: m.html ?? null, createdAt: now, nextAttemptAt: now })
    .returning({ id: mailOutbox.id })
    .get();
  return row.id;
}

export type DrainResult = { sent: number; failed: number; skipped: boolean };

let cachedTransport: { url: string; transport: Transporter } | null = null;
function transportFor(url: string): Transporter {
  if (cachedTransport?.url !== url) cachedTransport = { url, transport: nodemailer.createTransport(url) };
  return cachedTransport.transport;
}

let draining: Promise<DrainResult> | null = null;

/**
 * Sends every due message. Without SMTP_URL nothing is sent: the messages stay in the outbox and
 * the development inbox (/dev/mail) shows them. One drain at a time, so no message goes twice.
 */
export function drainMail(db: Db, opts: { now?: Date; transport?: Transporter; limit?: number } = {}): Promise<DrainResult> {
  if (draining) return draining;
  draining = drainOnce(db, opts).finally(() => {
    draining = null;
  });
  return draining;
}

async function drainOnce(db: Db, opts: { now?: Date; transport?: Transporter; limit?: number }): Promise<DrainResult> {
  const cfg = mailConfig();
  const transport = opts.transport ?? (cfg.smtpUrl ? transportFor(cfg.smtpUrl) : null);
  if (!transport) return { sent: 0, failed: 0, skipped: true };
  const now = opts.now ?? new Date();
  const due = db
    .select()
    .from(mailOutbox)
    .where(and(isNull(mailOutbox.sentAt), lte(mailOutbox.nextAttemptAt, now), lt(mailOutbox.attempts, cfg.maxAttempts)))
    .orderBy(asc(mailOutbox.nextAttemptAt))
    .limit(opts.limit ?? 50)
    .all();
  let sent = 0;
  let failed = 0;
  for (const m of due) {
    try {
      await transport.sendMail({ from: cfg.from, to: m.to, subject: m.subject, text: m.text, ...(m.html ? { html: m.html } : {}) });
      db.update(mailOutbox)
        .set({ sentAt: opts.now ?? new Date(), attempts: m.attempts + 1, lastError: null })
        .where(eq(mailOutbox.id, m.id))
        .run();
      sent++;
    } catch (e) {
      const attempts = m.attempts + 1;
      const at = (opts.now ?? new Date()).getTime();
      db.update(mailOutbox)
        .set({ attempts, nextAttemptAt: new Date(at + cfg.backoffMs(attempts)), lastError: String((e as Error).message ?? e).slice(0, 500) })
        .where(eq(mailOutbox.id, m.id))
        .run();
      failed++;
    }
  }
  return { sent, failed, skipped: false };
}

/** Newest first, for the development inbox. */
export function listMail(db: DbOrTx, limit = 100) {
  return db.select().from(mailOutbox).orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id)).limit(limit).all();
}

const g = globalThis as unknown as { __mailWorker?: { stop: () => void } };

/** Drains after every committed verb and every `intervalMs` (for retries); started once by runStartup. */
export function startMailWorker(db: Db): { stop: () => void } {
  g.__mailWorker?.stop();
  const run = () => {
    drainMail(db).catch((e) => console.error("mail drain failed", (e as Error).message));
  };
  const onCommit = () => setImmediate(run);
  afterCommit.on("commit", onCommit);
  const timer = setInterval(run, mailConfig().intervalMs);
  timer.unref();
  run();
  const worker = {
    stop: () => {
      afterCommit.off("commit", onCommit);
      clearInterval(timer);
    },
  };
  g.__mailWorker = worker;
  return worker;
}
