import type { Db } from "#db/client";
import type { Actor } from "~/features/access/actor";
import { isServiceError } from "~/lib/errors";
import type { FormFailure } from "./form";
import { getOrganisationForEdit, getPersonForEdit } from "./queries.server";
import { updateOrganisation, updatePerson } from "./verbs.server";

export type EditOutcome = { ok: true } | { ok: false; status: number; failure: FormFailure };

const str = (form: FormData, k: string) => String(form.get(k) ?? "");

/** What the person typed, as the form shows it again after a refusal. */
function personValues(form: FormData) {
  return {
    title: str(form, "title"),
    disciplines: form.getAll("disciplines").map(String),
    keywords: str(form, "keywords"),
    bio: str(form, "bio"),
    email: str(form, "email"),
    phone: str(form, "phone"),
    publicConsent: form.get("publicConsent") === "on",
  };
}

function organisationValues(form: FormData) {
  return {
    description: str(form, "description"),
    website: str(form, "website"),
    region: str(form, "region"),
    level: str(form, "level"),
    thinkTankType: str(form, "thinkTankType"),
  };
}

function failure(e: unknown, values: FormFailure["values"], current?: () => { data: FormFailure["current"]; version: number } | null): EditOutcome {
  if (!isServiceError(e)) throw e;
  if (e.status === 403 || e.status === 404) throw new Response(e.message, { status: e.status });
  const now = e.code === "conflict" ? current?.() : null;
  return {
    ok: false,
    status: e.status,
    failure: { values, formError: e.bilingual, fieldErrors: e.fields ?? {}, code: e.code, current: now?.data ?? undefined, version: now?.version },
  };
}

export function submitPersonEdit(db: Db, actor: Actor, id: number, form: FormData): EditOutcome {
  const values = personValues(form);
  try {
    updatePerson({ db, actor }, { ...values, publicConsent: values.publicConsent, id, version: str(form, "version") });
    return { ok: true };
  } catch (e) {
    return failure(e, values, () => {
      const p = getPersonForEdit(db, id);
      if (!p) return null;
      return {
        version: p.version,
        data: { title: p.title, disciplines: p.disciplines, keywords: p.keywords.join("、"), bio: p.bio, email: p.email, phone: p.phone, publicConsent: p.publicConsent },
      };
    });
  }
}

export function submitOrganisationEdit(db: Db, actor: Actor, id: number, form: FormData): EditOutcome {
  const values = organisationValues(form);
  try {
    updateOrganisation({ db, actor }, { ...values, id, version: str(form, "version") });
    return { ok: true };
  } catch (e) {
    return failure(e, values, () => {
      const o = getOrganisationForEdit(db, id);
      if (!o) return null;
      return { version: o.version, data: { description: o.description, website: o.website, region: o.region, level: o.level, thinkTankType: o.thinkTankType } };
    });
  }
}
