import { and, eq } from "drizzle-orm";
import { disciplines, organisations, people } from "#db/schema";
import type { Actor } from "~/features/access/actor";
import { conflict, notFound, ServiceError } from "~/lib/errors";
import { defineVerb, type VerbContext } from "~/lib/verb.server";
import { organisationUpdateSchema, personUpdateSchema } from "./schemas";

const PERSON = { zh: "专家", en: "person" };
const ORGANISATION = { zh: "机构", en: "organisation" };

/** Consent to the public directory is the person's own decision (or the platform admin's on their written request). */
const mayChangeConsent = (actor: Actor, personId: number) =>
  actor.kind === "system" || (actor.kind === "user" && (actor.personId === personId || actor.platformRole === "platformAdmin"));

const changedFields = <T extends Record<string, unknown>>(before: T, after: Partial<T>) =>
  Object.keys(after).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));

const personVerb = defineVerb({
  name: "person.update",
  permission: "write:person",
  scope: (raw) => ({ personId: Number(raw.id) || null, organisationId: typeof raw.organisationId === "number" ? raw.organisationId : null }),
  input: personUpdateSchema,
  run: (tx, input, ctx) => {
    const current = tx.select().from(people).where(eq(people.id, input.id)).get();
    if (!current) throw notFound(PERSON);
    // the permission was checked against this organisation; if the person moved since, start over
    if ((current.organisationId ?? null) !== (input.organisationId ?? null)) throw conflict();
    const known = new Set(tx.select({ name: disciplines.name }).from(disciplines).all().map((d) => d.name));
    const unknown = input.disciplines.filter((d) => !known.has(d));
    if (unknown.length)
      throw new ServiceError(
        422,
        "invalid_input",
        { zh: "填写的内容有误，请按提示修改。", en: "Some fields need correcting." },
        { disciplines: { zh: `学科不在分类表中：${unknown.join("、")}`, en: `Not in the discipline list: ${unknown.join(", ")}` } },
      );
    const next = {
      title: input.title,
      disciplines: [...new Set(input.disciplines)],
      keywords: input.keywords,
      bio: input.bio,
      email: input.email ? input.email.toLowerCase() : null,
      phone: input.phone,
      publicConsent: mayChangeConsent(ctx.actor, current.id) ? input.publicConsent : current.publicConsent,
    };
    const changed = changedFields(current, next);
    const res = tx
      .update(people)
      .set({ ...next, version: current.version + 1, updatedAt: ctx.now })
      .where(and(eq(people.id, input.id), eq(people.version, input.version)))
      .run();
    if (res.changes === 0) throw conflict();
    ctx.index("person", input.id);
    return { id: input.id, version: current.version + 1, changed };
  },
  audit: (r) => ({ entityType: "person", entityId: r.id, detail: { changed: r.changed } }),
});

/**
 * Updates a person's profile (person.update). The organisation the permission is checked
 * against is read from the stored record, never taken from the form.
 */
export function updatePerson(ctx: VerbContext, raw: Record<string, unknown>) {
  const id = Number(raw.id);
  const stored = Number.isInteger(id) && id > 0 ? ctx.db.select({ organisationId: people.organisationId }).from(people).where(eq(people.id, id)).get() : undefined;
  return personVerb(ctx, { ...raw, organisationId: stored?.organisationId ?? null });
}
updatePerson.definition = personVerb.definition;

export const updateOrganisation = defineVerb({
  name: "organisation.update",
  permission: "write:organisation",
  scope: (raw) => ({ organisationId: Number(raw.id) || null }),
  input: organisationUpdateSchema,
  run: (tx, input, ctx) => {
    const current = tx.select().from(organisations).where(eq(organisations.id, input.id)).get();
    if (!current) throw notFound(ORGANISATION);
    const next = {
      description: input.description,
      website: input.website,
      region: input.region,
      // a level describes departments and the office; a think-tank type only think tanks
      level: current.kind === "thinkTank" ? current.level : input.level,
      thinkTankType: current.kind === "thinkTank" ? input.thinkTankType : current.thinkTankType,
    };
    const changed = changedFields(current, next);
    const res = tx
      .update(organisations)
      .set({ ...next, version: current.version + 1, updatedAt: ctx.now })
      .where(and(eq(organisations.id, input.id), eq(organisations.version, input.version)))
      .run();
    if (res.changes === 0) throw conflict();
    ctx.index("organisation", input.id);
    return { id: input.id, version: current.version + 1, changed };
  },
  audit: (r) => ({ entityType: "organisation", entityId: r.id, detail: { changed: r.changed } }),
});
