import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db, DbOrTx } from "#db/client";
import { declaredConflicts, organisations, people } from "#db/schema";
import type { Actor } from "~/features/access/actor";
import { forbidden, notFound, ServiceError } from "~/lib/errors";
import { defineVerb } from "~/lib/verb.server";

/**
 * 利益冲突申报: an expert declares, once for every assignment, a conflict of interest with an
 * organisation or a person. The reviewer assignment never pairs them with a proposal from that
 * organisation or by that person, and a hand addition of such a pair is refused.
 */
export const declareConflictInput = z.object({
  target: z.enum(["organisation", "person"], { errorMap: () => ({ message: "请选择单位或个人 / Please choose an organisation or a person" }) }),
  name: z
    .string({ required_error: "请填写单位或个人的名称 / Please enter the name of the organisation or person" })
    .trim()
    .min(2, "请填写单位或个人的名称 / Please enter the name of the organisation or person")
    .max(200, "名称不能超过 200 字 / A name may not exceed 200 characters"),
  reason: z
    .string({ required_error: "请写明冲突原因 / Please give the reason" })
    .trim()
    .min(2, "请写明冲突原因 / Please give the reason")
    .max(500, "原因不能超过 500 字 / The reason may not exceed 500 characters"),
});

const personOf = (a: Actor) => (a.kind === "user" ? a.personId : null);

const noProfile = () =>
  new ServiceError(409, "no_person", { zh: "您的账户尚未关联专家档案，无法申报利益冲突。", en: "Your account is not linked to an expert profile, so you cannot declare conflicts." });

/** An exact name, or "#123" / "123" for a person or organisation id when names repeat. */
function resolve(tx: DbOrTx, target: "organisation" | "person", name: string): number {
  const id = /^#?(\d+)$/.exec(name)?.[1];
  const table = target === "organisation" ? organisations : people;
  const rows = id ? tx.select({ id: table.id }).from(table).where(eq(table.id, Number(id))).all() : tx.select({ id: table.id }).from(table).where(eq(table.name, name)).limit(6).all();
  const what = target === "organisation" ? { zh: "单位", en: "organisation" } : { zh: "人员", en: "person" };
  if (!rows.length)
    throw new ServiceError(422, "invalid_input", { zh: `没有找到名为「${name}」的${what.zh}。`, en: `No ${what.en} named "${name}" was found.` }, { name: { zh: `没有找到该${what.zh}，请填写全称`, en: `No such ${what.en}; use the full name` } });
  if (rows.length > 1)
    throw new ServiceError(
      422,
      "invalid_input",
      { zh: `名为「${name}」的${what.zh}不止一个，请填写其编号（如 #123，见其页面地址）。`, en: `More than one ${what.en} is named "${name}"; enter the number instead (e.g. #123, from its page address).` },
      { name: { zh: "同名者不止一个，请填写编号", en: "The name is not unique; enter the number" } },
    );
  return rows[0].id;
}

export const declareConflict = defineVerb({
  name: "conflict.declare",
  permission: "write:account:own",
  input: declareConflictInput,
  run: (tx, input, ctx) => {
    const me = personOf(ctx.actor);
    if (me == null) throw noProfile();
    const target = resolve(tx, input.target, input.name);
    if (input.target === "person" && target === me)
      throw new ServiceError(422, "invalid_input", { zh: "不能与自己申报利益冲突。", en: "You cannot declare a conflict with yourself." }, { name: { zh: "请填写他人", en: "Enter someone else" } });
    const row = tx
      .insert(declaredConflicts)
      .values({
        personId: me,
        organisationId: input.target === "organisation" ? target : null,
        otherPersonId: input.target === "person" ? target : null,
        reason: input.reason,
        declaredBy: ctx.actor.kind === "user" ? ctx.actor.userId : null,
        createdAt: ctx.now,
      })
      .returning({ id: declaredConflicts.id })
      .get();
    return { id: row.id, personId: me };
  },
  audit: (r, input) => ({ entityType: "person", entityId: r.personId, detail: { conflictId: r.id, target: input.target, reason: input.reason } }),
});

export const withdrawConflict = defineVerb({
  name: "conflict.withdraw",
  permission: "write:account:own",
  input: z.object({ id: z.coerce.number().int().positive() }),
  run: (tx, input, ctx) => {
    const me = personOf(ctx.actor);
    if (me == null) throw forbidden();
    const row = tx.select().from(declaredConflicts).where(eq(declaredConflicts.id, input.id)).get();
    // a reviewer's declaration for one assignment is not the expert's to withdraw
    if (!row || row.personId !== me || row.needId != null) throw notFound({ zh: "申报", en: "declaration" });
    tx.delete(declaredConflicts).where(eq(declaredConflicts.id, row.id)).run();
    return { id: row.id, personId: me };
  },
  audit: (r) => ({ entityType: "person", entityId: r.personId, detail: { conflictId: r.id, op: "withdraw" } }),
});

/** An expert's own declarations (and those reviewers made about them for a single assignment). */
export function conflictsOf(db: Db, personId: number) {
  return db
    .select({
      id: declaredConflicts.id,
      organisationId: declaredConflicts.organisationId,
      organisationName: organisations.name,
      otherPersonId: declaredConflicts.otherPersonId,
      otherPersonName: people.name,
      needId: declaredConflicts.needId,
      reason: declaredConflicts.reason,
      createdAt: declaredConflicts.createdAt,
    })
    .from(declaredConflicts)
    .leftJoin(organisations, eq(declaredConflicts.organisationId, organisations.id))
    .leftJoin(people, eq(declaredConflicts.otherPersonId, people.id))
    .where(and(eq(declaredConflicts.personId, personId)))
    .orderBy(desc(declaredConflicts.id))
    .all();
}
