import { expect, test } from "@playwright/test";

test("the portal opens in Simplified Chinese and switches to English and back, remembering the choice", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("让决策需求与智库研究精准对接");

  await page.getByRole("button", { name: "Switch to English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Connecting policy needs with think-tank research");

  // the choice persists across pages
  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Projects" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.goto("/pages/about");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("About the Think-Tank Consultation Portal");

  await page.getByRole("button", { name: "切换到中文" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("关于智库咨政协同平台");
});

test("language switching works before JavaScript loads", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/pages/privacy");
  await page.getByRole("button", { name: "Switch to English" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Privacy notice");
  await context.close();
});
