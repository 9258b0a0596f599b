// <gotrap-snippet> on a demo page with a strict CSP (web/public/widget-demo.html,
// loading the library build web/dist/widget/): findings under their lines,
// the expect check mark, an editable snippet re-checked as it is edited,
// lazy loading, one worker for all snippets, the playground link, nothing
// fetched from elsewhere; and the widget served from a second origin (a CDN),
// where its core runs on the page's thread.

import { readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { expect, test, type Page } from "@playwright/test";
import { repoRoot } from "../paths";

const GT101_MESSAGE = "loop variable i captured by &i, stored in ptrs, which outlives the iteration: before go1.22 every iteration shares one i";

const closureSource = "package main\n\nfunc pointers() []*int {\n\tvar ptrs []*int\n\tfor i := 0; i < 3; i++ {\n\t\tptrs = append(ptrs, &i)\n\t}\n\treturn ptrs\n}\n";

/** The read-only widget's budget in gzipped KiB (web/BENCHMARK.md, "Widget size"). */
const WIDGET_BUDGET_KIB = 250;

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
  // theme="dark" (the snippet below the fold) against the default light theme.
  await expect(first).toHaveCSS("background-color", "rgb(251, 251, 253)");
  await expect(snippet(page, "below-the-fold")).toHaveCSS("background-color", "rgb(22, 24, 29)");

  // `rules` picks the rules run: GT102 alone finds nothing here, GT101 finds the capture again.
  await first.evaluate((element) => element.setAttribute("rules", "GT102"));
  await expect(first.locator(".status")).toHaveText("gotrap: 0 findings");
  await first.evaluate((element) => element.setAttribute("rules", "GT101"));
  await expect(first.locator(".status")).toHaveText("gotrap: 1 finding");

  // Changing an attribute re-checks: from go 1.22 each iteration has its own i.
  await first.evaluate((element) => element.setAttribute("go-version", "1.22"));
  await expect(first.locator(".status")).toHaveText("gotrap: 0 findings");
  await expect(first.locator(".finding")).toHaveCount(0);

  const origin = new URL(baseURL!).origin;
  expect(watched.requests.filter((url) => !url.startsWith(`${origin}/`))).toEqual([]);
  // One core for all snippets, in one worker: the widget is served from the page's origin.
  const wasm = watched.requests.filter((url) => url.endsWith(".wasm"));
  expect(wasm).toHaveLength(1);
  expect(wasm[0]).toMatch(new RegExp(`^${origin}/widget/assets/gotrap_bg-[\\w-]{8,}\\.wasm$`));
  expect(page.workers()).toHaveLength(1);
  expect(page.workers()[0]!.url()).toMatch(new RegExp(`^${origin}/widget/assets/browser-worker-[\\w-]{8,}\\.js$`));
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

test("an editable snippet keeps the findings of a check that answers before its editor has loaded", async ({ page }) => {
  // Hold the CodeMirror chunk back until the first check has answered.
  let releaseEditor = (): void => undefined;
  const editorHeld = new Promise<void>((resolve) => (releaseEditor = resolve));
  await page.route("**/widget/assets/snippet-editor-*.js", async (route) => {
    await editorHeld;
    await route.continue();
  });
  await openDemo(page);
  const editable = snippet(page, "editable");
  await editable.scrollIntoViewIfNeeded();
  await expect(editable.locator(".status")).toHaveText("gotrap: 1 finding");
  releaseEditor();
  await expect(editable.locator(".cm-content")).toBeVisible();
  await expect(editable.locator(".findings .finding")).toHaveText([`line 6GT101${GT101_MESSAGE}`]);
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

/** A page on a second origin that embeds the widget from the site's origin, as a page embeds it from a CDN. */
function startEmbeddingPage(html: (pageOrigin: string) => string): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.url !== "/embed.html") return void response.writeHead(404).end();
    const pageOrigin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    response.writeHead(200, { "Content-Type": "text/html" }).end(html(pageOrigin));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

test("served from another origin, the widget runs its core on the page's thread, loaded only when a snippet scrolls into view", async ({ page, baseURL }) => {
  // `vite preview` sends Access-Control-Allow-Origin to local origins and the wasm as application/wasm, as a CDN must.
  const cdn = new URL(baseURL!).origin;
  // The README's policy for a widget served from a CDN: no worker-src needed.
  const policy = `default-src 'none'; script-src 'self' ${cdn} 'wasm-unsafe-eval'; connect-src ${cdn}; style-src 'self'; base-uri 'none'`;
  const escaped = closureSource.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  const server = await startEmbeddingPage(
    () => `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${policy}">
<script type="module" src="${cdn}/widget/gotrap-snippet.js"></script></head>
<body><pre>Scroll down${"\n".repeat(300)}</pre>
<gotrap-snippet id="far" go-version="1.21"><pre><code class="language-go">${escaped}</code></pre></gotrap-snippet></body></html>`,
  );
  try {
    const watched: Watched = { requests: [], problems: [] };
    page.on("request", (request) => watched.requests.push(request.url()));
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") watched.problems.push(message.text());
    });
    page.on("pageerror", (error) => watched.problems.push(error.message));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/embed.html`);
    const far = snippet(page, "far");
    await expect(far.locator(".status")).toHaveText("gotrap: waiting");
    // Nothing of the core is fetched before the snippet is in view.
    await page.waitForTimeout(500);
    expect(watched.requests.filter((url) => url.endsWith(".wasm"))).toEqual([]);
    await far.scrollIntoViewIfNeeded();
    await expect(far.locator(".status")).toHaveText("gotrap: 1 finding");
    await expect(far.locator(".finding .message")).toHaveText(GT101_MESSAGE);
    const wasm = watched.requests.filter((url) => url.endsWith(".wasm"));
    expect(wasm).toHaveLength(1);
    expect(wasm[0]).toMatch(new RegExp(`^${cdn}/widget/assets/gotrap_bg-[\\w-]{8,}\\.wasm$`));
    expect(page.workers()).toEqual([]);
    // CodeMirror is for `editable` snippets only: a page without one never fetches it.
    expect(watched.requests.filter((url) => url.includes("snippet-editor-"))).toEqual([]);
    await expect(far.locator(".finding .rule")).toHaveAttribute("href", `${cdn}/rules.html#loopvar-capture`);
    expect(watched.problems).toEqual([]);
  } finally {
    server.close();
  }
});

