import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { DEMO, signIn } from "./support";

/**
 * A round larger than one page of the screening queue. The topics are written straight into the
 * browser tests' database (the queue only reads them), in a round of their own and dated after
 * everything else, so the other journeys' queue pages do not change.
 */
function seedLargeRound(n: number): number {
  const db = new Database(path.resolve("tests/.tmp/e2e.sqlite"));
  try {
    const org = db.prepare("select id from organisations where name = ?").get("湖南省发展和改革委员会") as { id: number };
    const now = Date.now();
    const round = db.prepare("insert into rounds (name, year, created_at, updated_at) values (?, ?, ?, ?)").run("分页测试轮次", 2099, now, now).lastInsertRowid as number;
    const ins = db.prepare(
      `insert into topics (round_id, organisation_id, title, state, expected_outputs, flags, tags, created_at, updated_at, submitted_at) values (?, ?, ?, 'submitted', '["report"]', '[]', '[]', ?, ?, ?)`,
    );
    db.transaction(() => {
      for (let i = 0; i < n; i++) {
        const at = now + 86_400_000 + i * 60_000;
        ins.run(round, org.id, `分页测试选题${String(i + 1).padStart(2, "0")}`, at, at, at);
      }
    })();
    return round;
  } finally {
    db.close();
  }
}

test("the reviewer ticks topics on two pages of the queue and bundles them together", async ({ page }) => {
  const round = seedLargeRound(60);
  await signIn(page, DEMO.reviewer.email);
  await page.goto(`/topics/review?round=${round}`);
  await expect(page.getByText("第 1 / 2 页")).toBeVisible();
  await page.getByRole("checkbox", { name: /分页测试选题01/ }).check();
  await page.getByRole("button", { name: "下一页" }).click();
  await expect(page.getByText("第 2 / 2 页")).toBeVisible();
  // the filter and the tick on page 1 came along
  await expect(page.getByText("已勾选 1 个选题")).toBeVisible();
  await expect(page.getByRole("checkbox", { name: /分页测试选题01/ })).toHaveCount(0);
  await page.getByRole("checkbox", { name: /分页测试选题55/ }).check();
  await page.getByRole("button", { name: "上一页" }).click();
  await expect(page.getByText("已勾选 2 个选题")).toBeVisible();
  await expect(page.getByRole("checkbox", { name: /分页测试选题01/ })).toBeChecked();
  await page.getByRole("button", { name: "打包整合" }).click();
  await expect(page).toHaveURL(/\/topics\/merge/);
  const main = page.getByRole("main");
  await expect(main.getByText("分页测试选题01").first()).toBeVisible();
  await expect(main.getByText("分页测试选题55").first()).toBeVisible();
});
