// 演示账号（所有账号使用同一演示密码）
import type { DemoAccount } from "./types";

export const DEMO_PASSWORD = "Zhiku-Demo-2026!";

export const demoAccounts: DemoAccount[] = [
  {
    email: "officer@fgw.example.cn",
    password: DEMO_PASSWORD,
    displayName: "李文辉",
    orgKey: "dept-fgw",
    orgRole: "member",
    description: "部门联络员（省发展改革委）",
  },
  {
    email: "officer@sthjt.example.cn",
    password: DEMO_PASSWORD,
    displayName: "程雅静",
    orgKey: "dept-sthj",
    orgRole: "member",
    description: "部门联络员（湖北省生态环境厅）",
  },
  {
    email: "pengguoqiang@example.cn",
    password: DEMO_PASSWORD,
    displayName: "彭国强",
    personKey: "p-pengguoqiang",
    orgKey: "tt-dtxc",
    orgRole: "member",
    description: "智库专家（洞庭大学乡村振兴研究院）",
  },
  {
    email: "admin@xzgz.example.cn",
    password: DEMO_PASSWORD,
    displayName: "邱婉婷",
    orgKey: "tt-xzgz",
    orgRole: "admin",
    description: "智库管理员（湘中大学公共政策研究中心）",
  },
  {
    email: "reviewer@skgh.example.cn",
    password: DEMO_PASSWORD,
    displayName: "谭振华",
    orgKey: "mgmt",
    orgRole: "reviewer",
    description: "审核员（省社科规划办）",
  },
  {
    email: "admin@skgh.example.cn",
    password: DEMO_PASSWORD,
    displayName: "蔡明辉",
    orgKey: "mgmt",
    orgRole: "admin",
    description: "主管部门管理员（省社科规划办）",
  },
  {
    email: "sysadmin@zhiku.example.cn",
    password: DEMO_PASSWORD,
    displayName: "平台管理员",
    platformRole: "platformAdmin",
    description: "平台系统管理员",
  },
  {
    email: "secadmin@zhiku.example.cn",
    password: DEMO_PASSWORD,
    displayName: "安全管理员",
    platformRole: "securityAdmin",
    description: "平台安全保密管理员",
  },
  {
    email: "auditor@zhiku.example.cn",
    password: DEMO_PASSWORD,
    displayName: "审计管理员",
    platformRole: "auditAdmin",
    description: "平台安全审计员",
  },
];
