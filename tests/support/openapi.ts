import fs from "node:fs";
import path from "node:path";
import { SHARED_DIR } from "./db";

/**
 * A small validator over Meilisearch's published OpenAPI 3.1 description (shared/meilisearch),
 * enough to check every request the adapter sends and every response the test double returns.
 *
 * Two known slips of the generated description are corrected here rather than trusted:
 * - `SearchQuery` names its fields in snake_case and lists serde-defaulted fields as required;
 *   the server (and every official client) speaks camelCase and all those fields are optional.
 * - many query parameters are marked `required: true` although they have server defaults;
 *   query parameters are checked for type only.
 * - `AttributePatterns` is described as `{patterns: [...]}`; on the wire (serde transparent) it
 *   is the bare list, e.g. `localizedAttributes: [{attributePatterns: ["title"], locales: ["cmn"]}]`.
 * - deleting documents by id is described at `/indexes/{indexUid}/delete-batch`; the server
 *   and the official clients use `/indexes/{indexUid}/documents/delete-batch`.
 * - a task's `details` flattens the settings fields into itself (serde flatten); the description
 *   makes it `allOf` a closed settings object and the other fields, which no details of a
 *   document task could satisfy. It is checked as one closed object holding both sets of fields.
 */

type Schema = Record<string, unknown> & { $ref?: string };
type Operation = {
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
  parameters?: { name: string; in: string; schema?: Schema }[];
};
export type Spec = { info: { version: string }; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function loadSpec(): Spec {
  const spec = JSON.parse(fs.readFileSync(path.join(SHARED_DIR, "meilisearch/open-api.json"), "utf8")) as Spec;
  const sq = spec.components.schemas.SearchQuery as { properties: Record<string, Schema>; required?: string[] };
  sq.properties = Object.fromEntries(Object.entries(sq.properties).map(([k, v]) => [camel(k), v]));
  sq.required = [];
  spec.components.schemas.AttributePatterns = { type: "array", items: { type: "string" } };
  const details = spec.components.schemas.DetailsView as { allOf: Schema[] };
  const settingsProps = (spec.components.schemas.Settings_Unchecked as { properties: Record<string, Schema> }).properties;
  const ownProps = (details.allOf[1] as { properties: Record<string, Schema> }).properties;
  spec.components.schemas.DetailsView = { type: "object", properties: { ...settingsProps, ...ownProps }, additionalProperties: false };
  spec.paths["/indexes/{indexUid}/documents/delete-batch"] = spec.paths["/indexes/{indexUid}/delete-batch"];
  return spec;
}

let cached: Spec | undefined;
export function meiliSpec(): Spec {
  return (cached ??= loadSpec());
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

function typeMatches(want: string, v: unknown): boolean {
  const t = typeOf(v);
  return want === t || (want === "number" && t === "integer");
}

/** Errors of `value` against `schema` (empty when valid), each prefixed with its JSON path. */
export function validateSchema(schema: Schema | undefined, value: unknown, at = "$", strict = false, spec: Spec = meiliSpec()): string[] {
  if (!schema || typeof schema !== "object") return [];
  if (schema.$ref) {
    const name = schema.$ref.replace("#/components/schemas/", "");
    const target = spec.components.schemas[name];
    if (!target) return [`${at}: unknown $ref ${schema.$ref}`];
    return validateSchema(target, value, at, strict, spec);
  }
  const errs: string[] = [];
  const s = schema as Record<string, unknown>;
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((t) => typeMatches(t, value))) return [`${at}: expected ${types.join("|")}, got ${typeOf(value)}`];
  }
  if (Array.isArray(s.enum) && !s.enum.some((e) => e === value)) errs.push(`${at}: ${JSON.stringify(value)} not in enum`);
  if (typeof s.minimum === "number" && typeof value === "number" && value < s.minimum) errs.push(`${at}: below minimum ${s.minimum}`);
  if (s.format === "date-time" && typeof value === "string" && !RFC3339.test(value)) errs.push(`${at}: not an RFC 3339 date-time`);
  if (Array.isArray(s.allOf)) for (const sub of s.allOf as Schema[]) errs.push(...validateSchema(sub, value, at, strict, spec));
  if (Array.isArray(s.anyOf) && !(s.anyOf as Schema[]).some((sub) => validateSchema(sub, value, at, strict, spec).length === 0)) errs.push(`${at}: matches none of anyOf`);
  if (Array.isArray(s.oneOf)) {
    const ok = (s.oneOf as Schema[]).filter((sub) => validateSchema(sub, value, at, strict, spec).length === 0).length;
    if (ok !== 1) errs.push(`${at}: matches ${ok} of oneOf, expected exactly 1`);
  }
  if (typeOf(value) === "object") {
    const obj = value as Record<string, unknown>;
    const props = (s.properties ?? {}) as Record<string, Schema>;
    for (const r of (s.required ?? []) as string[]) if (!(r in obj)) errs.push(`${at}: missing required ${r}`);
    for (const [k, v] of Object.entries(obj)) {
      if (props[k]) errs.push(...validateSchema(props[k], v, `${at}.${k}`, strict, spec));
      else if (s.additionalProperties === false || (strict && s.properties && s.additionalProperties === undefined)) errs.push(`${at}: unexpected property ${k}`);
      else if (s.additionalProperties && typeof s.additionalProperties === "object") errs.push(...validateSchema(s.additionalProperties as Schema, v, `${at}.${k}`, strict, spec));
    }
  }
  if (Array.isArray(value)) {
    const prefix = (s.prefixItems ?? []) as Schema[];
    value.forEach((item, i) => {
      if (i < prefix.length) errs.push(...validateSchema(prefix[i], item, `${at}[${i}]`, strict, spec));
      else if (s.items) errs.push(...validateSchema(s.items as Schema, item, `${at}[${i}]`, strict, spec));
    });
    if (s.uniqueItems && new Set(value.map((x) => JSON.stringify(x))).size !== value.length) errs.push(`${at}: items not unique`);
  }
  return errs;
}

