/// <reference types="vite/client" />

declare module "virtual:gotrap-rules" {
  /** The rule registry of the full core, read when the site is built (vite.config.ts). */
  const rules: import("../../action/src/client/report").RuleInfo[];
  export default rules;
}
