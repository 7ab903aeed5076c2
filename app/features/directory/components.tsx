import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Bilingual } from "~/lib/errors";

/** Labels of taxonomy values: stored in Chinese, translated where a translation exists. */
export function useDirectoryLabels() {
  const { t, i18n } = useTranslation("directory");
  const label = (group: string) => (v: string | null | undefined) => (v ? t(`${group}.${v}`, { defaultValue: v }) : "");
  return {
    t,
    lang: i18n.language,
    kind: label("kind"),
    level: label("level"),
    thinkTankType: label("thinkTankType"),
    discipline: label("discipline"),
    region: label("region"),
    grade: label("grade"),
    funder: label("funder"),
    /** one of a message's two languages, the reader's */
    msg: (b: Bilingual | undefined | null) => (b ? (i18n.language === "en" ? b.en : b.zh) : undefined),
  };
}

export function Tags({ items, label, className = "tag" }: { items: string[]; label?: (v: string) => string; className?: string }) {
  if (items.length === 0) return null;
  return (
    <ul className="flex flex-wrap gap-1.5">
      {items.map((d) => (
        <li key={d} className={className}>
          {label ? label(d) : d}
        </li>
      ))}
    </ul>
  );
}

/** A definition list row that shows nothing when there is no value. */
export function Fact({ term, value }: { term: string; value: React.ReactNode }) {
  if (value == null || value === "") return null;
  return (
    <div className="flex gap-3 border-b border-slate-100 py-2 last:border-0">
      <dt className="w-24 shrink-0 text-sm text-slate-500">{term}</dt>
      <dd className="text-sm text-slate-900">{value}</dd>
    </div>
  );
}

export type ProjectRow = {
  id: number;
  year: number | null;
  funder: string;
  approvalNumber: string;
  title: string;
  grade: string | null;
  category?: string | null;
  piName?: string;
  piPersonId?: number | null;
};

export function ProjectTable({ rows, showPi = false, caption }: { rows: ProjectRow[]; showPi?: boolean; caption: string }) {
  const l = useDirectoryLabels();
  return (
    <div className="overflow-x-auto">
      <table className="table">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="w-16">
              {l.t("projectTable.year")}
            </th>
            <th scope="col" className="min-w-[16rem]">
              {l.t("projectTable.title")}
            </th>
            {showPi ? <th scope="col">{l.t("projectTable.pi")}</th> : null}
            <th scope="col">{l.t("projectTable.funder")}</th>
            <th scope="col" className="whitespace-nowrap">
              {l.t("projectTable.approvalNumber")}
            </th>
            <th scope="col" className="whitespace-nowrap">
              {l.t("projectTable.grade")}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr key={p.id}>
              <td className="tabular-nums text-slate-600">{p.year ?? "—"}</td>
              <td>
                <Link to={`/projects/${p.id}`}>{p.title}</Link>
                {p.category ? <span className="ml-2 text-xs text-slate-500">{p.category}</span> : null}
              </td>
              {showPi ? <td className="whitespace-nowrap">{p.piPersonId ? <Link to={`/people/${p.piPersonId}`}>{p.piName}</Link> : p.piName}</td> : null}
              <td className="text-slate-600">{l.funder(p.funder)}</td>
              <td className="whitespace-nowrap font-mono text-xs text-slate-700">{p.approvalNumber}</td>
              <td>{p.grade ? l.grade(p.grade) : <span className="text-slate-500">{l.t("projectTable.ongoing")}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Breadcrumb({ items }: { items: { to?: string; label: string }[] }) {
  const { t } = useTranslation("directory");
  return (
    <nav aria-label={t("breadcrumbLabel")} className="mb-4 text-sm text-slate-600">
      <ol className="flex flex-wrap items-center gap-1">
        {items.map((it, i) => (
          <li key={i} className="flex items-center gap-1">
            {i > 0 ? <span aria-hidden="true">/</span> : null}
            {it.to ? <Link to={it.to}>{it.label}</Link> : <span aria-current="page">{it.label}</span>}
          </li>
        ))}
      </ol>
    </nav>
  );
}
