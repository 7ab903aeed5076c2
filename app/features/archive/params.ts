import { FUNDERS, type Funder } from "#db/schema/archive";

/**
 * The archive list's GET parameters. A filter form in the address bar is typed by people and
 * shared as links, so a value that makes no sense is dropped rather than refused.
 */
export const SORTS = ["year_desc", "year_asc", "title", "pi"] as const;
export type Sort = (typeof SORTS)[number];

export type ProjectFilters = {
  q: string;
  funder: Funder | "";
  yearFrom: number | null;
  yearTo: number | null;
  discipline: string;
  category: string;
  institution: string;
  province: string;
  grade: string;
  sort: Sort;
  page: number;
};

export const PAGE_SIZE = 20;

const text = (v: string | null, max = 100) => (v ?? "").trim().slice(0, max);
const year = (v: string | null) => {
  const n = Number((v ?? "").trim());
  return v && Number.isInteger(n) && n >= 1900 && n <= 2100 ? n : null;
};

export function parseProjectFilters(sp: URLSearchParams): ProjectFilters {
  const funder = text(sp.get("funder"));
  const sort = text(sp.get("sort"));
  const page = Number(sp.get("page"));
  let yearFrom = year(sp.get("from"));
  let yearTo = year(sp.get("to"));
  if (yearFrom && yearTo && yearFrom > yearTo) [yearFrom, yearTo] = [yearTo, yearFrom];
  return {
    q: text(sp.get("q"), 200),
    funder: (FUNDERS as readonly string[]).includes(funder) ? (funder as Funder) : "",
    yearFrom,
    yearTo,
    discipline: text(sp.get("discipline")),
    category: text(sp.get("category")),
    institution: text(sp.get("institution")),
    province: text(sp.get("province")),
    grade: text(sp.get("grade")),
    sort: (SORTS as readonly string[]).includes(sort) ? (sort as Sort) : "year_desc",
    page: Number.isInteger(page) && page > 1 ? Math.min(page, 100_000) : 1,
  };
}

/** The address of the list with these filters (empty ones left out), e.g. for pagination links. */
export function projectsHref(f: Partial<ProjectFilters>): string {
  const sp = new URLSearchParams();
  const put = (k: string, v: string | number | null | undefined) => {
    if (v != null && v !== "") sp.set(k, String(v));
  };
  put("q", f.q);
  put("funder", f.funder);
  put("from", f.yearFrom);
  put("to", f.yearTo);
  put("discipline", f.discipline);
  put("category", f.category);
  put("institution", f.institution);
  put("province", f.province);
  put("grade", f.grade);
  if (f.sort && f.sort !== "year_desc") put("sort", f.sort);
  if (f.page && f.page > 1) put("page", f.page);
  const s = sp.toString();
  return s ? `/projects?${s}` : "/projects";
}
