// <gotrap-snippet> on a demo page with a strict CSP (web/public/widget-demo.html,
// loading the library build web/dist/widget/): findings under their lines,
// the expect check mark, an editable snippet re-checked as it is edited,
// lazy loading, the playground link, and nothing fetched from elsewhere.

import { readdirSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { expect, test, type Page } from "@playwright/test";
import { repoRoot } from "../paths";

const GT101_MESSAGE = "loop variable i captured by &i, stored in ptrs, which outlives the iteration: before go1.22 every iteration shares one i";

const snippet = (page: Page, id: string) => page.locator(`gotrap-snippet#${id}`);

interface Watched {
  requests: string[];
  problems: string[];
}

async function openDemo(page: Page): Promise<Watched> {
  const watched: Watched = { requests: [], problems: [] };
  page.on("request", (request) => watched.requests.push(request.url()));
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") watched.problems.push(message.text());
  });
  page.on("pageerror", (error) => watched.problems.push(error.message));
  page.on("response", (response) => {
    if (response.status() >= 400) watched.problems.push(`${response.status()} ${response.url()}`);
  });
  await page.goto("widget-demo.html");
  return watched;
}

test("snippets show findings under their lines, the expect check mark, and fetch only from the page's origin", async ({ page, baseURL }) => {
  const watched = await openDemo(page);
  const first = snippet(page, "shared-loop-variable");
  await expect(first.locator(".status")).toHaveText("gotrap: 1 finding");
  // The finding follows line 6, the line with &i, and nothing else is inline.
  const rows = first.locator(".code > div");
  await expect(rows).toHaveCount(10);
  await expect(rows.nth(5)).toHaveText("6\t\tptrs = append(ptrs, &i)");
  await expect(rows.nth(6)).toHaveClass("finding warning");
  await expect(rows.nth(6)).toHaveText(`GT101${GT101_MESSAGE}`);
  await expect(first.locator(".finding .rule")).toHaveAttribute("href", new URL("rules.html#loopvar-capture", baseURL).href);

  const expected = snippet(page, "expected");
  await expect(expected.locator(".status")).toHaveText("✓ GT101 as expected");
  await expect(expected.locator(".status")).toHaveClass("status expected");

  // The snippet far below the fold has not been checked, nor its line rendered with a finding.
  await expect(snippet(page, "below-the-fold").locator(".status")).toHaveText("gotrap: waiting");
  await snippet(page, "below-the-fold").scrollIntoViewIfNeeded();
  await expect(snippet(page, "below-the-fold").locator(".status")).toHaveText("gotrap: 1 finding");

  // Page styles do not reach in: the message keeps the snippet's colour, not the page's magenta.
  await expect(first.locator(".finding .message")).not.toHaveCSS("color", "rgb(255, 0, 255)");

  // Changing an attribute re-checks: from go 1.22 each iteration has its own i.
  await first.evaluate((element) => element.setAttribute("go-version", "1.22"));
  await expect(first.locator(".status")).toHaveText("gotrap: 0 findings");
  await expect(first.locator(".finding")).toHaveCount(0);

  const origin = new URL(baseURL!).origin;
  expect(watched.requests.filter((url) => !url.startsWith(`${origin}/`))).toEqual([]);
  // One core for all snippets.
  expect(watched.requests.filter((url) => url.endsWith("/gotrap_bg.wasm"))).toEqual([`${origin}/widget/gotrap_bg.wasm`]);
  expect(watched.problems).toEqual([]);
});

test("an editable snippet is re-checked as it is edited", async ({ page }) => {
  await openDemo(page);
  const editable = snippet(page, "editable");
  await editable.scrollIntoViewIfNeeded();
  await expect(editable.locator(".findings .finding")).toHaveText([`line 6GT101${GT101_MESSAGE}`]);
  await expect(editable.locator(".status")).toHaveText("gotrap: 1 finding");
  // Copy i at the top of the loop body: the pointer is then to the copy.
  await editable.locator(".cm-content > .cm-line").nth(4).click();
  await page.keyboard.press("End");
  await page.keyboard.press("Enter");
  await page.keyboard.insertText("i := i");
  await expect(editable.locator(".status")).toHaveText("gotrap: 0 findings");
  await expect(editable.locator(".findings .finding")).toHaveCount(0);
  const edited = await editable.evaluate((element) => (element as HTMLElement & { value: string }).value);
  expect(edited.split("\n")[5]!.trim()).toBe("i := i");
});

