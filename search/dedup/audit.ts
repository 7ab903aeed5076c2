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
const QUICK_MIN = 0.3;

function quickDice(a: Set<string>, b: Set<string>, w: Map<string, number>): number {
  let wa = 0;
  let wb = 0;
  let s = 0;
  for (const t of a) {
    const x = w.get(t) ?? 0;
    wa += x;
    if (b.has(t)) s += x;
  }
  for (const t of b) wb += w.get(t) ?? 0;
  return wa + wb ? (2 * s) / (wa + wb) : 0;
}
const MAX_POSTING = 400;

export function auditArchive(db: Db, opts: { onProgress?: (done: number, total: number) => void } = {}): AuditReport {
  const started = performance.now();
  const th = thresholds();
  const idf = idfFor(db.$client);
  const rows = db.$client
    .prepare("SELECT id, funder, approval_number approvalNumber, title, year, pi_person_id piPersonId, pi_name piName, institution_name institutionName, grade FROM projects ORDER BY id")
    .all() as Row[];
  const preps: Prepared[] = new Array(rows.length);
  const all: Set<string>[] = new Array(rows.length);
  const weights = new Map<string, number>();
  const posting = new Map<string, number[]>();
  rows.forEach((r, i) => {
    preps[i] = prepareTitle(r.title);
    all[i] = new Set(preps[i].views.flatMap((v) => [...v.tokens]));
    for (const t of all[i]) if (!weights.has(t)) weights.set(t, idf.weight(t));
    const rare = [...preps[i].tokens].sort((a, b) => idf.weight(b) - idf.weight(a)).slice(0, RARE_KEYS);
    for (const t of rare) (posting.get(t) ?? posting.set(t, []).get(t)!).push(i);
    if (opts.onProgress && i % 10000 === 0) opts.onProgress(i, rows.length);
  });

  // duplicate pairs, then groups: a project joins a group only if it is a duplicate of the group's
  // first member too, so a chain of look-alikes (A≈B≈C, A≠C) does not become one group
  const pairs: [number, number, number][] = [];
  const seen = new Set<number>();
  let compared = 0;
  const n = rows.length;
  for (const list of posting.values()) {
    if (list.length < 2 || list.length > MAX_POSTING) continue;
    for (let a = 0; a < list.length; a++)
      for (let b = a + 1; b < list.length; b++) {
        const i = Math.min(list[a], list[b]);
        const j = Math.max(list[a], list[b]);
        const key = i * n + j;
        if (seen.has(key)) continue;
        seen.add(key);
        // a cheap bound first: titles sharing under a third of their weighted tokens cannot be duplicates
        if (quickDice(all[i], all[j], weights) < QUICK_MIN) continue;
        compared++;
        const s = titleScore(features(preps[i], preps[j], idf));
        if (s >= th.duplicate) pairs.push([i, j, s]);
      }
  }
  pairs.sort((x, y) => y[2] - x[2]);
  const groupOf = new Map<number, number>(); // member → group seed
  const members = new Map<number, number[]>();
  const groupMin = new Map<number, number>();
  const close = (x: number, y: number) => titleScore(features(preps[x], preps[y], idf));
  for (const [i, j, s] of pairs) {
    const gi = groupOf.get(i);
    const gj = groupOf.get(j);
    if (gi === undefined && gj === undefined) {
      groupOf.set(i, i).set(j, i);
      members.set(i, [i, j]);
      groupMin.set(i, s);
    } else if (gi !== undefined && gj === undefined) {
      const c = close(j, gi);
      if (c >= th.duplicate) {
        groupOf.set(j, gi);
        members.get(gi)!.push(j);
        groupMin.set(gi, Math.min(groupMin.get(gi)!, s, c));
      }
    } else if (gi === undefined && gj !== undefined) {
      const c = close(i, gj);
      if (c >= th.duplicate) {
        groupOf.set(i, gj);
        members.get(gj)!.push(i);
        groupMin.set(gj, Math.min(groupMin.get(gj)!, s, c));
      }
    }
  }
  const proj = (r: Row): AuditProject => ({ projectId: r.approvalNumber, funder: r.funder, title: r.title, year: r.year, person: r.piName, institution: r.institutionName, grade: r.grade });
  const groups: AuditGroup[] = [...members.entries()]
    .map(([seed, ms]) => ({ projects: ms.map((i) => proj(rows[i])), minScore: Math.round((groupMin.get(seed) ?? 1) * 1000) / 1000 }))
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
