import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { adminPagesFor } from "~/features/admin/hub.server";
import { requireUser } from "~/features/auth/guards.server";

export const handle = { i18n: ["admin"] };
export const meta: MetaFunction = () => [{ title: "管理 · 智库咨政协同平台" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireUser(request, context);
  return { pages: adminPagesFor(viewer.actor) };
}

export default function AdminHub() {
  const { pages } = useLoaderData<typeof loader>();
  const { t } = useTranslation("admin");
  return (
    <div className="space-y-6">
      <header>
        <h1 className="mb-2">{t("title")}</h1>
        <p className="text-slate-600">{pages.length ? t("hubIntro") : t("hubEmpty")}</p>
      </header>
      {pages.length > 0 && (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {pages.map((p) => (
            <li key={p.key}>
              <Link to={p.to} className="card block h-full no-underline hover:border-brand-600 hover:no-underline">
                <span className="block text-lg font-semibold text-brand-700">{t(`pages.${p.key}.title`)}</span>
                <span className="mt-1 block text-sm text-slate-600">{t(`pages.${p.key}.body`)}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
