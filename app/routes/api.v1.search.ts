import { apiLoader, parsePagination } from "~/features/api/api.server";
import { parseSearchParams, searchPortal } from "~/features/search/portal.server";

export const loader = apiLoader(async ({ url, db, actor }) => {
  const pg = parsePagination(url.searchParams);
  const params = { ...parseSearchParams(url.searchParams), page: pg.page };
  const r = await searchPortal(db, actor, params, pg.pageSize);
  return { data: r.hits, page: pg.page, pageSize: pg.pageSize, total: r.total, facets: r.facets, engine: r.engine, degraded: r.degraded };
});
