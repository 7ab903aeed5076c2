import type { OrgRole } from "#db/schema";
import { TIME_ZONE } from "~/i18n/config";
import type { MailMessage } from "./outbox.server";

/** Every mail is written in Chinese first, then English, so it reads right whatever the recipient's setting. */
const SITE = { zh: "智库咨政协同平台", en: "Think-Tank Decision-Consultation Portal" };
const ROLE_NAMES: Record<OrgRole, { zh: string; en: string }> = {
  admin: { zh: "管理员", en: "administrator" },
  member: { zh: "成员", en: "member" },
  reviewer: { zh: "审核员", en: "reviewer" },
};

const at = (d: Date, locale: "zh-CN" | "en") =>
  `${new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, dateStyle: "medium", timeStyle: "short" }).format(d)}${locale === "en" ? " (Beijing time)" : "（北京时间）"}`;

const footer = `\n--\n${SITE.zh} / ${SITE.en}\n此邮件由系统自动发送，请勿直接回复。 / This message was sent automatically; please do not reply.`;

export function invitationMail(p: { to: string; organisationName: string; role: OrgRole; inviterName: string | null; link: string; expiresAt: Date }): MailMessage {
  const role = ROLE_NAMES[p.role];
  const by = p.inviterName ? { zh: `${p.inviterName}邀请您`, en: `${p.inviterName} invites you` } : { zh: "您被邀请", en: "You are invited" };
  return {
    to: p.to,
    subject: `邀请您加入「${p.organisationName}」 / Invitation to join ${p.organisationName}`,
    text: [
      `您好：`,
      ``,
      `${by.zh}以「${role.zh}」身份加入${SITE.zh}上的「${p.organisationName}」。`,
      `请打开以下链接接受邀请并设置密码：`,
      p.link,
      `链接只能使用一次，有效期至 ${at(p.expiresAt, "zh-CN")}。如果您不认识邀请人，请忽略此邮件。`,
      ``,
      `Hello,`,
      ``,
      `${by.en} to join "${p.organisationName}" on the ${SITE.en} as ${role.en === "administrator" ? "an" : "a"} ${role.en}.`,
      `Open this link to accept and set your password:`,
      p.link,
      `The link works once and expires on ${at(p.expiresAt, "en")}. If you do not know who invited you, ignore this message.`,
      footer,
    ].join("\n"),
  };
}

export function passwordResetMail(p: { to: string; link: string; expiresAt: Date }): MailMessage {
  return {
    to: p.to,
    subject: `重设密码 / Reset your password`,
    text: [
      `您好：`,
      ``,
      `有人（希望是您本人）请求重设您在${SITE.zh}的密码。请打开以下链接设置新密码：`,
      p.link,
      `链接只能使用一次，有效期至 ${at(p.expiresAt, "zh-CN")}。重设后，您在所有设备上的登录都将退出。如果不是您本人操作，请忽略此邮件，您的密码不会改变。`,
      ``,
      `Hello,`,
      ``,
      `Someone (we hope you) asked to reset your password on the ${SITE.en}. Open this link to set a new one:`,
      p.link,
      `The link works once and expires on ${at(p.expiresAt, "en")}. Resetting signs you out on every device. If this was not you, ignore this message; your password stays as it is.`,
      footer,
    ].join("\n"),
  };
}
