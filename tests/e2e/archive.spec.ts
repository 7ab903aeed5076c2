import { expect, test } from "@playwright/test";

test("a visitor browses the archive with filters, opens a project and reaches its investigator's page", async ({ page }) => {
  await page.goto("/projects");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.getByLabel("学科", { exact: true }).selectOption("应用经济");
  await page.getByRole("button", { name: "筛选", exact: true }).click();
  await expect(page).toHaveURL(/discipline=/);

  const firstProject = page.getByRole("main").locator('a[href^="/projects/"]').first();
  const title = (await firstProject.textContent())?.trim() ?? "";
  expect(title.length).toBeGreaterThan(4);
  await firstProject.click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(title.slice(0, 8));
  await expect(page.getByText("批准号").first()).toBeVisible();

  const pi = page.getByRole("main").locator('a[href^="/people/"]').first();
  const name = (await pi.textContent())?.trim() ?? "";
  await pi.click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(name);
  // the person page lists all their projects, the one we came from among them
  await expect(page.getByRole("main").getByText(title.slice(0, 8)).first()).toBeVisible();
});

test("the archive filters work before JavaScript loads", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/projects");
  await page.getByLabel("资助机构").selectOption("nsfc");
  await page.getByRole("button", { name: "筛选", exact: true }).click();
  await expect(page).toHaveURL(/funder=nsfc/);
  await expect(page.getByRole("main").locator('a[href^="/projects/"]').first()).toBeVisible();
  await context.close();
});
