import ExcelJS from "exceljs";
import type { Db } from "#db/client";
import type { SearchEngine } from "../port";
import { checkText, type Level, type Match } from "./check";
import { features, prepareTitle, sharedPhrases } from "./features";
import { idfFor } from "./idf";
import { thresholds, titleScore } from "./model";
import type { Batch, BatchError, BatchItem } from "./batch";

/** A batch check: each topic against the archive (and pool) and against the other topics of the batch. */
export type PeerMatch = { id: string; line: number; text: string; score: number; level: Level; sharedPhrases: string[] };
export type BatchResult = { id: string; line: number; text: string; level: Level; matches: Match[]; peers: PeerMatch[] };

export async function checkBatch(db: Db, engine: SearchEngine, batch: Batch, opts: { limit?: number } = {}): Promise<{ results: BatchResult[]; errors: BatchError[] }> {
  const idf = idfFor(db.$client);
  const th = thresholds();
  const peers = batchPeers(batch.items, idf, th);
  const results: BatchResult[] = [];
  for (const item of batch.items) {
    const r = await checkText(db, engine, item, { idf, thresholds: th, limit: opts.limit });
    const ps = peers.get(item.id + "\u0000" + item.line) ?? [];
    const level = [r.level, ...ps.map((p) => p.level)].includes("duplicate") ? "duplicate" : [r.level, ...ps.map((p) => p.level)].includes("similar") ? "similar" : "none";
    results.push({ id: item.id, line: item.line, text: item.text, level, matches: r.matches, peers: ps });
  }
  return { results, errors: batch.errors };
}

/** Pairs within the batch that are similar, found through shared rare tokens (not all n² pairs). */
function batchPeers(items: BatchItem[], idf: ReturnType<typeof idfFor>, th: { duplicate: number; similar: number }): Map<string, PeerMatch[]> {
  const preps = items.map((i) => prepareTitle(i.text));
  const posting = new Map<string, number[]>();
  preps.forEach((p, i) => {
    const rare = [...p.tokens].sort((a, b) => idf.weight(b) - idf.weight(a)).slice(0, 8);
    for (const t of rare) (posting.get(t) ?? posting.set(t, []).get(t)!).push(i);
  });
  const out = new Map<string, PeerMatch[]>();
  const seen = new Set<string>();
  for (const list of posting.values()) {
    if (list.length > 200) continue;
    for (let a = 0; a < list.length; a++)
      for (let b = a + 1; b < list.length; b++) {
        const [i, j] = [list[a], list[b]];
        const key = `${i}:${j}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const score = Math.round(titleScore(features(preps[i], preps[j], idf)) * 1000) / 1000;
        if (score < th.similar) continue;
        const level: Level = score >= th.duplicate ? "duplicate" : "similar";
        const phrases = sharedPhrases(items[i].text, items[j].text);
        const push = (x: number, y: number) => {
          const k = items[x].id + "\u0000" + items[x].line;
          (out.get(k) ?? out.set(k, []).get(k)!).push({ id: items[y].id, line: items[y].line, text: items[y].text, score, level, sharedPhrases: phrases });
        };
        push(i, j);
        push(j, i);
      }
  }
  for (const l of out.values()) l.sort((a, b) => b.score - a.score);
  return out;
}

const LEVEL_ZH: Record<Level, string> = { duplicate: "疑似重复 duplicate", similar: "相似 similar", none: "无 none" };

/** The reviewer's report: one group per topic — its matches in the batch, then in the archive. */
export async function batchReportXlsx(results: BatchResult[], errors: BatchError[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "zhiku-portal";
  const ws = wb.addWorksheet("查重报告 Report");
  ws.columns = [
    { header: "编号 ID", key: "id", width: 14 },
    { header: "题目 Topic", key: "text", width: 48 },
    { header: "结论 Result", key: "level", width: 18 },
    { header: "来源 Source", key: "source", width: 16 },
    { header: "匹配编号 Match ID", key: "matchId", width: 16 },
    { header: "匹配题目 Matched title", key: "matchTitle", width: 48 },
    { header: "分数 Score", key: "score", width: 10 },
    { header: "级别 Level", key: "matchLevel", width: 18 },
    { header: "共同短语 Shared phrases", key: "phrases", width: 30 },
    { header: "同一负责人 Same person", key: "person", width: 14 },
    { header: "同一单位 Same institution", key: "institution", width: 20 },
    { header: "资助方 Funder", key: "funder", width: 10 },
    { header: "年份 Year", key: "year", width: 8 },
    { header: "结项等级 Grade", key: "grade", width: 10 },
    { header: "匹配成果 Matched result", key: "result", width: 40 },
  ];
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: "frozen", ySplit: 1 }];
  for (const r of results) {
    const head = ws.addRow({ id: r.id, text: r.text, level: LEVEL_ZH[r.level] });
    head.font = { bold: true };
    for (const p of r.peers)
      ws.addRow({ source: "本批 this batch", matchId: p.id, matchTitle: p.text, score: p.score, matchLevel: LEVEL_ZH[p.level], phrases: p.sharedPhrases.join("、") });
    for (const m of r.matches.filter((x) => x.level !== "none"))
      ws.addRow({
        source: m.type === "project" ? "档案 archive" : `${m.type}`,
        matchId: m.projectId,
        matchTitle: m.title,
        score: m.score,
        matchLevel: LEVEL_ZH[m.level],
        phrases: m.evidence.sharedPhrases.join("、"),
        person: m.evidence.samePerson ?? "",
        institution: m.evidence.sameInstitution ?? "",
        funder: m.evidence.funder ?? "",
        year: m.evidence.year ?? "",
        grade: m.evidence.grade ?? "",
        result: m.evidence.resultNote ? `${m.evidence.resultNote.zh} / ${m.evidence.resultNote.en}` : "",
      });
  }
  if (errors.length) {
    const es = wb.addWorksheet("错误 Errors");
    es.columns = [
      { header: "行 Line", key: "line", width: 8 },
      { header: "编号 ID", key: "id", width: 14 },
      { header: "问题 Problem", key: "zh", width: 40 },
      { header: "Problem", key: "en", width: 40 },
    ];
    for (const e of errors) es.addRow({ line: e.line, id: e.id, zh: e.error.zh, en: e.error.en });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
