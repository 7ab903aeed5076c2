import { expect, test } from "@playwright/test";
import { DEMO, signIn } from "./support";

/**
 * Recommendations say why in the model's own terms: an officer posts a need with a discipline and
 * reads, beside the experts, how many of their projects are in that discipline; the page's
 * introduction says what the ranking weighs.
 */
test("an officer's need with a discipline: recommended experts are explained by their work in it", async ({ page }) => {
  const question = `农村集体经济组织治理机制与发展路径研究 ${Date.now() % 100000}`;
  await signIn(page, DEMO.departmentOfficer.email);
  await page.goto("/needs/new");
  await page.getByLabel("决策问题").fill(question);
  await page.getByLabel("截止日期").fill(new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10));
  await page.getByLabel("期望的成果形式").selectOption("研究报告");
  await page.getByLabel("学科").fill("应用经济");
  await page.getByRole("button", { name: "发布" }).click();
  await expect(page.getByRole("heading", { level: 1, name: question })).toBeVisible();

  const section = page.locator("#recommendations");
  await expect(section).toContainText("其项目中属本需求学科的比例");
  const recs = page.getByTestId("recommendations");
  await expect(recs).toContainText("彭国强");
  await expect(recs).toContainText("属本需求的“应用经济”学科");
  await expect(recs.locator("mark").first()).toBeVisible();
});
