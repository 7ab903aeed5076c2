import { data, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useChangeLanguage } from "remix-i18next/react";
import { GeneralErrorBoundary } from "./components/error-boundary";
import { SiteFooter, SiteHeader } from "./components/layout";
import { adminPagesFor } from "./features/admin/hub.server";
import { getViewer } from "./features/auth/guards.server";
import { unreadCount } from "./features/notifications/queries.server";
import { getLocale } from "./i18n/i18next.server";
import { db } from "./lib/db.server";
import { useNonce } from "./lib/nonce";
import "./lib/context";
import tailwind from "./styles/tailwind.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: tailwind },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const handle = { i18n: ["common"] };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const locale = await getLocale(request);
  const viewer = getViewer(request, context);
  const user = viewer.user
    ? {
        id: viewer.user.id,
        displayName: viewer.user.displayName,
        email: viewer.user.email,
        platformRole: viewer.user.platformRole,
        roles: viewer.actor.kind === "user" ? viewer.actor.memberships.map((m) => ({ organisationId: m.organisationId, role: m.role, kind: m.organisationKind })) : [],
        administers: adminPagesFor(viewer.actor).length > 0,
        // the header badge: one count over the (user, read) index
        unreadNotifications: unreadCount(db(), viewer.user.id),
      }
    : null;
  return data({ locale, user }, viewer.clearCookie ? { headers: { "Set-Cookie": viewer.clearCookie } } : undefined);
}

export type RootUser = NonNullable<Awaited<ReturnType<typeof loader>>["data"]["user"]>;

export function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}

export function Layout({ children }: { children: React.ReactNode }) {
  const root = useRootData();
  const nonce = useNonce();
  const { i18n } = useTranslation();
  const locale = root?.locale ?? "zh-CN";
  useChangeLanguage(locale);
  return (
    <html lang={locale} dir={i18n.dir(locale)}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="flex min-h-screen flex-col font-sans">
        <SiteHeader user={root?.user ?? null} locale={locale} />
        <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6" tabIndex={-1}>
          {children}
        </main>
        <SiteFooter />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
