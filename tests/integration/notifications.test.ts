import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER, openDatabase } from "#db/client";
import { notifications } from "#db/schema";
import type { Actor } from "~/features/access/actor";
import { notify } from "~/features/needs/notify.server";
import { inbox, recentAbout, safeLink, unreadCount } from "~/features/notifications/queries.server";
import { markAllNotificationsRead, markNotificationRead, readNoticesOnOpen } from "~/features/notifications/verbs.server";
import { notifyAuthor } from "~/features/topics/notify.server";
import { isServiceError } from "~/lib/errors";
import { createTestDb } from "../support/db";
import { actorOf, auditRows, makeUser } from "../support/auth";

type T = ReturnType<typeof createTestDb>;
let t: T;
let alice: { id: number; actor: Actor };
let bob: { id: number; actor: Actor };
const at = (min: number) => new Date(Date.UTC(2026, 10, 28, 8, min));

beforeEach(async () => {
  t = createTestDb();
  const a = await makeUser(t.db, { email: "alice@dept.cn" });
  const b = await makeUser(t.db, { email: "bob@tt.cn" });
  alice = { id: a.id, actor: actorOf(t.db, a.id) };
  bob = { id: b.id, actor: actorOf(t.db, b.id) };
});
afterEach(() => t.cleanup());

describe("one inbox", () => {
  it("holds topic and need notices together, newest first, with both languages and a link to the thing", () => {
    t.db.transaction((tx) => notifyAuthor(tx, { userId: alice.id, kind: "returned", topicId: 7, title: "城乡融合发展研究", note: "请收窄范围" }, at(1)));
    t.db.transaction((tx) => notify(tx, [alice.id], { needId: 3, kind: "need.invited", zh: "发改委邀请您献策", en: "You are invited to answer", link: "/needs/3" }, at(2)));
    const box = inbox(t.db, alice.id);
    expect(box.total).toBe(2);
    expect(box.unread).toBe(2);
    expect(box.items.map((n) => [n.kind, n.link, n.subjectType, n.subjectId])).toEqual([
      ["need.invited", "/needs/3", "need", 3],
      ["topic.returned", "/topics/7", "topic", 7],
    ]);
    expect(box.items[1]).toMatchObject({ title: "选题「城乡融合发展研究」已退回修改", titleEn: 'Your topic "城乡融合发展研究" was returned for revision', body: "请收窄范围", read: false });
    // the needs board's panel reads its side of the same inbox
    expect(recentAbout(t.db, alice.id, "need").map((n) => n.subjectId)).toEqual([3]);
    expect(inbox(t.db, bob.id).total).toBe(0);
    expect(unreadCount(t.db, alice.id)).toBe(2);
  });

  it("pages newest first", () => {
    for (let i = 0; i < 25; i++) t.db.insert(notifications).values({ userId: alice.id, kind: "test", title: `第${i}条`, createdAt: at(i) }).run();
    const first = inbox(t.db, alice.id, 1, 10);
    expect(first.pages).toBe(3);
    expect(first.items[0].title).toBe("第24条");
    const last = inbox(t.db, alice.id, 3, 10);
    expect(last.items.map((n) => n.title)).toEqual(["第4条", "第3条", "第2条", "第1条", "第0条"]);
    // a page past the end shows the last page rather than nothing
    expect(inbox(t.db, alice.id, 99, 10).page).toBe(3);
  });
});

