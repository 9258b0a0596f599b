// The Node API of the `gotrap` package: `import { check, rules } from "gotrap"`.
// It shares the client (and so the worker and the wasm) with the CLI.

import type { CheckInput, Client, CompareInput } from "./client/client.js";
import { verifyExamplesWith, type VerifyExamplesOptions } from "./client/examples.js";
import { createNodeClient } from "./client/node.js";
import type { Comparison, Report, RuleInfo } from "./client/report.js";

export { createNodeClient, type NodeClientOptions } from "./client/node.js";
export { parseTxtar, type TxtarArchive, type TxtarFile } from "./client/txtar.js";
export type { CheckInput, Client, CompareInput, CoreInfo, InputFile } from "./client/client.js";
export type * from "./client/report.js";
export { ExampleMismatchError, parseGoExamples, type ExampleMismatch, type GoExample, type VerifyExamplesOptions } from "./client/examples.js";

let sharedClient: Client | null = null;

function client(): Client {
  sharedClient ??= createNodeClient();
  return sharedClient;
}

/** Analyses a workspace of `{path, content}` files (POSIX, workspace-relative paths). */
export function check(input: CheckInput): Promise<Report> {
  return client().check(input);
}

/**
 * Compares two artifacts: two profiles of one type (flat and cum of each
 * function in both and their difference, as `go tool pprof -diff_base`;
 * `options.normalize` as `-normalize`), or two goroutine snapshots (dumps or
 * goroutine profiles: the stacks whose goroutines grew).
 */
export function compare(input: CompareInput): Promise<Comparison> {
  return client().compare(input);
}

/** The rule registry. */
export function rules(): Promise<RuleInfo[]> {
  return client().rules();
}

/**
 * Checks the ```go blocks of a Markdown document annotated with `expect=`
 * (see client/examples.ts); resolves with how many were checked, rejects
 * with an ExampleMismatchError carrying a readable diff.
 */
export function verifyExamples(markdown: string, options?: VerifyExamplesOptions): Promise<number> {
  return verifyExamplesWith(check, markdown, options);
}
