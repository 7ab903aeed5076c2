import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** Previous / next links around "page N of M"; nothing when everything fits on one page. */
export function Pagination({ page, pages, href }: { page: number; pages: number; href: (page: number) => string }) {
  const { t } = useTranslation();
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
