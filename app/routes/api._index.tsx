import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { openApiDocument } from "~/features/api/openapi";

export const handle = { i18n: ["api"] };
export const meta: MetaFunction = () => [{ title: "开放接口 · 智库咨政协同平台" }];

export async function loader(_: LoaderFunctionArgs) {
  const endpoints = Object.entries(openApiDocument.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, summary: op?.summary ?? "" })),
  );
  return { endpoints };
}

export default function ApiPage() {
  const { endpoints } = useLoaderData<typeof loader>();
  const { t } = useTranslation("api");
  return (
    <div className="max-w-4xl space-y-6">
      <header>
        <h1 className="mb-2">{t("title")}</h1>
        <p className="leading-7 text-slate-700">{t("intro")}</p>
      </header>
      <section className="card space-y-3 leading-7">
        <p>{t("anonymous")}</p>
        <p>{t("tokens")}</p>
        <pre className="overflow-x-auto rounded bg-slate-900 p-3 text-sm text-slate-100">
          <code>Authorization: Bearer zk_…</code>
        </pre>
        <p>{t("masking")}</p>
        <p>{t("envelope")}</p>
        <p className="flex flex-wrap gap-3">
          <a href="/api/v1/openapi.json" className="btn-primary">
            {t("spec")}
          </a>
          <Link to="/admin/api-tokens" className="btn-secondary">
            {t("manageTokens")}
          </Link>
        </p>
      </section>
      <section aria-labelledby="endpoints-heading">
        <h2 id="endpoints-heading" className="mb-2">
          {t("endpoints")}
        </h2>
        <ul className="card divide-y divide-slate-100 p-0">
          {endpoints.map((e) => (
            <li key={`${e.method} ${e.path}`} className="flex flex-wrap items-baseline gap-3 px-5 py-2">
              <span className="tag font-mono">{e.method}</span>
              <code className="text-sm">{e.path}</code>
              <span className="text-sm text-slate-600">{e.summary}</span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
