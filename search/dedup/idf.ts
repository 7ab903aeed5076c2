import type Database from "better-sqlite3";
import { GENERIC_WEIGHT, isGeneric } from "../text/generic";
import { bigrams, prepare, words } from "../text/segment";
import { splitSubtitle } from "../text/subtitle";

/**
 * Inverse document frequencies of title tokens over the archive, so that a shared rare word
 * (藏族天文历算) counts far more than a shared common one (发展). Built from the titles in the
 * database — not from the search index, to keep the duplicate check engine-independent — once
 * per process and rebuilt when the number of projects changes by more than 5 %.
 */
export class IdfTable {
  constructor(
    private readonly df_: Map<string, number>,
    readonly docs: number,
  ) {}

  static fromTitles(titles: Iterable<string>): IdfTable {
    const df = new Map<string, number>();
    let n = 0;
    for (const t of titles) {
      n++;
      for (const tok of titleTokenSet(prepare(splitSubtitle(t).main))) df.set(tok, (df.get(tok) ?? 0) + 1);
    }
    return new IdfTable(df, n);
  }

  /** In how many archive titles the token occurs (0 = the archive has never seen it). */
  df(token: string): number {
    return this.df_.get(token) ?? 0;
  }

  /** idf × (a fifth for generic words); unseen tokens weigh like the rarest. */
  weight(token: string): number {
    const n = this.df_.get(token) ?? 0;
    const idf = Math.log(1 + (this.docs + 1) / (n + 1));
    return isGeneric(token.startsWith("w:") ? token.slice(2) : token) ? idf * GENERIC_WEIGHT : idf;
  }
}

/** Words and bigrams of a prepared title, as a set; words prefixed with "w:" so they never collide with bigrams. */
export function titleTokenSet(prepared: string): Set<string> {
  const s = new Set<string>();
  for (const w of words(prepared)) if (w.length > 1 || /[a-z0-9]/.test(w)) s.add(`w:${w}`);
  for (const b of bigrams(prepared)) s.add(b);
  return s;
}

const cache = new WeakMap<Database.Database, IdfTable>();

export function idfFor(sqlite: Database.Database): IdfTable {
  const count = (sqlite.prepare("SELECT count(*) n FROM projects").get() as { n: number }).n;
  const cached = cache.get(sqlite);
  if (cached && Math.abs(cached.docs - count) <= cached.docs * 0.05) return cached;
  const rows = sqlite.prepare("SELECT title FROM projects").pluck().iterate() as Iterable<string>;
  const table = IdfTable.fromTitles(rows);
  cache.set(sqlite, table);
  return table;
}