test("the site's service worker precaches the widget, whose loaded files have hashed names", async ({ request }) => {
  const precached = (await (await request.get("precache.json")).json()) as string[];
  const widgetFiles = precached.filter((name) => name.startsWith("widget/")).sort();
  expect(widgetFiles).toHaveLength(5);
  expect(widgetFiles[0]).toMatch(/^widget\/assets\/browser-worker-[\w-]{8,}\.js$/);
  expect(widgetFiles[1]).toMatch(/^widget\/assets\/gotrap-[\w-]{8,}\.js$/);
  expect(widgetFiles[2]).toMatch(/^widget\/assets\/gotrap_bg-[\w-]{8,}\.wasm$/);
  expect(widgetFiles[3]).toMatch(/^widget\/assets\/snippet-editor-[\w-]{8,}\.js$/);
  expect(widgetFiles[4]).toBe("widget/gotrap-snippet.js");
  for (const name of widgetFiles) expect((await request.get(name)).status(), name).toBe(200);
});

test("the rule pages load one core: the widget's", async ({ page }) => {
  const wasm: string[] = [];
  page.on("request", (request) => {
    if (request.url().endsWith(".wasm")) wasm.push(new URL(request.url()).pathname);
  });
  await page.goto("rules.html#loopvar-capture");
  const first = page.locator("#loopvar-capture gotrap-snippet").first();
  await first.scrollIntoViewIfNeeded();
  await expect(first.locator(".status")).toHaveText("✓ GT101 as expected");
  await page.locator("#sprintf-trivial gotrap-snippet").first().scrollIntoViewIfNeeded();
  await expect(page.locator("#sprintf-trivial gotrap-snippet").first().locator(".status")).toHaveText("✓ GT307 as expected");
  expect(wasm).toHaveLength(1);
  expect(wasm[0]).toMatch(/^\/widget\/assets\/gotrap_bg-[\w-]{8,}\.wasm$/);
  expect(page.workers()).toHaveLength(1);
});

/**
 * Gzipped bytes of the widget build (web/BENCHMARK.md, "Widget size"). The
 * read-only widget is its module, the worker or the in-thread loader (one of
 * the two runs; the larger counts) and the source-only wasm core; the
 * CodeMirror chunk loads only for `editable`. The budget is 250 KiB;
 * the measured floor with tree-sitter and every source rule inside is above
 * it, so this asserts the floor plus a margin of 2%.
 */
test("the widget's build stays within its size budget", () => {
  const assetsDir = `${repoRoot}web/dist/widget/assets/`;
  const assets = readdirSync(assetsDir);
  const gzipped = (file: string) => gzipSync(readFileSync(file), { level: 9 }).byteLength;
  const asset = (prefix: string, extension: string) => {
    const matches = assets.filter((name) => name.startsWith(prefix) && name.endsWith(extension));
    expect(matches, `${prefix}*${extension}`).toHaveLength(1);
    return gzipped(assetsDir + matches[0]!);
  };
  const entry = gzipped(`${repoRoot}web/dist/widget/gotrap-snippet.js`);
  const loader = Math.max(asset("browser-worker-", ".js"), asset("gotrap-", ".js"));
  const wasm = asset("gotrap_bg-", ".wasm");
  expect(entry).toBeLessThanOrEqual(8 * 1024);
  expect(loader).toBeLessThanOrEqual(8 * 1024);
  expect(entry + loader + wasm).toBeLessThanOrEqual(WIDGET_BUDGET_KIB * 1024);
  expect(asset("snippet-editor-", ".js")).toBeLessThanOrEqual(130 * 1024);
});
