// What the browser specs share: the committed artifacts, the editor's lines
// and cursor, and the check that nothing a test does logs an error (a CSP
// violation is one).

import { readFileSync } from "node:fs";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { repoRoot } from "../paths";

export const artifactPath = (relative: string): string => `${repoRoot}tests/artifacts/${relative}`;
export const artifact = (relative: string): Buffer => readFileSync(artifactPath(relative));

/** The editor's lines, one element each (documents here are short enough that none is virtualised). */
export const editorLine = (page: Page, line: number) => page.locator(".cm-content > .cm-line").nth(line - 1);

/** The line of the open file the cursor is on, by its line number in the gutter. */
export const cursorLine = (page: Page) => page.locator(".cm-lineNumbers .cm-activeLineGutter");

export const findingItems = (page: Page) => page.locator("#findings li");

/** The stack of the one running goroutine of dumps/goroutine-debug2.txt: its user frame is below three runtime/pprof frames. */
export const runningGoroutineStack = [
  "runtime/pprof.writeGoroutineStacks runtime/pprof/pprof.go:819",
  "runtime/pprof.writeGoroutine runtime/pprof/pprof.go:782",
  "runtime/pprof.(*Profile).WriteTo runtime/pprof/pprof.go:408",
  "main.write gotrap.test/programs/dumps/main.go:78",
  "main.main gotrap.test/programs/dumps/main.go:69",
];

/** A screenshot of the whole page, in test-results/screenshots/ and attached to the test's report. */
export async function screenshot(page: Page, info: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
  await info.attach(name, { path: `test-results/screenshots/${name}.png`, contentType: "image/png" });
}

type CheckedPage = Page & { problems?: string[] };

/** Fails each test of the calling spec whose page logged an error or threw; `allowProblems` is for a test that provokes one. */
export function failOnPageErrors(): void {
  test.beforeEach(async ({ page }) => {
    const problems: string[] = [];
    page.on("console", (entry) => {
      if (entry.type() === "error") problems.push(entry.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));
    test.info().annotations.push({ type: "console", description: "checked after each test" });
    (page as CheckedPage).problems = problems;
  });
  test.afterEach(async ({ page }) => {
    expect((page as CheckedPage).problems).toEqual([]);
  });
}

export function allowProblems(page: Page): void {
  (page as CheckedPage).problems!.length = 0;
}

/** Pseudo-random printable text (xorshift, a fixed seed): 40,000 characters of it do not compress below the share link limit. */
export function incompressibleText(length: number): string {
  let seed = 7;
  const next = (): number => ((seed ^= seed << 13), (seed ^= seed >>> 17), (seed ^= seed << 5), seed >>> 0);
  return Array.from({ length }, () => String.fromCharCode(33 + (next() % 90))).join("");
}
