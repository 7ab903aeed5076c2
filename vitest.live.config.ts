import { defineConfig } from "vitest/config";
import base from "./vitest.config";

/** `npm run test:meili`: the search behaviour suite against a real Meilisearch at MEILI_URL. */
export default defineConfig({ ...base, test: { ...base.test, include: ["tests/live/**/*.live.test.ts"] } });
