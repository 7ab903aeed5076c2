import { describe } from "vitest";
import { MeilisearchEngine, meiliOptionsFromEnv } from "#search/meilisearch/engine";
import { describeEngineBehaviour } from "#search/testing/behaviour";

/**
 * The search behaviour suite against a real Meilisearch, when one is given:
 *   MEILI_URL=http://127.0.0.1:7700 MEILI_ADMIN_KEY=… npx vitest run tests/integration/search-meilisearch-live.test.ts
 * Without MEILI_URL this file does not run (the adapter is covered against the local double in
 * search-meilisearch.test.ts). Each run uses its own index and deletes it afterwards.
 */
describe.runIf(process.env.MEILI_URL)("a real Meilisearch (MEILI_URL)", () => {
  describeEngineBehaviour("meilisearch", async () => {
    const opts = meiliOptionsFromEnv()!;
    const engine = new MeilisearchEngine({ ...opts, indexUid: `portal_test_${process.pid}_${Date.now()}`, taskPollMs: 20, queryTimeoutMs: 5000 });
    return { engine, cleanup: () => engine.dropIndex() };
  });
});
