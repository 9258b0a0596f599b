import type { CheckInput } from "./client/client.js";
import type { Report, RuleInfo } from "./client/report.js";
export { createNodeClient, type NodeClientOptions } from "./client/node.js";
export { parseTxtar, type TxtarArchive, type TxtarFile } from "./client/txtar.js";
export type { CheckInput, Client, CoreInfo, InputFile } from "./client/client.js";
export type * from "./client/report.js";
/** Analyses a workspace of `{path, content}` files (POSIX, workspace-relative paths). */
export declare function check(input: CheckInput): Promise<Report>;
/** The rule registry. */
export declare function rules(): Promise<RuleInfo[]>;
