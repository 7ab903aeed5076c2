import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { notifications } from "#db/schema";
import { actorUserId } from "~/features/access/actor";
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
