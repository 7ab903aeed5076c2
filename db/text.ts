/**
 * Name normalisation shared by the importer, the demo data and the directory, so that the same
 * person or institution written two ways (full-width brackets, stray spaces) links to one record.
 */

/** Full-width → half-width (NFKC), no whitespace, one kind of bracket and dash. */
export function normaliseName(s: string | null | undefined): string {
  if (!s) return "";
  return s
    .normalize("NFKC")
    .replace(/[\s\u3000\u00a0]+/g, "")
    .replace(/[〔［【]/g, "(")
    .replace(/[〕］】]/g, ")")
    .replace(/[—–－]/g, "-")
    .replace(/[·•・]/g, "·")
    .toLowerCase();
}

/** The key of an organisation by name. */
export const organisationKey = (name: string) => normaliseName(name);

/**
 * The key that identifies a person across archives: the (pseudonymised) name plus the
 * institution, since one name alone is shared by many people.
 */
export function personIdentityKey(name: string, institution: string | null | undefined): string {
  return `${normaliseName(name)}|${normaliseName(institution)}`;
}
