/** The global search page's URL parameters: shared by the page and the server. */

export const SEARCH_TYPES = ["project", "person", "organisation"] as const;
export const FACETS = ["type", "funder", "discipline", "province", "grade", "year"] as const;
export const PAGE_SIZE = 20;
export const MAX_Q = 200;

export type SearchParams = {
  q: string;
  type?: string;
  funder?: string;
  discipline?: string;
  province?: string;
  grade?: string;
  yearFrom?: number;
  yearTo?: number;
  page: number;
};

const year = (v: string | null) => {
  const n = Number(v);
  return v && Number.isInteger(n) && n >= 1900 && n <= 2100 ? n : undefined;
};
const text = (v: string | null, max = 100) => (v ?? "").trim().slice(0, max) || undefined;

/** Reads the query string leniently: a wrong value is ignored, never an error page. */
export function parseSearchParams(params: URLSearchParams): SearchParams {
  const page = Number(params.get("page"));
  return {
    q: (params.get("q") ?? "").trim().slice(0, MAX_Q),
    type: text(params.get("type")),
    funder: text(params.get("funder")),
    discipline: text(params.get("discipline")),
    province: text(params.get("province")),
    grade: text(params.get("grade")),
    yearFrom: year(params.get("yearFrom")),
    yearTo: year(params.get("yearTo")),
    page: Number.isInteger(page) && page >= 1 && page <= 500 ? page : 1,
  };
}

export function searchHref(p: Partial<SearchParams>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) if (v !== undefined && v !== "" && !(k === "page" && v === 1)) sp.set(k, String(v));
  const s = sp.toString();
  return s ? `/search?${s}` : "/search";
}

