import { redirect, type AppLoadContext } from "@remix-run/node";
import { appendAudit } from "#db/audit";
import type { Db } from "#db/client";
import { actorLabel, actorUserId, type Actor } from "~/features/access/actor";
import { can, type Action, type Scope } from "~/features/access/permissions";
import { db as getDb } from "~/lib/db.server";
import { actorForUser, blankSessionCookie, readSessionToken, validateSessionToken, type SessionUser } from "./session.server";

export type Viewer = { actor: Actor; user: SessionUser | null; sessionId: string | null; clearCookie: string | null };

const cache = new WeakMap<Request, Viewer>();

/** Who is asking. A forged or expired session cookie is refused, audited and cleared. */
export function getViewer(request: Request, context?: Pick<AppLoadContext, "ip">, db: Db = getDb()): Viewer {
  const hit = cache.get(request);
  if (hit) return hit;
  const ip = context?.ip ?? null;
  const token = readSessionToken(request);
  let viewer: Viewer = { actor: { kind: "anonymous", ip }, user: null, sessionId: null, clearCookie: null };
  if (token) {
    const v = validateSessionToken(db, token);
    if (v) viewer = { actor: actorForUser(db, v.user, ip), user: v.user, sessionId: v.session.id, clearCookie: null };
    else {
      db.transaction((tx) => appendAudit(tx, { actorLabel: "anonymous", action: "session.refused", ip, result: "denied", detail: { reason: "unknown, expired or forged session token" } }), {
        behavior: "immediate",
      });
      viewer = { ...viewer, clearCookie: blankSessionCookie() };
    }
  }
  cache.set(request, viewer);
  return viewer;
}

export function requireUser(request: Request, context?: Pick<AppLoadContext, "ip">): Viewer & { user: SessionUser } {
  const viewer = getViewer(request, context);
  if (!viewer.user) {
    const url = new URL(request.url);
    throw redirect(`/sign-in?redirectTo=${encodeURIComponent(url.pathname + url.search)}`, viewer.clearCookie ? { headers: { "Set-Cookie": viewer.clearCookie } } : undefined);
  }
  return viewer as Viewer & { user: SessionUser };
}

/** Guard for a page or action: signed-out visitors go to sign-in; the signed-in but unauthorised get 403, audited. */
export function requirePermission(request: Request, context: Pick<AppLoadContext, "ip"> | undefined, action: Action, scope: Scope = {}): Viewer {
  const viewer = getViewer(request, context);
  if (can(viewer.actor, action, scope)) return viewer;
  if (!viewer.user) requireUser(request, context);
  const db = getDb();
  db.transaction(
    (tx) =>
      appendAudit(tx, {
        actorUserId: actorUserId(viewer.actor),
        actorLabel: actorLabel(viewer.actor),
        action: `access.${action}`,
        ip: context?.ip ?? null,
        result: "denied",
        detail: { path: new URL(request.url).pathname },
      }),
    { behavior: "immediate" },
  );
  throw new Response("Forbidden", { status: 403 });
}
