import type { LoaderFunctionArgs } from "@remix-run/node";
import { reportCsv } from "~/features/archive/report.server";
import { requirePermission } from "~/features/auth/guards.server";
import { db } from "~/lib/db.server";

/** The whole report of one run as CSV with a UTF-8 BOM, so Excel opens the Chinese text correctly. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  requirePermission(request, context, "import:archive");
  const id = Number(params.id);
  const csv = Number.isInteger(id) && id > 0 ? reportCsv(db(), id) : null;
  if (csv == null) throw new Response("Not found", { status: 404 });
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="import-${id}-report.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
