export * from "./users";
export * from "./teams";
export * from "./roles";
export * from "./members";
export * from "./api-tokens";
export * from "./audit";
export * from "./login-attempts";
export * from "./system";
