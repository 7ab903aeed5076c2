import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditLog, people, searchOutbox, users } from "#db/schema";
import { seedDemo, type DemoData } from "#db/seed/index";
import { anonymous, type Actor } from "~/features/access/actor";
import { actorForUser } from "~/features/auth/session.server";
import { maskEmail, maskPhone } from "~/features/directory/contact";
import { submitPersonEdit } from "~/features/directory/edit.server";
import { getOrganisationPage, getPersonPage, listExperts, listOrganisations } from "~/features/directory/queries.server";
import { updateOrganisation, updatePerson } from "~/features/directory/verbs.server";
import { isServiceError, type ServiceError } from "~/lib/errors";
import { createTestDb } from "../support/db";

const base = { description: "", partner: false };
const person = (key: string, name: string, orgKey: string | null, institutionName: string, extra: Partial<DemoData["people"][number]> = {}) => ({
  key,
  name,
  title: "研究员",
  orgKey,
  institutionName,
  disciplines: ["应用经济"],
  keywords: ["区域发展"],
  bio: "",
  email: `${key}@example.cn`,
  phone: "13812348000",
  publicConsent: true,
  ...extra,
});

/** A small directory: two think tanks (one a partner), a department, the management office. */
const fixture: DemoData = {
  disciplines: ["应用经济", "社会学", "法学"],
  organisations: [
    { ...base, key: "mgmt", kind: "managementOffice", name: "省社科规划办", region: "湖南", level: "provincial" },
    { ...base, key: "dept", kind: "department", name: "省发展改革委", region: "湖南", level: "provincial" },
    { ...base, key: "tt1", kind: "thinkTank", name: "湘江发展研究院", region: "湖南", thinkTankType: "社科院" },
    { ...base, key: "tt2", kind: "thinkTank", name: "赣江大学智库", region: "江西", thinkTankType: "高校", partner: true },
  ],
  people: [
    person("zw", "张伟", "tt1", "湘江发展研究院"),
    person("zwd", "张卫东", "tt2", "赣江大学智库", { disciplines: ["社会学"], keywords: ["养老服务"] }),
    person("ln", "李娜", "tt1", "湘江发展研究院", { publicConsent: false, disciplines: ["法学"] }),
    person("wf", "王芳", "tt2", "赣江大学智库", { disciplines: ["法学", "社会学"] }),
  ],
  projects: [
    {
      approvalNumber: "21BJY001",
      funder: "nssf",
      category: "一般项目",
      discipline: "应用经济",
      title: "区域协调发展研究",
      year: 2021,
      approvedOn: "2021-09-01",
      piKey: "zw",
      institutionOrgKey: "tt1",
      province: "湖南",
      grade: "良好",
      completedOn: "2024-06-01",
      outputs: [{ title: "区域协调发展研究报告", form: "研究报告" }],
    },
    {
      approvalNumber: "23BJY002",
      funder: "nssf",
      category: "青年项目",
      discipline: "法学",
      title: "基层治理法治化研究",
      year: 2023,
      approvedOn: "2023-09-01",
      piKey: "ln",
      institutionOrgKey: "tt1",
      province: "湖南",
      grade: null,
      completedOn: null,
      outputs: [],
    },
  ],
  accounts: [
    { email: "zw@example.cn", password: "x", displayName: "张伟", personKey: "zw", orgKey: "tt1", orgRole: "member", description: "" },
    { email: "admin1@example.cn", password: "x", displayName: "湘江管理员", orgKey: "tt1", orgRole: "admin", description: "" },
    { email: "admin2@example.cn", password: "x", displayName: "赣江管理员", orgKey: "tt2", orgRole: "admin", description: "" },
    { email: "member2@example.cn", password: "x", displayName: "赣江成员", orgKey: "tt2", orgRole: "member", description: "" },
    { email: "office@example.cn", password: "x", displayName: "规划办", orgKey: "mgmt", orgRole: "reviewer", description: "" },
    { email: "dept@example.cn", password: "x", displayName: "联络员", orgKey: "dept", orgRole: "member", description: "" },
    { email: "platform@example.cn", password: "x", displayName: "平台管理员", platformRole: "platformAdmin", description: "" },
    { email: "plain@example.cn", password: "x", displayName: "无单位用户", description: "" },
  ],
};

