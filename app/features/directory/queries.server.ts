import { and, asc, count, desc, eq, inArray, isNotNull, ne, or, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { appendAudit } from "#db/audit";
import type { Db } from "#db/client";
import { pinyinQuery } from "#db/pinyin";
import { disciplines, ORGANISATION_KINDS, organisations, people, projects, THINK_TANK_TYPES, type OrganisationKind } from "#db/schema";
import { actorLabel, actorUserId, type Actor } from "~/features/access/actor";
import { can } from "~/features/access/permissions";
import { canListHiddenPeople, canSeePerson } from "~/features/access/visibility";
import { maskEmail, maskPhone } from "./contact";
import type { DirectoryParams } from "./params";

export const PAGE_SIZE = 20;
/** The kinds listed in the directory unless one is asked for: archive-only institutions are not members. */
const MEMBER_KINDS: OrganisationKind[] = ["department", "thinkTank", "managementOffice"];

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const contains = (col: SQL | SQLiteColumn, q: string) => sql`${col} like ${`%${likeEscape(q)}%`} escape '\\'`;
const startsWith = (col: SQL | SQLiteColumn, q: string) => sql`${col} like ${`${likeEscape(q)}%`} escape '\\'`;

/**
 * Which people the actor may see. Experts who did not consent to the public directory are seen
 * only by those allowed `read:person:hidden`; archive-only PIs come from public funding lists.
 */
export function visiblePeople(actor: Actor, opts: { includeArchive?: boolean } = {}): SQL {
  let portal = canListHiddenPeople(actor) ? sql`${people.source} = 'portal'` : sql`(${people.source} = 'portal' and ${people.publicConsent} = 1)`;
  // the people an actor may edit (themself, their organisation's experts) are never hidden from them
  const own = ownPeople(actor);
  if (own.length) portal = sql`(${portal} or ${or(...own)})`;
  return opts.includeArchive ? sql`(${portal} or ${people.source} = 'archive')` : portal;
}

function ownPeople(actor: Actor): SQL[] {
  if (actor.kind !== "user") return [];
  const out: SQL[] = [];
  if (actor.personId != null) out.push(eq(people.id, actor.personId));
  const adminOf = actor.memberships.filter((m) => m.role === "admin").map((m) => m.organisationId);
  if (adminOf.length) out.push(inArray(people.organisationId, adminOf));
  return out;
}


export type ExpertFilters = {
  q?: string;
  discipline?: string;
  thinkTankType?: string;
  region?: string;
  kind?: string;
  includeArchive?: boolean;
  organisationId?: number | null;
  page?: number;
};

const hasDiscipline = (d: string) => sql`exists (select 1 from json_each(${people.disciplines}) where value = ${d})`;

function personSearch(q: string): SQL | undefined {
  const text = q.trim();
  if (!text) return undefined;
  const conds: SQL[] = [contains(people.name, text.replace(/\s+/g, "")), contains(people.institutionName, text), contains(sql`${people.keywords}`, text)];
  const py = /[a-z]/i.test(text) ? pinyinQuery(text) : "";
  if (py) conds.push(startsWith(people.namePinyin, py), startsWith(people.nameInitials, py));
  return or(...conds);
}

export function listExperts(db: Db, actor: Actor, f: ExpertFilters) {
  const where = and(
    visiblePeople(actor, { includeArchive: f.includeArchive }),
    f.q ? personSearch(f.q) : undefined,
    f.discipline ? hasDiscipline(f.discipline) : undefined,
    f.organisationId ? eq(people.organisationId, f.organisationId) : undefined,
    f.thinkTankType ? eq(organisations.thinkTankType, f.thinkTankType as (typeof THINK_TANK_TYPES)[number]) : undefined,
    f.region ? eq(organisations.region, f.region) : undefined,
    f.kind && (ORGANISATION_KINDS as readonly string[]).includes(f.kind) ? eq(organisations.kind, f.kind as OrganisationKind) : undefined,
  );
  const total = db.select({ n: count() }).from(people).leftJoin(organisations, eq(people.organisationId, organisations.id)).where(where).get()?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(Math.max(1, f.page ?? 1), pages);
  // an exact name first, then portal experts before archive PIs, then by pinyin
  const py = pinyinQuery(f.q ?? "") || "\u0000";
  const exact = sql`case when ${people.name} = ${f.q?.trim() ?? ""} or ${people.namePinyin} = ${py} or ${people.nameInitials} = ${py} then 0 else 1 end`;
  const items = db
    .select({
      id: people.id,
      name: people.name,
      title: people.title,
      institutionName: people.institutionName,
      organisationId: people.organisationId,
      organisationName: organisations.name,
      thinkTankType: organisations.thinkTankType,
      region: organisations.region,
      disciplines: people.disciplines,
      keywords: people.keywords,
      source: people.source,
      publicConsent: people.publicConsent,
      projectCount: sql<number>`(select count(*) from ${projects} where "projects"."pi_person_id" = "people"."id")`,
    })
    .from(people)
    .leftJoin(organisations, eq(people.organisationId, organisations.id))
    .where(where)
    .orderBy(exact, asc(people.source), asc(people.namePinyin), asc(people.id))
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE)
    .all();
  return { items, total, page, pages };
}

