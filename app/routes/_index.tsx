import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { and, count, eq } from "drizzle-orm";
import { useTranslation } from "react-i18next";
import { organisations, people, projects } from "#db/schema";
import { formatNumber } from "~/i18n/format";
import { db } from "~/lib/db.server";

export const meta: MetaFunction = () => [{ title: "智库咨政协同平台" }];

export async function loader(_: LoaderFunctionArgs) {
  const d = db();
  const orgs = d.select({ n: count() }).from(organisations).where(eq(organisations.partner, true)).get()?.n ?? 0;
  // only experts who agreed to the public directory: the home page is public
  const experts = d.select({ n: count() }).from(people).where(and(eq(people.source, "portal"), eq(people.publicConsent, true))).get()?.n ?? 0;
  const archived = d.select({ n: count() }).from(projects).get()?.n ?? 0;
  return { stats: { organisations: orgs, experts, projects: archived } };
}

const SECTIONS = [
  { to: "/needs", key: "needs", zh: "部门发布决策需求，智库与专家献策", en: "Departments ask, think tanks answer" },
  { to: "/topics", key: "topics", zh: "选题汇聚、查重、整合与统一发布", en: "One pool of topics, checked, bundled, published" },
  { to: "/projects", key: "projects", zh: "国家社科基金等资助项目档案", en: "Archive of funded projects" },
  { to: "/meetings", key: "meetings", zh: "决策咨询联席会议", en: "Joint consultation meetings" },
  { to: "/databases", key: "databases", zh: "专题数据库授权共享", en: "Thematic databases, shared with authorised access" },
  { to: "/directory", key: "directory", zh: "智库机构与专家名录", en: "Directory of think tanks and experts" },
] as const;

export default function Home() {
  const { stats } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== "en";
  return (
    <div className="space-y-8">
      <section className="rounded-lg bg-gradient-to-r from-brand-800 to-brand-600 p-8 text-white">
        <h1 className="mb-3 text-3xl font-bold text-white">{t("home.heroTitle")}</h1>
        <p className="max-w-3xl leading-7 text-brand-50">{t("home.heroBody")}</p>
        <dl className="mt-6 grid max-w-xl grid-cols-3 gap-4">
          {(["organisations", "experts", "projects"] as const).map((k) => (
            <div key={k}>
              <dt className="text-sm text-brand-100">{t(`home.stats.${k}`)}</dt>
              <dd className="text-2xl font-semibold">{formatNumber(stats[k], i18n.language)}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="sections-heading">
        <h2 id="sections-heading" className="mb-3">
          {t("home.sections")}
        </h2>
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {SECTIONS.map((s) => (
            <li key={s.key}>
              <Link to={s.to} className="card block h-full no-underline hover:border-brand-600 hover:no-underline">
                <span className="block text-lg font-semibold text-brand-700">{t(`nav.${s.key}`)}</span>
                <span className="mt-1 block text-sm text-slate-600">{zh ? s.zh : s.en}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
