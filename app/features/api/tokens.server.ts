import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "#db/client";
import { apiTokens, organisations, users } from "#db/schema";
import type { Actor } from "~/features/access/actor";
import { generateToken, hashToken } from "~/features/auth/tokens.server";
import { notFound, ServiceError } from "~/lib/errors";
import { defineVerb } from "~/lib/verb.server";

/**
 * Organisation-scoped API tokens. The secret is shown once when created; the database keeps only
 * its SHA-256 and a short prefix so people can tell their tokens apart.
 */
export const TOKEN_PREFIX = "zk_";
const TOKEN_RE = /^zk_[a-z2-7]{52}$/;
/** How many characters of a token are kept in the clear: "zk_" and 8 more. */
export const SHOWN_PREFIX_LENGTH = 11;
/** lastUsedAt is written at most this often per token, so a busy client does not write on every call. */
export const LAST_USED_GRANULARITY_MS = 60_000;

export const tokenPrefixOf = (token: string) => token.slice(0, SHOWN_PREFIX_LENGTH);

/** The caller a valid, unrevoked token stands for; null for anything else. */
export function authenticateApiToken(db: Db, token: string, ip: string | null = null, now = new Date()): Actor | null {
  if (!TOKEN_RE.test(token)) return null;
  const row = db
    .select({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, organisationId: apiTokens.organisationId, kind: organisations.kind, revokedAt: apiTokens.revokedAt, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .innerJoin(organisations, eq(apiTokens.organisationId, organisations.id))
    .where(eq(apiTokens.tokenHash, hashToken(token)))
    .get();
  if (!row || row.revokedAt) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_GRANULARITY_MS)
    db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id)).run();
  return { kind: "apiToken", tokenId: row.id, organisationId: row.organisationId, organisationKind: row.kind, label: `${row.prefix}…(${row.name})`, ip };
}

const organisationIdField = z.coerce.number({ invalid_type_error: "请选择机构 / Choose an organisation" }).int().positive("请选择机构 / Choose an organisation");

export const createTokenInput = z.object({
  organisationId: organisationIdField,
  name: z
    .string({ required_error: "请填写令牌名称 / Enter a name for the token" })
    .trim()
    .min(1, "请填写令牌名称 / Enter a name for the token")
    .max(80, "名称不超过 80 个字 / Keep the name under 80 characters"),
});

/** Creates a token; the only time the secret exists outside the caller's hands is this return value. */
export const createApiToken = defineVerb({
  name: "apiToken.create",
  permission: "manage:apiToken",
  scope: (raw) => ({ organisationId: Number(raw.organisationId) || null }),
  input: createTokenInput,
  run: (tx, input, ctx) => {
    const token = `${TOKEN_PREFIX}${generateToken()}`;
    const prefix = tokenPrefixOf(token);
    const row = tx
      .insert(apiTokens)
      .values({ organisationId: input.organisationId, name: input.name, tokenHash: hashToken(token), prefix, createdBy: ctx.actor.kind === "user" ? ctx.actor.userId : null, createdAt: ctx.now })
      .returning({ id: apiTokens.id })
      .get();
    return { id: row.id, token, prefix, name: input.name };
  },
  audit: (r, input) => ({ entityType: "apiToken", entityId: r.id, detail: { organisationId: input.organisationId, name: r.name, prefix: r.prefix } }),
});

export const revokeApiToken = defineVerb({
  name: "apiToken.revoke",
  permission: "manage:apiToken",
  scope: (raw) => ({ organisationId: Number(raw.organisationId) || null }),
  input: z.object({ organisationId: organisationIdField, tokenId: z.coerce.number().int().positive() }),
  run: (tx, input, ctx) => {
    const row = tx
      .select({ id: apiTokens.id, revokedAt: apiTokens.revokedAt, prefix: apiTokens.prefix })
      .from(apiTokens)
      .where(and(eq(apiTokens.id, input.tokenId), eq(apiTokens.organisationId, input.organisationId)))
      .get();
    if (!row) throw notFound({ zh: "令牌", en: "token" });
    if (row.revokedAt) throw new ServiceError(409, "already_revoked", { zh: "该令牌已被撤销。", en: "This token has already been revoked." });
    tx.update(apiTokens).set({ revokedAt: ctx.now }).where(and(eq(apiTokens.id, row.id), isNull(apiTokens.revokedAt))).run();
    return { id: row.id, prefix: row.prefix };
  },
  audit: (r, input) => ({ entityType: "apiToken", entityId: r.id, detail: { organisationId: input.organisationId, prefix: r.prefix } }),
});

export type ApiTokenRow = {
  id: number;
  name: string;
  prefix: string;
  createdAt: Date;
  createdBy: string | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

/** An organisation's tokens, newest first, without their hashes. */
export function listApiTokens(db: Db, organisationId: number): ApiTokenRow[] {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      createdAt: apiTokens.createdAt,
      createdBy: users.displayName,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .leftJoin(users, eq(apiTokens.createdBy, users.id))
    .where(eq(apiTokens.organisationId, organisationId))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id))
    .all();
}
