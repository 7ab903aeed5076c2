import { and, count, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "#db/client";
import { notifications } from "#db/schema";

export const PER_PAGE = 20;

/** The header badge: one count over the (user, read) index. */
export function unreadCount(db: Db, userId: number): number {
  return db.select({ n: count() }).from(notifications).where(and(eq(notifications.userId, userId), isNull(notifications.readAt))).get()?.n ?? 0;
}

export type NotificationView = {
  id: number;
  kind: string;
  title: string;
  titleEn: string;
  body: string;
  link: string | null;
  subjectType: string | null;
  subjectId: number | null;
  createdAt: string;
  read: boolean;
};

const view = (r: typeof notifications.$inferSelect): NotificationView => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  titleEn: r.titleEn,
  body: r.body,
  link: r.link,
  subjectType: r.subjectType,
  subjectId: r.subjectId,
  createdAt: r.createdAt.toISOString(),
  read: r.readAt != null,
});

/** The reader's inbox, newest first, one page at a time. */
export function inbox(db: Db, userId: number, page = 1, perPage = PER_PAGE) {
  const total = db.select({ n: count() }).from(notifications).where(eq(notifications.userId, userId)).get()?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / perPage));
  const p = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  const rows = db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(perPage)
    .offset((p - 1) * perPage)
    .all();
  return { items: rows.map(view), total, page: p, pages, unread: unreadCount(db, userId) };
}

/** The latest notices about one kind of subject (the needs board's side panel), newest first. */
export function recentAbout(db: Db, userId: number, subjectType: string, limit = 20) {
  return db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.subjectType, subjectType)))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit)
    .all();
}

/** The latest unread notices, for a short list on a landing page. */
export function recentUnread(db: Db, userId: number, limit = 20): NotificationView[] {
  return db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit)
    .all()
    .map(view);
}

/** Only links inside the portal are followed, so a notice can never send someone elsewhere. */
export function safeLink(link: string | null | undefined): string | null {
  return link && link.startsWith("/") && !link.startsWith("//") && !link.startsWith("/\\") ? link : null;
}
