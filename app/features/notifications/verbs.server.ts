import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { notifications } from "#db/schema";
import type { Db } from "#db/client";
import { actorUserId, type Actor } from "~/features/access/actor";
import { notFound } from "~/lib/errors";
import { defineVerb } from "~/lib/verb.server";

const NOTICE = { zh: "通知", en: "notification" };

/**
 * Marks one of the reader's own notices read. Another person's notice is "not found", so ids
 * reveal nothing; marking an already read notice again is harmless and keeps the first time.
 */
export const markNotificationRead = defineVerb({
  name: "notification.read",
  // one's own inbox is part of one's own account
  permission: "write:account:own",
  input: z.object({ id: z.coerce.number().int().positive() }),
  run: (tx, input, ctx) => {
    const userId = actorUserId(ctx.actor);
    const row = userId == null ? undefined : tx.select().from(notifications).where(and(eq(notifications.id, input.id), eq(notifications.userId, userId))).get();
    if (!row) throw notFound(NOTICE);
    if (!row.readAt) tx.update(notifications).set({ readAt: ctx.now }).where(eq(notifications.id, row.id)).run();
    return { id: row.id, link: row.link, wasUnread: !row.readAt };
  },
  audit: (r) => ({ entityType: "notification", entityId: r.id }),
});

/**
 * Marks the reader's unread notices about one subject read: opening a topic or a need from an
 * e-mail or a bookmark counts as reading what was said about it. Answers how many changed.
 */
export const markNotificationsReadAbout = defineVerb({
  name: "notification.readAbout",
  permission: "write:account:own",
  input: z.object({ subjectType: z.string().min(1).max(40), subjectId: z.coerce.number().int().positive() }),
  run: (tx, input, ctx) => {
    const userId = actorUserId(ctx.actor);
    if (userId == null) return { count: 0, ...input };
    const res = tx
      .update(notifications)
      .set({ readAt: ctx.now })
      .where(and(eq(notifications.userId, userId), eq(notifications.subjectType, input.subjectType), eq(notifications.subjectId, input.subjectId), isNull(notifications.readAt)))
      .run();
    return { count: res.changes, ...input };
  },
  audit: (r) => ({ entityType: r.subjectType, entityId: r.subjectId, detail: { notificationsRead: r.count } }),
});

/**
 * For a page's loader: when the signed-in reader has unread notices about what the page shows,
 * mark them read. One indexed lookup when there are none, so nothing is written or audited.
 */
export function readNoticesOnOpen(db: Db, actor: Actor, subject: { type: string; id: number }): void {
  const userId = actorUserId(actor);
  if (userId == null) return;
  const unread = db
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.subjectType, subject.type), eq(notifications.subjectId, subject.id), isNull(notifications.readAt)))
    .limit(1)
    .get();
  if (unread) markNotificationsReadAbout({ db, actor }, { subjectType: subject.type, subjectId: subject.id });
}

/** Marks every unread notice of the reader read; answers how many changed. */
export const markAllNotificationsRead = defineVerb({
  name: "notification.readAll",
  permission: "write:account:own",
  input: z.object({}).passthrough(),
  run: (tx, _input, ctx) => {
    const userId = actorUserId(ctx.actor);
    if (userId == null) return { count: 0 };
    const res = tx
      .update(notifications)
      .set({ readAt: ctx.now })
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
      .run();
    return { count: res.changes };
  },
  audit: (r) => ({ entityType: "notification", detail: { count: r.count } }),
});
