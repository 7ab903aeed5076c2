import { expect, test } from "@playwright/test";
import { DEMO, signIn, signOut } from "./support";

/**
 * The needs board end to end: an officer posts an invited-only need, sees recommended experts
 * with their evidence, invites two; the expert finds it in the feed and answers; the officer
 * accepts and records a leader's instruction, which then shows in the expert's track record.
 */
test("officer asks, invites, accepts and records adoption; the expert answers and sees it in the track record", async ({ page }) => {
  const question = `乡村振兴背景下农村集体经济发展路径研究 ${Date.now() % 100000}`;
  await signIn(page, DEMO.departmentOfficer.email);
  await page.goto("/needs/new");
  await page.getByLabel("决策问题").fill(question);
  await page.getByLabel("背景").fill("全省村级集体经济发展不平衡，需要分类指导的政策建议。");
  const deadline = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel("截止日期").fill(deadline);
  await page.getByLabel("期望的成果形式").selectOption("研究报告");
  await page.getByLabel("政策领域").fill("乡村振兴");
  await page.getByLabel("关键词").fill("乡村振兴，农村集体经济");
  await page.getByLabel("仅受邀者可见").check();
  await page.getByRole("button", { name: "发布" }).click();
  await expect(page.getByRole("heading", { level: 1, name: question })).toBeVisible();

  // recommended experts, with the reason in words and the shared phrases highlighted
  const recs = page.getByTestId("recommendations");
  await expect(recs).toContainText("彭国强");
  await expect(recs).toContainText("主持过");
  await expect(recs.locator("mark").first()).toBeVisible();
  await page.getByLabel("选择 彭国强").check();
  await recs.getByRole("checkbox").nth(1).check();
  await page.getByRole("button", { name: "邀请所选" }).click();
  await expect(page.getByText("邀请已发送")).toBeVisible();
  const needUrl = page.url().split("?")[0];
  await signOut(page);

  // the expert finds the invitation in the feed and submits a proposal
  await signIn(page, DEMO.expert.email);
  await page.goto("/needs");
  const feed = page.getByTestId("feed");
  await expect(feed.getByRole("link", { name: question })).toBeVisible();
  await feed.getByRole("link", { name: question }).click();
  await page.getByLabel("方案摘要").fill("按集体经济发展水平把村分为三类，分别提出资产盘活、产业带动和帮扶托底的路径。");
  await page.getByLabel("研究思路").fill("分层抽样调研 12 个村，结合集体经济年报数据做对比分析。");
  await page.getByLabel("经费（万元）").fill("15");
  await page.getByRole("button", { name: "提交方案" }).click();
  await expect(page.getByText("方案已提交")).toBeVisible();
  await signOut(page);

  // the officer accepts and records a leader's instruction
  await signIn(page, DEMO.departmentOfficer.email);
  await page.goto(needUrl);
  const proposals = page.getByTestId("proposals");
  await expect(proposals).toContainText("按集体经济发展水平");
  await proposals.getByRole("button", { name: "采用", exact: true }).click();
  await expect(page.getByText("决定已记录")).toBeVisible();
  await page.getByLabel("采纳情况").selectOption("instructed");
  await page.getByRole("button", { name: "记录" }).click();
  await expect(page.getByText("采纳情况已记录")).toBeVisible();
  await signOut(page);

  // … and it counts in the expert's track record
  await signIn(page, DEMO.expert.email);
  await page.goto("/needs");
  await expect(page.getByTestId("track-record")).toContainText(question);
  await expect(page.getByTestId("track-record")).toContainText("获领导批示");
});

test("an invited-only need is a 404 for a signed-out visitor", async ({ page }) => {
  await page.goto("/needs");
  const count = await page.getByTestId("needs-total").textContent();
  const res = await page.goto("/needs/3");
  expect(res?.status()).toBe(404);
  expect(count).toContain("3");
});
