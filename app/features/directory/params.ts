/** The directory's URL (a GET form, so it works before JavaScript loads): what it asks for. */
export type DirectoryTab = "experts" | "organisations";

export type DirectoryParams = {
  tab: DirectoryTab;
  q: string;
  discipline: string;
  thinkTankType: string;
  region: string;
  kind: string;
  includeArchive: boolean;
  /** experts of one organisation (from its page's "all experts" link) */
  organisationId: number | null;
  page: number;
};

export function parseDirectoryParams(sp: URLSearchParams): DirectoryParams {
  const text = (k: string, max = 60) => (sp.get(k) ?? "").trim().slice(0, max);
  const page = Number.parseInt(sp.get("page") ?? "1", 10);
  return {
    tab: sp.get("tab") === "organisations" ? "organisations" : "experts",
    q: text("q", 100),
    discipline: text("discipline"),
    thinkTankType: text("type"),
    region: text("region"),
    kind: text("kind"),
    includeArchive: sp.get("archive") === "1",
    organisationId: /^\d{1,9}$/.test(sp.get("org") ?? "") ? Number(sp.get("org")) : null,
    page: Number.isFinite(page) && page > 0 ? Math.min(page, 10_000) : 1,
  };
}

/** The URL of the directory with these parameters (empty ones left out). */
export function directoryHref(p: Partial<DirectoryParams>): string {
  const sp = new URLSearchParams();
  if (p.tab && p.tab !== "experts") sp.set("tab", p.tab);
  if (p.q) sp.set("q", p.q);
  if (p.discipline) sp.set("discipline", p.discipline);
  if (p.thinkTankType) sp.set("type", p.thinkTankType);
  if (p.region) sp.set("region", p.region);
  if (p.kind) sp.set("kind", p.kind);
  if (p.includeArchive) sp.set("archive", "1");
  if (p.organisationId) sp.set("org", String(p.organisationId));
  if (p.page && p.page > 1) sp.set("page", String(p.page));
  const s = sp.toString();
  return s ? `/directory?${s}` : "/directory";
}
