import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./auth";

/**
 * The one in-portal inbox: every capability (topics, needs, proposals, calls …) writes its notices
 * here, in both languages, with a link to the thing and, when there is one, what it is about.
 */
export const notifications = sqliteTable(
  "notifications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** e.g. "topic.returned", "need.invited", "proposal.accepted" */
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    /** the English title; empty for notices written before both languages were stored apart */
    titleEn: text("title_en").notNull().default(""),
    body: text("body").notNull().default(""),
    link: text("link"),
    /** what the notice is about ("topic", "need", "call" …) and its id, for lists by subject */
    subjectType: text("subject_type"),
    subjectId: integer("subject_id"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    readAt: integer("read_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("notifications_user_idx").on(t.userId, t.readAt),
    index("notifications_user_created_idx").on(t.userId, t.createdAt),
    index("notifications_subject_idx").on(t.subjectType, t.subjectId),
  ],
);
