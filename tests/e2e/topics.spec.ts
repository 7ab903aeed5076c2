import { expect, test, type Page } from "@playwright/test";
import { DEMO, signIn, signOut } from "./support";

const TITLE = "洞庭湖区湿地生态修复与可持续利用机制研究";
const BUNDLE = "洞庭湖区湿地生态修复与可持续利用综合研究";
const CALL = "2027年度湿地保护专项课题指南";

async function propose(page: Page, policyNeed: string) {
  await page.goto("/topics/new");
  await expect(page.getByRole("heading", { level: 1, name: "提出选题" })).toBeVisible();
  await page.getByLabel("选题名称").fill(TITLE);
  await page.getByLabel("政策需求").fill(policyNeed);
  await page.getByLabel("研究报告").check();
  await page.getByLabel("学科").fill("环境科学");
}

test("two departments propose overlapping topics, the reviewer bundles them, publishes a call, and a visitor reads it", async ({ page }) => {
  // the first department proposes and submits
  await signIn(page, DEMO.departmentOfficer.email);
  await propose(page, "湿地退化影响防洪与生物多样性，需要修复与利用并重的机制。");
  await page.getByRole("button", { name: "保存并提交审核" }).click();
  await expect(page.getByText("选题已提交审核。")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(TITLE);
  await signOut(page);

  // the second department sees the live duplicate warning and must give a reason
  await signIn(page, DEMO.secondDepartmentOfficer.email);
  await propose(page, "跨省湿地保护需要统一的修复标准。");
  const panel = page.getByRole("complementary");
  await expect(panel.getByText("疑似重复").first()).toBeVisible({ timeout: 15_000 });
  await expect(panel.getByText(TITLE).first()).toBeVisible();
  await page.getByRole("button", { name: "保存并提交审核" }).click();
  await expect(page.getByRole("alert")).toContainText("请说明为何仍需提交");
  // what was typed is kept
  await expect(page.getByLabel("选题名称")).toHaveValue(TITLE);
  await page.getByLabel("与相似选题的区别（如有）").fill("本厅关注跨省湿地的统一修复标准，与发改委的利用机制互补。");
  await page.getByRole("button", { name: "保存并提交审核" }).click();
  await expect(page.getByText("选题已提交审核。")).toBeVisible();
  await expect(page.getByText("本厅关注跨省湿地的统一修复标准").first()).toBeVisible();
  await signOut(page);

  // the reviewer bundles the two into one topic
  await signIn(page, DEMO.reviewer.email);
  await page.goto("/topics/review?state=submitted");
  for (const dept of ["湖南省发展和改革委员会", "湖北省生态环境厅"]) {
    await page.getByRole("row").filter({ hasText: TITLE }).filter({ hasText: dept }).getByRole("checkbox").check();
  }
  await page.getByRole("button", { name: "打包整合所选选题" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "打包整合" })).toBeVisible();
  await expect(page.getByLabel("政策需求")).toHaveValue(/【湖南省发展和改革委员会】[\s\S]*【湖北省生态环境厅】/);
  await page.getByLabel("选题名称").fill(BUNDLE);
  await page.getByRole("button", { name: "生成打包课题" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(BUNDLE);
  await expect(page.getByText("打包课题", { exact: true })).toBeVisible();
  await expect(page.getByText("湖南省发展和改革委员会、湖北省生态环境厅")).toBeVisible();

  // … composes a call from accepted topics and publishes it
  await page.goto("/calls/new");
  await page.getByLabel("指南名称").fill(CALL);
  await page.getByLabel("指南说明").fill("## 申报须知\n\n请按**选题方向**申报。<script>alert(1)</script>");
  await page.getByLabel("开始申报日期").fill("2027-01-10");
  await page.getByLabel("申报截止日期").fill("2027-03-10");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(CALL);
  await page.getByRole("button", { name: "发布" }).click();
  await expect(page.getByRole("link", { name: "发布更正" })).toBeVisible();
  await signOut(page);

  // a signed-out visitor reads the call and its feed
  await page.goto("/calls");
  await page.getByRole("link", { name: CALL }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(CALL);
  await expect(page.getByText(BUNDLE)).toBeVisible();
  await expect(page.getByRole("heading", { name: "申报须知" })).toBeVisible();
  expect(await page.locator("main script").count()).toBe(0);
  const feed = await page.request.get("/calls/feed.xml");
  expect(feed.headers()["content-type"]).toContain("application/atom+xml");
  const xml = await feed.text();
  expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
  expect(xml).toContain(`<title>${CALL}</title>`);
});

test("the propose form checks duplicates and reports errors without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("邮箱").fill(DEMO.departmentOfficer.email);
  await page.getByLabel("密码", { exact: true }).fill("Zhiku-Demo-2026!");
  await page.getByRole("main").getByRole("button", { name: "登录" }).click();
  await page.goto("/topics/new");
  await page.getByLabel("选题名称").fill("数字经济赋能县域经济高质量发展的实现路径");
  await page.getByRole("button", { name: "检查重复" }).click();
  await expect(page.getByRole("complementary").getByText("疑似重复").first()).toBeVisible();
  await expect(page.getByLabel("选题名称")).toHaveValue("数字经济赋能县域经济高质量发展的实现路径");
  await page.getByLabel("选题名称").fill("短");
  await page.getByRole("button", { name: "保存草稿" }).click();
  await expect(page.getByText("选题名称至少 4 个字")).toBeVisible();
  await context.close();
});

const DRAFT = "基层应急广播体系建设与运维保障机制研究";

/** The unread count the header badge announces. */
async function unread(page: Page): Promise<number> {
  const label = (await page.getByTestId("notifications-badge").getAttribute("aria-label")) ?? "";
  return Number(/(\d+)\s*条未读/.exec(label)?.[1] ?? 0);
}

test("a draft saves itself while typed and survives a reload; the author is notified of the decision and opening the notice marks it read", async ({ page }) => {
  await signIn(page, DEMO.departmentOfficer.email);
  await page.goto("/topics/new");
  await page.getByLabel("选题名称").fill(DRAFT);
  await page.getByLabel("政策需求").fill("极端天气频发，乡镇应急广播覆盖不全、维护无人负责。");
  const status = page.getByRole("status").filter({ hasText: /草稿已自动保存|保存中|有未保存/ });
  await expect(status).toContainText(/草稿已自动保存 \d{2}:\d{2}/, { timeout: 15_000 });
  // the first save created the draft and moved the address to its edit page
  await expect(page).toHaveURL(/\/topics\/\d+\/edit$/);
  const topicUrl = page.url().replace(/\/edit$/, "");
  await page.getByLabel("研究问题").fill("谁来建、谁来管、钱从哪里来？");
  await page.getByLabel("研究问题").blur();
  await expect(status).toContainText(/草稿已自动保存/, { timeout: 15_000 });
  await page.reload();
  await expect(page.getByLabel("选题名称")).toHaveValue(DRAFT);
  await expect(page.getByLabel("研究问题")).toHaveValue("谁来建、谁来管、钱从哪里来？");

  // submit the saved draft with its Save button (the version autosave brought back is posted)
  await page.getByLabel("与相似选题的区别（如有）").fill("聚焦乡镇一级的运维保障。");
  await page.getByRole("button", { name: "保存并提交审核" }).click();
  await expect(page.getByText("选题已提交审核。")).toBeVisible();
  await signOut(page);

  // the reviewer returns it for revision
  await signIn(page, DEMO.reviewer.email);
  await page.goto(topicUrl);
  await page.getByRole("button", { name: "开始审核" }).click();
  await page.getByLabel("意见或理由").fill("请补充经费测算。");
  await page.getByRole("button", { name: "退回修改" }).click();
  await expect(page.getByText("退回修改").first()).toBeVisible();
  await signOut(page);

  // the author sees the badge, opens the notice, and it is read
  await signIn(page, DEMO.departmentOfficer.email);
  const before = await unread(page);
  expect(before).toBeGreaterThan(0);
  await page.getByTestId("notifications-badge").click();
  await expect(page.getByRole("heading", { level: 1, name: "通知" })).toBeVisible();
  const item = page.getByRole("listitem").filter({ hasText: `选题「${DRAFT}」已退回修改` });
  await expect(item.getByText("未读")).toBeVisible();
  await expect(item.getByText("请补充经费测算。")).toBeVisible();
  await item.getByRole("link", { name: `选题「${DRAFT}」已退回修改` }).click();
  await expect(page).toHaveURL(new RegExp(`${topicUrl.replace(/^https?:\/\/[^/]+/, "")}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(DRAFT);
  expect(await unread(page)).toBe(before - 1);
  await page.goto("/notifications");
  await expect(page.getByRole("listitem").filter({ hasText: `选题「${DRAFT}」已退回修改` }).getByText("已读")).toBeVisible();
  // mark all read: the badge empties
  if (before - 1 > 0) {
    await page.getByRole("button", { name: "全部标为已读" }).click();
    await expect(page.getByTestId("unread-summary")).toHaveText("没有未读通知。");
  }
  expect(await unread(page)).toBe(0);
});
