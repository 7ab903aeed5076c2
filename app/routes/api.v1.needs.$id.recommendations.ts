import { apiLoader } from "~/features/api/api.server";
import { idParam } from "~/features/api/resources.server";
import { apiRecommendations } from "~/features/needs/api.server";

export const loader = apiLoader(async ({ params, actor, db, url }) => ({ data: await apiRecommendations(db, actor, idParam(params.id, { zh: "决策需求", en: "need" }), url.searchParams) }));
