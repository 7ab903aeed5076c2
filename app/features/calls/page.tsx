import { useTopicText } from "~/features/topics/components";
import { formatDateTime } from "~/i18n/format";

export type CallView = {
  call: { id: number; title: string; eligibility: string; budget: string; opensOn: string; closesOn: string; contacts: string; state: string; publishedVersion: number };
  introHtml: string;
  topics: { id: number; title: string; policyNeed: string; researchQuestions: string; expectedOutputs: string[]; budgetRange: string; timeline: string; organisationName: string; isBundle: boolean }[];
  versions: { number: number; changeNotice: string; publishedAt: string }[];
};

/** The body of a call, shared by the page and the printable view. */
export function CallBody({ v }: { v: CallView }) {
  const { t, locale } = useTopicText();
  const corrections = v.versions.filter((x) => x.number > 1);
  return (
    <article>
      <h1 className="mb-2">{v.call.title}</h1>
      {corrections.length ? (
        <div role="note" className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
          <p className="font-medium">{t("call.correctedNotice", { n: v.call.publishedVersion })}</p>
          <ul className="mt-1 list-disc pl-5">
            {corrections.map((c) => (
              <li key={c.number}>
                {t("call.versionLine", { n: c.number, at: formatDateTime(c.publishedAt, locale) })}：{c.changeNotice}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <dl className="mb-4 grid gap-2 text-sm sm:grid-cols-3">
        <div>
          <dt className="font-medium">{t("call.opensOn")}</dt>
          <dd>{v.call.opensOn}</dd>
        </div>
        <div>
          <dt className="font-medium">{t("call.closesOn")}</dt>
          <dd>{v.call.closesOn}</dd>
        </div>
        <div>
          <dt className="font-medium">{t("call.budget")}</dt>
          <dd>{v.call.budget || "—"}</dd>
        </div>
      </dl>
      {/* sanitised on the server (renderMarkdown): no scripts, no raw HTML */}
      <div className="prose mb-4 max-w-none [&_h2]:text-lg [&_li]:ml-5 [&_ol]:list-decimal [&_ul]:list-disc" dangerouslySetInnerHTML={{ __html: v.introHtml }} />
      {v.call.eligibility ? (
        <section className="mb-4">
          <h2 className="text-base">{t("call.eligibility")}</h2>
          <p className="whitespace-pre-line text-sm">{v.call.eligibility}</p>
        </section>
      ) : null}
      <section className="mb-4">
        <h2 className="text-base">{t("call.topics")}</h2>
        <ol className="mt-2 list-decimal space-y-3 pl-6">
          {v.topics.map((x) => (
            <li key={x.id}>
              <p className="font-medium">{x.title}</p>
              {x.policyNeed ? <p className="whitespace-pre-line text-sm text-slate-700">{x.policyNeed}</p> : null}
              <p className="text-xs text-slate-500">
                {[x.expectedOutputs.map((o) => t(`outputs.${o}`)).join("、"), x.budgetRange, x.timeline].filter(Boolean).join(" · ")}
              </p>
            </li>
          ))}
        </ol>
      </section>
      {v.call.contacts ? (
        <section>
          <h2 className="text-base">{t("call.contacts")}</h2>
          <p className="whitespace-pre-line text-sm">{v.call.contacts}</p>
        </section>
      ) : null}
    </article>
  );
}

export function toCallView(d: { call: CallView["call"]; introHtml: string; topics: CallView["topics"]; versions: { number: number; changeNotice: string; publishedAt: Date }[] }): CallView {
  const c = d.call;
  return {
    call: { id: c.id, title: c.title, eligibility: c.eligibility, budget: c.budget, opensOn: c.opensOn, closesOn: c.closesOn, contacts: c.contacts, state: c.state, publishedVersion: c.publishedVersion },
    introHtml: d.introHtml,
    topics: d.topics,
    versions: d.versions.map((x) => ({ ...x, publishedAt: x.publishedAt.toISOString() })),
  };
}
