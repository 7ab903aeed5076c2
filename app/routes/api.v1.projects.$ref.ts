import { apiLoader } from "~/features/api/api.server";
import { getProject } from "~/features/api/resources.server";

export const loader = apiLoader(({ params, url, db }) => ({ data: getProject(db, params.ref ?? "", url.searchParams.get("funder")) }));
