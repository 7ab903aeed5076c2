import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase, setDb, type Db } from "#db/client";

/** A real SQLite file in a fresh temporary folder, migrated; removed by `cleanup`. */
export function createTestDb(): { db: Db; file: string; dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-test-"));
  const file = path.join(dir, "test.sqlite");
  const db = openDatabase(file);
  setDb(db);
  return {
    db,
    file,
    dir,
    cleanup: () => {
      setDb(undefined);
      db.$client.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Where the real archives live, beside the repository. */
export const SHARED_DIR = path.resolve(process.cwd(), "../shared");
