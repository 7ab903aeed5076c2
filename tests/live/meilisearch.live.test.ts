import { describe, it } from "vitest";
import { MeilisearchEngine, meiliOptionsFromEnv } from "#search/meilisearch/engine";
import { describeEngineBehaviour } from "#search/testing/behaviour";

/**
 * The search behaviour suite against a real Meilisearch, when one is given:
 *   MEILI_URL=http://127.0.0.1:7700 MEILI_ADMIN_KEY=… npm run test:meili
 * It is not part of `npm test` (no Meilisearch can run on every machine; the adapter is covered
 * there against the local double in search-meilisearch.test.ts). Each run uses its own index and
 * deletes it afterwards.
 */
if (!process.env.MEILI_URL) {
  it("needs MEILI_URL: the address of a real Meilisearch to run against", () => {
    throw new Error("Set MEILI_URL (and MEILI_ADMIN_KEY) to run the behaviour suite against a real Meilisearch.");
  });
}

describe.runIf(process.env.MEILI_URL)("a real Meilisearch (MEILI_URL)", () => {
  describeEngineBehaviour("meilisearch", async () => {
    const opts = meiliOptionsFromEnv()!;
    const engine = new MeilisearchEngine({ ...opts, indexUid: `portal_test_${process.pid}_${Date.now()}`, taskPollMs: 20, queryTimeoutMs: 5000 });
    return { engine, cleanup: () => engine.dropIndex() };
  });
});
