/** Page sizes of every /api/v1 list; shared by the server code and the OpenAPI document. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
