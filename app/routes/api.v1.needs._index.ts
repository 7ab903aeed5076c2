import { apiList, apiLoader, parsePagination } from "~/features/api/api.server";
import { apiListNeeds } from "~/features/needs/api.server";

export const loader = apiLoader(async ({ url, actor, db }) => {
  const pg = parsePagination(url.searchParams);
  return apiList(await apiListNeeds(db, actor, url.searchParams, pg), pg);
});
