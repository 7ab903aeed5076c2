/** A report reason is stored as "中文 / English"; show the half that matches the interface language. */
export function localised(text: string, locale: string): string {
  const at = text.indexOf(" / ");
  if (at < 0) return text;
  return locale.startsWith("zh") ? text.slice(0, at) : text.slice(at + 3);
}

/** One term and its value in a description list; an empty value shows a dash. */
export function Field({ label, children }: { label: string; children: React.ReactNode }) {
  const empty = children == null || children === "" || (Array.isArray(children) && children.length === 0);
  return (
    <div className="grid grid-cols-[9rem_1fr] gap-2 border-b border-slate-100 py-2 text-sm">
      <dt className="text-slate-500">{label}</dt>
      <dd className="text-slate-900">{empty ? "—" : children}</dd>
    </div>
  );
}
