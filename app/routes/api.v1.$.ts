import { apiLoader, apiNotFound } from "~/features/api/api.server";

/** Unknown /api/v1 paths answer in the API's error shape, not with the web's HTML 404 page. */
export const loader = apiLoader(() => {
  throw apiNotFound({ zh: "接口", en: "endpoint" });
});
export const action = loader;
