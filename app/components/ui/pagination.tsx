import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/**
 * Previous / next around "page N of M"; nothing when everything fits on one page. Links by
 * default; with `formAction`, submit buttons of the enclosing GET form instead, so what the form
 * holds (ticked boxes) travels to the next page.
 */
export function Pagination({ page, pages, href, formAction }: { page: number; pages: number; href: (page: number) => string; formAction?: string }) {
  const { t } = useTranslation();
  if (pages <= 1) return null;
  const step = (n: number, rel: "prev" | "next", label: string) =>
    formAction ? (
      <button type="submit" formAction={formAction} formMethod="get" name="page" value={n} className="btn-secondary">
        {label}
      </button>
    ) : (
      <Link to={href(n)} rel={rel} className="btn-secondary">
        {label}
      </Link>
    );
  return (
    <nav aria-label={t("pagination.label")} className="mt-4 flex items-center justify-between gap-2 text-sm">
      {page > 1 ? step(page - 1, "prev", t("pagination.prev")) : <span />}
      <span aria-current="page">{t("pagination.page", { page, pages })}</span>
      {page < pages ? step(page + 1, "next", t("pagination.next")) : <span />}
    </nav>
  );
}
