import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appendAudit, purgeAuditOlderThan, verifyAuditChain } from "#db/audit";
import { openDatabase } from "#db/client";
import { auditLog, organisations } from "#db/schema";
import { createTestDb } from "../support/db";

/** The operator's scripts, run as an operator would: a child process against a database file. */
const TSX = path.resolve("node_modules/.bin/tsx");
const run = (script: string, args: string[], dbFile: string) =>
  spawnSync(TSX, [script, ...args], { env: { ...process.env, DATABASE_PATH: dbFile }, encoding: "utf8", timeout: 60_000 });

const addAudit = (db: ReturnType<typeof createTestDb>["db"], n: number, at?: Date) => {
  for (let i = 0; i < n; i++) db.transaction((tx) => appendAudit(tx, { actorLabel: "a@example.cn", action: "test.write", entityId: i, result: "ok" }, at));
};

describe("npm run audit:verify", () => {
  let t: ReturnType<typeof createTestDb>;
  beforeEach(() => {
    t = createTestDb();
  });
  afterEach(() => t.cleanup());

  it("exits 0 and prints the count on an intact chain", () => {
    addAudit(t.db, 25);
    const r = run("scripts/audit-verify.ts", [], t.file);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^OK: 25 audit entries checked/);
  });

  it("exits 1 and names the first broken entry when a row was edited", () => {
    addAudit(t.db, 10);
    t.db.$client.exec("drop trigger audit_log_no_update");
    t.db.$client.prepare("update audit_log set detail = '{\"x\":1}' where id = 7").run();
    const r = run("scripts/audit-verify.ts", [], t.file);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/BROKEN at entry 7: row content does not match its hash/);
    expect(r.stderr).toMatch(/第 7 条/);
  });

  it("refuses a database file that does not exist instead of creating one", () => {
    const missing = path.join(t.dir, "nope.sqlite");
    const r = run("scripts/audit-verify.ts", [], missing);
    expect(r.status).toBe(2);
    expect(fs.existsSync(missing)).toBe(false);
  });
});

