import { apiLoader } from "~/features/api/api.server";
import { getPerson, idParam } from "~/features/api/resources.server";

export const loader = apiLoader(({ params, actor, db }) => ({ data: getPerson(db, actor, idParam(params.id, { zh: "人员", en: "person" })) }));
