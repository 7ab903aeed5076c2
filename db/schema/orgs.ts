import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { jsonArray, timestamps } from "./common";

export const ORGANISATION_KINDS = ["department", "thinkTank", "managementOffice", "institution"] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];
export const DEPARTMENT_LEVELS = ["national", "provincial", "municipal", "county"] as const;
export type DepartmentLevel = (typeof DEPARTMENT_LEVELS)[number];
export const THINK_TANK_TYPES = ["党政部门", "社科院", "党校行政学院", "高校", "科研院所", "军队", "企业", "社会", "媒体"] as const;
export type ThinkTankType = (typeof THINK_TANK_TYPES)[number];

/**
 * Departments, think tanks, the management office — and `institution`: a research body known
 * only from the archive (a PI's 工作单位) that has not joined the portal.
 */
export const organisations = sqliteTable(
  "organisations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: ORGANISATION_KINDS }).notNull(),
    name: text("name").notNull(),
    /** normalised name used to link archive rows across funders (see db/text.ts) */
    nameKey: text("name_key").notNull(),
    shortName: text("short_name"),
    namePinyin: text("name_pinyin").notNull().default(""),
    level: text("level", { enum: DEPARTMENT_LEVELS }),
    region: text("region"),
    thinkTankType: text("think_tank_type", { enum: THINK_TANK_TYPES }),
    institutionType: text("institution_type"),
    /** partner organisations' signed-in users see experts who did not consent to the public directory */
    partner: integer("partner", { mode: "boolean" }).notNull().default(false),
    description: text("description").notNull().default(""),
    website: text("website"),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("organisations_name_key_unique").on(t.nameKey),
    index("organisations_kind_idx").on(t.kind, t.region),
  ],
);

export const disciplines = sqliteTable("disciplines", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
});

export const people = sqliteTable(
  "people",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    namePinyin: text("name_pinyin").notNull().default(""),
    nameInitials: text("name_initials").notNull().default(""),
    /** name + institution key: how an archive PI is recognised across funders */
    identityKey: text("identity_key").notNull(),
    title: text("title").notNull().default(""),
    organisationId: integer("organisation_id").references(() => organisations.id),
    institutionName: text("institution_name").notNull().default(""),
    disciplines: jsonArray("disciplines"),
    keywords: jsonArray("keywords"),
    bio: text("bio").notNull().default(""),
    email: text("email"),
    phone: text("phone"),
    publicConsent: integer("public_consent", { mode: "boolean" }).notNull().default(false),
    /** 'portal' for people registered or curated here, 'archive' for PIs known only from imports */
    source: text("source", { enum: ["portal", "archive"] }).notNull().default("portal"),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("people_identity_key_unique").on(t.identityKey),
    index("people_org_idx").on(t.organisationId),
    index("people_pinyin_idx").on(t.namePinyin),
    index("people_name_idx").on(t.name),
    index("people_directory_idx").on(t.source, t.publicConsent).where(sql`source = 'portal'`),
  ],
);