describe("npm run db:backup", () => {
  let t: ReturnType<typeof createTestDb>;
  beforeEach(() => {
    t = createTestDb();
    // some bulk, so the copy is more than a page or two
    const insert = t.db.$client.prepare("insert into organisations (kind, name, name_key, description, created_at, updated_at) values ('thinkTank', ?, ?, ?, 0, 0)");
    t.db.$client.transaction(() => {
      for (let i = 0; i < 3000; i++) insert.run(`机构${i}`, `key${i}`, "描述".repeat(50));
    })();
    addAudit(t.db, 50);
  });
  afterEach(() => t.cleanup());

  const counts = (file: string) => {
    const db = new Database(file, { readonly: true });
    const tables = (db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").all() as { name: string }[]).map((r) => r.name);
    const out = Object.fromEntries(tables.map((n) => [n, (db.prepare(`select count(*) as n from "${n}"`).get() as { n: number }).n]));
    db.close();
    return out;
  };

  it("takes a consistent copy while another process is writing, then an identical one once it stops", async () => {
    // the writer: another process adding an organisation and its audit entry in one transaction, as fast as it can
    const writer = spawn(
      TSX,
      [
        "-e",
        `import { openDatabase } from "./db/client"; import { appendAudit } from "./db/audit"; import { organisations } from "./db/schema";
         const db = openDatabase(process.env.DATABASE_PATH, { migrate: false });
         let i = 0; const until = Date.now() + 60000;
         process.stdout.write("writing\\n");
         while (Date.now() < until) {
           db.transaction((tx) => { tx.insert(organisations).values({ kind: "department", name: "w-" + i, nameKey: "w-" + i }).run(); appendAudit(tx, { actorLabel: "writer", action: "writer.insert", entityId: i, result: "ok" }); }, { behavior: "immediate" });
           i++;
         }`,
      ],
      { cwd: process.cwd(), env: { ...process.env, DATABASE_PATH: t.file }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let writerErr = "";
    writer.stderr.on("data", (d) => (writerErr += d));
    await new Promise<void>((resolve, reject) => {
      writer.stdout.once("data", () => resolve());
      writer.once("exit", () => reject(new Error(`writer exited: ${writerErr}`)));
    });
    await new Promise((r) => setTimeout(r, 300));

    const copy = path.join(t.dir, "backups", "during.sqlite");
    const during = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const p = spawn(TSX, ["scripts/db-backup.ts", copy], { env: { ...process.env, DATABASE_PATH: t.file } });
      let stdout = "";
      let stderr = "";
      p.stdout.on("data", (d) => (stdout += d));
      p.stderr.on("data", (d) => (stderr += d));
      p.once("exit", (status) => resolve({ status, stdout, stderr }));
    });
    const writerAlive = writer.exitCode == null;
    writer.kill("SIGTERM");
    await new Promise((r) => writer.once("exit", r));
    expect(writerAlive, writerErr).toBe(true);
    expect(during.stderr).toBe("");
    expect(during.status).toBe(0);
    expect(during.stdout).toContain(copy);
    expect(during.stdout).toMatch(/\d+ bytes/);

    // the copy opens, passes SQLite's check, and holds whole transactions only
    const b = new Database(copy, { readonly: true });
    expect(b.pragma("integrity_check", { simple: true })).toBe("ok");
    const written = (b.prepare("select count(*) as n from organisations where name like 'w-%'").get() as { n: number }).n;
    const audited = (b.prepare("select count(*) as n from audit_log where action = 'writer.insert'").get() as { n: number }).n;
    b.close();
    expect(written).toBeGreaterThan(0);
    expect(audited).toBe(written);
    const bdb = openDatabase(copy, { migrate: false });
    expect(verifyAuditChain(bdb)).toMatchObject({ ok: true });
    bdb.$client.close();
    // the writer went on after the copy was taken
    expect(counts(t.file).organisations).toBeGreaterThan(3000 + written);

    // an existing file is not overwritten without --force
    const before = fs.statSync(copy).mtimeMs;
    const refused = run("scripts/db-backup.ts", [copy], t.file);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/--force/);
    expect(fs.statSync(copy).mtimeMs).toBe(before);

    // with the writer stopped, a forced backup has exactly the database's row counts
    const forced = run("scripts/db-backup.ts", [copy, "--force"], t.file);
    expect(forced.status).toBe(0);
    expect(counts(copy)).toEqual(counts(t.file));
    expect(fs.readdirSync(path.dirname(copy))).toEqual(["during.sqlite"]);
  });

  it("explains its usage when no file is given", () => {
    const r = run("scripts/db-backup.ts", [], t.file);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Usage/);
  });
});

describe("the audit retention purge", () => {
  let t: ReturnType<typeof createTestDb>;
  beforeEach(() => {
    t = createTestDb();
  });
  afterEach(() => t.cleanup());

  it("refuses a period shorter than 184 days", () => {
    expect(() => purgeAuditOlderThan(t.db, 183)).toThrow(/184 days/);
    expect(() => purgeAuditOlderThan(t.db, Number.NaN)).toThrow(RangeError);
  });

  it("deletes only entries older than the period, records the purge, and the chain still verifies", () => {
    const day = 86_400_000;
    addAudit(t.db, 4, new Date(Date.now() - 400 * day));
    addAudit(t.db, 3, new Date(Date.now() - 200 * day));
    addAudit(t.db, 2);
    expect(purgeAuditOlderThan(t.db, 365)).toBe(4);
    expect(purgeAuditOlderThan(t.db, 184)).toBe(3);
    const rows = t.db.select().from(auditLog).all();
    expect(rows.map((r) => r.action)).toEqual(["test.write", "test.write", "audit.purge", "audit.purge"]);
    expect(JSON.parse(rows[2].detail!)).toMatchObject({ days: 365, deleted: 4 });
    expect(verifyAuditChain(t.db)).toEqual({ ok: true, checked: 4 });
    expect(t.db.select().from(organisations).all()).toEqual([]);
  });
});
