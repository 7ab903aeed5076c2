export * from "./archive";
export * from "./auth";
export * from "./orgs";
export * from "./system";
export * from "./topics";
export * from "./needs";
export * from "./notifications";
