import type { Db } from "#db/client";
import { seedDemoOnStartup } from "#db/seed/index";
import { startAuthHousekeeping } from "~/features/auth/housekeeping.server";
import { hashPassword } from "~/features/auth/password.server";
import { startMailWorker } from "~/features/mail/outbox.server";
import { startSearchSync } from "~/features/search/sync.server";

/**
 * Start-up steps, in order. Each capability that needs one registers it here (demo data, outbox
 * workers), so `boot` reads as the list of what happens when the portal starts.
 */
export async function runStartup(db: Db): Promise<void> {
  void db;
  // demo data into an empty database, unless SEED_DEMO=false
  const seeded = await seedDemoOnStartup(db, { hashPassword });
  if (seeded.seeded) console.log(`demo data loaded in ${seeded.ms} ms: ${JSON.stringify(seeded.counts)}`);
  // mail: drained after every commit and on an interval; without SMTP_URL it stays in /dev/mail
  startMailWorker(db);
  // expired sessions and stale sign-in failure counts, every ten minutes
  startAuthHousekeeping(db);
  // search: the outbox drained into the index(es) after every commit and on an interval
  startSearchSync(db);
}
