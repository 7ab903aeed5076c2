import { apiLoader } from "~/features/api/api.server";
import { readCall } from "~/features/topics/api.server";

/** GET /api/v1/calls/:id — a published call with its topics and versions. */
export const loader = apiLoader(({ params, db, actor }) => ({ data: readCall(db, actor, Number(params.id)) }));
