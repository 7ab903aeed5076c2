import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { timestamps } from "./common";
import { organisations, people } from "./orgs";

export const PLATFORM_ROLES = ["platformAdmin", "securityAdmin", "auditAdmin"] as const;
export type PlatformRole = (typeof PLATFORM_ROLES)[number];
export const ORG_ROLES = ["admin", "member", "reviewer"] as const;
export type OrgRole = (typeof ORG_ROLES)[number];

export const users = sqliteTable("users", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  email: text("email").notNull().unique(),
  displayName: text("display_name").notNull(),
  passwordHash: text("password_hash"),
  personId: integer("person_id").references(() => people.id),
  /** at most one platform role per account: separated duties (三权分立) */
  platformRole: text("platform_role", { enum: PLATFORM_ROLES }),
  locale: text("locale").notNull().default("zh-CN"),
  disabledAt: integer("disabled_at", { mode: "timestamp_ms" }),
  ...timestamps,
});

export const memberships = sqliteTable(
  "memberships",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id),
    role: text("role", { enum: ORG_ROLES }).notNull(),
    createdAt: timestamps.createdAt,
  },
  (t) => [primaryKey({ columns: [t.userId, t.organisationId] })],
);

/** Sessions after the Lucia guide: the id is the SHA-256 of the token, never the token itself. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    /** sliding idle expiry, refreshed at minute granularity */
    idleExpiresAt: integer("idle_expires_at", { mode: "timestamp_ms" }).notNull(),
    /** absolute lifetime from sign-in */
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** Failed sign-ins per account, in the database so a restart does not reset a lockout. */
export const signInFailures = sqliteTable("sign_in_failures", {
  email: text("email").primaryKey(),
  failures: integer("failures").notNull().default(0),
  lastFailureAt: integer("last_failure_at", { mode: "timestamp_ms" }).notNull(),
  lockedUntil: integer("locked_until", { mode: "timestamp_ms" }),
});

export const invitations = sqliteTable("invitations", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  tokenHash: text("token_hash").notNull().unique(),
  email: text("email").notNull(),
  organisationId: integer("organisation_id")
    .notNull()
    .references(() => organisations.id),
  role: text("role", { enum: ORG_ROLES }).notNull(),
  invitedBy: integer("invited_by").references(() => users.id),
  expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  acceptedAt: integer("accepted_at", { mode: "timestamp_ms" }),
  /** an organisation admin withdrew the invitation before it was used */
  revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
  createdAt: timestamps.createdAt,
});

export const passwordResets = sqliteTable("password_resets", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  tokenHash: text("token_hash").notNull().unique(),
  userId: integer("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  usedAt: integer("used_at", { mode: "timestamp_ms" }),
  createdAt: timestamps.createdAt,
});

/** Organisation-scoped API tokens, stored hashed, revocable. */
export const apiTokens = sqliteTable("api_tokens", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  organisationId: integer("organisation_id")
    .notNull()
    .references(() => organisations.id),
  name: text("name").notNull(),
  tokenHash: text("token_hash").notNull().unique(),
  prefix: text("prefix").notNull(),
  createdBy: integer("created_by").references(() => users.id),
  lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }),
  revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
  createdAt: timestamps.createdAt,
});
