import { and, eq, inArray, isNull, or } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { memberships, users } from "#db/schema";
import { queueMail } from "~/features/mail/outbox.server";
import { addNotifications } from "~/features/notifications/notify.server";

const siteUrl = () => (process.env.PUBLIC_URL ?? process.env.APP_URL ?? "").replace(/\/$/, "");

/** The users behind people and organisations (an organisation is reached through its admins and members). */
export function usersFor(tx: DbOrTx, personIds: number[], organisationIds: number[]): number[] {
  const ids = new Set<number>();
  if (personIds.length)
    for (const u of tx.select({ id: users.id }).from(users).where(and(inArray(users.personId, personIds), isNull(users.disabledAt))).all()) ids.add(u.id);
  if (organisationIds.length)
    for (const m of tx.select({ id: memberships.userId }).from(memberships).where(and(inArray(memberships.organisationId, organisationIds), or(eq(memberships.role, "admin"), eq(memberships.role, "member")))).all())
      ids.add(m.id);
  return [...ids];
}

/** A notice in the one portal inbox and an e-mail, inside the caller's transaction: a rolled-back change tells nobody. */
export function notify(tx: DbOrTx, userIds: number[], n: { needId: number; kind: string; zh: string; en: string; link: string }, now: Date): number {
  if (!userIds.length) return 0;
  const rows = tx.select({ id: users.id, email: users.email, disabledAt: users.disabledAt }).from(users).where(inArray(users.id, userIds)).all();
  for (const u of rows) {
    addNotifications(tx, [u.id], { kind: n.kind, title: { zh: n.zh, en: n.en }, link: n.link, subject: { type: "need", id: n.needId } }, now);
    if (u.disabledAt) continue;
    queueMail(
      tx,
      {
        to: u.email,
        subject: (n.zh.length > 120 ? `${n.zh.slice(0, 117)}…` : n.zh) + " / 智库咨政协同平台",
        text: [`您好：`, "", n.zh, "", `查看：${siteUrl()}${n.link}`, "", "—", "", n.en, "", `Open: ${siteUrl()}${n.link}`].join("\n"),
      },
      now,
    );
  }
  return rows.length;
}
