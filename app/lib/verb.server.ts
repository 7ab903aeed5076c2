import { EventEmitter } from "node:events";
import type { z } from "zod";
import type { Db, Tx } from "#db/client";
import { appendAudit } from "#db/audit";
import { enqueueIndex, type IndexedEntity } from "#db/outbox";
import { actorLabel, actorUserId, type Actor } from "~/features/access/actor";
import { can, type Action, type Scope } from "~/features/access/permissions";
import { forbidden, isServiceError, ServiceError, type Bilingual } from "./errors";

/** Emitted after a verb commits, so the outbox workers drain without polling delay. */
export const afterCommit = new EventEmitter();
afterCommit.setMaxListeners(50);

export type VerbContext = { db: Db; actor: Actor; now?: Date };

export type RunContext = {
  actor: Actor;
  now: Date;
  /** queue a search-index update in this transaction */
  index: (entityType: IndexedEntity, id: string | number, op?: "upsert" | "delete") => void;
};

type AuditTarget = { entityType?: string; entityId?: string | number | null; detail?: Record<string, unknown> };

export type VerbDefinition<S extends z.ZodTypeAny, R> = {
  /** the audit action, e.g. "organisation.update" */
  name: string;
  permission: Action;
  /** what the permission is about, read from the raw input before it is validated */
  scope?: (raw: Record<string, unknown>, actor: Actor) => Scope;
  input: S;
  run: (tx: Tx, input: z.infer<S>, ctx: RunContext) => R;
  audit?: (result: R, input: z.infer<S>) => AuditTarget;
};

export type Verb<S extends z.ZodTypeAny, R> = ((ctx: VerbContext, raw: unknown) => R) & { definition: VerbDefinition<S, R> };

const invalidInput: Bilingual = { zh: "填写的内容有误，请按提示修改。", en: "Some fields need correcting." };

/** zod issues → a message per field, in both languages (the schema's messages are bilingual "中文 / English"). */
export function fieldErrors(error: z.ZodError): Record<string, Bilingual> {
  const out: Record<string, Bilingual> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    if (out[key]) continue;
    const [zh, en] = issue.message.includes(" / ") ? issue.message.split(" / ") : [issue.message, issue.message];
    out[key] = { zh, en };
  }
  return out;
}

/**
 * The one way to write: permission → validation → one immediate transaction holding the change,
 * its audit entry and its outbox rows. Refusals and failures are audited too.
 */
export function defineVerb<S extends z.ZodTypeAny, R>(def: VerbDefinition<S, R>): Verb<S, R> {
  const verb = (ctx: VerbContext, raw: unknown): R => {
    const { db, actor } = ctx;
    const now = ctx.now ?? new Date();
    const rawObj = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
    const base = { actorUserId: actorUserId(actor), actorLabel: actorLabel(actor), action: def.name, ip: "ip" in actor ? (actor.ip ?? null) : null };
    const scope = def.scope?.(rawObj, actor) ?? {};
    if (!can(actor, def.permission, scope)) {
      db.transaction((tx) => appendAudit(tx, { ...base, result: "denied", entityId: scope.organisationId ?? scope.personId ?? null, detail: { permission: def.permission } }, now), {
        behavior: "immediate",
      });
      throw forbidden();
    }
    const parsed = def.input.safeParse(raw);
    if (!parsed.success) throw new ServiceError(422, "invalid_input", invalidInput, fieldErrors(parsed.error));
    let indexed = false;
    try {
      const result = db.transaction(
        (tx) => {
          const runCtx: RunContext = {
            actor,
            now,
            index: (type, id, op = "upsert") => {
              enqueueIndex(tx, type, id, op, now);
              indexed = true;
            },
          };
          const r = def.run(tx, parsed.data, runCtx);
          const target = def.audit?.(r, parsed.data) ?? {};
          appendAudit(tx, { ...base, result: "ok", entityType: target.entityType, entityId: target.entityId, detail: target.detail }, now);
          return r;
        },
        { behavior: "immediate" },
      );
      afterCommit.emit("commit", { indexed });
      return result;
    } catch (e) {
      const code = isServiceError(e) ? e.code : "error";
      db.transaction((tx) => appendAudit(tx, { ...base, result: "failed", detail: { code } }, now), { behavior: "immediate" });
      throw e;
    }
  };
  return Object.assign(verb, { definition: def });
}
