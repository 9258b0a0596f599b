import type { CheckInput, CompareInput } from "./client/client.js";
import { type VerifyExamplesOptions } from "./client/examples.js";
import type { Comparison, Report, RuleInfo } from "./client/report.js";
export { createNodeClient, type NodeClientOptions } from "./client/node.js";
export { parseTxtar, type TxtarArchive, type TxtarFile } from "./client/txtar.js";
export type { CheckInput, Client, CompareInput, CoreInfo, InputFile } from "./client/client.js";
export type * from "./client/report.js";
export { ExampleMismatchError, parseGoExamples, type ExampleMismatch, type GoExample, type VerifyExamplesOptions } from "./client/examples.js";
/** Analyses a workspace of `{path, content}` files (POSIX, workspace-relative paths). */
export declare function check(input: CheckInput): Promise<Report>;
/**
 * Compares two artifacts: two profiles of one type (flat and cum of each
 * function in both and their difference, as `go tool pprof -diff_base`;
 * `options.normalize` as `-normalize`), or two goroutine snapshots (dumps or
 * goroutine profiles: the stacks whose goroutines grew).
 */
export declare function compare(input: CompareInput): Promise<Comparison>;
/** The rule registry. */
export declare function rules(): Promise<RuleInfo[]>;
/**
 * Checks the ```go blocks of a Markdown document annotated with `expect=`
 * (see client/examples.ts); resolves with how many were checked, rejects
 * with an ExampleMismatchError carrying a readable diff.
 */
export declare function verifyExamples(markdown: string, options?: VerifyExamplesOptions): Promise<number>;
