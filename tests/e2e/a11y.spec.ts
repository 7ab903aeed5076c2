import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { DEMO, signIn } from "./support";

const publicPages = ["/", "/projects", "/directory", "/organisations", "/pages/about", "/pages/help", "/sign-in", "/forgot-password", "/api"];

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(" | ")}`);
}

for (const path of publicPages) {
  test(`no serious or critical accessibility violations on ${path}`, async ({ page }) => {
    await page.goto(path);
    expect(await seriousViolations(page)).toEqual([]);
  });
}

test("no serious or critical accessibility violations on a project, a person page and the account page", async ({ page }) => {
  await page.goto("/projects");
  await page.getByRole("main").locator('a[href^="/projects/"]').first().click();
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole("main").locator('a[href^="/people/"]').first().click();
  expect(await seriousViolations(page)).toEqual([]);
  await signIn(page, DEMO.expert.email);
  await page.goto("/account");
  expect(await seriousViolations(page)).toEqual([]);
});
