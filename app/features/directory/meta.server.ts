import { i18next } from "~/i18n/i18next.server";

/** A page title in the reader's language (meta functions cannot translate by themselves). */
export async function directoryTitle(request: Request, key: "directory" | "person" | "organisation", name = ""): Promise<string> {
  const t = await i18next.getFixedT(request, ["directory", "common"]);
  return `${t(`directory:meta.${key}`, { name })} — ${t("common:siteName")}`;
}
