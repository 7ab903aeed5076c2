import { TIME_ZONE } from "./config";

/** Dates are stored in UTC and shown in Asia/Shanghai. */
export function formatDateTime(d: Date | number | string | null | undefined, locale: string): string {
  if (d == null) return "";
  const date = d instanceof Date ? d : new Date(d);
  return new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, dateStyle: "medium", timeStyle: "short" }).format(date);
}

export function formatDate(d: Date | number | string | null | undefined, locale: string): string {
  if (d == null || d === "") return "";
  const date = d instanceof Date ? d : new Date(d);
  if (Number.isNaN(date.getTime())) return String(d);
  return new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, dateStyle: "medium" }).format(date);
}

export function formatNumber(n: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(n);
}
