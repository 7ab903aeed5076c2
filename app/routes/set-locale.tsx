import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { users } from "#db/schema";
import { getViewer } from "~/features/auth/guards.server";
import { DEFAULT_LOCALE, SUPPORTED_LOCALES } from "~/i18n/config";
import { localeCookie } from "~/i18n/i18next.server";
import { safeRedirect } from "~/lib/redirect";
import { db } from "~/lib/db.server";

/** Switches the interface language; remembered in a cookie and, when signed in, on the account. */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const requested = String(form.get("locale") ?? "");
  const locale = (SUPPORTED_LOCALES as readonly string[]).includes(requested) ? requested : DEFAULT_LOCALE;
  const viewer = getViewer(request, context);
  if (viewer.user) db().update(users).set({ locale }).where(eq(users.id, viewer.user.id)).run();
  return redirect(safeRedirect(form.get("redirectTo")), { headers: { "Set-Cookie": await localeCookie.serialize(locale) } });
}

export const loader = () => redirect("/");
