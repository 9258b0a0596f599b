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
 * `editable`. The wasm is the full core (profile decoder included): 437 KiB
 * where the widget's budget is 250 KiB for module and wasm together, which
 * needs a source-only wasm build; until then this ceiling catches growth.
 */
test("the widget's build stays within its size ceilings", () => {
  const widgetDir = `${repoRoot}web/dist/widget/`;
  const gzipped = (name: string) => gzipSync(readFileSync(widgetDir + name), { level: 9 }).byteLength;
  const editorChunk = readdirSync(widgetDir).find((name) => name.startsWith("snippet-editor-"))!;
  expect(gzipped("gotrap-snippet.js")).toBeLessThanOrEqual(10 * 1024);
  expect(gzipped("gotrap_bg.wasm")).toBeLessThanOrEqual(450 * 1024);
  expect(gzipped(editorChunk)).toBeLessThanOrEqual(130 * 1024);
});
