import { useTranslation } from "react-i18next";

/** A section whose capability is planned but not built yet: says so plainly instead of a dead link. */
export function ComingSoon({ titleKey }: { titleKey: string }) {
  const { t } = useTranslation();
  return (
    <div className="card">
      <h1 className="mb-2">{t(titleKey)}</h1>
      <p className="text-slate-600">{t("comingSoon")}</p>
    </div>
  );
}
