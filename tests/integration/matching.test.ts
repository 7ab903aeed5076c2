import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { people, projects } from "#db/schema";
import { allDocuments } from "#search/documents";
import { EmbeddedEngine } from "#search/embedded/engine";
import { rankPeople, explain } from "~/features/matching/affinity.server";
import { createTestDb } from "../support/db";

/** The affinity model's priors on a small archive: equal text, and the discipline or the activity decides. */
let t: ReturnType<typeof createTestDb>;
let engine: EmbeddedEngine;
const ids: Record<string, number> = {};
const projectIds: Record<string, number> = {};

beforeAll(async () => {
  t = createTestDb();
  const person = (name: string) => (ids[name] = t.db.insert(people).values({ name, identityKey: `${name}|` }).returning().get().id);
  const project = (key: string, title: string, pi: string, year: number, discipline: string | null) =>
    (projectIds[key] = t.db
      .insert(projects)
      .values({ funder: "nssf", approvalNumber: key, title, piPersonId: ids[pi], piName: pi, year, discipline })
      .returning()
      .get().id);
  for (const n of ["社会学者", "法学者", "刚立项者", "可接新题者"]) person(n);
  project("a", "数字乡村治理机制研究", "社会学者", 2014, "社会学");
  project("b", "数字乡村治理机制研究", "法学者", 2014, "法学");
  project("c", "流域生态补偿标准测算研究", "刚立项者", 2019, null);
  project("d", "流域生态补偿标准测算研究", "可接新题者", 2015, null);
  project("e", "海洋渔业资源养护政策研究", "可接新题者", 2021, null);
  engine = new EmbeddedEngine(t.db.$client);
  await engine.rebuild(allDocuments(t.db, "project"));
});
afterAll(() => t.cleanup());

describe("affinity priors", () => {
  it("with equal text, the person whose work is in the need's discipline ranks first, and the reason is given", async () => {
    const soc = await rankPeople(t.db, "数字乡村治理", { engine, discipline: "社会学", asOf: 2020 });
    expect(soc.slice(0, 2).map((a) => a.personId)).toEqual([ids["社会学者"], ids["法学者"]]);
    expect(explain(soc[0]).zh).toContain("共主持 1 项，其中 1 项属本需求的“社会学”学科");
    const law = await rankPeople(t.db, "数字乡村治理", { engine, discipline: "法学", asOf: 2020 });
    expect(law[0].personId).toBe(ids["法学者"]);
  });

  it("someone whose project was approved in the last two years ranks below an equal match who is free, and is told why", async () => {
    const r = await rankPeople(t.db, "流域生态补偿", { engine, asOf: 2020 });
    expect(r.map((a) => a.personId)).toEqual([ids["可接新题者"], ids["刚立项者"]]);
    expect(explain(r[1]).zh).toContain("2019 年刚获立项，可能仍在研");
    // the free person's later project (2021) is not known to a need of 2020
    expect(r[0].prior).toMatchObject({ projects: 1, lastYear: 2015 });
  });

  it("projects excluded (a held-out test) count neither as evidence of activity nor of volume", async () => {
    const r = await rankPeople(t.db, "流域生态补偿", { engine, asOf: 2022, excludeProjectIds: new Set([projectIds.e]) });
    expect(r.find((a) => a.personId === ids["可接新题者"])?.prior).toMatchObject({ projects: 1, lastYear: 2015 });
  });

  it("highlights the evidence only when asked", async () => {
    const plain = await rankPeople(t.db, "流域生态补偿", { engine, asOf: 2020 });
    expect(plain[0].evidence[0].titleHtml).toBe("");
    const marked = await rankPeople(t.db, "流域生态补偿", { engine, asOf: 2020, highlightTop: 1 });
    expect(marked[0].evidence[0].titleHtml).toContain("<mark>");
  });
});
