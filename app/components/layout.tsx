import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { RootUser } from "~/root";

const SECTIONS = [
  { to: "/needs", key: "needs" },
  { to: "/topics", key: "topics" },
  { to: "/projects", key: "projects" },
  { to: "/meetings", key: "meetings" },
  { to: "/databases", key: "databases" },
  { to: "/directory", key: "directory" },
] as const;

export function SiteHeader({ user, locale }: { user: RootUser | null; locale: string }) {
  const { t } = useTranslation();
  const location = useLocation();
  const back = location.pathname + location.search;
  const other = locale === "zh-CN" ? "en" : "zh-CN";
  return (
    <header className="border-b-4 border-accent-600 bg-brand-800 text-white">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-brand-800">
        {t("skipToContent")}
      </a>
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-4 px-4 py-3">
        <Link to="/" className="flex items-center gap-2 text-lg font-bold text-white no-underline hover:no-underline">
          <span aria-hidden="true" className="inline-block h-7 w-7 rounded bg-accent-600 text-center leading-7">
            智
          </span>
          {t("siteName")}
        </Link>
        <Form method="get" action="/search" role="search" className="order-3 flex w-full flex-1 sm:order-none sm:w-auto">
          <label htmlFor="site-search" className="sr-only">
            {t("search.label")}
          </label>
          <input id="site-search" name="q" type="search" placeholder={t("search.placeholder")} className="w-full min-w-0 rounded-l-md border-0 px-3 py-1.5 text-sm text-slate-900" />
          <button type="submit" className="shrink-0 whitespace-nowrap rounded-r-md bg-accent-600 px-4 text-sm hover:bg-accent-700">
            {t("search.submit")}
          </button>
        </Form>
        <div className="ml-auto flex items-center gap-3 text-sm">
          <Form method="post" action="/set-locale">
            <input type="hidden" name="locale" value={other} />
            <input type="hidden" name="redirectTo" value={back} />
            <button type="submit" className="rounded border border-white/40 px-2 py-1 hover:bg-white/10" lang={other} aria-label={t("language.switchToLabel")}>
              {t("language.switchTo")}
            </button>
          </Form>
          {user ? (
            <>
              {user.administers ? (
                <Link to="/admin" className="text-white">
                  {t("account.admin")}
                </Link>
              ) : null}
              <NotificationsBadge count={user.unreadNotifications} />
              <Link to="/account" className="text-white">
                {user.displayName}
              </Link>
              <Form method="post" action="/sign-out">
                <button type="submit" className="rounded bg-white/10 px-2 py-1 hover:bg-white/20">
                  {t("account.signOut")}
                </button>
              </Form>
            </>
          ) : (
            <Link to={`/sign-in?redirectTo=${encodeURIComponent(back)}`} className="rounded bg-white px-3 py-1 font-medium text-brand-800 no-underline hover:no-underline">
              {t("account.signIn")}
            </Link>
          )}
        </div>
      </div>
      <nav aria-label={t("nav.main")} className="bg-brand-900">
        <ul className="mx-auto flex max-w-6xl flex-wrap gap-1 px-4">
          {SECTIONS.map((s) => (
            <li key={s.key}>
              <NavLink
                to={s.to}
                className={({ isActive }) =>
                  `block px-3 py-2 text-sm text-white no-underline hover:bg-white/10 hover:no-underline ${isActive ? "bg-white/15 font-semibold" : ""}`
                }
              >
                {t(`nav.${s.key}`)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}

/** The bell in the header: the unread count, spoken in full to screen readers. */
function NotificationsBadge({ count }: { count: number }) {
  const { t } = useTranslation("notifications");
  return (
    <Link to="/notifications" className="relative inline-flex items-center gap-1 text-white" aria-label={count > 0 ? t("badgeLabel", { count }) : t("badgeLabelNone")} data-testid="notifications-badge">
      <span aria-hidden="true">{t("badge")}</span>
      {count > 0 ? (
        <span aria-hidden="true" className="min-w-[1.25rem] rounded-full bg-accent-600 px-1.5 text-center text-xs font-semibold leading-5 text-white">
          {count > 99 ? "99+" : count}
        </span>
      ) : null}
    </Link>
  );
}

export function SiteFooter() {
  const { t } = useTranslation();
  return (
    <footer className="mt-8 border-t border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap gap-4 px-4 py-6 text-sm text-slate-600">
        <span>© {t("siteName")}</span>
        <Link to="/pages/about">{t("footer.about")}</Link>
        <Link to="/pages/help">{t("footer.help")}</Link>
        <Link to="/pages/privacy">{t("footer.privacy")}</Link>
        <Link to="/api">{t("footer.api")}</Link>
      </div>
    </footer>
  );
}
