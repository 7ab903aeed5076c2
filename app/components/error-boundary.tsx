import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** The one error page: a message per status, in the reader's language. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const known = [401, 403, 404].includes(status) ? String(status) : "500";
  if (!isRouteErrorResponse(error)) console.error(error);
  return (
    <div className="card mx-auto max-w-xl text-center" role="alert">
      <h1 className="mb-2">{t("errors.title")}</h1>
      <p className="mb-1 text-slate-700">{t(`errors.${known}`)}</p>
      <p className="mb-4 text-sm text-slate-500">HTTP {status}</p>
      <Link to="/" className="btn-primary">
        {t("errors.back")}
      </Link>
    </div>
  );
}
