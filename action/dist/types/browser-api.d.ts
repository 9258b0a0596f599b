import type { CheckInput, Client, CompareInput } from "./client/client.js";
import { type VerifyExamplesOptions } from "./client/examples.js";
import type { Comparison, Report, RuleInfo } from "./client/report.js";
export { createInThreadClient } from "./client/in-thread.js";
export type { CheckInput, Client, CompareInput, CoreInfo, InputFile } from "./client/client.js";
export type * from "./client/report.js";
export { ExampleMismatchError, parseGoExamples, type ExampleMismatch, type GoExample, type VerifyExamplesOptions } from "./client/examples.js";
/** The page's one core instance, shared by every caller. */
export declare function sharedBrowserClient(): Client;
export declare function check(input: CheckInput): Promise<Report>;
/** Compares two artifacts: two profiles of one type, or two goroutine snapshots. */
export declare function compare(input: CompareInput): Promise<Comparison>;
export declare function rules(): Promise<RuleInfo[]>;
export declare function verifyExamples(markdown: string, options?: VerifyExamplesOptions): Promise<number>;
