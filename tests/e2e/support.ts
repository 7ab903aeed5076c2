import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "Zhiku-Demo-2026!";

export const DEMO = {
  departmentOfficer: { email: "officer@fgw.example.cn" },
  secondDepartmentOfficer: { email: "officer@sthjt.example.cn" },
  expert: { email: "pengguoqiang@example.cn" },
  thinkTankAdmin: { email: "admin@xzgz.example.cn" },
  reviewer: { email: "reviewer@skgh.example.cn" },
  platformAdmin: { email: "sysadmin@zhiku.example.cn" },
  securityAdmin: { email: "secadmin@zhiku.example.cn" },
  auditAdmin: { email: "auditor@zhiku.example.cn" },
} as const;

/** Signs in through the form; unless told the attempt should fail, waits until the person is signed in. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD, { expectFailure = false } = {}) {
  await page.goto("/sign-in");
  await page.getByLabel("邮箱").fill(email);
  await page.getByLabel("密码", { exact: true }).fill(password);
  await page.getByRole("main").getByRole("button", { name: "登录" }).click();
  if (expectFailure) await expect(page.getByRole("alert")).toBeVisible();
  else await expect(page.getByRole("button", { name: "退出登录" })).toBeVisible();
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page.getByRole("link", { name: "登录" })).toBeVisible();
}
