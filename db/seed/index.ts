import { count } from "drizzle-orm";
import { appendAudit } from "../audit";
import type { Db } from "../client";
import { enqueueIndex } from "../outbox";
import { nameInitials, namePinyin } from "../pinyin";
import { disciplines, memberships, organisations, people, projectOutputs, projects, users } from "../schema";
import { organisationKey, personIdentityKey } from "../text";
import * as demo from "./data/index";
import { seedTopics } from "./topics";
import { seedNeeds } from "./needs";
import type { DemoAccount, DemoOrganisation, DemoPerson, DemoProject } from "./data/types";

export type DemoData = {
  disciplines: string[];
  organisations: DemoOrganisation[];
  people: DemoPerson[];
  projects: DemoProject[];
  accounts: DemoAccount[];
};

export type SeedOptions = {
  /** argon2id, from the auth feature; passed in because db/ imports nothing from the app */
  hashPassword: (password: string) => Promise<string>;
  data?: DemoData;
  now?: Date;
};

export type SeedCounts = { disciplines: number; organisations: number; people: number; projects: number; outputs: number; accounts: number; memberships: number };
export type SeedResult = { seeded: true; counts: SeedCounts; ms: number } | { seeded: false; reason: "not_empty" | "disabled" };

export const demoData: DemoData = {
  disciplines: demo.disciplines,
  organisations: demo.organisations,
  people: demo.people,
  projects: demo.projects,
  accounts: demo.demoAccounts,
};

const isEmpty = (db: Pick<Db, "select">) => (db.select({ n: count() }).from(organisations).get()?.n ?? 0) === 0;

/**
 * Loads the demo organisations, experts, archived projects and accounts into an EMPTY database
 * (one without organisations), in one transaction, with the search outbox rows and one audit
 * entry. Anything else is left alone, so running it twice is harmless.
 */
