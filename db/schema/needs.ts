import { blob, index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./auth";
import { jsonArray, timestamps } from "./common";
import { organisations, people } from "./orgs";

export const NEED_VISIBILITIES = ["public", "registered", "invited"] as const;
export type NeedVisibility = (typeof NEED_VISIBILITIES)[number];
export const NEED_STATES = ["open", "closed", "decided"] as const;
export type NeedState = (typeof NEED_STATES)[number];
export const EXPECTED_FORMS = ["简报", "研究报告", "专家咨询会", "政策建议", "评估报告", "数据分析"] as const;
export const PROPOSAL_STATES = ["draft", "submitted", "withdrawn", "shortlisted", "accepted", "declined"] as const;
export type ProposalState = (typeof PROPOSAL_STATES)[number];
export const ADOPTION_KINDS = ["adopted", "instructed"] as const;

/** 决策需求: a department's policy question, seen by the public, registered think tanks, or only those invited. */
export const needs = sqliteTable(
  "needs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id),
    authorUserId: integer("author_user_id").references(() => users.id),
    question: text("question").notNull(),
    background: text("background").notNull().default(""),
    decision: text("decision").notNull().default(""),
    /** proposals are refused after this instant (UTC) unless the officer extends it */
    deadline: integer("deadline", { mode: "timestamp_ms" }).notNull(),
    expectedForm: text("expected_form").notNull(),
    policyArea: text("policy_area").notNull().default(""),
    discipline: text("discipline").notNull().default(""),
    keywords: jsonArray("keywords"),
    visibility: text("visibility", { enum: NEED_VISIBILITIES }).notNull(),
    state: text("state", { enum: NEED_STATES }).notNull().default("open"),
    /** the reviewer assignment's last settings (k, L, balance): hand additions are checked against L */
    reviewSettings: text("review_settings", { mode: "json" }).$type<{ k: number; L: number; minTypes?: number }>(),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [index("needs_org_idx").on(t.organisationId), index("needs_visibility_idx").on(t.visibility, t.state)],
);

/** Who is invited to an invited-only (or any) need: a person or an organisation. */
export const needInvitations = sqliteTable(
  "need_invitations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    needId: integer("need_id")
      .notNull()
      .references(() => needs.id, { onDelete: "cascade" }),
    personId: integer("person_id").references(() => people.id),
    organisationId: integer("organisation_id").references(() => organisations.id),
    invitedBy: integer("invited_by").references(() => users.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("need_invitations_need_idx").on(t.needId), index("need_invitations_person_idx").on(t.personId), index("need_invitations_org_idx").on(t.organisationId)],
);

/** Attachments of needs and proposals, stored in the database so a backup holds them. */
export const needAttachments = sqliteTable(
  "need_attachments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    needId: integer("need_id").references(() => needs.id, { onDelete: "cascade" }),
    proposalId: integer("proposal_id").references(() => proposals.id, { onDelete: "cascade" }),
    fileName: text("file_name").notNull(),
    mime: text("mime").notNull(),
    size: integer("size").notNull(),
    content: blob("content", { mode: "buffer" }).notNull(),
    uploadedBy: integer("uploaded_by").references(() => users.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("need_attachments_need_idx").on(t.needId), index("need_attachments_proposal_idx").on(t.proposalId)],
);

/** The public clarification thread: questions from those who may see the need, answers by the officer. */
export const clarifications = sqliteTable(
  "clarifications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    needId: integer("need_id")
      .notNull()
      .references(() => needs.id, { onDelete: "cascade" }),
    askedBy: integer("asked_by").references(() => users.id),
    question: text("question").notNull(),
    answer: text("answer"),
    answeredBy: integer("answered_by").references(() => users.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    answeredAt: integer("answered_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("clarifications_need_idx").on(t.needId)],
);

/** 献策: a think tank's or expert's answer to a need. */
export const proposals = sqliteTable(
  "proposals",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    needId: integer("need_id")
      .notNull()
      .references(() => needs.id, { onDelete: "cascade" }),
    authorUserId: integer("author_user_id").references(() => users.id),
    personId: integer("person_id").references(() => people.id),
    organisationId: integer("organisation_id").references(() => organisations.id),
    summary: text("summary").notNull(),
    approach: text("approach").notNull().default(""),
    team: text("team").notNull().default(""),
    timeline: text("timeline").notNull().default(""),
    cost: real("cost"),
    state: text("state", { enum: PROPOSAL_STATES }).notNull().default("draft"),
    decisionReason: text("decision_reason"),
    submittedAt: integer("submitted_at", { mode: "timestamp_ms" }),
    decidedAt: integer("decided_at", { mode: "timestamp_ms" }),
    /** an accepted proposal put into a planning round's topic pool: the topic it became */
    topicId: integer("topic_id"),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [index("proposals_need_idx").on(t.needId, t.state), index("proposals_person_idx").on(t.personId)],
);

/** 采纳 / 批示: what became of an accepted proposal; counts in the track record used for matching. */
export const adoptions = sqliteTable(
  "adoptions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    proposalId: integer("proposal_id")
      .notNull()
      .references(() => proposals.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ADOPTION_KINDS }).notNull(),
    note: text("note").notNull().default(""),
    /** the day it was adopted or instructed (YYYY-MM-DD, Asia/Shanghai) */
    occurredOn: text("occurred_on").notNull(),
    recordedBy: integer("recorded_by").references(() => users.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("adoptions_proposal_idx").on(t.proposalId)],
);

/** An expert's subscription: needs in a policy area, a discipline or with a keyword. */
export const needSubscriptions = sqliteTable(
  "need_subscriptions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["policyArea", "discipline", "keyword"] }).notNull(),
    value: text("value").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("need_subscriptions_unique").on(t.userId, t.kind, t.value)],
);

/** Reviewer assignments for a need's proposals: solved, or set by hand (audited). */
export const reviewAssignments = sqliteTable(
  "review_assignments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    needId: integer("need_id")
      .notNull()
      .references(() => needs.id, { onDelete: "cascade" }),
    proposalId: integer("proposal_id")
      .notNull()
      .references(() => proposals.id, { onDelete: "cascade" }),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id),
    affinity: real("affinity").notNull().default(0),
    manual: integer("manual", { mode: "boolean" }).notNull().default(false),
    /** a solver pair the reviewer removed by hand: kept so a new run does not put it back */
    removed: integer("removed", { mode: "boolean" }).notNull().default(false),
    /** the reviewer's reason for a hand addition or removal */
    reason: text("reason"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("review_assignments_unique").on(t.proposalId, t.personId), index("review_assignments_need_idx").on(t.needId)],
);

/** Declared conflicts of interest: this person must not review anything from that organisation or person. */
export const declaredConflicts = sqliteTable(
  "declared_conflicts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    otherPersonId: integer("other_person_id").references(() => people.id),
    organisationId: integer("organisation_id").references(() => organisations.id),
    reason: text("reason").notNull().default(""),
    /** declared by a reviewer for one need's assignment only (null: the expert's own, for every assignment) */
    needId: integer("need_id").references(() => needs.id, { onDelete: "cascade" }),
    /** with one proposal of that need */
    proposalId: integer("proposal_id").references(() => proposals.id, { onDelete: "cascade" }),
    declaredBy: integer("declared_by").references(() => users.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("declared_conflicts_person_idx").on(t.personId), index("declared_conflicts_need_idx").on(t.needId)],
);
