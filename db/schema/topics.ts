import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./auth";
import { jsonArray, timestamps } from "./common";
import { organisations } from "./orgs";

/** A planning round (规划轮次): the year's call for topic proposals. */
export const rounds = sqliteTable("rounds", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  year: integer("year").notNull(),
  opensOn: text("opens_on"),
  closesOn: text("closes_on"),
  ...timestamps,
});

import { TOPIC_STATES, URGENCIES } from "./topic-states";

export { QUALITY_FLAGS, TOPIC_STATES, URGENCIES, type QualityFlag, type TopicState } from "./topic-states";

/** A proposed research topic (选题建议) from a department, or a think tank's self-initiated one (自主选题). */
export const topics = sqliteTable(
  "topics",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    roundId: integer("round_id")
      .notNull()
      .references(() => rounds.id),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id),
    authorUserId: integer("author_user_id").references(() => users.id),
    selfInitiated: integer("self_initiated", { mode: "boolean" }).notNull().default(false),
    title: text("title").notNull(),
    policyNeed: text("policy_need").notNull().default(""),
    researchQuestions: text("research_questions").notNull().default(""),
    expectedOutputs: jsonArray("expected_outputs"),
    policyArea: text("policy_area").notNull().default(""),
    discipline: text("discipline").notNull().default(""),
    budgetRange: text("budget_range").notNull().default(""),
    timeline: text("timeline").notNull().default(""),
    urgency: text("urgency", { enum: URGENCIES }).notNull().default("normal"),
    state: text("state", { enum: TOPIC_STATES }).notNull().default("draft"),
    flags: jsonArray("flags"),
    reviewerComment: text("reviewer_comment").notNull().default(""),
    tags: jsonArray("tags"),
    /** the author's written reason for going ahead despite a duplicate-level match */
    duplicateAck: text("duplicate_ack"),
    /** the strongest match level and the matches found when the topic was last submitted */
    dedupLevel: text("dedup_level"),
    dedupMatches: text("dedup_matches", { mode: "json" }).$type<{ docId: string; title: string; score: number; level: string }[]>(),
    mergedInto: integer("merged_into"),
    /** for a bundle (打包课题): the organisations co-sponsoring it */
    isBundle: integer("is_bundle", { mode: "boolean" }).notNull().default(false),
    submittedAt: integer("submitted_at", { mode: "timestamp_ms" }),
    screeningStartedAt: integer("screening_started_at", { mode: "timestamp_ms" }),
    decidedAt: integer("decided_at", { mode: "timestamp_ms" }),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [
    index("topics_round_idx").on(t.roundId, t.state),
    index("topics_org_idx").on(t.organisationId),
    index("topics_state_idx").on(t.state, t.submittedAt),
    // the screening queue's order, with the state to filter on, so a page reads only its own rows
    index("topics_queue_idx").on(sql`coalesce(${t.submittedAt}, ${t.createdAt})`, t.id, t.state),
    // the queue's discipline filter options without reading every topic
    index("topics_discipline_idx").on(t.discipline),
  ],
);

/** Lineage of a bundle: which topics went into it, and the state each had before the merge (for undo). */
export const topicBundleSources = sqliteTable(
  "topic_bundle_sources",
  {
    bundleId: integer("bundle_id")
      .notNull()
      .references(() => topics.id),
    sourceId: integer("source_id")
      .notNull()
      .references(() => topics.id),
    previousState: text("previous_state", { enum: TOPIC_STATES }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.bundleId, t.sourceId] })],
);

/** Co-sponsoring organisations of a bundle. */
export const topicSponsors = sqliteTable(
  "topic_sponsors",
  {
    topicId: integer("topic_id")
      .notNull()
      .references(() => topics.id),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id),
  },
  (t) => [primaryKey({ columns: [t.topicId, t.organisationId] })],
);

/** A topic's history: who did what, when and why. */
export const topicEvents = sqliteTable(
  "topic_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    topicId: integer("topic_id")
      .notNull()
      .references(() => topics.id),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
    actorUserId: integer("actor_user_id"),
    actorLabel: text("actor_label").notNull(),
    kind: text("kind").notNull(),
    fromState: text("from_state"),
    toState: text("to_state"),
    note: text("note").notNull().default(""),
  },
  (t) => [index("topic_events_topic_idx").on(t.topicId, t.at)],
);

export const CALL_STATES = ["draft", "published"] as const;

/** A unified call (课题指南) composed from accepted topics. */
export const calls = sqliteTable("calls", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  roundId: integer("round_id").references(() => rounds.id),
  title: text("title").notNull(),
  introMarkdown: text("intro_markdown").notNull().default(""),
  eligibility: text("eligibility").notNull().default(""),
  budget: text("budget").notNull().default(""),
  opensOn: text("opens_on").notNull(),
  closesOn: text("closes_on").notNull(),
  contacts: text("contacts").notNull().default(""),
  state: text("state", { enum: CALL_STATES }).notNull().default("draft"),
  /** the published version number; 0 while a draft */
  publishedVersion: integer("published_version").notNull().default(0),
  publishedAt: integer("published_at", { mode: "timestamp_ms" }),
  version: integer("version").notNull().default(1),
  ...timestamps,
});

/** Every published version of a call, with the notice of what changed. */
export const callVersions = sqliteTable(
  "call_versions",
  {
    callId: integer("call_id")
      .notNull()
      .references(() => calls.id),
    number: integer("number").notNull(),
    snapshot: text("snapshot", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    changeNotice: text("change_notice").notNull().default(""),
    publishedAt: integer("published_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.callId, t.number] })],
);

export const callTopics = sqliteTable(
  "call_topics",
  {
    callId: integer("call_id")
      .notNull()
      .references(() => calls.id),
    topicId: integer("topic_id")
      .notNull()
      .references(() => topics.id),
    position: integer("position").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.callId, t.topicId] })],
);
