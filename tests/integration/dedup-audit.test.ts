import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projects } from "#db/schema";
import { auditArchive } from "#search/dedup/audit";
import { createTestDb } from "../support/db";

/** The archive audit: near-identical projects grouped, and one person funded by both funders for the same topic (一鱼多吃). */
describe("archive audit", () => {
  let t: ReturnType<typeof createTestDb>;
  beforeAll(() => {
    t = createTestDb();
    const p = (funder: "nssf" | "nsfc", approvalNumber: string, title: string, piName = "", institutionName = "") =>
      t.db.insert(projects).values({ funder, approvalNumber, title, piName, institutionName, year: 2015 }).run();
    p("nssf", "15BJY001", "新型城镇化进程中农村土地流转机制研究", "赵一", "甲大学");
    p("nssf", "16BJY002", "新型城镇化进程中的农村土地流转机制研究", "钱二", "乙大学");
    p("nssf", "12BZW003", "明清小说版本源流考", "孙三", "丙大学");
    p("nssf", "13BSH004", "农村留守儿童心理健康干预研究", "李四", "丁大学");
    p("nsfc", "71403001", "农村留守儿童心理健康干预机制研究", "李四", "丁大学");
    p("nsfc", "71403002", "企业风险预警模型与应急管理", "周五", "戊大学");
  });
  afterAll(() => t?.cleanup());

  it("groups near-identical projects and lists people with similar projects from different funders", () => {
    const r = auditArchive(t.db);
    expect(r.projects).toBe(6);
    const groups = r.groups.map((g) => g.projects.map((p) => p.projectId).sort());
    expect(groups).toContainEqual(["15BJY001", "16BJY002"]);
    expect(groups.flat()).not.toContain("12BZW003");
    expect(r.people).toHaveLength(1);
    expect(r.people[0].person).toBe("李四");
    expect([r.people[0].pairs[0].a.funder, r.people[0].pairs[0].b.funder].sort()).toEqual(["nsfc", "nssf"]);
  });
});
