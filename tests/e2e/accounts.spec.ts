import { expect, test } from "@playwright/test";
import { DEMO, DEMO_PASSWORD, signIn, signOut } from "./support";

const roles = [
  ["department officer", DEMO.departmentOfficer.email, "/admin", false],
  ["think-tank expert", DEMO.expert.email, "/account", false],
  ["think-tank admin", DEMO.thinkTankAdmin.email, "/admin/members", true],
  ["reviewer of the management office", DEMO.reviewer.email, "/admin/imports", true],
  ["platform administrator", DEMO.platformAdmin.email, "/admin/users", true],
  ["security administrator", DEMO.securityAdmin.email, "/admin/security", true],
  ["audit administrator", DEMO.auditAdmin.email, "/admin/audit", true],
] as const;

for (const [role, email, page_, allowed] of roles) {
  test(`signs in as the ${role} and reaches what the role may use`, async ({ page }) => {
    await signIn(page, email);
    const res = await page.goto(page_);
    if (allowed) expect(res?.status()).toBe(200);
    else expect([200, 403]).toContain(res?.status());
    await signOut(page);
  });
}

test("the audit trail is refused to everyone but the audit administrator", async ({ page }) => {
  await signIn(page, DEMO.platformAdmin.email);
  const res = await page.goto("/admin/audit");
  expect(res?.status()).toBe(403);
  await expect(page.getByText("您没有访问此页面的权限。")).toBeVisible();
});

test("disabling an account asks first in a dialog, and cancelling leaves the account active", async ({ page }) => {
  await signIn(page, DEMO.platformAdmin.email);
  await page.goto("/admin/users");
  const row = page.getByRole("row").filter({ hasText: DEMO.auditAdmin.email });
  await row.getByRole("button", { name: /停用/ }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("停用后该用户的所有会话立即失效");
  await dialog.getByRole("button", { name: "取消" }).click();
  await expect(dialog).toBeHidden();
  await expect(row.getByText("正常")).toBeVisible();
});

test("five wrong passwords lock the account, and then even the right password is refused", async ({ page }) => {
  // the second department officer is used by no other journey
  for (let i = 0; i < 5; i++) {
    await signIn(page, DEMO.secondDepartmentOfficer.email, `wrong-password-${i}`, { expectFailure: true });
  }
  await signIn(page, DEMO.secondDepartmentOfficer.email, DEMO_PASSWORD, { expectFailure: true });
  await expect(page.getByRole("alert")).toContainText("已被锁定");
  await expect(page.getByRole("button", { name: "退出登录" })).toHaveCount(0);
  // what was typed is kept
  await expect(page.getByLabel("邮箱")).toHaveValue(DEMO.secondDepartmentOfficer.email);

  // the security administrator sees the locked account and unlocks it; the person can sign in again
  await signIn(page, DEMO.securityAdmin.email);
  await page.goto("/admin/security");
  await page.getByRole("button", { name: `解锁 ${DEMO.secondDepartmentOfficer.email}` }).click();
  await expect(page.getByText(`已解锁 ${DEMO.secondDepartmentOfficer.email}。`)).toBeVisible();
  await signOut(page);
  await signIn(page, DEMO.secondDepartmentOfficer.email);
  await signOut(page);
});

test("an organisation admin invites a colleague, who accepts by the e-mailed link and is signed in", async ({ page, browser }) => {
  await signIn(page, DEMO.thinkTankAdmin.email);
  await page.goto("/admin/members");
  const invitee = `new.colleague.${Date.now()}@example.cn`;
  await page.getByLabel("邮箱").fill(invitee);
  await page.getByRole("button", { name: "发送邀请" }).click();
  await expect(page.getByText(`邀请已发送至 ${invitee}。`)).toBeVisible();

  // the invitee, in another browser, reads the mail in the development inbox
  const context = await browser.newContext();
  const other = await context.newPage();
  await other.goto("/dev/mail");
  const link = other.locator(`a[href*="/invitations/"]`).first();
  await expect(link).toBeVisible();
  const href = await link.getAttribute("href");
  expect(href).toBeTruthy();
  await other.goto(href!);
  await other.getByLabel("显示名称").fill("新同事");
  await other.getByLabel("新密码", { exact: true }).fill("Qingshan-Lvshui-2026");
  await other.getByLabel("再次输入新密码").fill("Qingshan-Lvshui-2026");
  await other.getByRole("button", { name: "创建账户并加入" }).click();
  await expect(other.getByRole("link", { name: "新同事" })).toBeVisible();

  // the link works once
  await other.goto(href!);
  await expect(other.getByRole("heading", { name: "无法使用此邀请链接" })).toBeVisible();
  await context.close();
});

test("signing out everywhere asks first, then ends every session of the account", async ({ page, browser }) => {
  // a second device, signed in as the same person
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await signIn(other, DEMO.expert.email);

  await signIn(page, DEMO.expert.email);
  await page.goto("/account");
  await page.getByRole("button", { name: "退出所有设备" }).click();
  const dialog = page.getByRole("dialog", { name: "确定退出所有设备上的登录？" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "取消" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("button", { name: "退出登录" })).toBeVisible();

  await page.getByRole("button", { name: "退出所有设备" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "退出所有设备" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await other.reload();
  await expect(other.getByRole("link", { name: "登录" })).toBeVisible();
  await otherContext.close();
});
