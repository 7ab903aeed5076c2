import { apiAction, apiLoader } from "~/features/api/api.server";
import { idParam } from "~/features/api/resources.server";
import { apiAssignments, apiSolveAssignments } from "~/features/needs/api.server";

const NEED = { zh: "决策需求", en: "need" };

export const loader = apiLoader(({ params, actor, db }) => ({ data: apiAssignments(db, actor, idParam(params.id, NEED)) }));

/** POST { k, L, minTypes? }: solve and store the reviewer assignment for the need's proposals. */
export const action = apiAction(async ({ params, actor, db, request }) => {
  const body = (await request.json().catch(() => ({}))) as { k?: number; L?: number; minTypes?: number };
  return { data: await apiSolveAssignments(db, actor, idParam(params.id, NEED), body) };
});
