import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/features/auth/guards.server";
import { listMail, mailConfig } from "~/features/mail/outbox.server";
import { formatDateTime } from "~/i18n/format";
import { getLocale } from "~/i18n/i18next.server";
import { db } from "~/lib/db.server";

export const meta: MetaFunction = () => [{ title: "开发邮箱 / Development inbox · 智库咨政协同平台" }];
export const handle = { i18n: ["auth"] };

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(request, context, "read:mail:dev");
  return {
    smtp: Boolean(mailConfig().smtpUrl),
    mails: listMail(db()).map((m) => ({
      id: m.id,
      to: m.to,
      subject: m.subject,
      text: m.text,
      createdAt: m.createdAt.toISOString(),
      sentAt: m.sentAt?.toISOString() ?? null,
      attempts: m.attempts,
      lastError: m.lastError,
    })),
    locale: await getLocale(request),
  };
}

/** Plain text with its links made clickable (no HTML from the mail is ever rendered). */
function Linkified({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return (
    <>
      {parts.map((p, i) =>
        /^https?:\/\//.test(p) ? (
          <a key={i} href={p} className="break-all">
            {p}
          </a>
        ) : (
          <Fragment key={i}>{p}</Fragment>
        ),
      )}
    </>
  );
}

export default function DevMail() {
  const { smtp, mails, locale } = useLoaderData<typeof loader>();
  const { t } = useTranslation("auth");
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <header>
        <h1 className="mb-1">{t("devMail.title")}</h1>
        <p className="text-sm text-slate-600">{smtp ? t("devMail.smtp") : t("devMail.intro")}</p>
      </header>
      {mails.length === 0 ? <p className="card text-sm text-slate-600">{t("devMail.empty")}</p> : null}
      <ol className="space-y-4">
        {mails.map((m) => (
          <li key={m.id}>
            <article className="card" aria-labelledby={`mail-${m.id}`}>
              <header className="mb-3 flex flex-wrap items-start justify-between gap-2 border-b border-slate-100 pb-3">
                <div>
                  <h2 id={`mail-${m.id}`} className="text-base">
                    {m.subject}
                  </h2>
                  <p className="text-sm text-slate-600">
                    {t("devMail.to")}: <span className="break-all">{m.to}</span>
                  </p>
                </div>
                <div className="text-right text-xs text-slate-500">
                  <div>{formatDateTime(m.createdAt, locale)}</div>
                  <div className="mt-1">
                    {m.sentAt ? (
                      <span className="tag bg-emerald-50 text-emerald-800">{t("devMail.sent")}</span>
                    ) : m.attempts > 0 ? (
                      <span className="tag bg-red-50 text-accent-700" title={m.lastError ?? undefined}>
                        {t("devMail.failed", { count: m.attempts })}
                      </span>
                    ) : (
                      <span className="tag">{t("devMail.queued")}</span>
                    )}
                  </div>
                </div>
              </header>
              <pre className="whitespace-pre-wrap break-words font-sans text-sm leading-6 text-slate-800">
                <Linkified text={m.text} />
              </pre>
            </article>
          </li>
        ))}
      </ol>
    </div>
  );
}