describe("directory", () => {
  let t: ReturnType<typeof createTestDb>;
  const as = (email: string): Actor => {
    const u = t.db.select().from(users).where(eq(users.email, email)).get();
    if (!u) throw new Error(email);
    return actorForUser(t.db, u, "127.0.0.1");
  };
  const pid = (name: string) => t.db.select({ id: people.id }).from(people).where(eq(people.name, name)).get()!.id;
  const names = (actor: Actor, f: Parameters<typeof listExperts>[2]) => listExperts(t.db, actor, f).items.map((i) => i.name);
  const catchError = (fn: () => unknown): ServiceError => {
    try {
      fn();
    } catch (e) {
      if (isServiceError(e)) return e;
      throw e;
    }
    throw new Error("expected a ServiceError");
  };

  beforeEach(async () => {
    t = createTestDb();
    await seedDemo(t.db, { hashPassword: async (p) => `test:${p}`, data: fixture });
    // an archive-only PI, known from an import
    t.db.insert(people).values({ name: "赵强", namePinyin: "zhaoqiang", nameInitials: "zq", identityKey: "赵强|某大学", institutionName: "某大学", source: "archive" }).run();
  });
  afterEach(() => t.cleanup());

  describe("search", () => {
    it("finds experts by Chinese name, full pinyin and initials", () => {
      expect(names(anonymous, { q: "张伟" })).toEqual(["张伟"]);
      expect(names(anonymous, { q: "张" })).toEqual(expect.arrayContaining(["张伟", "张卫东"]));
      // pinyin matches from the start of the name; the exact reading comes first
      expect(names(anonymous, { q: "zhangwei" })).toEqual(["张伟", "张卫东"]);
      expect(names(anonymous, { q: "Zhang Wei" })).toEqual(["张伟", "张卫东"]);
      expect(names(anonymous, { q: "zhangweidong" })).toEqual(["张卫东"]);
      expect(names(anonymous, { q: "wangfang" })).toEqual(["王芳"]);
      expect(names(anonymous, { q: "zw" }).sort()).toEqual(["张伟", "张卫东"].sort());
      expect(names(anonymous, { q: "zwd" })).toEqual(["张卫东"]);
      expect(names(anonymous, { q: "wf" })).toEqual(["王芳"]);
    });

    it("finds experts by keyword and institution, and treats % and _ literally", () => {
      expect(names(anonymous, { q: "养老" })).toEqual(["张卫东"]);
      expect(names(anonymous, { q: "赣江大学" }).sort()).toEqual(["张卫东", "王芳"].sort());
      expect(names(anonymous, { q: "%" })).toEqual([]);
      expect(names(anonymous, { q: "_" })).toEqual([]);
    });

    it("counts each organisation's visible experts and archived projects", () => {
      const org = (q: string) => listOrganisations(t.db, anonymous, { q }).items[0];
      expect(org("湘江")).toMatchObject({ expertCount: 1, projectCount: 2 });
      expect(org("赣江")).toMatchObject({ expertCount: 2, projectCount: 0 });
      expect(org("规划办")).toMatchObject({ expertCount: 0, projectCount: 0 });
      expect(listExperts(t.db, anonymous, { q: "张伟" }).items[0].projectCount).toBe(1);
    });

    it("finds organisations by name and pinyin", () => {
      expect(listOrganisations(t.db, anonymous, { q: "湘江" }).items.map((o) => o.name)).toEqual(["湘江发展研究院"]);
      expect(listOrganisations(t.db, anonymous, { q: "xiangjiang" }).items.map((o) => o.name)).toEqual(["湘江发展研究院"]);
    });
  });

  describe("filters", () => {
    it("filters experts by discipline, think-tank type, region and organisation kind", () => {
      expect(names(anonymous, { discipline: "社会学" }).sort()).toEqual(["张卫东", "王芳"].sort());
      expect(names(anonymous, { thinkTankType: "社科院" })).toEqual(["张伟"]);
      expect(names(anonymous, { region: "江西" }).sort()).toEqual(["张卫东", "王芳"].sort());
      expect(names(anonymous, { kind: "department" })).toEqual([]);
      expect(names(anonymous, { region: "江西", discipline: "法学" })).toEqual(["王芳"]);
      const tt2 = listOrganisations(t.db, anonymous, { q: "赣江" }).items[0].id;
      expect(names(anonymous, { organisationId: tt2 }).sort()).toEqual(["张卫东", "王芳"].sort());
    });

    it("filters organisations by kind, type, region and discipline; archive-only institutions are not listed by default", () => {
      const orgs = (f: Parameters<typeof listOrganisations>[2]) => listOrganisations(t.db, anonymous, f).items.map((o) => o.name);
      expect(orgs({})).toHaveLength(4);
      expect(orgs({ kind: "department" })).toEqual(["省发展改革委"]);
      expect(orgs({ thinkTankType: "高校" })).toEqual(["赣江大学智库"]);
      expect(orgs({ region: "湖南" })).toHaveLength(3);
      expect(orgs({ discipline: "社会学" })).toEqual(["赣江大学智库"]);
      // 李娜 (法学, hidden) does not make 湘江 show up for 法学 to the public
      expect(orgs({ discipline: "法学" })).toEqual(["赣江大学智库"]);
    });

    it("lists archive-only PIs only when asked to", () => {
      expect(names(anonymous, {})).not.toContain("赵强");
      expect(names(anonymous, { includeArchive: true })).toContain("赵强");
      expect(names(anonymous, { q: "zq", includeArchive: true })).toEqual(["赵强"]);
      expect(getPersonPage(t.db, anonymous, pid("赵强"))?.person.name).toBe("赵强");
    });

    it("paginates", () => {
      const r = listExperts(t.db, anonymous, { includeArchive: true, page: 1 });
      expect(r.total).toBe(4);
      expect(r.pages).toBe(1);
      expect(listExperts(t.db, anonymous, { page: 99 }).page).toBe(1);
    });
  });

  describe("contact details", () => {
    it("masks phone and e-mail", () => {
      expect(maskPhone("13812348000")).toBe("138****8000");
      expect(maskEmail("zhangwei@example.cn")).toBe("z***@example.cn");
    });

    it("shows them in full only to the person, their organisation's admin, the management office and the platform admin", () => {
      const id = pid("张伟");
      const contact = (a: Actor) => getPersonPage(t.db, a, id)!.contact;
      for (const a of [anonymous, as("admin2@example.cn"), as("dept@example.cn"), as("plain@example.cn")]) {
        expect(contact(a)).toEqual({ masked: true, email: "z***@example.cn", phone: "138****8000" });
      }
      for (const a of [as("zw@example.cn"), as("admin1@example.cn"), as("office@example.cn"), as("platform@example.cn")]) {
        expect(contact(a)).toEqual({ masked: false, email: "zw@example.cn", phone: "13812348000" });
      }
    });

    it("records in the audit trail who read another person's full contact details", () => {
      getPersonPage(t.db, as("admin1@example.cn"), pid("张伟"));
      const rows = t.db.select().from(auditLog).where(eq(auditLog.action, "person.read.restricted")).all();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ actorLabel: "admin1@example.cn", entityId: String(pid("张伟")) });
    });
  });

  describe("experts who did not consent to the public directory", () => {
    const hiddenVisible = (a: Actor) => {
      const page = getPersonPage(t.db, a, pid("李娜"));
      const inList = names(a, {}).includes("李娜");
      const total = listExperts(t.db, a, {}).total;
      const org = getOrganisationPage(t.db, a, getPersonPage(t.db, as("platform@example.cn"), pid("李娜"))!.organisation!.id)!;
      const orgList = listOrganisations(t.db, a, { q: "湘江" }).items[0];
      return { page: page !== null, inList, total, orgCount: org.expertCount, orgExperts: org.experts.map((e) => e.name).includes("李娜"), listCount: orgList.expertCount };
    };

    it("are invisible to visitors and to users of non-partner think tanks: page, list and counts", () => {
      for (const a of [anonymous, as("zw@example.cn"), as("plain@example.cn")]) {
        expect(hiddenVisible(a)).toEqual({ page: false, inList: false, total: 3, orgCount: 1, orgExperts: false, listCount: 1 });
        expect(names(a, { q: "ln" })).toEqual([]);
      }
    });

    it("are visible to partners' members and the platform admin", () => {
      for (const a of [as("member2@example.cn"), as("dept@example.cn"), as("office@example.cn"), as("platform@example.cn")]) {
        expect(hiddenVisible(a)).toEqual({ page: true, inList: true, total: 4, orgCount: 2, orgExperts: true, listCount: 2 });
      }
    });

    it("are visible to themselves and to their own organisation's admin, who may edit them", () => {
      expect(hiddenVisible(as("admin1@example.cn"))).toEqual({ page: true, inList: true, total: 4, orgCount: 2, orgExperts: true, listCount: 2 });
      t.db.insert(users).values({ email: "ln-self@example.cn", displayName: "李娜", personId: pid("李娜") }).run();
      const self = as("ln-self@example.cn");
      expect(getPersonPage(t.db, self, pid("李娜"))?.canEdit).toBe(true);
      expect(names(self, {})).toContain("李娜");
    });

    it("are not linked from the organisation's project list for readers who may not see them", () => {
      const orgId = listOrganisations(t.db, anonymous, { q: "湘江" }).items[0].id;
      const pi = (a: Actor) => getOrganisationPage(t.db, a, orgId)!.latestProjects.map((p) => [p.approvalNumber, p.piName, p.piPersonId]);
      expect(pi(anonymous)).toEqual([
        ["23BJY002", "李娜", null],
        ["21BJY001", "张伟", pid("张伟")],
      ]);
      expect(pi(as("member2@example.cn"))[0]).toEqual(["23BJY002", "李娜", pid("李娜")]);
    });

    it("list their own projects on their page", () => {
      const page = getPersonPage(t.db, as("platform@example.cn"), pid("李娜"))!;
      expect(page.projects.map((p) => p.approvalNumber)).toEqual(["23BJY002"]);
    });
  });

  describe("person page", () => {
    it("lists all archived projects of the person, newest first, with funder, approval number and grade", () => {
      const page = getPersonPage(t.db, anonymous, pid("张伟"))!;
      expect(page.projects).toEqual([expect.objectContaining({ year: 2021, funder: "nssf", approvalNumber: "21BJY001", title: "区域协调发展研究", grade: "良好" })]);
      expect(page.canEdit).toBe(false);
      expect(getPersonPage(t.db, as("zw@example.cn"), pid("张伟"))!.canEdit).toBe(true);
    });

    it("answers nothing for an unknown id", () => {
      expect(getPersonPage(t.db, anonymous, 99_999)).toBeNull();
    });
  });

  describe("person.update", () => {
    const form = (over: Record<string, unknown> = {}) => ({
      title: "研究员",
      disciplines: ["应用经济", "社会学"],
      keywords: "区域发展、城市群，产业政策",
      bio: "<script>alert(1)</script> 长期从事区域经济研究。",
      email: "new@example.cn",
      phone: "0731-88886666",
      publicConsent: "on",
      ...over,
    });

    it("saves the profile, bumps the version, audits and queues the search index", () => {
      const id = pid("张伟");
      const r = updatePerson({ db: t.db, actor: as("zw@example.cn") }, { ...form(), id, version: 1 });
      expect(r.version).toBe(2);
      const row = t.db.select().from(people).where(eq(people.id, id)).get()!;
      expect(row).toMatchObject({ keywords: ["区域发展", "城市群", "产业政策"], disciplines: ["应用经济", "社会学"], phone: "0731-88886666", version: 2 });
      // HTML is stored as text (React escapes it when shown)
      expect(row.bio).toBe("<script>alert(1)</script> 长期从事区域经济研究。");
      expect(t.db.select().from(auditLog).where(and(eq(auditLog.action, "person.update"), eq(auditLog.result, "ok"))).all()).toHaveLength(1);
      expect(t.db.select().from(searchOutbox).where(and(eq(searchOutbox.entityType, "person"), eq(searchOutbox.entityId, String(id)))).all().length).toBeGreaterThanOrEqual(2);
    });

    it("refuses people who may not edit the profile, and audits the refusal", () => {
      const id = pid("张伟");
      for (const email of ["admin2@example.cn", "office@example.cn", "plain@example.cn"]) {
        const e = catchError(() => updatePerson({ db: t.db, actor: as(email) }, { ...form(), id, version: 1 }));
        expect(e.status).toBe(403);
      }
      expect(catchError(() => updatePerson({ db: t.db, actor: anonymous }, { ...form(), id, version: 1 })).status).toBe(403);
      const denied = t.db.select().from(auditLog).where(and(eq(auditLog.action, "person.update"), eq(auditLog.result, "denied"))).all();
      expect(denied).toHaveLength(4);
      // a forged organisation id in the form does not help
      const ownOrg = listOrganisations(t.db, anonymous, { q: "赣江" }).items[0].id;
      expect(catchError(() => updatePerson({ db: t.db, actor: as("admin2@example.cn") }, { ...form(), id, version: 1, organisationId: ownOrg })).status).toBe(403);
      expect(t.db.select().from(people).where(eq(people.id, id)).get()!.version).toBe(1);
      // the organisation's admin may
      expect(updatePerson({ db: t.db, actor: as("admin1@example.cn") }, { ...form(), id, version: 1 }).version).toBe(2);
    });

    it("refuses a stale version with a bilingual conflict and overwrites nothing", () => {
      const id = pid("张伟");
      updatePerson({ db: t.db, actor: as("zw@example.cn") }, { ...form({ title: "教授" }), id, version: 1 });
      const e = catchError(() => updatePerson({ db: t.db, actor: as("admin1@example.cn") }, { ...form({ title: "副教授" }), id, version: 1 }));
      expect(e.code).toBe("conflict");
      expect(e.status).toBe(409);
      expect(e.bilingual.zh).toMatch(/已被他人修改/);
      expect(e.bilingual.en).toMatch(/Someone else changed/);
      expect(t.db.select().from(people).where(eq(people.id, id)).get()!.title).toBe("教授");
    });

    it("on a conflict the form keeps what was typed and offers the current version", () => {
      const id = pid("张伟");
      updatePerson({ db: t.db, actor: as("zw@example.cn") }, { ...form({ title: "教授" }), id, version: 1 });
      const fd = new FormData();
      for (const [k, v] of Object.entries({ ...form({ title: "副教授", bio: "我刚写的简介" }), version: "1" })) {
        if (Array.isArray(v)) v.forEach((x) => fd.append(k, x));
        else fd.append(k, String(v));
      }
      const out = submitPersonEdit(t.db, as("admin1@example.cn"), id, fd);
      expect(out.ok).toBe(false);
      if (out.ok) return;
      expect(out.status).toBe(409);
      expect(out.failure.values).toMatchObject({ title: "副教授", bio: "我刚写的简介", disciplines: ["应用经济", "社会学"] });
      expect(out.failure.current).toMatchObject({ title: "教授" });
      expect(out.failure.version).toBe(2);
    });

    it("explains invalid input per field in both languages", () => {
      const id = pid("张伟");
      const e = catchError(() =>
        updatePerson(
          { db: t.db, actor: as("zw@example.cn") },
          { ...form({ phone: "12345", email: "not-an-email", title: "长".repeat(41), keywords: Array.from({ length: 16 }, (_, i) => `词${i}`).join("，") }), id, version: 1 },
        ),
      );
      expect(e.status).toBe(422);
      expect(e.fields?.phone.zh).toMatch(/电话格式不正确/);
      expect(e.fields?.phone.en).toMatch(/mobile number/);
      expect(e.fields?.email.zh).toMatch(/电子邮箱格式不正确/);
      expect(e.fields?.title.en).toMatch(/at most 40/);
      expect(e.fields?.keywords.zh).toMatch(/最多 15 个/);
      const d = catchError(() => updatePerson({ db: t.db, actor: as("zw@example.cn") }, { ...form({ disciplines: ["炼金术"] }), id, version: 1 }));
      expect(d.fields?.disciplines).toEqual({ zh: "学科不在分类表中：炼金术", en: "Not in the discipline list: 炼金术" });
      expect(t.db.select().from(people).where(eq(people.id, id)).get()!.version).toBe(1);
    });

    it("leaves consent to the person: an organisation admin's form cannot change it", () => {
      const id = pid("张伟");
      updatePerson({ db: t.db, actor: as("admin1@example.cn") }, { ...form({ publicConsent: "" }), id, version: 1 });
      expect(t.db.select().from(people).where(eq(people.id, id)).get()!.publicConsent).toBe(true);
      updatePerson({ db: t.db, actor: as("zw@example.cn") }, { ...form({ publicConsent: "" }), id, version: 2 });
      expect(t.db.select().from(people).where(eq(people.id, id)).get()!.publicConsent).toBe(false);
      expect(getPersonPage(t.db, anonymous, id)).toBeNull();
    });
  });

  describe("organisation.update", () => {
    const orgId = () => listOrganisations(t.db, anonymous, { q: "湘江" }).items[0].id;
    const input = (over: Record<string, unknown> = {}) => ({ id: orgId(), version: 1, description: "新的简介", website: "https://xj.example.cn", region: "湖南", level: "", thinkTankType: "社科院", ...over });

    it("lets the organisation's admin update it, and no other organisation's admin", () => {
      const r = updateOrganisation({ db: t.db, actor: as("admin1@example.cn") }, input());
      expect(r.version).toBe(2);
      expect(getOrganisationPage(t.db, anonymous, orgId())!.organisation).toMatchObject({ description: "新的简介", website: "https://xj.example.cn" });
      expect(catchError(() => updateOrganisation({ db: t.db, actor: as("admin2@example.cn") }, input({ version: 2 }))).status).toBe(403);
      expect(t.db.select().from(auditLog).where(and(eq(auditLog.action, "organisation.update"), eq(auditLog.result, "denied"))).all()).toHaveLength(1);
    });

    it("refuses a stale version and a website that is not http(s)", () => {
      updateOrganisation({ db: t.db, actor: as("platform@example.cn") }, input());
      expect(catchError(() => updateOrganisation({ db: t.db, actor: as("admin1@example.cn") }, input())).code).toBe("conflict");
      const e = catchError(() => updateOrganisation({ db: t.db, actor: as("admin1@example.cn") }, input({ version: 2, website: "javascript:alert(1)" })));
      expect(e.fields?.website.zh).toMatch(/网址/);
    });
  });
});
