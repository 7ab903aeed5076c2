import { apiLoader } from "~/features/api/api.server";
import { readTopic } from "~/features/topics/api.server";

/** GET /api/v1/topics/:id — one topic with its history, for its organisation and the management office. */
export const loader = apiLoader(({ params, db, actor }) => ({ data: readTopic(db, actor, Number(params.id)) }));
