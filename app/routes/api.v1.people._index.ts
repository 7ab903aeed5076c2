import { apiList, apiLoader, parsePagination } from "~/features/api/api.server";
import { listPeople } from "~/features/api/resources.server";

export const loader = apiLoader(({ url, actor, db }) => {
  const pg = parsePagination(url.searchParams);
  return apiList(listPeople(db, actor, url.searchParams, pg), pg);
});
