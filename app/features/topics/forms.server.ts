import { data } from "@remix-run/node";
import { isServiceError } from "~/lib/errors";
import type { Failure } from "./components";

/** A form's fields as a plain object; repeated fields (checkboxes) as lists. */
export function formValues(form: FormData, lists: string[] = []): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key).filter((v): v is string => typeof v === "string");
    out[key] = lists.includes(key) ? all : (all[0] ?? "");
  }
  for (const l of lists) out[l] ??= [];
  return out;
}

/** Runs a feature call for a form; a ServiceError becomes the form's failure with what was typed. */
export async function runForm<R>(values: Record<string, string | string[]>, fn: () => R | Promise<R>): Promise<{ ok: true; result: R } | { ok: false; response: ReturnType<typeof data<Failure>> }> {
  try {
    return { ok: true, result: await fn() };
  } catch (e) {
    if (!isServiceError(e)) throw e;
    if (e.status === 403) throw new Response("Forbidden", { status: 403 });
    const failure: Failure = { formError: e.bilingual, fieldErrors: e.fields ?? {}, values, code: e.code };
    return { ok: false, response: data(failure, { status: e.status }) };
  }
}
