import { createCookie } from "@remix-run/node";
import { RemixI18Next } from "remix-i18next/server";
import { DEFAULT_LOCALE, i18nConfig, SUPPORTED_LOCALES, type Locale } from "./config";
import { resources } from "./resources";

export const localeCookie = createCookie("lng", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

/** Simplified Chinese unless the person chose otherwise (cookie or ?lng=); the browser's language is not guessed. */
export const i18next = new RemixI18Next({
  detection: {
    supportedLanguages: [...SUPPORTED_LOCALES],
    fallbackLanguage: DEFAULT_LOCALE,
    cookie: localeCookie,
    order: ["searchParams", "cookie"],
  },
  i18next: { ...i18nConfig, resources },
});

export async function getLocale(request: Request): Promise<Locale> {
  const l = await i18next.getLocale(request);
  return (SUPPORTED_LOCALES as readonly string[]).includes(l) ? (l as Locale) : DEFAULT_LOCALE;
}
