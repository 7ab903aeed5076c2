import type { DbOrTx } from "#db/client";
import { notifications } from "#db/schema";
import type { Bilingual } from "~/lib/errors";

/** One notice to put in someone's inbox: what happened, in both languages, and where to look. */
export type Notice = {
  /** e.g. "topic.returned", "need.invited" */
  kind: string;
  title: Bilingual;
  body?: string;
  /** a path inside the portal ("/topics/12") */
  link?: string | null;
  subject?: { type: string; id: number } | null;
};

/**
 * Writes notices inside the caller's transaction, so a rolled-back change tells nobody. E-mail
 * stays with the capability that knows what to say; this is the portal inbox only.
 */
export function addNotifications(tx: DbOrTx, userIds: number[], n: Notice, now: Date): void {
  for (const userId of new Set(userIds)) {
    tx.insert(notifications)
      .values({
        userId,
        kind: n.kind,
        title: n.title.zh,
        titleEn: n.title.en,
        body: n.body ?? "",
        link: n.link ?? null,
        subjectType: n.subject?.type ?? null,
        subjectId: n.subject?.id ?? null,
        createdAt: now,
      })
      .run();
  }
}
