import { apiLoader } from "~/features/api/api.server";
import { idParam } from "~/features/api/resources.server";
import { apiGetNeed } from "~/features/needs/api.server";

export const loader = apiLoader(({ params, actor, db }) => ({ data: apiGetNeed(db, actor, idParam(params.id, { zh: "决策需求", en: "need" })) }));
