import { asc, gt, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { calls, needs, organisations, people, projectOutputs, projects, proposals, topics } from "#db/schema";
import { pinyin } from "pinyin-pro";
import type { DocType, SearchDoc } from "./port";
import { needDocs, proposalDocs } from "./need-documents";
import { splitSubtitle } from "./text/subtitle";
import { callDocs, topicDocs } from "./topic-documents";

/**
 * Builds index documents from the database, the source of truth. The outbox carries only ids;
 * the drain re-reads the rows here, so an index can always be rebuilt from the database.
 */
export function docId(type: DocType, entityId: string | number): string {
  return `${type}:${entityId}`;
}

export function projectDocs(db: DbOrTx, ids: number[]): SearchDoc[] {
  if (ids.length === 0) return [];
  const rows = db.select().from(projects).where(inArray(projects.id, ids)).all();
  const outs = db.select({ projectId: projectOutputs.projectId, title: projectOutputs.title }).from(projectOutputs).where(inArray(projectOutputs.projectId, ids)).all();
  const byProject = new Map<number, string[]>();
  for (const o of outs) (byProject.get(o.projectId) ?? byProject.set(o.projectId, []).get(o.projectId)!).push(o.title);
  return rows.map((p) => {
    const { main, subtitle } = splitSubtitle(p.title);
    return {
      id: docId("project", p.id),
      type: "project",
      entityId: String(p.id),
      title: main,
      subtitle,
      people: p.piName ? [p.piName] : [],
      peoplePinyin: p.piName ? [pinyin(p.piName, { toneType: "none", type: "array" }).join("")] : [],
      institution: p.institutionName,
      funder: p.funder,
      year: p.year ?? undefined,
      discipline: p.discipline ?? undefined,
      category: p.category || undefined,
      province: p.province ?? undefined,
      grade: p.grade ?? undefined,
      ref: p.approvalNumber,
      personIds: p.piPersonId ? [p.piPersonId] : [],
      organisationId: p.institutionId ?? undefined,
      owner: p.funder,
      outputs: byProject.get(p.id) ?? [],
      visibility: "public",
    } satisfies SearchDoc;
  });
}

export function personDocs(db: DbOrTx, ids: number[]): SearchDoc[] {
  if (ids.length === 0) return [];
  const rows = db.select().from(people).where(inArray(people.id, ids)).all();
  return rows.map((p) => ({
    id: docId("person", p.id),
    type: "person",
    entityId: String(p.id),
    title: p.name,
    body: p.bio,
    keywords: [...p.keywords, ...p.disciplines],
    people: [p.name],
    peoplePinyin: [p.namePinyin, p.nameInitials].filter(Boolean),
    institution: p.institutionName,
    ref: String(p.id),
    personIds: [p.id],
    organisationId: p.organisationId ?? undefined,
    visibility: p.source === "archive" || p.publicConsent ? "public" : "partners",
  }));
}

export function organisationDocs(db: DbOrTx, ids: number[]): SearchDoc[] {
  if (ids.length === 0) return [];
  const rows = db.select().from(organisations).where(inArray(organisations.id, ids)).all();
  return rows.map((o) => ({
    id: docId("organisation", o.id),
    type: "organisation",
    entityId: String(o.id),
    title: o.name,
    body: o.description,
    peoplePinyin: o.namePinyin ? [o.namePinyin] : [],
    province: o.region ?? undefined,
    category: o.thinkTankType ?? o.kind,
    organisationId: o.id,
    visibility: "public",
  }));
}

type Loader = (db: DbOrTx, ids: number[]) => SearchDoc[];
/** Each indexed type registers how to load its documents; later capabilities add theirs. */
export const documentLoaders: Record<string, Loader> = {
  project: projectDocs,
  person: personDocs,
  organisation: organisationDocs,
  topic: topicDocs,
  call: callDocs,
  need: needDocs,
  proposal: proposalDocs,
};

const tables = { project: projects, person: people, organisation: organisations, topic: topics, call: calls, need: needs, proposal: proposals } as const;
/** Types whose loader indexes only some records (drafts, unpublished calls …): counted by loading. */
const PARTIAL: ReadonlySet<string> = new Set(["topic", "call", "need", "proposal"]);

/** Every document of a type, in id order, in batches — for reindexing. */
export function* allDocuments(db: DbOrTx, type: keyof typeof tables, batchSize = 2000): Generator<SearchDoc[]> {
  const table = tables[type];
  let cursor = 0;
  for (;;) {
    const ids = db.select({ id: table.id }).from(table).where(gt(table.id, cursor)).orderBy(asc(table.id)).limit(batchSize).all().map((r) => r.id);
    if (ids.length === 0) return;
    const docs = documentLoaders[type](db, ids);
    if (docs.length) yield docs;
    cursor = ids[ids.length - 1];
  }
}

/** The types with a table here, for reindexing and for comparing index counts with the database. */
export const INDEXED_TYPES = Object.keys(tables) as (keyof typeof tables)[];

/** How many documents of a type the database yields (for most types, one per record). */
export function countRecords(db: DbOrTx, type: keyof typeof tables): number {
  if (PARTIAL.has(type)) {
    let n = 0;
    for (const batch of allDocuments(db, type)) n += batch.length;
    return n;
  }
  return db.select({ n: sql<number>`count(*)` }).from(tables[type]).get()?.n ?? 0;
}
