import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/features/auth/guards.server";
import { batchUpload } from "~/features/dedup/batch.server";
import { i18next } from "~/i18n/i18next.server";
import { db } from "~/lib/db.server";

export const handle = { i18n: ["dedup"] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireUser(request, context);
  const t = await i18next.getFixedT(request, "dedup");
  return { title: t("batch.title") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor } = requireUser(request, context);
  const r = await batchUpload(db(), actor, request);
  if (!r.ok) return { error: r.error };
  return new Response(new Uint8Array(r.report), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="dedup-report.xlsx"; filename*=UTF-8''${encodeURIComponent(r.fileName)}`,
      "Cache-Control": "no-store",
    },
  });
}

export default function DedupBatch() {
  const { t, i18n } = useTranslation("dedup");
  const data = useActionData<typeof action>();
  const nav = useNavigation();
  const error = data && "error" in data ? data.error : null;
  return (
    <div>
      <header className="mb-5 border-b border-slate-200 pb-4">
        <p className="text-sm">
          <Link to="/dedup" className="underline">
            {t("title")}
          </Link>
        </p>
        <h1>{t("batch.title")}</h1>
        <p className="mt-2 max-w-3xl text-sm leading-6 text-slate-600">{t("batch.intro")}</p>
      </header>
      {/* reloadDocument: the answer is a file download, which a fetch-driven submission cannot save */}
      <Form method="post" encType="multipart/form-data" reloadDocument className="card max-w-xl space-y-3 p-4">
        <div>
          <label htmlFor="b-file" className="label">
            {t("batch.file")}
          </label>
          <input
            id="b-file"
            name="file"
            type="file"
            required
            accept=".xlsx,.jsonl,.json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            className="input"
            aria-describedby="b-file-hint"
            aria-invalid={error ? true : undefined}
          />
          <p id="b-file-hint" className="mt-1 text-xs text-slate-500">
            {t("batch.fileHint")}
          </p>
          {error && (
            <p className="field-error" role="alert">
              {i18n.language.startsWith("zh") ? error.zh : error.en}
            </p>
          )}
        </div>
        <button type="submit" className="btn-primary" disabled={nav.state === "submitting"}>
          {t("batch.submit")}
        </button>
      </Form>
    </div>
  );
}
