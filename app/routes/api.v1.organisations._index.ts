import { apiList, apiLoader, parsePagination } from "~/features/api/api.server";
import { listOrganisations } from "~/features/api/resources.server";

export const loader = apiLoader(({ url, db }) => {
  const pg = parsePagination(url.searchParams);
  return apiList(listOrganisations(db, url.searchParams, pg), pg);
});
