import { eq } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { users } from "#db/schema";
import { queueMail } from "~/features/mail/outbox.server";
import { addNotifications } from "~/features/notifications/notify.server";

/** What happened to a topic that its author hears about, in both languages. */
const KINDS = {
  returned: { zh: "已退回修改", en: "was returned for revision" },
  accepted: { zh: "已通过审核", en: "was accepted" },
  rejected: { zh: "未予采纳", en: "was not accepted" },
  merged: { zh: "已并入打包课题", en: "was merged into a bundled topic" },
  unmerged: { zh: "的合并已撤销", en: "is no longer merged" },
  published: { zh: "已在课题指南中发布", en: "was published in a call" },
} as const;
export type NoticeKind = keyof typeof KINDS;

const siteUrl = () => (process.env.PUBLIC_URL ?? process.env.APP_URL ?? "").replace(/\/$/, "");

/**
 * Tells a topic's author in the portal and by e-mail, inside the caller's transaction, so a
 * rolled-back decision notifies nobody.
 */
export function notifyAuthor(tx: DbOrTx, p: { userId: number | null; kind: NoticeKind; topicId: number; title: string; note?: string; link?: string }, now: Date): void {
  if (p.userId == null) return;
  const user = tx.select({ email: users.email, disabledAt: users.disabledAt }).from(users).where(eq(users.id, p.userId)).get();
  if (!user) return;
  const k = KINDS[p.kind];
  const link = p.link ?? `/topics/${p.topicId}`;
  const heading = `选题「${p.title}」${k.zh} / Your topic "${p.title}" ${k.en}`;
  addNotifications(
    tx,
    [p.userId],
    { kind: `topic.${p.kind}`, title: { zh: `选题「${p.title}」${k.zh}`, en: `Your topic "${p.title}" ${k.en}` }, body: p.note ?? "", link, subject: { type: "topic", id: p.topicId } },
    now,
  );
  if (user.disabledAt) return;
  queueMail(
    tx,
    {
      to: user.email,
      subject: heading.length > 180 ? `${heading.slice(0, 177)}…` : heading,
      text: [
        `您好：`,
        ``,
        `您提交的选题「${p.title}」${k.zh}。`,
        ...(p.note ? [`意见：${p.note}`] : []),
        `查看：${siteUrl()}${link}`,
        ``,
        `Hello,`,
        ``,
        `Your topic "${p.title}" ${k.en}.`,
        ...(p.note ? [`Comment: ${p.note}`] : []),
        `See: ${siteUrl()}${link}`,
        ``,
        `--`,
        `智库咨政协同平台 / Think-Tank Decision-Consultation Portal`,
        `此邮件由系统自动发送，请勿直接回复。 / This message was sent automatically; please do not reply.`,
      ].join("\n"),
    },
    now,
  );
}