/** The documented operation for a method and a concrete path such as /indexes/portal/search. */
export function findOperation(method: string, pathname: string): { template: string; op: Operation } | undefined {
  const spec = meiliSpec();
  const segs = pathname.replace(/\/+$/, "").split("/");
  for (const [template, ops] of Object.entries(spec.paths)) {
    const t = template.split("/");
    if (t.length !== segs.length) continue;
    if (!t.every((p, i) => (p.startsWith("{") ? segs[i].length > 0 : p === segs[i]))) continue;
    const op = ops[method.toLowerCase()];
    if (op) return { template, op };
  }
  return undefined;
}

/** Problems with a request as the adapter sent it (empty when it is what the API documents). */
export function validateRequest(method: string, url: URL, body: unknown): string[] {
  const found = findOperation(method, url.pathname);
  if (!found) return [`${method} ${url.pathname}: no such operation in the API`];
  const errs: string[] = [];
  for (const [name, raw] of url.searchParams) {
    const p = found.op.parameters?.find((x) => x.in === "query" && x.name === name);
    if (!p) {
      errs.push(`${method} ${found.template}: unknown query parameter ${name}`);
      continue;
    }
    const t = (p.schema?.type as string | undefined) ?? "string";
    if (t === "integer" && !/^\d+$/.test(raw)) errs.push(`${method} ${found.template}: ${name} is not an integer`);
    if (t === "boolean" && raw !== "true" && raw !== "false") errs.push(`${method} ${found.template}: ${name} is not a boolean`);
  }
  const schema = found.op.requestBody?.content?.["application/json"]?.schema;
  if (found.op.requestBody) {
    if (body === undefined) errs.push(`${method} ${found.template}: missing request body`);
    // like the server (which rejects unknown fields), a request body may hold only documented fields
    else errs.push(...validateSchema(schema, body, "$", true).map((e) => `${method} ${found.template} request ${e}`));
  }
  return errs;
}

/** Problems with a response (empty when it is what the API documents for this status). */
export function validateResponse(method: string, pathname: string, status: number, body: unknown): string[] {
  const found = findOperation(method, pathname);
  if (!found) return [`${method} ${pathname}: no such operation in the API`];
  const documented = found.op.responses[String(status)];
  const schema = documented?.content?.["application/json"]?.schema ?? (status >= 400 ? { $ref: "#/components/schemas/ResponseError" } : undefined);
  if (!documented && status < 400) return [`${method} ${found.template}: status ${status} is not documented`];
  return validateSchema(schema, body).map((e) => `${method} ${found.template} ${status} response ${e}`);
}

/** The success status the API documents for an operation (200, 201 or 202). */
export function documentedSuccess(method: string, pathname: string): number {
  const found = findOperation(method, pathname);
  const code = Object.keys(found?.op.responses ?? {}).find((c) => c.startsWith("2"));
  return code ? Number(code) : 200;
}