export async function seedDemo(db: Db, opts: SeedOptions): Promise<SeedResult> {
  const started = Date.now();
  const data = opts.data ?? demoData;
  const now = opts.now ?? new Date();
  if (!isEmpty(db)) return { seeded: false, reason: "not_empty" };
  // hashing is asynchronous and the transaction is not: hash first
  const hashes = await Promise.all(data.accounts.map((a) => opts.hashPassword(a.password)));

  const counts = db.transaction(
    (tx) => {
      // a second process may have seeded while we were hashing
      if (!isEmpty(tx)) return null;
      const c: SeedCounts = { disciplines: 0, organisations: 0, people: 0, projects: 0, outputs: 0, accounts: 0, memberships: 0 };

      for (const name of data.disciplines) c.disciplines += tx.insert(disciplines).values({ name }).onConflictDoNothing().run().changes;

      const orgIds = new Map<string, number>();
      const orgByKey = new Map(data.organisations.map((o) => [o.key, o]));
      for (const o of data.organisations) {
        const row = tx
          .insert(organisations)
          .values({
            kind: o.kind,
            name: o.name,
            nameKey: organisationKey(o.name),
            shortName: o.shortName ?? null,
            namePinyin: namePinyin(o.name),
            level: o.level ?? null,
            region: o.region,
            thinkTankType: o.thinkTankType ?? null,
            partner: o.partner,
            description: o.description,
            website: o.website ?? null,
            createdAt: now,
            updatedAt: now,
          })
          .returning({ id: organisations.id })
          .get();
        orgIds.set(o.key, row.id);
        enqueueIndex(tx, "organisation", row.id, "upsert", now);
        c.organisations++;
      }

      const personIds = new Map<string, number>();
      const personByKey = new Map(data.people.map((p) => [p.key, p]));
      for (const p of data.people) {
        const organisationId = p.orgKey ? orgIds.get(p.orgKey) : null;
        if (p.orgKey && organisationId == null) throw new Error(`demo person ${p.key}: unknown organisation ${p.orgKey}`);
        const row = tx
          .insert(people)
          .values({
            name: p.name,
            namePinyin: namePinyin(p.name),
            nameInitials: nameInitials(p.name),
            identityKey: personIdentityKey(p.name, p.institutionName),
            title: p.title,
            organisationId: organisationId ?? null,
            institutionName: p.institutionName,
            disciplines: p.disciplines,
            keywords: p.keywords,
            bio: p.bio,
            email: p.email.toLowerCase(),
            phone: p.phone,
            publicConsent: p.publicConsent,
            source: "portal",
            createdAt: now,
            updatedAt: now,
          })
          .returning({ id: people.id })
          .get();
        personIds.set(p.key, row.id);
        enqueueIndex(tx, "person", row.id, "upsert", now);
        c.people++;
      }

      for (const pr of data.projects) {
        const pi = personByKey.get(pr.piKey);
        const institution = orgByKey.get(pr.institutionOrgKey);
        if (!pi || !institution) throw new Error(`demo project ${pr.approvalNumber}: unknown PI ${pr.piKey} or institution ${pr.institutionOrgKey}`);
        const row = tx
          .insert(projects)
          .values({
            funder: pr.funder,
            approvalNumber: pr.approvalNumber,
            title: pr.title,
            category: pr.category,
            discipline: pr.discipline,
            year: pr.year,
            approvedOn: pr.approvedOn,
            piPersonId: personIds.get(pr.piKey),
            piName: pi.name,
            piTitle: pi.title,
            institutionId: orgIds.get(pr.institutionOrgKey),
            institutionName: institution.name,
            institutionType: institution.thinkTankType ?? null,
            province: pr.province,
            amount: pr.amount ?? null,
            grade: pr.grade,
            completedOn: pr.completedOn,
            source: "demo",
            createdAt: now,
            updatedAt: now,
          })
          .returning({ id: projects.id })
          .get();
        for (const out of pr.outputs) {
          c.outputs += tx
            .insert(projectOutputs)
            .values({ projectId: row.id, title: out.title, form: out.form, grade: pr.grade, completedOn: pr.completedOn, authors: pi.name })
            .onConflictDoNothing()
            .run().changes;
        }
        enqueueIndex(tx, "project", row.id, "upsert", now);
        c.projects++;
      }

      data.accounts.forEach((a, i) => {
        const inserted = tx
          .insert(users)
          .values({
            email: a.email.trim().toLowerCase(),
            displayName: a.displayName,
            passwordHash: hashes[i],
            personId: a.personKey ? (personIds.get(a.personKey) ?? null) : null,
            platformRole: a.platformRole ?? null,
            createdAt: now,
            updatedAt: now,
          })
          .onConflictDoNothing()
          .returning({ id: users.id })
          .get();
        // an account that already exists (e.g. a bootstrap administrator) is left as it is
        if (!inserted) return;
        c.accounts++;
        if (a.orgKey && a.orgRole) {
          const organisationId = orgIds.get(a.orgKey);
          if (organisationId == null) throw new Error(`demo account ${a.email}: unknown organisation ${a.orgKey}`);
          tx.insert(memberships).values({ userId: inserted.id, organisationId, role: a.orgRole, createdAt: now }).run();
          c.memberships++;
        }
      });

      const needCounts = seedNeeds(tx, now);
      seedTopics(tx, now);
      appendAudit(tx, { actorLabel: "system:seed", action: "demo.seed", result: "ok", detail: { ...c, ...needCounts } }, now);
      return c;
    },
    { behavior: "immediate" },
  );
  if (!counts) return { seeded: false, reason: "not_empty" };
  return { seeded: true, counts, ms: Date.now() - started };
}

/** The start-up step: demo data unless SEED_DEMO=false. */
export async function seedDemoOnStartup(db: Db, opts: SeedOptions): Promise<SeedResult> {
  if (process.env.SEED_DEMO === "false") return { seeded: false, reason: "disabled" };
  return seedDemo(db, opts);
}
