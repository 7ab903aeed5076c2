import { apiList, apiLoader, parsePagination } from "~/features/api/api.server";
import { listCallsFor } from "~/features/topics/api.server";

/** GET /api/v1/calls — published calls (drafts too for the management office). */
export const loader = apiLoader(({ url, db, actor }) => {
  const pg = parsePagination(url.searchParams);
  return apiList(listCallsFor(db, actor, pg), pg);
});
