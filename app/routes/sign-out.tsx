import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { signOut } from "~/features/auth/account.server";
import { getViewer } from "~/features/auth/guards.server";
import { blankSessionCookie } from "~/features/auth/session.server";
import { db } from "~/lib/db.server";

/** POST only: ends this browser's session and clears the cookie. */
export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = getViewer(request, context);
  if (viewer.user && viewer.sessionId) signOut({ db: db(), actor: viewer.actor }, { sessionId: viewer.sessionId });
  return redirect("/sign-in?signedOut=1", { headers: { "Set-Cookie": blankSessionCookie() } });
}

export const loader = () => redirect("/");
