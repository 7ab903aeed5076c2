import type { Db } from "#db/client";
import { normaliseName } from "#db/text";
import { features, prepareTitle, type Prepared } from "./features";
import { idfFor } from "./idf";
import { thresholds, titleScore } from "./model";

/**
 * The archive audit: groups of near-identical projects (score ≥ the duplicate threshold), and
 * people who hold similar projects (≥ the similar threshold) from different funders (一鱼多吃).
 * It works on the projects table directly, blocking pairs by their rarest shared tokens so the
 * whole archive is compared without all n² pairs.
 */

type Row = { id: number; funder: string; approvalNumber: string; title: string; year: number | null; piPersonId: number | null; piName: string; institutionName: string; grade: string | null };
export type AuditProject = { projectId: string; funder: string; title: string; year: number | null; person: string; institution: string; grade: string | null };
export type AuditGroup = { projects: AuditProject[]; minScore: number };
export type AuditPerson = { personId: number | null; person: string; institution: string; pairs: { a: AuditProject; b: AuditProject; score: number }[] };
export type AuditReport = { groups: AuditGroup[]; people: AuditPerson[]; projects: number; comparedPairs: number; seconds: number };

const RARE_KEYS = 4;
const MAX_POSTING = 400;

export function auditArchive(db: Db, opts: { onProgress?: (done: number, total: number) => void } = {}): AuditReport {
  const started = performance.now();
  const th = thresholds();
  const idf = idfFor(db.$client);
  const rows = db.$client
    .prepare("SELECT id, funder, approval_number approvalNumber, title, year, pi_person_id piPersonId, pi_name piName, institution_name institutionName, grade FROM projects ORDER BY id")
    .all() as Row[];
  const preps: Prepared[] = new Array(rows.length);
  const posting = new Map<string, number[]>();
  rows.forEach((r, i) => {
    preps[i] = prepareTitle(r.title);
    const rare = [...preps[i].tokens].sort((a, b) => idf.weight(b) - idf.weight(a)).slice(0, RARE_KEYS);
    for (const t of rare) (posting.get(t) ?? posting.set(t, []).get(t)!).push(i);
    if (opts.onProgress && i % 10000 === 0) opts.onProgress(i, rows.length);
  });

  // union-find over duplicate pairs
  const parent = rows.map((_, i) => i);
  const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x])));
  const groupMin = new Map<number, number>();
  const seen = new Set<number>();
  let compared = 0;
  const n = rows.length;
  for (const list of posting.values()) {
    if (list.length < 2 || list.length > MAX_POSTING) continue;
    for (let a = 0; a < list.length; a++)
      for (let b = a + 1; b < list.length; b++) {
        const i = list[a];
        const j = list[b];
        const key = i * n + j;
        if (seen.has(key)) continue;
        seen.add(key);
        compared++;
        const s = titleScore(features(preps[i], preps[j], idf));
        if (s >= th.duplicate) {
          const [ri, rj] = [find(i), find(j)];
          const m = Math.min(s, groupMin.get(ri) ?? 1, groupMin.get(rj) ?? 1);
          if (ri !== rj) parent[ri] = rj;
          groupMin.set(rj, m);
        }
      }
  }
  const proj = (r: Row): AuditProject => ({ projectId: r.approvalNumber, funder: r.funder, title: r.title, year: r.year, person: r.piName, institution: r.institutionName, grade: r.grade });
  const byRoot = new Map<number, number[]>();
  rows.forEach((_, i) => {
    const root = find(i);
    if (root !== i || parent[i] !== i) (byRoot.get(root) ?? byRoot.set(root, []).get(root)!).push(i);
  });
  const groups: AuditGroup[] = [...byRoot.entries()]
    .filter(([, members]) => members.length > 1)
    .map(([root, members]) => ({ projects: members.map((i) => proj(rows[i])), minScore: Math.round((groupMin.get(root) ?? 1) * 1000) / 1000 }))
    .sort((a, b) => b.projects.length - a.projects.length || b.minScore - a.minScore);

  // one person, similar projects from different funders: compare each person's projects across funders
  const byPerson = new Map<string, number[]>();
  rows.forEach((r, i) => {
    if (!r.piName) return;
    const k = r.piPersonId != null ? `id:${r.piPersonId}` : `name:${normaliseName(r.piName)}|${normaliseName(r.institutionName)}`;
    (byPerson.get(k) ?? byPerson.set(k, []).get(k)!).push(i);
  });
  const people: AuditPerson[] = [];
  for (const list of byPerson.values()) {
    if (list.length < 2 || new Set(list.map((i) => rows[i].funder)).size < 2) continue;
    const pairs: AuditPerson["pairs"] = [];
    for (let a = 0; a < list.length; a++)
      for (let b = a + 1; b < list.length; b++) {
        const [i, j] = [list[a], list[b]];
        if (rows[i].funder === rows[j].funder) continue;
        const s = titleScore(features(preps[i], preps[j], idf));
        if (s >= th.similar) pairs.push({ a: proj(rows[i]), b: proj(rows[j]), score: Math.round(s * 1000) / 1000 });
      }
    if (pairs.length) people.push({ personId: rows[list[0]].piPersonId, person: rows[list[0]].piName, institution: rows[list[0]].institutionName, pairs: pairs.sort((x, y) => y.score - x.score) });
  }
  people.sort((a, b) => b.pairs[0].score - a.pairs[0].score);
  return { groups, people, projects: rows.length, comparedPairs: compared, seconds: Math.round((performance.now() - started) / 100) / 10 };
}
