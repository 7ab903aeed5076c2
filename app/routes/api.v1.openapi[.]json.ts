import { apiJson, apiLoader } from "~/features/api/api.server";
import { openApiDocument } from "~/features/api/openapi";

export const loader = apiLoader(() => apiJson(openApiDocument, { headers: { "Cache-Control": "public, max-age=300" } }));
