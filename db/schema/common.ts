import { integer, text } from "drizzle-orm/sqlite-core";

/** Timestamps are stored as UTC milliseconds; shown in Asia/Shanghai at the edges. */
export const timestamps = {
  createdAt: integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .$defaultFn(() => new Date()),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" })
    .notNull()
    .$defaultFn(() => new Date()),
};

export const jsonArray = (name: string) =>
  text(name, { mode: "json" }).$type<string[]>().notNull().$defaultFn(() => []);
