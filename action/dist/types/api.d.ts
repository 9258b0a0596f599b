import type { CheckInput } from "./client/client.js";
import { type VerifyExamplesOptions } from "./client/examples.js";
import type { Report, RuleInfo } from "./client/report.js";
export { createNodeClient, type NodeClientOptions } from "./client/node.js";
export { parseTxtar, type TxtarArchive, type TxtarFile } from "./client/txtar.js";
export type { CheckInput, Client, CoreInfo, InputFile } from "./client/client.js";
export type * from "./client/report.js";
export { ExampleMismatchError, parseGoExamples, type ExampleMismatch, type GoExample, type VerifyExamplesOptions } from "./client/examples.js";
/** Analyses a workspace of `{path, content}` files (POSIX, workspace-relative paths). */
export declare function check(input: CheckInput): Promise<Report>;
/** The rule registry. */
export declare function rules(): Promise<RuleInfo[]>;
/**
 * Checks the ```go blocks of a Markdown document annotated with `expect=`
 * (see client/examples.ts); resolves with how many were checked, rejects
 * with an ExampleMismatchError carrying a readable diff.
 */
export declare function verifyExamples(markdown: string, options?: VerifyExamplesOptions): Promise<number>;
