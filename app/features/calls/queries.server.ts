import { asc, desc, eq } from "drizzle-orm";
import type { Db } from "#db/client";
import { callTopics, callVersions, calls, organisations, topics } from "#db/schema";
import type { Actor } from "~/features/access/actor";
import { can } from "~/features/access/permissions";
import { notFound } from "~/lib/errors";
import { renderMarkdown } from "./markdown.server";

const CALL = { zh: "课题指南", en: "call" };

/** Published calls for everyone; drafts too for the management office. */
export function listCalls(db: Db, actor: Actor) {
  const all = db.select().from(calls).orderBy(desc(calls.publishedAt), desc(calls.id)).all();
  return can(actor, "manage:call") ? all : all.filter((c) => c.state === "published");
}

/** A call as a reader sees it: a draft is shown only to the management office. */
export function callDetail(db: Db, actor: Actor, id: number) {
  const c = db.select().from(calls).where(eq(calls.id, id)).get();
  if (!c || (c.state !== "published" && !can(actor, "manage:call"))) throw notFound(CALL);
  const ts = db
    .select({ id: topics.id, title: topics.title, policyNeed: topics.policyNeed, researchQuestions: topics.researchQuestions, expectedOutputs: topics.expectedOutputs, budgetRange: topics.budgetRange, timeline: topics.timeline, organisationName: organisations.name, isBundle: topics.isBundle })
    .from(callTopics)
    .innerJoin(topics, eq(topics.id, callTopics.topicId))
    .innerJoin(organisations, eq(organisations.id, topics.organisationId))
    .where(eq(callTopics.callId, id))
    .orderBy(asc(callTopics.position))
    .all();
  const versions = db.select({ number: callVersions.number, changeNotice: callVersions.changeNotice, publishedAt: callVersions.publishedAt }).from(callVersions).where(eq(callVersions.callId, id)).orderBy(desc(callVersions.number)).all();
  return { call: c, introHtml: renderMarkdown(c.introMarkdown), topics: ts, versions };
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The Atom feed (RFC 4287) of published calls, newest first; a correction updates the entry. */
export function callsFeed(db: Db, origin: string): string {
  const rows = db.select().from(calls).where(eq(calls.state, "published")).orderBy(desc(calls.updatedAt)).limit(50).all();
  const updated = (rows[0]?.updatedAt ?? new Date(0)).toISOString();
  const entries = rows.map((c) => {
    const url = `${origin}/calls/${c.id}`;
    return [
      `  <entry>`,
      `    <title>${esc(c.title)}</title>`,
      `    <id>${esc(url)}</id>`,
      `    <link rel="alternate" type="text/html" href="${esc(url)}"/>`,
      `    <published>${(c.publishedAt ?? c.createdAt).toISOString()}</published>`,
      `    <updated>${c.updatedAt.toISOString()}</updated>`,
      `    <summary type="text">${esc(`申报时间 / Open: ${c.opensOn} – ${c.closesOn}${c.publishedVersion > 1 ? `；更正版 / corrected, version ${c.publishedVersion}` : ""}`)}</summary>`,
      `    <content type="html">${esc(renderMarkdown(c.introMarkdown))}</content>`,
      `  </entry>`,
    ].join("\n");
  });
  return [
    `<?xml version="1.0" encoding="utf-8"?>`,
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">`,
    `  <title>课题指南 / Research calls</title>`,
    `  <id>${esc(origin)}/calls</id>`,
    `  <link rel="self" type="application/atom+xml" href="${esc(origin)}/calls/feed.xml"/>`,
    `  <link rel="alternate" type="text/html" href="${esc(origin)}/calls"/>`,
    `  <updated>${updated}</updated>`,
    `  <author><name>智库咨政协同平台 / Think-Tank Decision-Consultation Portal</name></author>`,
    ...entries,
    `</feed>`,
    ``,
  ].join("\n");
}