describe("marking read", () => {
  const add = (userId: number, min: number) => t.db.insert(notifications).values({ userId, kind: "test", title: `n${min}`, link: "/topics/1", createdAt: at(min) }).returning().get().id;

  it("marks one of one's own notices read, audited, keeping the first time it was read", () => {
    const id = add(alice.id, 1);
    const r = markNotificationRead({ db: t.db, actor: alice.actor, now: at(5) }, { id });
    expect(r).toMatchObject({ id, link: "/topics/1", wasUnread: true });
    markNotificationRead({ db: t.db, actor: alice.actor, now: at(9) }, { id });
    expect(t.db.select().from(notifications).where(eq(notifications.id, id)).get()!.readAt).toEqual(at(5));
    expect(unreadCount(t.db, alice.id)).toBe(0);
    expect(auditRows(t.db, "notification.read").filter((a) => a.result === "ok")).toHaveLength(2);
  });

  it("refuses another person's notice as not found and changes nothing", () => {
    const id = add(alice.id, 1);
    let status = 0;
    try {
      markNotificationRead({ db: t.db, actor: bob.actor }, { id });
    } catch (e) {
      if (!isServiceError(e)) throw e;
      status = e.status;
    }
    expect(status).toBe(404);
    expect(unreadCount(t.db, alice.id)).toBe(1);
    expect(auditRows(t.db, "notification.read").map((a) => a.result)).toEqual(["failed"]);
  });

  it("opening the subject marks the reader's notices about it read, and only those; with none unread it writes nothing", () => {
    const about = (userId: number, type: string, id: number, min: number) =>
      t.db.insert(notifications).values({ userId, kind: "test", title: `n${min}`, subjectType: type, subjectId: id, createdAt: at(min) }).returning().get().id;
    const mine = [about(alice.id, "topic", 7, 1), about(alice.id, "topic", 7, 2)];
    const otherTopic = about(alice.id, "topic", 8, 3);
    const needSeven = about(alice.id, "need", 7, 4);
    const bobs = about(bob.id, "topic", 7, 5);
    readNoticesOnOpen(t.db, alice.actor, { type: "topic", id: 7 });
    const readAt = (id: number) => t.db.select().from(notifications).where(eq(notifications.id, id)).get()!.readAt;
    expect(mine.map((id) => readAt(id) != null)).toEqual([true, true]);
    expect([otherTopic, needSeven, bobs].map((id) => readAt(id))).toEqual([null, null, null]);
    expect(auditRows(t.db, "notification.readAbout")).toHaveLength(1);
    // opening it again finds nothing unread: no second write, no second audit entry
    readNoticesOnOpen(t.db, alice.actor, { type: "topic", id: 7 });
    expect(auditRows(t.db, "notification.readAbout")).toHaveLength(1);
  });

  it("refuses the signed-out", () => {
    const id = add(alice.id, 1);
    expect(() => markNotificationRead({ db: t.db, actor: { kind: "anonymous" } }, { id })).toThrow(/not allowed/);
    expect(unreadCount(t.db, alice.id)).toBe(1);
  });

  it("marks all of one's own unread notices read and no one else's", () => {
    add(alice.id, 1);
    add(alice.id, 2);
    const readEarlier = add(alice.id, 3);
    markNotificationRead({ db: t.db, actor: alice.actor, now: at(4) }, { id: readEarlier });
    add(bob.id, 5);
    const r = markAllNotificationsRead({ db: t.db, actor: alice.actor, now: at(10) }, {});
    expect(r.count).toBe(2);
    expect(unreadCount(t.db, alice.id)).toBe(0);
    expect(unreadCount(t.db, bob.id)).toBe(1);
    expect(t.db.select().from(notifications).where(eq(notifications.id, readEarlier)).get()!.readAt).toEqual(at(4));
    expect(auditRows(t.db, "notification.readAll")[0].detail).toEqual({ count: 2 });
  });

  it("follows only links inside the portal", () => {
    expect(safeLink("/needs/3#clarifications")).toBe("/needs/3#clarifications");
    expect(safeLink("//evil.example/x")).toBeNull();
    expect(safeLink("/\\evil.example")).toBeNull();
    expect(safeLink("https://evil.example/")).toBeNull();
    expect(safeLink(null)).toBeNull();
  });
});

describe("the migration to one inbox", () => {
  it("moves every need notice into the inbox with its read state, keeps topic notices, then drops the old table", () => {
    // the migrations as they stood before the inbox, then the rest
    const before = fs.mkdtempSync(path.join(t.dir, "migrations-"));
    fs.cpSync(MIGRATIONS_FOLDER, before, { recursive: true });
    const journalPath = path.join(before, "meta/_journal.json");
    const journal = JSON.parse(fs.readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
    const cut = journal.entries.findIndex((e) => e.tag.endsWith("_notifications_inbox"));
    expect(cut).toBeGreaterThan(0);
    fs.writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, cut) }));

    const file = path.join(t.dir, "old.sqlite");
    const old = openDatabase(file, { migrate: false });
    migrate(old, { migrationsFolder: before });
    const sql = old.$client;
    const now = at(0).getTime();
    sql.prepare("INSERT INTO users (id, email, display_name, created_at, updated_at) VALUES (1, 'u@x.cn', 'U', ?, ?), (2, 'v@x.cn', 'V', ?, ?)").run(now, now, now, now);
    sql.prepare("INSERT INTO notifications (user_id, kind, title, body, link, created_at, read_at) VALUES (1, 'topic.accepted', '选题「甲」已通过审核 / Your topic \"甲\" was accepted', '', '/topics/12', ?, NULL)").run(now);
    sql.pragma("foreign_keys = OFF");
    sql
      .prepare("INSERT INTO need_notifications (user_id, need_id, kind, text, text_en, read_at, created_at) VALUES (1, 5, 'need.invited', '邀请您献策', 'You are invited', NULL, ?), (2, 5, 'proposal.accepted', '方案已采纳', 'Proposal accepted', ?, ?), (1, NULL, 'need.subscription', '无关联', 'Unlinked', NULL, ?)")
      .run(now + 1, now + 5, now + 2, now + 3);
    sql.pragma("foreign_keys = ON");

    migrate(old, { migrationsFolder: MIGRATIONS_FOLDER });
    const rows = old.select().from(notifications).orderBy(notifications.createdAt).all();
    expect(rows.map((r) => [r.userId, r.kind, r.title, r.titleEn, r.link, r.subjectType, r.subjectId, r.readAt?.getTime() ?? null])).toEqual([
      [1, "topic.accepted", '选题「甲」已通过审核 / Your topic "甲" was accepted', "", "/topics/12", "topic", 12, null],
      [1, "need.invited", "邀请您献策", "You are invited", "/needs/5", "need", 5, null],
      [2, "proposal.accepted", "方案已采纳", "Proposal accepted", "/needs/5", "need", 5, now + 5],
      [1, "need.subscription", "无关联", "Unlinked", null, null, null, null],
    ]);
    expect(sql.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'need_notifications'").all()).toEqual([]);
    expect(unreadCount(old, 1)).toBe(3);
    old.$client.close();
  });
});
