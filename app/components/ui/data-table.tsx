import type { ReactNode } from "react";

export type Column = {
  key: string;
  header: ReactNode;
  /** read by screen readers only (an actions column) */
  srOnly?: boolean;
  className?: string;
};

/**
 * The one table of records the admin and account pages show: a scrollable bordered table with
 * column headers, one row per record, or a short message when there is nothing to list.
 * Cells are the caller's; the table knows nothing of what it lists.
 */
export function DataTable<T>({
  columns,
  rows,
  rowKey,
  cells,
  empty,
  caption,
  framed = true,
}: {
  columns: Column[];
  rows: readonly T[];
  rowKey: (row: T) => string | number;
  cells: (row: T) => ReactNode;
  empty: ReactNode;
  caption?: string;
  /** false inside a card, which is the frame already */
  framed?: boolean;
}) {
  if (rows.length === 0) return <p className={framed ? "card text-sm text-slate-600" : "text-sm text-slate-600"}>{empty}</p>;
  return (
    <div className={framed ? "overflow-x-auto rounded-lg border border-slate-200 bg-white" : "overflow-x-auto"}>
      <table className="table">
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={c.className}>
                {c.srOnly ? <span className="sr-only">{c.header}</span> : c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={rowKey(r)}>{cells(r)}</tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
