import type { Db } from "#db/client";

/**
 * Start-up steps, in order. Each capability that needs one registers it here (demo data, outbox
 * workers), so `boot` reads as the list of what happens when the portal starts.
 */
export async function runStartup(db: Db): Promise<void> {
  void db;
}
