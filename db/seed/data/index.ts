// 演示数据统一出口
export type { DemoAccount, DemoNearDuplicatePair, DemoOrganisation, DemoPerson, DemoProject } from "./types";
export { disciplines } from "./disciplines";
export { organisations } from "./organisations";
export { people } from "./people";
export { projects, nearDuplicatePairs } from "./projects";
export { DEMO_PASSWORD, demoAccounts } from "./accounts";
