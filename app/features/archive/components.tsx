import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** A report reason is stored as "中文 / English"; show the half that matches the interface language. */
export function localised(text: string, locale: string): string {
  const at = text.indexOf(" / ");
  if (at < 0) return text;
  return locale.startsWith("zh") ? text.slice(0, at) : text.slice(at + 3);
}

export function Pagination({ page, pages, href }: { page: number; pages: number; href: (page: number) => string }) {
  const { t } = useTranslation("archive");
  if (pages <= 1) return null;
  return (
    <nav aria-label={t("pagination.label")} className="mt-4 flex items-center justify-between gap-2 text-sm">
      {page > 1 ? (
        <Link to={href(page - 1)} rel="prev" className="btn-secondary">
          {t("pagination.prev")}
        </Link>
      ) : (
        <span />
      )}
      <span aria-current="page">{t("pagination.page", { page, pages })}</span>
      {page < pages ? (
        <Link to={href(page + 1)} rel="next" className="btn-secondary">
          {t("pagination.next")}
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}

/** One term and its value in a description list; an empty value shows a dash. */
export function Field({ label, children }: { label: string; children: React.ReactNode }) {
  const empty = children == null || children === "" || (Array.isArray(children) && children.length === 0);
  return (
    <div className="grid grid-cols-[9rem_1fr] gap-2 border-b border-slate-100 py-2 text-sm">
      <dt className="text-slate-500">{label}</dt>
      <dd className="text-slate-900">{empty ? "—" : children}</dd>
    </div>
  );
}