test("the playground link opens the snippet's code", async ({ page }) => {
  await openDemo(page);
  const href = await snippet(page, "shared-loop-variable").locator(".playground").getAttribute("href");
  expect(href).toMatch(/^http:\/\/127\.0\.0\.1:5173\/#1\./);
  await page.goto(href!);
  await expect(page.locator(".cm-content > .cm-line").nth(5)).toHaveText("\t\tptrs = append(ptrs, &i)");
});

test("the rule pages' Go examples are snippets expecting their rule (bad) or nothing (good)", async ({ page }) => {
  const watched = await openDemo(page);
  await page.goto("rules.html#loopvar-capture");
  const examples = page.locator("#loopvar-capture gotrap-snippet");
  await expect(examples).toHaveCount(3);
  await expect(examples.nth(0)).toHaveAttribute("expect", "GT101");
  // Each is checked once scrolled into view.
  for (const [index, status] of ["✓ GT101 as expected", "✓ nothing as expected", "✓ nothing as expected"].entries()) {
    await examples.nth(index).scrollIntoViewIfNeeded();
    await expect(examples.nth(index).locator(".status")).toHaveText(status);
  }
  // go.mod examples stay plain code.
  await expect(page.locator("#replace-local-path gotrap-snippet")).toHaveCount(0);
  await expect(page.locator("#replace-local-path figure pre")).toHaveCount(2);
  expect(watched.problems).toEqual([]);
});

test("the package's browser entry (action/dist/browser.js) checks with the core on the page's thread", async ({ page }) => {
  // Served as if from the site: the committed bundle and the wasm beside it.
  await page.route("**/npm/browser.js", (route) => route.fulfill({ path: `${repoRoot}action/dist/browser.js`, contentType: "text/javascript" }));
  await page.route("**/npm/gotrap_bg.wasm", (route) => route.fulfill({ path: `${repoRoot}action/dist/gotrap_bg.wasm`, contentType: "application/wasm" }));
  await openDemo(page);
  const result = await page.evaluate(async (closure) => {
    const gotrap = await import(/* @vite-ignore */ new URL("npm/browser.js", document.baseURI).href);
    const report = await gotrap.check({ files: [{ path: "go.mod", content: "module m\n\ngo 1.21\n" }, { path: "main.go", content: closure }], options: { select: ["GT101"] } });
    const ruleIds = (await gotrap.rules()).map((rule: { id: string }) => rule.id);
    const checked = await gotrap.verifyExamples("```go expect=GT101 go=1.21\n" + closure + "```\n");
    return { findings: report.findings.map((finding: { rule: string; line: number }) => `${finding.rule}:${finding.line}`), hasGT101: ruleIds.includes("GT101"), checked };
  }, `package main\n\nfunc pointers() []*int {\n\tvar ptrs []*int\n\tfor i := 0; i < 3; i++ {\n\t\tptrs = append(ptrs, &i)\n\t}\n\treturn ptrs\n}\n`);
  expect(result).toEqual({ findings: ["GT101:6"], hasGT101: true, checked: 1 });
});

test("without JS the code still reads", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("widget-demo.html");
  await expect(page.locator("gotrap-snippet#expected pre code")).toContainText("ptrs = append(ptrs, &i)");
  await context.close();
});

/**
 * Gzipped bytes of the library build (README, "Embedding"). The read-only
 * widget is its module and the wasm; the CodeMirror chunk loads only for
 * `editable`. The wasm is the full core (profile, dump, escape and bench decoders, and the
 * comparison of two artifacts, included): 620 KiB
 * where the widget's budget is 250 KiB for module and wasm together, which
 * needs a source-only wasm build; until then this ceiling catches growth.
 */
test("the widget's build stays within its size ceilings", () => {
  const widgetDir = `${repoRoot}web/dist/widget/`;
  const gzipped = (name: string) => gzipSync(readFileSync(widgetDir + name), { level: 9 }).byteLength;
  const editorChunk = readdirSync(widgetDir).find((name) => name.startsWith("snippet-editor-"))!;
  expect(gzipped("gotrap-snippet.js")).toBeLessThanOrEqual(10 * 1024);
  expect(gzipped("gotrap_bg.wasm")).toBeLessThanOrEqual(625 * 1024);
  expect(gzipped(editorChunk)).toBeLessThanOrEqual(130 * 1024);
});
