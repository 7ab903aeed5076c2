import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Pagination } from "~/components/ui/pagination";
import { requireUser } from "~/features/auth/guards.server";
import { inbox } from "~/features/notifications/queries.server";
import { markAllNotificationsRead, markNotificationRead } from "~/features/notifications/verbs.server";
import { formatDateTime } from "~/i18n/format";
import { db } from "~/lib/db.server";
import { isServiceError } from "~/lib/errors";

export const handle = { i18n: ["notifications"] };
export const meta: MetaFunction = () => [{ title: "通知 / Notifications" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = requireUser(request, context);
  const page = Number(new URL(request.url).searchParams.get("page")) || 1;
  return inbox(db(), user.id, page);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor } = requireUser(request, context);
  const form = await request.formData();
  const page = Number(form.get("page")) || 1;
  try {
    if (form.get("intent") === "readAll") {
      const r = markAllNotificationsRead({ db: db(), actor }, {});
      return redirect(`/notifications?page=${page}&marked=${r.count}`);
    }
    markNotificationRead({ db: db(), actor }, { id: form.get("id") });
    return redirect(`/notifications?page=${page}&marked=one`);
  } catch (e) {
    if (isServiceError(e)) return { formError: e.bilingual };
    throw e;
  }
}

export default function Notifications() {
  const { items, page, pages, unread, total } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation("notifications");
  const en = i18n.language === "en";
  const marked = params.get("marked");
  return (
    <div className="mx-auto max-w-3xl">
      <h1 className="mb-1">{t("heading")}</h1>
      <p className="mb-4 text-sm text-slate-600">{t("intro")}</p>
      {marked != null ? (
        <p role="status" className="mb-4 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900">
          {marked === "one" ? t("markedOne") : Number(marked) > 0 ? t("markedAll", { count: Number(marked) }) : t("markedAllNone")}
        </p>
      ) : null}
      {failed?.formError ? (
        <p role="alert" className="mb-4 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          {en ? failed.formError.en : failed.formError.zh}
        </p>
      ) : null}
      <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm font-medium" data-testid="unread-summary">
          {unread > 0 ? t("unreadSummary", { count: unread }) : t("unreadSummaryNone")}
        </p>
        {unread > 0 ? (
          <Form method="post">
            <input type="hidden" name="page" value={page} />
            <button type="submit" name="intent" value="readAll" className="btn-secondary">
              {t("markAllRead")}
            </button>
          </Form>
        ) : null}
      </div>
      {total === 0 ? (
        <p className="card text-sm">{t("empty")}</p>
      ) : (
        <ol className="space-y-2" aria-label={t("heading")}>
          {items.map((n) => {
            const title = en ? n.titleEn || n.title : n.title;
            return (
              <li key={n.id} className={`card flex flex-wrap items-start gap-3 p-4 ${n.read ? "" : "border-l-4 border-l-accent-600 bg-amber-50/40"}`} data-unread={n.read ? undefined : "true"}>
                <div className="min-w-0 flex-1">
                  <p className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
                    {n.read ? <span>{t("read")}</span> : <span className="rounded bg-accent-600 px-1.5 py-0.5 font-medium text-white">{t("unread")}</span>}
                    {n.subjectType ? <span className="tag">{t(`about.${n.subjectType}`, { defaultValue: n.subjectType })}</span> : null}
                    <time dateTime={n.createdAt}>{formatDateTime(n.createdAt, i18n.language)}</time>
                  </p>
                  <p className={`mt-1 break-words ${n.read ? "" : "font-semibold"}`}>
                    {n.link ? <Link to={`/notifications/${n.id}`}>{title}</Link> : title}
                  </p>
                  {n.body ? <p className="mt-1 whitespace-pre-line break-words text-sm text-slate-700">{n.body}</p> : null}
                </div>
                {!n.read ? (
                  <Form method="post">
                    <input type="hidden" name="id" value={n.id} />
                    <input type="hidden" name="page" value={page} />
                    <button type="submit" name="intent" value="read" className="btn-secondary text-xs" aria-label={`${t("markRead")}: ${title}`}>
                      {t("markRead")}
                    </button>
                  </Form>
                ) : null}
              </li>
            );
          })}
        </ol>
      )}
      <Pagination page={page} pages={pages} href={(p) => `/notifications?page=${p}`} />
    </div>
  );
}
