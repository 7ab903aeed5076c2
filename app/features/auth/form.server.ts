import { data } from "@remix-run/node";
import { isServiceError, type Bilingual } from "~/lib/errors";

/** What a failed form action returns: the messages and what the person typed (never passwords). */
export type FormResult = {
  ok?: boolean;
  notice?: Bilingual;
  formError?: Bilingual;
  fields?: Record<string, Bilingual>;
  values?: Record<string, string>;
  intent?: string;
};

/** Turns a ServiceError into the re-rendered form; anything else is a real error and propagates. */
export function formFailure(e: unknown, values: Record<string, string> = {}, intent?: string) {
  if (!isServiceError(e)) throw e;
  const fields = e.fields && Object.keys(e.fields).length ? e.fields : undefined;
  return data<FormResult>({ formError: e.bilingual, fields, values, intent }, { status: e.status });
}

/** The form's text fields, without any password. */
export function formValues(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && !/password/i.test(k)) out[k] = v;
  return out;
}

/** The origin links in e-mails point to: PUBLIC_URL when set (behind a proxy), else the request's. */
export function publicBaseUrl(request: Request): string {
  return process.env.PUBLIC_URL || new URL(request.url).origin;
}
