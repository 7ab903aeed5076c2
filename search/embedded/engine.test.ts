import { createTestDb } from "../../tests/support/db";
import { describeEngineBehaviour } from "../testing/behaviour";
import { EmbeddedEngine } from "./engine";

describeEngineBehaviour("embedded (SQLite FTS5)", async () => {
  const t = createTestDb();
  return { engine: new EmbeddedEngine(t.db.$client), cleanup: t.cleanup };
});
