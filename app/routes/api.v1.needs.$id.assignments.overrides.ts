import { apiAction } from "~/features/api/api.server";
import { idParam } from "~/features/api/resources.server";
import { apiOverrideAssignment } from "~/features/needs/api.server";

const NEED = { zh: "决策需求", en: "need" };

/** POST { op: "add" | "remove", proposalId, personId, reason }: a hand change to the assignment, with its reason. */
export const action = apiAction(async ({ params, actor, db, request }) => {
  const body = (await request.json().catch(() => ({}))) as Record<
    string,
    unknown
  >;
  return {
    data: apiOverrideAssignment(db, actor, idParam(params.id, NEED), body),
  };
});
