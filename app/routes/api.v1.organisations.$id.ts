import { apiLoader } from "~/features/api/api.server";
import { getOrganisation, idParam } from "~/features/api/resources.server";

export const loader = apiLoader(({ params, actor, db }) => ({ data: getOrganisation(db, actor, idParam(params.id, { zh: "机构", en: "organisation" })) }));