/**
 * drizzle leaves column names unqualified in single-table queries, which would bind a correlated
 * subquery's "id" to the inner table: name the outer row explicitly.
 */
const ORG_ID = sql.raw(`"organisations"."id"`);

export type OrganisationFilters = { q?: string; kind?: string; thinkTankType?: string; region?: string; discipline?: string; page?: number };

export function listOrganisations(db: Db, actor: Actor, f: OrganisationFilters) {
  const text = f.q?.trim() ?? "";
  const py = /[a-z]/i.test(text) ? pinyinQuery(text) : "";
  const kind = f.kind && (ORGANISATION_KINDS as readonly string[]).includes(f.kind) ? (f.kind as OrganisationKind) : null;
  const visible = visiblePeople(actor);
  const where = and(
    kind ? eq(organisations.kind, kind) : inArray(organisations.kind, MEMBER_KINDS),
    text ? or(contains(organisations.name, text), contains(sql`coalesce(${organisations.shortName}, '')`, text), py ? startsWith(organisations.namePinyin, py) : undefined) : undefined,
    f.thinkTankType ? eq(organisations.thinkTankType, f.thinkTankType as (typeof THINK_TANK_TYPES)[number]) : undefined,
    f.region ? eq(organisations.region, f.region) : undefined,
    f.discipline
      ? sql`exists (select 1 from ${people} where "people"."organisation_id" = ${ORG_ID} and ${visible} and ${hasDiscipline(f.discipline)})`
      : undefined,
  );
  const total = db.select({ n: count() }).from(organisations).where(where).get()?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(Math.max(1, f.page ?? 1), pages);
  const kindOrder = sql`case ${organisations.kind} when 'thinkTank' then 0 when 'managementOffice' then 1 when 'department' then 2 else 3 end`;
  const items = db
    .select({
      id: organisations.id,
      kind: organisations.kind,
      name: organisations.name,
      shortName: organisations.shortName,
      level: organisations.level,
      region: organisations.region,
      thinkTankType: organisations.thinkTankType,
      partner: organisations.partner,
      description: organisations.description,
      expertCount: sql<number>`(select count(*) from ${people} where "people"."organisation_id" = ${ORG_ID} and ${visible})`,
      projectCount: sql<number>`(select count(*) from ${projects} where "projects"."institution_id" = ${ORG_ID})`,
    })
    .from(organisations)
    .where(where)
    .orderBy(kindOrder, asc(organisations.namePinyin), asc(organisations.id))
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE)
    .all();
  return { items, total, page, pages };
}

/** The option lists of the directory's filters. */
export function directoryFacets(db: Db) {
  const regions = db
    .selectDistinct({ region: organisations.region })
    .from(organisations)
    .where(and(isNotNull(organisations.region), ne(organisations.kind, "institution")))
    .orderBy(asc(organisations.region))
    .all()
    .map((r) => r.region as string);
  const disciplineNames = db.select({ name: disciplines.name }).from(disciplines).orderBy(asc(disciplines.id)).all().map((d) => d.name);
  return { regions, disciplines: disciplineNames, thinkTankTypes: [...THINK_TANK_TYPES], kinds: [...ORGANISATION_KINDS] };
}

export function disciplineNames(db: Db): string[] {
  return db.select({ name: disciplines.name }).from(disciplines).orderBy(asc(disciplines.id)).all().map((d) => d.name);
}

function projectsOfPerson(db: Db, personId: number) {
  return db
    .select({
      id: projects.id,
      year: projects.year,
      funder: projects.funder,
      approvalNumber: projects.approvalNumber,
      title: projects.title,
      category: projects.category,
      grade: projects.grade,
      institutionName: projects.institutionName,
    })
    .from(projects)
    .where(eq(projects.piPersonId, personId))
    .orderBy(desc(projects.year), asc(projects.approvalNumber))
    .all();
}

/**
 * A person's page, as the actor may see it: null when the person does not exist or is hidden
 * from this actor (the page answers 404 either way). Full contact details are shown only to
 * those allowed `read:person:contact`; when someone other than the person sees them, the access
 * is recorded in the audit trail.
 */
