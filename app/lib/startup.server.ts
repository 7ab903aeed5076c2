import type { Db } from "#db/client";
import { startMailWorker } from "~/features/mail/outbox.server";

/**
 * Start-up steps, in order. Each capability that needs one registers it here (demo data, outbox
 * workers), so `boot` reads as the list of what happens when the portal starts.
 */
export async function runStartup(db: Db): Promise<void> {
  void db;
  // mail: drained after every commit and on an interval; without SMTP_URL it stays in /dev/mail
  startMailWorker(db);
}
