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
  // the draft saves itself and is there after a reload
  const saved = page.getByRole("status").filter({ hasText: /草稿已自动保存|保存中|有未保存/ });
  await expect(saved).toContainText(/草稿已自动保存 \d{2}:\d{2}/, { timeout: 15_000 });
  await page.reload();
  await expect(page.getByLabel("研究思路")).toHaveValue("分层抽样调研 12 个村，结合集体经济年报数据做对比分析。");
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

/**
 * Conflicts and the topic pool: an expert declares a conflict with a think tank on their account;
 * the officer's assignment never gives them that think tank's proposal and refuses to add them by
 * hand; the officer then accepts the proposal into the planning round's topic pool, and the
 * management office finds it in the screening queue.
 */
test("a declared conflict keeps the expert off the proposal; the proposal accepted as a topic reaches the round's pool", async ({ page }) => {
  const question = `乡村振兴中村级集体经济组织治理的评估方法 ${Date.now() % 100000}`;
  await signIn(page, DEMO.departmentOfficer.email);
  await page.goto("/needs/new");
  await page.getByLabel("决策问题").fill(question);
  await page.getByLabel("背景").fill("需要一套可操作的村级集体经济组织治理评估办法。");
  await page.getByLabel("截止日期").fill(new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10));
  await page.getByLabel("期望的成果形式").selectOption("研究报告");
  await page.getByLabel("政策领域").fill("乡村振兴");
  await page.getByLabel("关键词").fill("乡村振兴，农村集体经济");
  await page.getByRole("button", { name: "发布" }).click();
  await expect(page.getByRole("heading", { level: 1, name: question })).toBeVisible();
  const needUrl = page.url().split("?")[0];
  await signOut(page);

  // a think tank answers
  await signIn(page, DEMO.thinkTankAdmin.email);
  await page.goto(needUrl);
  await page.getByLabel("方案摘要").fill("构建村级集体经济组织治理评估指标，选取 8 个村试评并形成评估手册。");
  await page.getByRole("button", { name: "提交方案" }).click();
  await expect(page.getByText("方案已提交")).toBeVisible();
  await signOut(page);

  // the expert declares a conflict with that think tank on their account page
  await signIn(page, DEMO.expert.email);
  await page.goto("/account");
  await page.getByRole("link", { name: "管理利益冲突申报" }).click();
  await page.getByRole("button", { name: "申报" }).click();
  await expect(page.getByRole("alert")).toContainText("请填写单位或个人的名称");
  await page.getByLabel("单位或个人的名称").fill("湘中大学公共政策研究中心");
  await page.getByLabel("原因").fill("近三年与该中心合作承担课题");
  await page.getByRole("button", { name: "申报" }).click();
  await expect(page.getByText("申报已记录")).toBeVisible();
  await expect(page.getByTestId("conflicts")).toContainText("湘中大学公共政策研究中心");
  await signOut(page);

  // the officer solves the assignment: the expert is not given the proposal, nor can be added by hand
  await signIn(page, DEMO.departmentOfficer.email);
  await page.goto(needUrl);
  await page.getByRole("link", { name: "打开评审分配页" }).click();
  await page.getByLabel("每项专家数 k").fill("2");
  await page.getByRole("button", { name: "求解分配" }).click();
  await expect(page.getByText("评审分配已求解并保存")).toBeVisible();
  const item = page.getByTestId("review-item").first();
  await expect(item.getByTestId("assigned").locator("li")).toHaveCount(2);
  await expect(item.getByTestId("assigned")).not.toContainText("彭国强");
  // the form already says why before anyone tries; trying anyway is refused with the reason
  const option = item.getByLabel("评审专家", { exact: true }).first().locator("option", { hasText: "彭国强" });
  await expect(option).toContainText("已申报");
  await item.getByLabel("评审专家", { exact: true }).first().selectOption((await option.getAttribute("value")) ?? "");
  await item.getByLabel("理由（必填）").fill("熟悉村级集体经济");
  await item.getByRole("button", { name: "添加", exact: true }).click();
  await expect(page.getByRole("alert")).toContainText("已申报");
  // removing needs a reason, and shows in the item's history
  const firstReviewer = (await item.getByTestId("assigned").locator("li span.font-medium").first().textContent()) ?? "";
  await item.getByPlaceholder("移出理由（必填）").first().fill("时间冲突，无法参加评审");
  await item.getByRole("button", { name: "移出" }).first().click();
  await expect(page.getByText("已移出评审专家")).toBeVisible();
  await expect(page.getByTestId("item-history").first()).toContainText(`移出 ${firstReviewer} — 时间冲突，无法参加评审`);

  // accept the proposal into the open planning round's topic pool
  await page.goto(needUrl);
  await page.getByRole("button", { name: "采用并转为选题" }).click();
  const ack = page.getByLabel("查重发现相似选题，请说明仍需提交的理由");
  const accepted = page.getByText("已作为选题提交到所选规划轮次的选题池");
  // a similar topic in the demo round asks for the officer's reason first (nothing is written until then)
  await expect(accepted.or(ack)).toBeVisible();
  if (await ack.isVisible()) {
    await ack.fill("聚焦治理评估方法，与已有选题不同");
    await page.getByRole("button", { name: "采用并转为选题" }).click();
  }
  await expect(accepted).toBeVisible();
  await expect(page.getByTestId("topic-lineage")).toContainText("已转为选题");
  await page.getByTestId("topic-lineage").getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(question);
  await signOut(page);

  // the management office sees it in the round's screening queue
  await signIn(page, DEMO.reviewer.email);
  await page.goto("/topics/review");
  await expect(page.getByRole("main")).toContainText(question);
});