export function getPersonPage(db: Db, actor: Actor, id: number) {
  const row = db.select().from(people).where(eq(people.id, id)).get();
  if (!row) return null;
  const self = actor.kind === "user" && actor.personId === row.id;
  if (!canSeePerson(actor, row)) return null;
  const org = row.organisationId
    ? (db
        .select({ id: organisations.id, name: organisations.name, kind: organisations.kind, thinkTankType: organisations.thinkTankType, region: organisations.region })
        .from(organisations)
        .where(eq(organisations.id, row.organisationId))
        .get() ?? null)
    : null;
  const scope = { personId: row.id, organisationId: row.organisationId };
  const fullContact = can(actor, "read:person:contact", scope);
  const restricted = (fullContact && (row.email || row.phone)) || (row.source === "portal" && !row.publicConsent);
  if (restricted && !self) {
    db.transaction(
      (tx) =>
        appendAudit(tx, {
          actorUserId: actorUserId(actor),
          actorLabel: actorLabel(actor),
          action: "person.read.restricted",
          entityType: "person",
          entityId: row.id,
          ip: "ip" in actor ? (actor.ip ?? null) : null,
          result: "ok",
          detail: { contact: Boolean(fullContact && (row.email || row.phone)), hidden: row.source === "portal" && !row.publicConsent },
        }),
      { behavior: "immediate" },
    );
  }
  return {
    person: {
      id: row.id,
      name: row.name,
      namePinyin: row.namePinyin,
      title: row.title,
      institutionName: row.institutionName,
      disciplines: row.disciplines,
      keywords: row.keywords,
      bio: row.bio,
      source: row.source,
      publicConsent: row.publicConsent,
      updatedAt: row.updatedAt,
    },
    organisation: org,
    contact: {
      masked: !fullContact,
      email: fullContact ? row.email : maskEmail(row.email),
      phone: fullContact ? row.phone : maskPhone(row.phone),
    },
    projects: projectsOfPerson(db, row.id),
    canEdit: can(actor, "write:person", scope),
  };
}

/** The stored record, for the edit form (the route has already checked `write:person`). */
export function getPersonForEdit(db: Db, id: number) {
  return db.select().from(people).where(eq(people.id, id)).get() ?? null;
}

export function getOrganisationForEdit(db: Db, id: number) {
  return db.select().from(organisations).where(eq(organisations.id, id)).get() ?? null;
}

export function getOrganisationPage(db: Db, actor: Actor, id: number, opts: { expertLimit?: number; projectLimit?: number } = {}) {
  const org = db.select().from(organisations).where(eq(organisations.id, id)).get();
  if (!org) return null;
  const where = and(eq(people.organisationId, id), visiblePeople(actor));
  const expertCount = db.select({ n: count() }).from(people).where(where).get()?.n ?? 0;
  const experts = db
    .select({ id: people.id, name: people.name, title: people.title, disciplines: people.disciplines, publicConsent: people.publicConsent })
    .from(people)
    .where(where)
    .orderBy(asc(people.namePinyin))
    .limit(opts.expertLimit ?? 60)
    .all();
  const projectCount = db.select({ n: count() }).from(projects).where(eq(projects.institutionId, id)).get()?.n ?? 0;
  const latestProjects = db
    .select({
      id: projects.id,
      year: projects.year,
      funder: projects.funder,
      approvalNumber: projects.approvalNumber,
      title: projects.title,
      piName: projects.piName,
      // no link to a person page this reader would get a 404 for
      piPersonId: sql<number | null>`case when ${visiblePeople(actor, { includeArchive: true })} then ${projects.piPersonId} else null end`,
      grade: projects.grade,
    })
    .from(projects)
    .leftJoin(people, eq(people.id, projects.piPersonId))
    .where(eq(projects.institutionId, id))
    .orderBy(desc(projects.year), desc(projects.id))
    .limit(opts.projectLimit ?? 10)
    .all();
  return {
    organisation: {
      id: org.id,
      kind: org.kind,
      name: org.name,
      shortName: org.shortName,
      level: org.level,
      region: org.region,
      thinkTankType: org.thinkTankType,
      partner: org.partner,
      description: org.description,
      website: org.website,
    },
    expertCount,
    experts,
    projectCount,
    latestProjects,
    canEdit: can(actor, "write:organisation", { organisationId: id }),
  };
}

/** Everything the directory page shows for one URL. */
export function directoryPage(db: Db, actor: Actor, p: DirectoryParams) {
  const facets = directoryFacets(db);
  const organisationName = p.organisationId ? (db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, p.organisationId)).get()?.name ?? null) : null;
  if (p.tab === "organisations")
    return { facets, organisationName, experts: null, organisations: listOrganisations(db, actor, { q: p.q, kind: p.kind, thinkTankType: p.thinkTankType, region: p.region, discipline: p.discipline, page: p.page }) };
  return { facets, organisationName, organisations: null, experts: listExperts(db, actor, p) };
}
