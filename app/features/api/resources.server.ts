import { and, asc, count, desc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { z } from "zod";
import { appendAudit } from "#db/audit";
import type { Db } from "#db/client";
import { FUNDERS, ORGANISATION_KINDS, organisations, people, projectOutputs, projects, THINK_TANK_TYPES } from "#db/schema";
import { actorLabel, actorUserId, type Actor } from "~/features/access/actor";
import { can } from "~/features/access/permissions";
import { maskEmail, maskPhone } from "~/features/directory/contact";
import { getPersonPage, visiblePeople } from "~/features/directory/queries.server";
import { ServiceError, type Bilingual } from "~/lib/errors";
import { fieldErrors } from "~/lib/verb.server";
import { apiNotFound, invalidParams, type ListResult, type Pagination } from "./api.server";

/** The read side of /api/v1: organisations, people and archived projects, as a caller may see them. */

const likeEscape = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const contains = (col: SQL | SQLiteColumn, q: string) => sql`${col} like ${likeEscape(q)} escape '\\'`;

/** Parses the filter parameters against a zod schema; unknown values become a 422 naming the parameter. */
function parseFilters<S extends z.ZodTypeAny>(schema: S, params: URLSearchParams): z.infer<S> {
  const raw: Record<string, string> = {};
  for (const [k, v] of params) if (v.trim() !== "") raw[k] = v.trim();
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw invalidParams(fieldErrors(parsed.error));
  return parsed.data;
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const oneOf = <T extends readonly [string, ...string[]]>(values: T, what: Bilingual) =>
  z.enum(values, { errorMap: () => ({ message: `${what.zh}取值无效，可选：${values.join("、")} / Unknown ${what.en}; use one of ${values.join(", ")}` }) });
const positiveInt = (what: Bilingual) => z.coerce.number().int(`${what.zh}须为整数 / ${what.en} must be a whole number`).positive(`${what.zh}须为正整数 / ${what.en} must be positive`);

// ── organisations ────────────────────────────────────────────────────────────

export const organisationFilters = z.object({
  kind: oneOf(ORGANISATION_KINDS, { zh: "机构类别", en: "kind" }).optional(),
  region: z.string().max(100).optional(),
  thinkTankType: oneOf(THINK_TANK_TYPES, { zh: "智库类型", en: "thinkTankType" }).optional(),
  q: z.string().max(200).optional(),
});

const organisationColumns = {
  id: organisations.id,
  kind: organisations.kind,
  name: organisations.name,
  shortName: organisations.shortName,
  namePinyin: organisations.namePinyin,
  level: organisations.level,
  region: organisations.region,
  thinkTankType: organisations.thinkTankType,
  institutionType: organisations.institutionType,
  partner: organisations.partner,
  description: organisations.description,
  website: organisations.website,
  createdAt: organisations.createdAt,
  updatedAt: organisations.updatedAt,
};
type OrganisationRow = { [K in keyof typeof organisationColumns]: (typeof organisations.$inferSelect)[K] };
const organisationJson = (o: OrganisationRow) => ({ ...o, createdAt: iso(o.createdAt), updatedAt: iso(o.updatedAt) });
export type OrganisationJson = ReturnType<typeof organisationJson>;

export function listOrganisations(db: Db, params: URLSearchParams, pg: Pagination): ListResult<OrganisationJson> {
  const f = parseFilters(organisationFilters, params);
  const where: SQL[] = [];
  // like the web directory: archive-only institutions are listed only when asked for by kind
  where.push(f.kind ? eq(organisations.kind, f.kind) : inArray(organisations.kind, ["department", "thinkTank", "managementOffice"]));
  if (f.region) where.push(eq(organisations.region, f.region));
  if (f.thinkTankType) where.push(eq(organisations.thinkTankType, f.thinkTankType));
  if (f.q) where.push(or(contains(organisations.name, f.q), contains(organisations.shortName, f.q), contains(organisations.namePinyin, f.q))!);
  const cond = and(...where);
  const total = db.select({ n: count() }).from(organisations).where(cond).get()?.n ?? 0;
  const rows = db.select(organisationColumns).from(organisations).where(cond).orderBy(asc(organisations.id)).limit(pg.pageSize).offset(pg.offset).all();
  return { rows: rows.map(organisationJson), total };
}

export function getOrganisation(db: Db, actor: Actor, id: number) {
  const o = db.select(organisationColumns).from(organisations).where(eq(organisations.id, id)).get();
  if (!o) throw apiNotFound({ zh: "机构", en: "organisation" });
  const peopleCount = db.select({ n: count() }).from(people).where(and(eq(people.organisationId, id), visiblePeople(actor))).get()?.n ?? 0;
  const projectCount = db.select({ n: count() }).from(projects).where(eq(projects.institutionId, id)).get()?.n ?? 0;
  return { ...organisationJson(o), peopleCount, projectCount };
}

// ── people ───────────────────────────────────────────────────────────────────
// Visibility and masking are the directory's, so the API and the web never disagree.

export const peopleFilters = z.object({
  q: z.string().max(200).optional(),
  organisationId: positiveInt({ zh: "机构编号", en: "organisationId" }).optional(),
  discipline: z.string().max(100).optional(),
  source: oneOf(["portal", "archive", "all"] as const, { zh: "来源", en: "source" }).default("portal"),
});

type PersonRow = typeof people.$inferSelect & { organisationName: string | null };

function personJson(actor: Actor, p: PersonRow) {
  const full = can(actor, "read:person:contact", { organisationId: p.organisationId, personId: p.id });
  return {
    id: p.id,
    name: p.name,
    namePinyin: p.namePinyin,
    title: p.title,
    organisation: p.organisationId ? { id: p.organisationId, name: p.organisationName } : null,
    institutionName: p.institutionName,
    disciplines: p.disciplines,
    keywords: p.keywords,
    bio: p.bio,
    email: full ? p.email : maskEmail(p.email),
    phone: full ? p.phone : maskPhone(p.phone),
    contactMasked: !full,
    publicConsent: p.publicConsent,
    source: p.source,
  };
}
export type PersonJson = ReturnType<typeof personJson>;

export function listPeople(db: Db, actor: Actor, params: URLSearchParams, pg: Pagination): ListResult<PersonJson> {
  const f = parseFilters(peopleFilters, params);
  const where: (SQL | undefined)[] = [
    f.source === "archive" ? eq(people.source, "archive") : visiblePeople(actor, { includeArchive: f.source === "all" }),
    f.organisationId ? eq(people.organisationId, f.organisationId) : undefined,
    f.discipline ? sql`exists (select 1 from json_each(${people.disciplines}) where value = ${f.discipline})` : undefined,
    f.q ? or(contains(people.name, f.q), contains(people.namePinyin, f.q.toLowerCase()), contains(people.institutionName, f.q)) : undefined,
  ];
  const cond = and(...where);
  const total = db.select({ n: count() }).from(people).where(cond).get()?.n ?? 0;
  const rows = db
    .select({ p: people, organisationName: organisations.name })
    .from(people)
    .leftJoin(organisations, eq(people.organisationId, organisations.id))
    .where(cond)
    .orderBy(asc(people.namePinyin), asc(people.id))
    .limit(pg.pageSize)
    .offset(pg.offset)
    .all();
  const data = rows.map((r) => personJson(actor, { ...r.p, organisationName: r.organisationName }));
  // full contact details of others, read in bulk, are restricted data: one audit entry per page
  const selfId = actor.kind === "user" ? actor.personId : null;
  const disclosed = data.filter((p) => !p.contactMasked && (p.email || p.phone) && p.id !== selfId).map((p) => p.id);
  if (disclosed.length)
    db.transaction(
      (tx) =>
        appendAudit(tx, {
          actorUserId: actorUserId(actor),
          actorLabel: actorLabel(actor),
          action: "person.list.contact",
          entityType: "person",
          ip: "ip" in actor ? (actor.ip ?? null) : null,
          result: "ok",
          detail: { personIds: disclosed },
        }),
      { behavior: "immediate" },
    );
  return { rows: data, total };
}

/** One person through the directory's own reader, which also records access to restricted details. */
export function getPerson(db: Db, actor: Actor, id: number) {
  const page = getPersonPage(db, actor, id);
  if (!page) throw apiNotFound({ zh: "人员", en: "person" });
  const { person, organisation, contact, projects: projectRows } = page;
  return {
    id: person.id,
    name: person.name,
    namePinyin: person.namePinyin,
    title: person.title,
    organisation: organisation ? { id: organisation.id, name: organisation.name } : null,
    institutionName: person.institutionName,
    disciplines: person.disciplines,
    keywords: person.keywords,
    bio: person.bio,
    email: contact.email,
    phone: contact.phone,
    contactMasked: contact.masked,
    publicConsent: person.publicConsent,
    source: person.source,
    projects: projectRows.map((p) => ({ id: p.id, funder: p.funder, approvalNumber: p.approvalNumber, title: p.title, year: p.year })),
  };
}

// ── projects (the archive) ───────────────────────────────────────────────────

export const projectFilters = z.object({
  funder: oneOf(FUNDERS, { zh: "资助方", en: "funder" }).optional(),
  year: z.coerce.number().int("年份须为四位整数 / year must be a four-digit year").min(1949, "年份须为四位整数 / year must be a four-digit year").max(2100, "年份须为四位整数 / year must be a four-digit year").optional(),
  discipline: z.string().max(100).optional(),
  category: z.string().max(100).optional(),
  province: z.string().max(50).optional(),
  grade: z.string().max(20).optional(),
  /** an organisation id, or part of the institution's name */
  institution: z.string().max(200).optional(),
  q: z.string().max(200).optional(),
});

const projectColumns = {
  id: projects.id,
  funder: projects.funder,
  approvalNumber: projects.approvalNumber,
  title: projects.title,
  category: projects.category,
  discipline: projects.discipline,
  year: projects.year,
  approvedOn: projects.approvedOn,
  piName: projects.piName,
  piPersonId: projects.piPersonId,
  piTitle: projects.piTitle,
  institutionId: projects.institutionId,
  institutionName: projects.institutionName,
  province: projects.province,
  amount: projects.amount,
  period: projects.period,
  grade: projects.grade,
  completedOn: projects.completedOn,
};

export type ProjectJson = { [K in keyof typeof projectColumns]: (typeof projects.$inferSelect)[K] };

export function listProjects(db: Db, params: URLSearchParams, pg: Pagination): ListResult<ProjectJson> {
  const f = parseFilters(projectFilters, params);
  const where: SQL[] = [];
  if (f.funder) where.push(eq(projects.funder, f.funder));
  if (f.year) where.push(eq(projects.year, f.year));
  if (f.discipline) where.push(eq(projects.discipline, f.discipline));
  if (f.category) where.push(eq(projects.category, f.category));
  if (f.province) where.push(eq(projects.province, f.province));
  if (f.grade) where.push(eq(projects.grade, f.grade));
  if (f.institution) where.push(/^\d+$/.test(f.institution) ? eq(projects.institutionId, Number(f.institution)) : contains(projects.institutionName, f.institution));
  if (f.q) where.push(contains(projects.title, f.q));
  const cond = where.length ? and(...where) : undefined;
  const total = db.select({ n: count() }).from(projects).where(cond).get()?.n ?? 0;
  const rows = db.select(projectColumns).from(projects).where(cond).orderBy(desc(projects.year), desc(projects.id)).limit(pg.pageSize).offset(pg.offset).all();
  return { rows, total };
}

/**
 * One project by approval number (批准号) or by id. Approval numbers are unique per funder;
 * when two funders share one, `?funder=` picks, otherwise the answer is 409 with the candidates.
 */
export function getProject(db: Db, ref: string, funder?: string | null) {
  const byNumber = db
    .select({ ...projectColumns, formerTitles: projects.formerTitles, institutionType: projects.institutionType, system: projects.system, certificateNumber: projects.certificateNumber })
    .from(projects)
    .where(and(eq(projects.approvalNumber, ref), funder ? eq(projects.funder, funder as (typeof FUNDERS)[number]) : undefined))
    .all();
  if (byNumber.length > 1)
    throw new ServiceError(409, "ambiguous", {
      zh: `批准号 ${ref} 对应多个资助方的项目，请加上 funder 参数（${byNumber.map((p) => p.funder).join("、")}）。`,
      en: `Approval number ${ref} exists for several funders; add the funder parameter (${byNumber.map((p) => p.funder).join(", ")}).`,
    });
  let project: (typeof byNumber)[number] | undefined = byNumber[0];
  if (!project && /^\d+$/.test(ref))
    project = db
      .select({ ...projectColumns, formerTitles: projects.formerTitles, institutionType: projects.institutionType, system: projects.system, certificateNumber: projects.certificateNumber })
      .from(projects)
      .where(eq(projects.id, Number(ref)))
      .get();
  if (!project) throw apiNotFound({ zh: "项目", en: "project" });
  const outputs = db
    .select({
      id: projectOutputs.id,
      title: projectOutputs.title,
      form: projectOutputs.form,
      grade: projectOutputs.grade,
      completedOn: projectOutputs.completedOn,
      certificateNumber: projectOutputs.certificateNumber,
      publisher: projectOutputs.publisher,
      publishedOn: projectOutputs.publishedOn,
      authors: projectOutputs.authors,
      awards: projectOutputs.awards,
    })
    .from(projectOutputs)
    .where(eq(projectOutputs.projectId, project.id))
    .orderBy(asc(projectOutputs.id))
    .all();
  return { ...project, outputs };
}

/** A path id that must be a positive integer. */
export function idParam(value: string | undefined, what: Bilingual): number {
  const n = Number(value);
  if (!value || !/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw apiNotFound(what);
  return n;
}
