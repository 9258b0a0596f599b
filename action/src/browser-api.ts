// The browser entry of the `gotrap` package (the `browser` export condition):
// the same API as in Node, with the core on the page's thread, fetched from
// gotrap_bg.wasm beside this module the first time it is needed.

import init, * as wasm from "../../crate/pkg/gotrap.js";
import type { CheckInput, Client, CompareInput } from "./client/client.js";
import { verifyExamplesWith, type VerifyExamplesOptions } from "./client/examples.js";
import { createInThreadClient } from "./client/in-thread.js";
import type { Comparison, Report, RuleInfo } from "./client/report.js";

export { createInThreadClient } from "./client/in-thread.js";
export type { CheckInput, Client, CompareInput, CoreInfo, InputFile } from "./client/client.js";
export type * from "./client/report.js";
export { ExampleMismatchError, parseGoExamples, type ExampleMismatch, type GoExample, type VerifyExamplesOptions } from "./client/examples.js";

let sharedClient: Client | null = null;

/** The page's one core instance, shared by every caller. */
export function sharedBrowserClient(): Client {
  sharedClient ??= createInThreadClient(async () => {
    await init({ module_or_path: new URL(/* @vite-ignore */ "./gotrap_bg.wasm", import.meta.url) });
    return wasm;
  });
  return sharedClient;
}

export function check(input: CheckInput): Promise<Report> {
  return sharedBrowserClient().check(input);
}

/** Compares two artifacts: two profiles of one type, or two goroutine snapshots. */
export function compare(input: CompareInput): Promise<Comparison> {
  return sharedBrowserClient().compare(input);
}

export function rules(): Promise<RuleInfo[]> {
  return sharedBrowserClient().rules();
}

export function verifyExamples(markdown: string, options?: VerifyExamplesOptions): Promise<number> {
  return verifyExamplesWith(check, markdown, options);
}
