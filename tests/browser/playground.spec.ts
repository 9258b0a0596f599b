// The built playground in Debian's Chromium, driven through its UI: typing,
// squiggles, quick fixes, tabs, the Go-version selector, txtar, dropped
// artifacts, share links, examples, the rule pages, theme, XSS and egress.
// Screenshots of the main views go to test-results/screenshots/.

import { readFileSync, writeFileSync } from "node:fs";
import { expect, test, type Locator, type Page, type TestInfo, type Worker } from "@playwright/test";
import type { RuleInfo } from "../../action/src/client/report";
import { core } from "../node/wasm-core";
import { badClosure, repoRoot } from "../paths";
import { gzipBomb, nestedParentheses } from "../hostile/inputs";
import { encodeProfile, syntheticCpuProfile } from "../pprof-writer.mjs";
import { allowProblems, artifact, cursorLine, editorLine, failOnPageErrors, findingItems, incompressibleText, runningGoroutineStack, screenshot } from "./support";


async function replaceCode(page: Page, code: string): Promise<void> {
  await page.locator(".cm-content").click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(code);
}

/** Pastes text into the editor as the clipboard would (large texts, and txtar archives the page takes over). */
async function pasteIntoEditor(page: Page, text: string): Promise<void> {
  await page.locator(".cm-content").click();
  await page.keyboard.press("Control+A");
  await page.evaluate((pasted) => {
    const transfer = new DataTransfer();
    transfer.setData("text/plain", pasted);
    document.querySelector(".cm-content")!.dispatchEvent(new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, text);
}

/** Drops files on the drop zone as a user's drag and drop would (a real DataTransfer of Files). */
async function dropFiles(page: Page, files: { name: string; bytes: Buffer }[]): Promise<void> {
  const dataTransfer = await page.evaluateHandle((encoded) => {
    const transfer = new DataTransfer();
    for (const file of encoded) transfer.items.add(new File([Uint8Array.from(atob(file.data), (char) => char.charCodeAt(0))], file.name));
    return transfer;
  }, files.map((file) => ({ name: file.name, data: file.bytes.toString("base64") })));
  await page.dispatchEvent("#drop-zone", "drop", { dataTransfer });
}

async function chooseExample(page: Page, label: string): Promise<void> {
  await page.locator("#examples").click();
  await page.locator("#examples-menu").getByRole("menuitem", { name: label }).click();
  await expect(page.locator("#examples-menu")).toBeHidden();
}

// Everything a test does must stay within the page's CSP: a violation is a console error.
failOnPageErrors();

test("starts with one main.go and no go.mod: the version-gated GT101 is info, squiggled at its exact place", async ({ page }, info) => {
  await page.goto("/");
  await expect(page.locator("#tabs [role=tab]")).toHaveText(["main.go"]);
  await expect(page.locator("#go-version")).toHaveValue("");
  await expect(findingItems(page)).toHaveCount(1);
  await expect(findingItems(page).locator(".position")).toHaveText("main.go:8:53");
  // The squiggle covers `i` of `&i` on line 8 and nothing on other lines.
  await expect(editorLine(page, 8).locator(".cm-lintRange-info")).toHaveText("i");
  await expect(page.locator(".cm-lintRange")).toHaveCount(1);
  await screenshot(page, info, "playground-start");
});

test("typing code shows its finding at the exact line, with the message and a link to the rule's docs on hover", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator("#status")).toHaveText("1 finding.");
  await replaceCode(page, badClosure);
  await expect(findingItems(page).locator(".position")).toHaveText("main.go:4:21");
  await expect(page.locator("#status")).toHaveText("1 finding.");
  const squiggle = editorLine(page, 4).locator(".cm-lintRange-info");
  await expect(squiggle).toHaveText("&i");
  await squiggle.hover();
  const tooltip = page.locator(".cm-tooltip-lint");
  await expect(tooltip).toContainText("GT101 loopvar-capture: loop variable i captured by &i");
  await expect(tooltip.locator("a.rule-link")).toHaveAttribute("href", "./rules.html#loopvar-capture");
});

test("a quick fix from the finding's fix removes the redundant copy", async ({ page }, info) => {
  await page.goto("/");
  await chooseExample(page, "GT102 redundant-loopvar-copy: bad (go 1.22)");
  await expect(page.locator("#tabs [role=tab]")).toHaveText(["main.go", "go.mod"]);
  await expect(page.locator("#go-version")).toHaveValue("1.22");
  const squiggle = editorLine(page, 5).locator(".cm-lintRange-info");
  await expect(squiggle).toHaveText("name := name");
  await squiggle.hover();
  await expect(page.locator(".cm-tooltip-lint")).toContainText("GT102");
  await screenshot(page, info, "quick-fix-tooltip");
  // A full-page screenshot may move the page under the mouse and close the tooltip.
  await squiggle.hover();
  await page.locator(".cm-tooltip-lint button", { hasText: "Apply fix" }).click();
  await expect(editorLine(page, 5)).toHaveText("\t\t // redundant since Go 1.22");
  await expect(page.locator('#findings li[data-rule="GT102"]')).toHaveCount(0);
});

test("the findings panel applies a fix too, filters by rule and severity, counts, and copies Markdown", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/");
  await chooseExample(page, "GT102 redundant-loopvar-copy: bad (go 1.22)");
  await expect(page.locator("#counts")).toHaveText("2 findings: 0 error, 0 warning, 2 info");
  // Sorted by severity then path: go.mod before main.go.
  await expect(findingItems(page).locator(".position")).toHaveText(["go.mod:3:4", "main.go:5:3"]);
  await page.locator("#rule-filter").selectOption("GT102");
  await expect(findingItems(page)).toHaveCount(1);
  await expect(page.locator("#counts")).toHaveText("2 findings: 0 error, 0 warning, 2 info (1 shown)");
  await page.locator("#copy-markdown").click();
  const markdown = await page.evaluate(() => navigator.clipboard.readText());
  expect(markdown).toBe(
    "| severity | rule | location | message |\n|---|---|---|---|\n" +
      "| info | GT102 redundant-loopvar-copy | main.go:5:3 | \\`name := name\\` is redundant: since go1.22 each iteration of a \\`:=\\` loop has its own loop variable name |\n",
  );
  await page.locator("#rule-filter").selectOption("");
  await page.locator("#show-info").uncheck();
  await expect(findingItems(page)).toHaveCount(0);
  await page.locator("#show-info").check();
  await page.locator('#findings li[data-rule="GT102"] .apply-fix').click();
  await expect(page.locator('#findings li[data-rule="GT102"]')).toHaveCount(0);
});

test("tabs: add a Go file, switch between files, and jump to a finding in another tab", async ({ page }) => {
  await page.goto("/");
  await page.locator("#new-file-name").fill("worker.go");
  await page.locator("#new-file button[type=submit]").click();
  await expect(page.locator("#tabs [role=tab]")).toHaveText(["main.go", "worker.go"]);
  await expect(page.locator('#tabs [aria-selected="true"]')).toHaveText("worker.go");
  await replaceCode(page, 'package main\n\nfunc deadlock() {\n\tch := make(chan int)\n\tch <- 1\n\t<-ch\n}\n');
  await expect(page.locator('#findings li[data-rule="GT206"] .position')).toHaveText("worker.go:5:2");
  await expect(editorLine(page, 5).locator(".cm-lintRange-error")).toHaveCount(1);
  await page.locator("#tabs [role=tab]", { hasText: "main.go" }).click();
  await expect(editorLine(page, 1)).toHaveText("package main");
  await expect(editorLine(page, 8).locator(".cm-lintRange-info")).toHaveText("i");
  await page.locator('#findings li[data-rule="GT206"] .jump').click();
  await expect(page.locator('#tabs [aria-selected="true"]')).toHaveText("worker.go");
  await expect(editorLine(page, 5)).toHaveText("\tch <- 1");
  // A name already open is refused.
  await page.locator("#new-file-name").fill("main.go");
  await page.locator("#new-file button[type=submit]").click();
  await expect(page.locator("#tabs [role=tab]")).toHaveCount(2);
  await page.locator('button[aria-label="Close worker.go"]').click();
  await expect(page.locator("#tabs [role=tab]")).toHaveText(["main.go"]);
  await expect(page.locator('#findings li[data-rule="GT206"]')).toHaveCount(0);
});

test("the Go-version selector writes go.mod's go line and the version-gated finding follows it", async ({ page }, info) => {
  await page.goto("/");
  const gt101 = page.locator('#findings li[data-rule="GT101"]');
  await expect(gt101.locator(".severity")).toHaveText("info");
  await page.locator("#go-version").selectOption("1.21");
  await expect(page.locator("#tabs [role=tab]")).toHaveText(["main.go", "go.mod"]);
  await expect(gt101.locator(".severity")).toHaveText("warning");
  await expect(editorLine(page, 8).locator(".cm-lintRange-warning")).toHaveText("i");
  await screenshot(page, info, "go-version-1.21");
  await page.locator("#go-version").selectOption("1.22");
  await expect(gt101).toHaveCount(0);
  await page.locator("#tabs [role=tab]", { hasText: "go.mod" }).click();
  await expect(editorLine(page, 3)).toHaveText("go 1.22");
  // Editing the go line by hand moves the selector.
  await editorLine(page, 3).click();
  await page.keyboard.press("End");
  await page.keyboard.press("Backspace");
  await page.keyboard.insertText("4");
  await expect(page.locator("#go-version")).toHaveValue("1.24");
  // Back to unknown: the go.mod the selector made goes away.
  await page.locator("#go-version").selectOption("");
  await expect(page.locator("#tabs [role=tab]")).toHaveText(["main.go"]);
  await expect(gt101.locator(".severity")).toHaveText("info");
});

test("txtar: a pasted archive opens as tabs, and export gives the same archive back", async ({ page }) => {
  await page.goto("/");
  const archive = `-- go.mod --\nmodule example.com/app\n\ngo 1.21\n-- main.go --\n${badClosure.replace("func badClosure", "package main\n\nfunc badClosure")}-- gotrap.toml --\nignore = ["GT505"]\n`;
  await pasteIntoEditor(page, archive);
  await expect(page.locator("#tabs [role=tab]")).toHaveText(["go.mod", "main.go", "gotrap.toml"]);
  await expect(page.locator('#tabs [aria-selected="true"]')).toHaveText("main.go");
  // gotrap.toml is the run's config: GT505 on go.mod is ignored.
  await expect(findingItems(page).locator(".position")).toHaveText(["main.go:6:21"]);
  await expect(findingItems(page).locator(".severity")).toHaveText(["warning"]);
  const download = page.waitForEvent("download");
  await page.locator("#export-txtar").click();
  const exported = readFileSync(await (await download).path(), "utf8");
  expect(exported).toBe(archive);
});

test("a dropped CPU profile shows its top table, sortable, and a flame graph; its finding is listed", async ({ page }, info) => {
  await page.goto("/");
  await dropFiles(page, [{ name: "cpu.pb.gz", bytes: artifact("profiles/cpu.pb.gz") }]);
  const view = page.locator('.profile-view[data-path="cpu.pb.gz"]');
  await expect(view.locator(".facts")).toContainText("cpu profile · 57 samples");
  await expect(view.locator("caption")).toHaveText("Top of cpu: total 1.04s, sorted by flat (first 50 of 62 functions)");
  const firstRow = view.locator(".top-table tbody tr").first();
  await expect(firstRow.locator("td")).toHaveText(["340.00ms", "32.69%", "340.00ms", "32.69%", "time.runtimeNow"]);
  await view.locator('button[data-sort="cum"]').click();
  await expect(firstRow.locator("td").nth(4)).toHaveText("main.hot");
  await view.locator("select").selectOption({ label: "samples (count)" });
  await expect(view.locator("caption")).toContainText("Top of samples: total 104");
  // Typing re-analyses the Go files but leaves the profile view as the user set it.
  await replaceCode(page, "package main\n");
  await expect(page.locator("#status")).toHaveText("2 findings.");
  await expect(view.locator("caption")).toContainText("Top of samples: total 104");
  await expect(view.locator("canvas.flame")).toBeVisible();
  const flame = view.locator("canvas.flame");
  await flame.hover({ position: { x: (await flame.boundingBox())!.width / 2, y: 5 } });
  await expect(view.locator(".flame-details")).toHaveText("runtime.main: 97 cumulative (93.3%), 0 self");
  // The keyboard reaches the same frames: into the heaviest callee, across, back out.
  await flame.focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await expect(view.locator(".flame-details")).toHaveText("main.main: 97 cumulative (93.3%), 0 self");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await expect(view.locator(".flame-details")).toHaveText("fmt.Sprintf: 37 cumulative (35.6%), 0 self");
  await page.keyboard.press("ArrowRight");
  await expect(view.locator(".flame-details")).toHaveText("time.Now: 34 cumulative (32.7%), 0 self");
  await page.keyboard.press("ArrowUp");
  await expect(view.locator(".flame-details")).toHaveText("main.hot: 97 cumulative (93.3%), 2 self");
  await expect(page.locator('#findings li[data-rule="GT604"]')).toHaveCount(2);
  await expect(page.locator("#artifact-list li")).toHaveText(/cpu\.pb\.gz/);
  await screenshot(page, info, "profile-view");
});

test("a dropped gctrace log shows its summary; an unreadable profile goes to the error panel", async ({ page }, info) => {
  await page.goto("/");
  await dropFiles(page, [
    { name: "pressure.log", bytes: artifact("gctrace/pressure.log") },
    { name: "broken.pb.gz", bytes: Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5]) },
  ]);
  const summary = page.locator('.gctrace-view[data-path="pressure.log"] .gctrace-summary');
  await expect(summary.locator("tr").first()).toHaveText("collections85 in 1.014 s (82.8/s)");
  await expect(summary.locator("tr").nth(1)).toContainText("36.2% of the CPU");
  await expect(page.locator('#findings li[data-rule="GT605"]')).toHaveCount(1);
  await expect(page.locator("#error-panel li")).toHaveText([
    "broken.pb.gz 1:1: not a readable pprof profile: truncated gzip stream at compressed byte offset 15: corrupt deflate stream",
  ]);
  await screenshot(page, info, "gctrace-view");
});

test("the examples menu holds every rule's registry examples and real artifacts", async ({ page }) => {
  const rules = JSON.parse(core.rules()) as RuleInfo[];
  await page.goto("/");
  const exampleCount = rules.reduce((total, rule) => total + rule.examples.length, 0);
  await expect(page.locator("#examples-menu [role=group]:not([aria-label='runtime artifacts']) [role=menuitem]")).toHaveCount(exampleCount);
  await chooseExample(page, "GT101 loopvar-capture: bad (go 1.21)");
  await expect(page.locator("#go-version")).toHaveValue("1.21");
  await expect(page.locator('#findings li[data-rule="GT101"] .severity')).toHaveText("warning");
  await chooseExample(page, "a leaking goroutine profile");
  await expect(page.locator('#findings li[data-rule="GT601"] .message')).toContainText("150 goroutines leaked at main.fetch.func1");
  await expect(page.locator('.profile-view[data-path="goroutineleak.pb.gz"] .top-table tbody tr').first().locator("td").nth(4)).toHaveText("runtime.gopark");
  // A goroutine profile's goroutines, grouped by stack as a dump's are.
  const profileGroups = page.locator('.goroutines-view[data-path="goroutineleak.pb.gz: goroutines by stack"] td.count');
  await expect(profileGroups).toHaveCount(1);
  await expect(profileGroups.first()).toHaveText("150");
  await chooseExample(page, "benchmarks before and after a regression");
  await expect(page.locator('.bench-view[data-path="after.txt"] tr[data-change="worse"]')).toHaveCount(6);
  await chooseExample(page, "a goroutine dump with 150 stuck senders");
  await expect(page.locator('.goroutines-view[data-path="goroutine-debug2.txt"] td.count').first()).toHaveText("150");
});

test("a share link holds the whole workspace and opens it again elsewhere", async ({ page, browser }) => {
  await page.goto("/");
  await page.locator("#go-version").selectOption("1.21");
  await page.locator("#new-file-name").fill("util.go");
  await page.locator("#new-file button[type=submit]").click();
  await replaceCode(page, "package main\n\n// ünïcode ✓ and <b>markup</b>\nfunc util() {}\n");
  await page.locator("#share").click();
  await expect(page.locator("#share-link")).toHaveValue(/#1\./);
  const link = await page.locator("#share-link").inputValue();
  expect(new URL(link).hash).toMatch(/^#1\.[A-Za-z0-9_-]+$/);
  expect(new URL(page.url()).hash).toBe(new URL(link).hash);
  // An edit after sharing leaves the link's state: a reload keeps the edit.
  await page.locator(".cm-content").click();
  await page.keyboard.insertText("// edited\n");
  await expect(page).toHaveURL(/\/$/);

  // A fresh browser context: no autosave to fall back on.
  const other = await (await browser.newContext()).newPage();
  await other.goto(link);
  await expect(other.locator("#tabs [role=tab]")).toHaveText(["main.go", "go.mod", "util.go"]);
  await expect(other.locator('#tabs [aria-selected="true"]')).toHaveText("util.go");
  await expect(other.locator(".cm-content > .cm-line").nth(2)).toHaveText("// ünïcode ✓ and <b>markup</b>");
  await expect(other.locator("#go-version")).toHaveValue("1.21");
  await expect(other.locator('#findings li[data-rule="GT101"] .severity')).toHaveText("warning");
  await other.close();

  // A damaged link says so and leaves the page usable.
  const damaged = await (await browser.newContext()).newPage();
  await damaged.goto(`${link.slice(0, link.indexOf("#"))}#1.AAAA`);
  await expect(damaged.locator("#share-status")).toContainText("Cannot open this link");
  await expect(damaged.locator("#tabs [role=tab]")).toHaveText(["main.go"]);
  await damaged.close();
});

test("the workspace is autosaved and comes back on reload", async ({ page }) => {
  await page.goto("/");
  await replaceCode(page, "package main\n\nfunc kept() {}\n");
  await expect(page.locator("#status")).toHaveText("No findings.");
  await page.waitForTimeout(700);
  await page.reload();
  await expect(editorLine(page, 3)).toHaveText("func kept() {}");
});

test("the rule pages are the registry: one section per rule, examples open in the playground", async ({ page }, info) => {
  const rules = JSON.parse(core.rules()) as RuleInfo[];
  await page.goto("/rules.html");
  await expect(page.locator(".rule-doc")).toHaveCount(rules.length);
  expect(await page.locator(".rule-doc").evaluateAll((sections) => sections.map((section) => (section as HTMLElement).dataset.rule))).toEqual(rules.map((rule) => rule.id));
  const gt207 = page.locator("#timer-leak-in-loop");
  await expect(gt207.locator("h2")).toHaveText("GT207 timer-leak-in-loop");
  await expect(gt207.locator("h3").first()).toHaveText("What it does");
  await expect(gt207.locator("figure")).toHaveCount(3);
  await screenshot(page, info, "rules-page");
  await gt207.locator("figure.bad a.open-example").click();
  await expect(page.locator("#tabs [role=tab]")).toHaveText(["main.go", "go.mod"]);
  await expect(page.locator("#go-version")).toHaveValue("1.22");
  await expect(page.locator('#findings li[data-rule="GT207"] .severity')).toHaveText("warning");
});

test("theme: system, light and dark", async ({ page }, info) => {
  await page.goto("/");
  const theme = page.locator("#theme");
  await expect(theme).toHaveText("Theme: system");
  await theme.click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
  await theme.click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await expect(page.locator("body")).toHaveCSS("background-color", "rgb(13, 17, 23)");
  await screenshot(page, info, "dark-theme");
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
});

test("user text is only ever text: markup in code, file names, function names and messages does not run", async ({ page }) => {
  const markup = "<img src=x onerror=window.pwned=true>";
  await page.goto("/");
  await page.evaluate(() => ((window as unknown as { pwned: boolean }).pwned = false));
  await replaceCode(page, `package main\n\n${markup}\n`);
  const message = page.locator('#findings li[data-rule="GT000"] .message');
  await expect(message).toContainText("<img");
  // A profile whose function and file names are markup, under a file name that is too.
  const profile = encodeProfile({
    sampleTypes: [["delay", "nanoseconds"]],
    functions: [
      { name: `main.${markup}`, file: `${markup}.go`, line: 3 },
      { name: "main.main", file: "main.go", line: 9 },
    ],
    samples: [{ stack: [0, 1], values: [5_000_000] }],
  });
  await dropFiles(page, [{ name: `${markup}.pb`, bytes: profile }]);
  await expect(page.locator("#artifact-list li .name")).toHaveText(`${markup}.pb`);
  await expect(page.locator(".profile-view h3")).toHaveText(`${markup}.pb`);
  await expect(page.locator(".profile-view .top-table tbody tr").first().locator("td").nth(4)).toHaveText(`main.${markup}`);
  const flame = page.locator(".profile-view canvas.flame");
  await flame.hover({ position: { x: 20, y: 18 + 5 } });
  await expect(page.locator(".profile-view .flame-details")).toHaveText(`main.${markup}: 5.00ms cumulative (100.0%), 5.00ms self`);
  await expect(page.locator("img")).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { pwned: boolean }).pwned)).toBe(false);
});

test("makes no request outside its own origin while every feature is used", async ({ page, context }) => {
  const origin = new URL(test.info().project.use.baseURL!).origin;
  const requested: string[] = [];
  context.on("request", (request) => requested.push(request.url()));
  await page.goto("/");
  await expect(findingItems(page)).toHaveCount(1);
  await chooseExample(page, "a gctrace log under GC pressure");
  await expect(page.locator(".gctrace-view")).toHaveCount(1);
  await dropFiles(page, [{ name: "heap.pb.gz", bytes: artifact("profiles/heap.pb.gz") }]);
  await expect(page.locator(".profile-view")).toHaveCount(1);
  await page.locator("#share").click();
  await expect(page.locator("#share-link")).not.toHaveValue("");
  await page.goto("/rules.html");
  await expect(page.locator(".rule-doc").first()).toBeVisible();
  expect(requested.length).toBeGreaterThan(0);
  expect(requested.filter((url) => new URL(url).origin !== origin)).toEqual([]);
  expect(requested.some((url) => url.endsWith(".wasm"))).toBe(true);
});

test("the page's Content-Security-Policy forbids inline and remote scripts", async ({ page }) => {
  await page.goto("/");
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
  expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(policy).toContain("connect-src 'self'");
  // An inline script added at run time is refused by the browser.
  const ran = await page.evaluate(() => {
    const script = document.createElement("script");
    script.textContent = "window.inlineRan = true";
    document.body.append(script);
    return (window as unknown as { inlineRan?: boolean }).inlineRan === true;
  });
  expect(ran).toBe(false);
  allowProblems(page);
});

test("the rule picker turns rules off and changes severities through gotrap.toml", async ({ page }) => {
  await page.goto("/");
  const gt101 = page.locator('#findings li[data-rule="GT101"]');
  // A known Go version: with none, a version-gated finding stays info whatever its configured severity.
  await page.locator("#go-version").selectOption("1.21");
  await expect(gt101.locator(".severity")).toHaveText("warning");
  await page.locator("#rule-picker summary").click();
  await page.getByLabel("Severity of GT101 loopvar-capture").selectOption("error");
  await expect(page.locator("#tabs [role=tab]")).toHaveText(["main.go", "go.mod", "gotrap.toml"]);
  await expect(gt101.locator(".severity")).toHaveText("error");
  await page.getByLabel("Enable GT101 loopvar-capture").uncheck();
  await expect(gt101).toHaveCount(0);
  await page.locator("#tabs [role=tab]", { hasText: "gotrap.toml" }).click();
  await expect(page.locator(".cm-content > .cm-line")).toHaveText(['ignore = ["GT101"]', "", "[severity]", 'loopvar-capture = "error"', ""]);
  // Editing the file by hand moves the picker.
  await page.locator(".cm-content").click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText('ignore = []\n');
  await expect(page.getByLabel("Enable GT101 loopvar-capture")).toBeChecked();
  await expect(page.getByLabel("Severity of GT101 loopvar-capture")).toHaveValue("");
  await expect(gt101.locator(".severity")).toHaveText("warning");
});

test("works offline once loaded", async ({ page, context }) => {
  await page.goto("/");
  await expect(findingItems(page)).toHaveCount(1);
  // The service worker has cached the page, its scripts and the wasm core.
  await expect
    .poll(() => page.evaluate(async () => (await (await caches.open("gotrap-playground-v1")).keys()).map((request) => new URL(request.url).pathname)))
    .toEqual(expect.arrayContaining(["/", expect.stringMatching(/\.wasm$/), expect.stringMatching(/browser-worker-.*\.js$/)]));
  await context.setOffline(true);
  await page.reload();
  await expect(findingItems(page).locator(".position")).toHaveText("main.go:8:53");
  await context.setOffline(false);
});

test("two dropped profiles with the same sample types are compared function by function, growth red and shrinkage green", async ({ page }, info) => {
  await page.goto("/");
  await dropFiles(page, [
    { name: "block.pb.gz", bytes: artifact("profiles/block.pb.gz") },
    { name: "mutex.pb.gz", bytes: artifact("profiles/mutex.pb.gz") },
  ]);
  const diff = page.locator(".profile-diff");
  await expect(diff.locator("caption")).toHaveText("Flat delay of mutex.pb.gz minus block.pb.gz: total 95.83ms → 78.10ms; 3 functions changed");
  const rows = diff.locator("tbody tr");
  await expect(rows.nth(0).locator("td")).toHaveText(["+78.10ms", "0ns", "78.10ms", "sync.(*Mutex).Unlock"]);
  await expect(rows.nth(1).locator("td")).toHaveText(["−60.60ms", "60.60ms", "0ns", "sync.(*Mutex).Lock"]);
  await expect(rows.nth(0)).toHaveClass("grew");
  await expect(rows.nth(0).locator("td").first()).toHaveCSS("color", "rgb(209, 36, 47)");
  await expect(rows.nth(1)).toHaveClass("shrank");
  await diff.locator('select[aria-label="Sample type to compare"]').selectOption("contentions");
  await expect(diff.locator("caption")).toContainText("total 34 → 36");
  // The core's -normalize: the new profile scaled to the base's total.
  await diff.getByLabel("Normalize: scale the new profile to the base's total").check();
  await expect(diff.locator("caption")).toContainText("total 34 → 34 (new scaled by 0.9444)");
  await diff.scrollIntoViewIfNeeded();
  await screenshot(page, info, "profile-diff");
});

test("lines a dropped profile names are shaded in the editor with their weight", async ({ page }, info) => {
  await page.goto("/");
  await replaceCode(page, readFileSync(`${repoRoot}tests/artifacts/programs/cputrap/main.go`, "utf8"));
  await dropFiles(page, [{ name: "cpu.pb.gz", bytes: artifact("profiles/cpu.pb.gz") }]);
  await expect(page.locator('#findings li[data-rule="GT604"] .position')).toHaveText(["main.go:20:1", "main.go:21:1"]);
  await expect(editorLine(page, 20)).toHaveClass(/cm-profile-line cm-profile-2/);
  await expect(editorLine(page, 20).locator(".cm-profile-weight")).toHaveText("46.2% of the profile (GT604)");
  await expect(editorLine(page, 21).locator(".cm-profile-weight")).toHaveText("35.6% of the profile (GT604)");
  await expect(page.locator(".cm-profile-line")).toHaveCount(2);
  await editorLine(page, 20).scrollIntoViewIfNeeded();
  await screenshot(page, info, "profile-lines");
});

test("at phone width the editor, findings and profiles stack in one column", async ({ page }, info) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/");
  await expect(findingItems(page)).toHaveCount(1);
  const editorBox = (await page.locator(".workspace").boundingBox())!;
  const resultsBox = (await page.locator(".results").boundingBox())!;
  expect(resultsBox.x).toBe(editorBox.x);
  expect(resultsBox.y).toBeGreaterThan(editorBox.y + editorBox.height - 1);
  // Nothing is wider than the screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await screenshot(page, info, "phone");
});

test("a workspace too large for a link is offered as a txtar download instead", async ({ page }) => {
  await page.goto("/");
  const noise = incompressibleText(40_000);
  await pasteIntoEditor(page, `package main\n\n// ${noise}\n`);
  await page.locator("#share").click();
  await expect(page.locator("#share-status")).toContainText("The workspace is too large for a link");
  await expect(page.locator("#share-link")).toHaveValue("");
  const download = page.waitForEvent("download");
  await page.locator("#share-status button").click();
  expect(readFileSync(await (await download).path(), "utf8")).toBe(`-- main.go --\npackage main\n\n// ${noise}\n`);
});

test("a full localStorage turns autosave off and says so; the playground goes on", async ({ page }) => {
  await page.addInitScript(() => {
    Storage.prototype.setItem = () => {
      throw new DOMException("the quota has been exceeded", "QuotaExceededError");
    };
  });
  await page.goto("/");
  await replaceCode(page, badClosure);
  await expect(page.locator("#share-status")).toHaveText("Autosave is off: the quota has been exceeded");
  await expect(findingItems(page).locator(".position")).toHaveText("main.go:4:21");
});

test("a bad gotrap.toml is a run error shown at its line, in the status and the error panel", async ({ page }) => {
  await page.goto("/");
  await page.locator("#new-file-name").fill("gotrap.toml");
  await page.locator("#new-file button[type=submit]").click();
  await replaceCode(page, 'ignore = []\nselct = ["GT1"]\n');
  const message = "gotrap.toml:2: unknown field `selct`, expected one of `select`, `ignore`, `severity`, `rules`, `exclude`, `default-go-version`, `limits`";
  await expect(page.locator("#status")).toHaveText(`No findings. 1 error: ${message}`);
  await expect(editorLine(page, 2).locator(".cm-lintRange-error")).toHaveText('selct = ["GT1"]');
  await expect(page.locator("#error-panel li")).toHaveText(`gotrap.toml line 2: ${message}`);
});

/** Screenshots of one view in the light and in the dark theme. */
async function themedScreenshots(page: Page, info: TestInfo, selector: string, name: string): Promise<void> {
  for (const theme of ["light", "dark"]) {
    while ((await page.locator("#theme").getAttribute("data-theme")) !== theme) await page.locator("#theme").click();
    const path = `test-results/screenshots/${name}-${theme}.png`;
    await page.locator(selector).screenshot({ path });
    await info.attach(`${name}-${theme}`, { path, contentType: "image/png" });
  }
}

test("a dropped goroutine dump shows its groups, sortable, each stack expandable, frames linked to the open file", async ({ page }, info) => {
  await page.goto("/");
  await replaceCode(page, readFileSync(`${repoRoot}tests/artifacts/programs/dumps/main.go`, "utf8"));
  await dropFiles(page, [{ name: "goroutine-debug2.txt", bytes: artifact("dumps/goroutine-debug2.txt") }]);
  const view = page.locator('.goroutines-view[data-path="goroutine-debug2.txt"]');
  await expect(view.locator(".facts")).toHaveText(
    "156 goroutines (debug=2), 4 groups by state and stack. States: 150 chan send, 4 chan receive, 1 running, 1 sync.Mutex.Lock. Longest wait: goroutine 19 in chan send at main.fetch.func1, 1 minute.",
  );
  const rows = view.locator(".group-row");
  await expect(rows).toHaveCount(4);
  await expect(rows.first().locator("td")).toHaveText([
    "150",
    "chan send",
    "1",
    "main.fetch.func1 gotrap.test/programs/dumps/main.go:27",
    "main.fetch gotrap.test/programs/dumps/main.go:25",
  ]);
  await expect(rows.locator("td.count")).toHaveText(["150", "4", "1", "1"]);
  await view.locator('button[data-sort="state"]').click();
  await expect(rows.locator("td:nth-child(2)")).toHaveText(["chan receive", "chan send", "running", "sync.Mutex.Lock"]);
  await view.locator('button[data-sort="count"]').click();
  // The running goroutine's stack: its user frame is below three runtime/pprof frames.
  const running = view.locator("tbody.group", { has: page.locator("td", { hasText: "running" }) });
  await expect(running.locator(".stack-row")).toBeHidden();
  await running.locator("button.expand").click();
  await expect(running.locator("button.expand")).toHaveAttribute("aria-expanded", "true");
  await expect(running.locator(".stack li")).toHaveText(runningGoroutineStack);
  await expect(running.locator(".stack li.user-frame .function")).toHaveText("main.write");
  // Runtime frames name no open file: text, not links.
  await expect(running.locator(".stack li").first().locator(".source-link")).toHaveCount(0);
  await themedScreenshots(page, info, '.goroutines-view[data-path="goroutine-debug2.txt"]', "goroutine-groups");
  // The leaking sender's frame opens main.go at its line.
  await rows.first().locator("td").nth(3).locator(".source-link").click();
  await expect(cursorLine(page)).toHaveText("27");
  // The same line carries the leak's weight (GT601 reads the dump too).
  await expect(page.locator(".cm-activeLine")).toHaveText("\t\tresult <- 4296.2% of the profile (GT601)");
});

test("a dropped crash says why the program died above its groups", async ({ page }) => {
  await page.goto("/");
  await dropFiles(page, [{ name: "deadlock.txt", bytes: artifact("crashes/deadlock.txt") }]);
  const view = page.locator('.goroutines-view[data-path="deadlock.txt"]');
  await expect(view.locator(".crash")).toHaveText("Crash (deadlock, line 1): fatal error: all goroutines are asleep - deadlock!");
  await expect(view.locator(".group-row").nth(1).locator("td")).toHaveText(["1", "sync.WaitGroup.Wait", "under 1", "main.main gotrap.test/programs/deadlock/main.go:22", ""]);
  await expect(page.locator('#findings li[data-rule="GT606"]').first()).toBeVisible();
  // A debug=1 profile has counts and stacks only: no columns for states, waits or creators.
  await dropFiles(page, [{ name: "goroutine-debug1.txt", bytes: artifact("dumps/goroutine-debug1.txt") }]);
  const counts = page.locator('.goroutines-view[data-path="goroutine-debug1.txt"]');
  await expect(counts.locator("thead th")).toHaveText(["goroutines", "user frame"]);
  await expect(counts.locator("caption")).toHaveText("Groups by stack, sorted by count");
  await expect(counts.locator(".group-row").first().locator("td")).toHaveText(["150", "main.fetch.func1 gotrap.test/programs/dumps/main.go:27"]);
});

test("two dropped benchmark outputs are compared as benchstat does, worse in red and better in green, in words too", async ({ page }, info) => {
  await page.goto("/");
  await dropFiles(page, [
    { name: "before.txt", bytes: artifact("bench/before.txt") },
    { name: "after.txt", bytes: artifact("bench/after.txt") },
  ]);
  const view = page.locator('.bench-view[data-path="after.txt"]');
  await expect(view.locator(".facts")).toHaveText([
    "Compared with before.txt (benchstat's median, 95% interval, Mann-Whitney U).",
    "pkg: gotrap.test/programs/bench · goos: linux · goarch: amd64 · cpu: Intel(R) Xeon(R) Processor",
  ]);
  await expect(view.locator("thead th")).toHaveText(["benchmark", "unit", "base", "median", "delta", "significance"]);
  await expect(view.locator("caption")).toHaveText("3 benchmarks, 12 rows by unit");
  // The numbers are benchstat's (crate/tests/bench.rs compares them with benchstat's own output).
  const row = (name: string, unit: string) => view.locator("tbody tr", { has: page.locator("td:nth-child(1)", { hasText: name }) }).filter({ has: page.locator("td:nth-child(2)", { hasText: unit }) });
  const slow = row("BenchmarkJoin/n=256-2", "ns/op");
  await expect(slow.locator("td")).toHaveText(["BenchmarkJoin/n=256-2", "ns/op", "15267 ± 53%", "970124.5 ± 60%", "+6254.39% (worse)", "p=0.000 n=8"]);
  await expect(slow).toHaveAttribute("data-change", "worse");
  await expect(slow.locator("td").nth(4)).toHaveCSS("color", "rgb(209, 36, 47)");
  await expect(row("BenchmarkJoin/n=16-2", "ns/op").locator("td")).toHaveText(["BenchmarkJoin/n=16-2", "ns/op", "2156.5 ± 62%", "7633 ± 73%", "+253.95% (worse)", "p=0.007 n=8"]);
  const unchanged = row("BenchmarkSum-2", "MB/s");
  await expect(unchanged.locator("td")).toHaveText(["BenchmarkSum-2", "MB/s", "462.94 ± 49%", "450.54 ± 53%", "~", "p=0.798 n=8"]);
  await expect(unchanged).toHaveAttribute("data-change", "same");
  await expect(view.locator('tr[data-change="worse"]')).toHaveCount(6);
  // The base itself has no comparison: its medians only.
  const base = page.locator('.bench-view[data-path="before.txt"]');
  await expect(base.locator("thead th")).toHaveText(["benchmark", "unit", "median"]);
  await expect(base.locator("tbody tr").first().locator("td")).toHaveText(["BenchmarkJoin/n=16-2", "ns/op", "2156.5 ± 62%"]);
  await themedScreenshots(page, info, '.bench-view[data-path="after.txt"]', "bench-comparison");

  // The same outputs the other way round: every change is an improvement.
  await page.locator("#theme").click();
  await page.locator('#artifact-list button[aria-label="Remove before.txt"]').click();
  await page.locator('#artifact-list button[aria-label="Remove after.txt"]').click();
  await dropFiles(page, [
    { name: "old.txt", bytes: artifact("bench/after.txt") },
    { name: "new.txt", bytes: artifact("bench/before.txt") },
  ]);
  const swapped = page.locator('.bench-view[data-path="new.txt"]');
  const better = swapped.locator("tbody tr", { has: page.locator("td:nth-child(1)", { hasText: "BenchmarkJoin/n=16-2" }) }).filter({ has: page.locator("td:nth-child(2)", { hasText: "B/op" }) });
  await expect(better.locator("td")).toHaveText(["BenchmarkJoin/n=16-2", "B/op", "1056 ± 0%", "248 ± 0%", "-76.52% (better)", "p=0.000 n=8"]);
  await expect(better.locator("td").nth(4)).toHaveCSS("color", "rgb(26, 127, 55)");
  await expect(swapped.locator('tr[data-change="better"]')).toHaveCount(6);
  await expect(swapped.locator('tr[data-change="worse"]')).toHaveCount(0);
  // At phone width the table scrolls within the page.
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

test("a dropped escape report is grouped by source line, linked to the open file, whose heap lines are shaded", async ({ page }, info) => {
  await page.goto("/");
  await replaceCode(page, readFileSync(`${repoRoot}tests/artifacts/programs/escape/main.go`, "utf8"));
  await dropFiles(page, [{ name: "escape-m.txt", bytes: artifact("escape/escape-m.txt") }]);
  const view = page.locator('.escape-view[data-path="escape-m.txt"]');
  await expect(view.locator(".facts")).toHaveText("4 variables moved to the heap, 8 escaping, 7 not escaping, 12 inlinable. Packages: gotrap.test/programs/escape.");
  await expect(view.locator("caption")).toHaveText("6 lines with heap allocations (of 16 lines with 42 decisions)");
  const rows = view.locator("tbody tr");
  await expect(rows.locator("td.place-cell")).toHaveText(["escape/main.go:24", "escape/main.go:25", "escape/main.go:31", "escape/main.go:42", "escape/main.go:60", "escape/main.go:61"]);
  await expect(rows.nth(4).locator("li")).toHaveText(["inlining call to load", "moved to heap: r", "append escapes to heap"]);
  await expect(rows.nth(4).locator("li.heap")).toHaveText(["moved to heap: r", "append escapes to heap"]);
  // The escaping lines of main.go are shaded in the editor, each with what the compiler said.
  await expect(page.locator(".cm-escape-line")).toHaveCount(6);
  await editorLine(page, 24).scrollIntoViewIfNeeded();
  await expect(editorLine(page, 24)).toHaveClass(/cm-escape-line/);
  await expect(editorLine(page, 24).locator(".cm-escape-note")).toHaveText("moved to heap: r (escape-m.txt)");
  await expect(editorLine(page, 25).locator(".cm-escape-note")).toHaveText("append escapes to heap (escape-m.txt)");
  await expect(editorLine(page, 23)).not.toHaveClass(/cm-escape-line/);
  await themedScreenshots(page, info, '.escape-view[data-path="escape-m.txt"]', "escape-report");
  await editorLine(page, 31).scrollIntoViewIfNeeded();
  await screenshot(page, info, "escape-lines");
  // A line of the report opens the file at that line.
  await rows.nth(3).locator(".source-link").click();
  await expect(cursorLine(page)).toHaveText("42");
  await expect(page.locator(".cm-activeLine")).toHaveText("\treturn make([]byte, 256<<10)make([]byte, 262144) escapes to heap (escape-m.txt)");
  // Every line, not only those that allocate; the standard library's file is not a workspace file.
  await view.locator("label", { hasText: "only lines with heap allocations" }).locator("input").uncheck();
  await expect(view.locator("caption")).toHaveText("16 lines with 42 decisions");
  await expect(rows).toHaveCount(16);
  await expect(rows.first().locator("td.place-cell")).toHaveText("/usr/local/go/src/sync/atomic/type.go:58");
  await expect(rows.first().locator(".source-link")).toHaveCount(0);
});

test("markup in a dropped dump's function names, files and states stays text", async ({ page }) => {
  const markup = "<img src=x onerror=window.pwned=true>";
  // A traceback's function name has no spaces; this markup needs none.
  const spaceless = "<img/src/onerror=window.pwned=true>";
  await page.goto("/");
  await page.evaluate(() => ((window as unknown as { pwned: boolean }).pwned = false));
  const dump = [
    "goroutine 1 [chan receive, 3 minutes]:",
    `main.${spaceless}(0xc000010000)`,
    `\t/src/${markup}.go:3 +0x1d`,
    "main.main()",
    "\t/src/main.go:9 +0x25",
    "",
    `goroutine 7 [${markup}]:`,
    `main.${spaceless}(0xc000010000)`,
    `\t/src/${markup}.go:3 +0x1d`,
    `created by main.${spaceless} in goroutine 1`,
    "\t/src/main.go:8 +0x25",
    "",
  ].join("\n");
  await dropFiles(page, [{ name: `${markup}.txt`, bytes: Buffer.from(dump) }]);
  const view = page.locator(".goroutines-view");
  await expect(view.locator("h3")).toHaveText(`${markup}.txt`);
  await expect(view.locator(".group-row").first().locator("td")).toHaveText(["1", "chan receive", "3", `main.${spaceless} /src/${markup}.go:3`, ""]);
  await expect(view.locator(".group-row").nth(1).locator("td")).toHaveText(["1", markup, "under 1", `main.${spaceless} /src/${markup}.go:3`, `main.${spaceless} /src/main.go:8`]);
  for (const toggle of await view.locator("button.expand").all()) await toggle.click();
  await expect(view.locator(".stack li").first()).toHaveText(`main.${spaceless} /src/${markup}.go:3`);
  await expect(view.locator("button.expand").first()).toHaveAttribute("aria-label", `Stack of 1 goroutine in chan receive at main.${spaceless}`);
  await expect(page.locator("img")).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { pwned: boolean }).pwned)).toBe(false);
});

/** The colour of one CSS pixel of a canvas, as [r, g, b]. */
async function canvasPixel(canvas: Locator, x: number, y: number): Promise<number[]> {
  return canvas.evaluate(
    (element, [px, py]) => {
      const canvasElement = element as HTMLCanvasElement;
      const ratio = canvasElement.width / canvasElement.clientWidth;
      return [...canvasElement.getContext("2d")!.getImageData(Math.floor(px! * ratio), Math.floor(py! * ratio), 1, 1).data.slice(0, 3)];
    },
    [x, y],
  );
}

/** The flame graph's rows are 18 pixels high; a point in the middle of row `depth`. */
const flameRow = (depth: number): number => depth * 18 + 9;
/** A point of row `depth` above its label's text, where only the frame's colour is painted. */
const flameRowColour = (depth: number): number => depth * 18 + 1;

test("the flame graph zooms into a clicked frame, says so, and zooms out again", async ({ page }, info) => {
  await page.goto("/");
  await dropFiles(page, [{ name: "cpu.pb.gz", bytes: artifact("profiles/cpu.pb.gz") }]);
  const view = page.locator('.profile-view[data-path="cpu.pb.gz"]');
  const flame = view.locator("canvas.flame");
  const zoom = view.locator(".flame-zoom");
  const details = view.locator(".flame-details");
  const reset = view.getByRole("button", { name: "Reset zoom" });
  await expect(zoom).toHaveText("Whole profile: 1.04s.");
  await expect(reset).toBeDisabled();
  const width = (await flame.boundingBox())!.width;
  // Unzoomed, the right edge of row 0 is not runtime.main (93.3%) and that of row 3 not fmt.Sprintf (35.6%).
  await flame.hover({ position: { x: width - 2, y: flameRow(0) } });
  await expect(details).not.toContainText("runtime.main");
  await flame.hover({ position: { x: width - 2, y: flameRow(3) } });
  await expect(details).not.toContainText("fmt.Sprintf");
  // fmt.Sprintf is the heaviest callee of main.hot: leftmost on row 3.
  await flame.click({ position: { x: width * 0.05, y: flameRow(3) } });
  await expect(zoom).toHaveText("Zoomed into fmt.Sprintf: 370.00ms of 1.04s (35.6%), at depth 3.");
  await expect(details).toHaveText("fmt.Sprintf: 370.00ms cumulative (35.6%), 0ns self");
  await expect(reset).toBeEnabled();
  // The frame now spans the whole width, and so do its callers above it.
  for (const x of [1, width / 2, width - 2]) {
    await flame.hover({ position: { x, y: flameRow(3) } });
    await expect(details).toHaveText("fmt.Sprintf: 370.00ms cumulative (35.6%), 0ns self");
    await flame.hover({ position: { x, y: flameRow(0) } });
    await expect(details).toHaveText("runtime.main: 970.00ms cumulative (93.3%), 0ns self");
  }
  await themedScreenshots(page, info, '.profile-view[data-path="cpu.pb.gz"] .flame-graph', "flame-zoomed");
  // Clicking a caller zooms out to it.
  await flame.click({ position: { x: width / 2, y: flameRow(2) } });
  await expect(zoom).toHaveText("Zoomed into main.hot: 970.00ms of 1.04s (93.3%), at depth 2.");
  await reset.click();
  await expect(zoom).toHaveText("Whole profile: 1.04s.");
  await expect(reset).toBeDisabled();
  await flame.hover({ position: { x: width - 2, y: flameRow(0) } });
  await expect(details).not.toContainText("runtime.main");
  // Escape on the focused graph resets a zoom made with the keyboard.
  await flame.focus();
  await page.keyboard.press("ArrowDown");
  await expect(zoom).toHaveText("Zoomed into runtime.main: 970.00ms of 1.04s (93.3%), at depth 0.");
  await page.keyboard.press("Escape");
  await expect(zoom).toHaveText("Whole profile: 1.04s.");
});

test("the flame graph search highlights matching frames and says how many and how much of the profile", async ({ page }, info) => {
  await page.goto("/");
  await dropFiles(page, [{ name: "cpu.pb.gz", bytes: artifact("profiles/cpu.pb.gz") }]);
  const view = page.locator('.profile-view[data-path="cpu.pb.gz"]');
  const flame = view.locator("canvas.flame");
  const search = view.getByRole("searchbox", { name: "Search functions in the flame graph" });
  const matches = view.locator(".flame-matches");
  const width = (await flame.boundingBox())!.width;
  await expect(matches).toHaveText("");
  const unsearched = await canvasPixel(flame, width * 0.05, flameRowColour(3));
  // `go tool pprof -focus=fmt` on this profile: "0.37s, 35.58% of 1.04s total".
  await search.fill("fmt");
  await expect(matches).toHaveText("10 frames match: 370.00ms, 35.6% of the total.");
  // fmt.Sprintf is painted in the match colour, hsl(280 70% 60%); runtime.main above it in grey.
  const highlighted = await canvasPixel(flame, width * 0.05, flameRowColour(3));
  expect(highlighted).not.toEqual(unsearched);
  expect(highlighted.map((channel, index) => Math.abs(channel - [177, 82, 224][index]!) <= 2)).toEqual([true, true, true]);
  const [red, green, blue] = await canvasPixel(flame, width * 0.05, flameRowColour(0));
  expect([red, green]).toEqual([blue, blue]);
  await themedScreenshots(page, info, '.profile-view[data-path="cpu.pb.gz"] .flame-graph', "flame-search");
  // Nested matches count once in the share: `go tool pprof -focus=main` says "0.97s, 93.27% of 1.04s total".
  await search.fill("MAIN");
  await expect(matches).toHaveText("3 frames match: 970.00ms, 93.3% of the total.");
  await search.fill("no such function");
  await expect(matches).toHaveText("No frame matches.");
  await search.fill("");
  await expect(matches).toHaveText("");
  expect(await canvasPixel(flame, width * 0.05, flameRowColour(3))).toEqual(unsearched);
});

test("a dropped gctrace log is charted: one point per collection, its axes and data in words, its GC pressure finding selects its collections", async ({ page }, info) => {
  await page.goto("/");
  await dropFiles(page, [{ name: "pressure.log", bytes: artifact("gctrace/pressure.log") }]);
  const view = page.locator('.gctrace-view[data-path="pressure.log"]');
  const chart = view.locator("canvas.gctrace-chart");
  // 85 collections, 0.000 s to 1.014 s; the highest goal 5 MB, the longest pause 8+0.011 ms (gc 68).
  await expect(chart).toHaveAttribute(
    "aria-label",
    "live heap and heap goal (0–5 MB), stop-the-world pauses (0–8.011 ms) and mark assist share over 85 collections, 0.000–1.014 s; its data is in the table below it",
  );
  const data = view.locator("details.gctrace-data");
  await expect(data.locator("summary")).toHaveText("Chart data: 85 collections");
  const rows = data.locator("tbody tr");
  await expect(rows).toHaveCount(85);
  await expect(data.locator("thead th")).toHaveText(["collection", "log line", "time (s)", "live heap (MB)", "heap goal (MB)", "STW pause (ms)", "mark assist share"]);
  // gc 1: 0.087+…+0.009 ms clock, 0.17+0.24/0.001/0+0.019 ms cpu, 0->0->0 MB, 0 MB goal.
  await expect(rows.first().locator("td")).toHaveText(["1", "1", "0.000", "0", "0", "0.096", "55.8%"]);
  // gc 85: 3.6+…+0.006 ms clock, 7.2+4.1/0.076/0+0.013 ms cpu, 5->5->4 MB, 5 MB goal.
  await expect(rows.last().locator("td")).toHaveText(["85", "85", "1.014", "4", "5", "3.606", "36.0%"]);
  // Every series is painted in its legend key's colour.
  const painted = await chart.evaluate((canvas: HTMLCanvasElement) => {
    const section = canvas.closest(".gctrace-view")!;
    const pixels = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
    const count = (key: string): number => {
      const [r, g, b] = getComputedStyle(section.querySelector(`.legend .${key}`)!).color.match(/\d+/g)!.map(Number);
      let near = 0;
      for (let index = 0; index < pixels.length; index += 4) {
        if (Math.abs(pixels[index]! - r!) + Math.abs(pixels[index + 1]! - g!) + Math.abs(pixels[index + 2]! - b!) < 40) near++;
      }
      return near;
    };
    return { live: count("live"), goal: count("goal"), pause: count("pause"), assist: count("assist") };
  });
  for (const [series, pixels] of Object.entries(painted)) expect(pixels, series).toBeGreaterThan(100);
  await themedScreenshots(page, info, '.gctrace-view[data-path="pressure.log"]', "gctrace-chart");
  // GT605 is at the log line of the window's first collection (gc 61): opening it selects that collection.
  await expect(data).not.toHaveAttribute("open");
  await page.locator('#findings li[data-rule="GT605"] .jump').click();
  await expect(data).toHaveAttribute("open");
  const selected = data.locator('tr[aria-current="true"]');
  await expect(selected).toHaveCount(1);
  await expect(selected.locator("td")).toHaveText(["61", "61", "0.735", "4", "5", "3.127", "2.5%"]);
  await expect(selected).toBeFocused();
  await expect(selected).toBeInViewport();
  await expect(page.locator('#tabs [aria-selected="true"]')).toHaveText("main.go");
});

test("a runtime finding opened from the findings panel selects its goroutine group in the dump or profile view", async ({ page }, info) => {
  await page.goto("/");
  await dropFiles(page, [{ name: "goroutine-debug2.txt", bytes: artifact("dumps/goroutine-debug2.txt") }]);
  const dump = page.locator('.goroutines-view[data-path="goroutine-debug2.txt"]');
  await expect(dump.locator(".group-row")).toHaveCount(4);
  await expect(dump.locator('[aria-current="true"]')).toHaveCount(0);
  // GT601 is at line 14 of the dump: the frame of the first of the 150 stuck senders, below its header.
  const leak = page.locator('#findings li[data-rule="GT601"]');
  await expect(leak.locator(".position")).toHaveText("goroutine-debug2.txt:14:1");
  await leak.locator(".jump").click();
  const group = dump.locator('tbody.group[aria-current="true"]');
  await expect(group).toHaveCount(1);
  await expect(group.locator(".group-row td.count")).toHaveText("150");
  await expect(group.locator(".stack-row")).toBeVisible();
  await expect(group.locator(".dump-line")).toHaveText("First of them at line 13 of the dump.");
  await expect(group.locator("button.expand")).toBeFocused();
  await expect(group).toBeInViewport();
  await themedScreenshots(page, info, '.goroutines-view[data-path="goroutine-debug2.txt"]', "finding-selects-group");

  // A goroutineleak profile is binary (its finding is at 1:1): the group is the one at the finding's recorded frame.
  await page.locator('#artifact-list button[aria-label="Remove goroutine-debug2.txt"]').click();
  await chooseExample(page, "a leaking goroutine profile");
  const groups = page.locator('.goroutines-view[data-path="goroutineleak.pb.gz: goroutines by stack"]');
  await expect(groups.locator(".group-row")).toHaveCount(1);
  await page.locator('#findings li[data-rule="GT601"] .jump').click();
  const selected = groups.locator('tbody.group[aria-current="true"]');
  await expect(selected.locator(".group-row td.count")).toHaveText("150");
  await expect(selected.locator(".stack li.user-frame")).toHaveText("main.fetch.func1 gotrap.test/programs/leak/main.go:22");
  await expect(selected).toBeInViewport();
});

test("a large profile shows a decoding indicator until its view is ready, and the editor answers meanwhile", async ({ page }, info) => {
  test.setTimeout(120_000);
  // 4.2 MB of random stacks (the benchmark's worst case for the call tree, smaller).
  const { bytes, samples } = syntheticCpuProfile(4 * 1024 * 1024);
  expect([bytes.length, samples]).toEqual([4_404_752, 85_599]);
  const file = info.outputPath("large.pb");
  writeFileSync(file, bytes);
  await page.goto("/");
  await expect(findingItems(page)).toHaveCount(1);
  // What appears and goes, in order: the indicators, the typed text, the view.
  await page.evaluate(() => {
    const events: string[] = [];
    (window as unknown as { progressEvents: string[] }).progressEvents = events;
    new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (!(node instanceof HTMLElement)) continue;
          if (node.matches("#artifact-progress > p")) events.push(`shown: ${node.className}: ${node.textContent!.trim()}`);
          if (node.matches(".profile-view")) events.push("view");
          if (node.textContent?.includes("typed while decoding") && node.closest(".cm-content")) events.push("typed");
        }
        for (const node of record.removedNodes) if (node instanceof HTMLElement && record.target === document.querySelector("#artifact-progress")) events.push(`removed: ${node.className}`);
      }
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  await page.locator("#artifact-input").setInputFiles(file);
  const indicator = page.locator("#artifact-progress .decoding");
  await expect(indicator).toBeVisible();
  await expect(indicator).toHaveText("Decoding 1 artifact (4.20MB)");
  await expect(indicator.getByRole("progressbar", { name: "decoding" })).toBeVisible();
  await page.locator("#artifact-panel").screenshot({ path: "test-results/screenshots/decoding.png" });
  await info.attach("decoding", { path: "test-results/screenshots/decoding.png", contentType: "image/png" });
  // The core decodes in its worker: the editor takes text meanwhile.
  await editorLine(page, 1).click();
  await page.keyboard.press("End");
  await page.keyboard.insertText(" // typed while decoding");
  await expect(editorLine(page, 1)).toHaveText("package main // typed while decoding");
  const view = page.locator('.profile-view[data-path="large.pb"]');
  await expect(view.locator(".facts")).toHaveText("cpu profile · 85599 samples · 4.20MB decoded", { timeout: 60_000 });
  await expect(indicator).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { progressEvents: string[] }).progressEvents)).toEqual([
    "shown: reading: Reading large.pb (4.20MB)",
    "removed: reading",
    "shown: decoding: Decoding 1 artifact (4.20MB)",
    "typed",
    "removed: decoding",
    "view",
  ]);
});

test("a 1 GiB gzip bomb and 100,000-deep parentheses get their GT002 and the page still answers", async ({ page }, info) => {
  test.setTimeout(120_000);
  await page.goto("/");
  await expect(findingItems(page)).toHaveCount(1);
  const bomb = gzipBomb();
  await dropFiles(page, [
    { name: "heap.pb.gz", bytes: bomb },
    { name: "deep.go", bytes: Buffer.from(nestedParentheses(100_000, "main")) },
  ]);
  await expect(page.locator("#tabs [role=tab]")).toHaveText(["main.go", "deep.go"]);
  const tooLarge = `profile inflates to more than 67108864 bytes (limits.max-decompressed-bytes); stopped after 67353 compressed bytes; not analysed`;
  const tooDeep = "syntax tree nested deeper than 2000 levels (limits.max-tree-depth); the deepest parts were not analysed";
  const gt002 = page.locator('#findings li[data-rule="GT002"]');
  await expect(gt002.locator(".position")).toHaveText(["deep.go:1:1", "heap.pb.gz:1:1"]);
  await expect(gt002.locator(".message")).toHaveText([tooDeep, tooLarge]);
  await expect(page.locator("#error-panel li")).toHaveText([`heap.pb.gz 1:1: ${tooLarge}`]);
  await expect(page.locator("#artifact-list li")).toHaveText([/^heap\.pb\.gz 1\.03MB/]);
  await expect(page.locator(".profile-view")).toHaveCount(0);
  await screenshot(page, info, "hostile-inputs");
  // The page answers: an edit to main.go is analysed, the artifact's finding kept beside it.
  await page.locator("#tabs [role=tab]", { hasText: "main.go" }).click();
  await replaceCode(page, badClosure);
  await expect(findingItems(page).locator(".position")).toHaveText(["deep.go:1:1", "heap.pb.gz:1:1", "main.go:4:21"]);
  await expect(editorLine(page, 4).locator(".cm-lintRange-info")).toHaveText("&i");
  await expect(page.locator("#status")).toHaveText("3 findings.");
  expect(bomb.length).toBe(1024 * 1051);
});

test("a worker that traps or overruns its time budget is replaced, with a message, and the analysis runs again", async ({ page }) => {
  test.setTimeout(120_000);
  // A fresh worker loads the core first: on a busy machine that takes a while.
  const fresh = { timeout: 30_000 };
  await page.goto("/");
  await expect(findingItems(page)).toHaveCount(1, fresh);
  const notice = page.locator("#worker-notice");
  await expect(notice).toBeHidden();
  /** The one worker running the core (a terminated one may take a moment to go from the list). */
  const coreWorkers = () => page.workers().filter((worker) => worker.url().includes("browser-worker"));
  const coreWorker = async (): Promise<Worker> => {
    await expect.poll(() => coreWorkers().length).toBe(1);
    return coreWorkers()[0]!;
  };
  const first = await coreWorker();
  // The core never traps on its own (tests/node/hostile.test.ts); here the next call into it throws what a
  // wasm trap throws, from the code that copies a request's files into wasm memory (used by requests only).
  const trap = () => {
    Uint8Array.prototype.set = () => {
      throw new WebAssembly.RuntimeError("unreachable");
    };
  };
  await first.evaluate(trap);
  await replaceCode(page, badClosure);
  await expect(notice).toHaveText("The analysis worker stopped (the analysis core crashed (RuntimeError: unreachable)); a new one was started and analysed the files again.", fresh);
  await expect(notice).toHaveAttribute("role", "alert");
  await expect(findingItems(page).locator(".position")).toHaveText("main.go:4:21");
  await expect(page.locator("#status")).toHaveText("1 finding.");
  expect(await coreWorker()).not.toBe(first);
  // The next edit analysed as usual clears the notice.
  await editorLine(page, 1).click();
  await page.keyboard.press("End");
  await page.keyboard.insertText(" // edited");
  await expect(notice).toBeHidden();

  // A core that never answers: its worker is stopped at the time budget (10 s, and 1 s per MiB begun).
  await (await coreWorker()).evaluate(() => {
    setTimeout(() => {
      for (;;);
    });
  });
  await replaceCode(page, "package main\n\nfunc kept() {}\n");
  await expect(page.locator("#status")).toHaveText("Analysing…");
  // The page answers meanwhile.
  await page.keyboard.insertText("// typed while the worker hangs\n");
  await expect(editorLine(page, 4)).toHaveText("// typed while the worker hangs");
  await expect(notice).toHaveText("The analysis worker stopped (the analysis exceeded its time budget of 11 s and was stopped); a new one was started and analysed the files again.", {
    timeout: 30_000,
  });
  await expect(page.locator("#status")).toHaveText("No findings.");
});

/**
 * Run first in every worker script served by `poisonWorkers`: the core traps (a real wasm `unreachable`)
 * when a request hands it the file `poisonPath`, as it would on input that crashes it. Every other file,
 * and every request without that file, goes to the real core as usual.
 */
function trapOnFile(poisonPath: string): void {
  // (module (func (export "trap") unreachable))
  const trapModule = new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x07, 0x08, 0x01, 0x04, 0x74, 0x72, 0x61,
    0x70, 0x00, 0x00, 0x0a, 0x05, 0x01, 0x03, 0x00, 0x00, 0x0b,
  ]);
  const trap = new WebAssembly.Instance(new WebAssembly.Module(trapModule)).exports.trap as () => void;
  const scope = globalThis as unknown as { addEventListener(type: string, listener: (event: MessageEvent) => void): void };
  const listen = scope.addEventListener.bind(scope);
  scope.addEventListener = (type, listener) => {
    if (type !== "message") return listen(type, listener);
    listen(type, (event) => {
      const files: { path: string; content: Uint8Array }[] = event.data.type === "check" ? event.data.files : [];
      const poison = files.find((file) => file.path === poisonPath);
      if (poison === undefined) return listener(event);
      // The core's glue copies each file's bytes into wasm memory with `set`: the poison's copy traps.
      const set = Uint8Array.prototype.set;
      Uint8Array.prototype.set = function (this: Uint8Array, source: ArrayLike<number>, offset?: number) {
        if (source === poison.content) trap();
        return set.call(this, source, offset);
      };
      try {
        listener(event);
      } finally {
        Uint8Array.prototype.set = set;
      }
    });
  };
}

/** Serves every worker script of the page with `trapOnFile(poisonPath)` run first. */
async function poisonWorkers(page: Page, poisonPath: string): Promise<void> {
  await page.route("**/assets/browser-worker-*.js", async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: `(${trapOnFile.toString()})(${JSON.stringify(poisonPath)});\n${await response.text()}` });
  });
}

test.describe(() => {
  // The worker scripts must come through the route, not from a service worker's cache or fetch.
  test.use({ serviceWorkers: "block" });

  test("dropped files that stop every new worker are left out until they or gotrap.toml change, and the Go files are still analysed", async ({ page }) => {
    test.setTimeout(120_000);
    const fresh = { timeout: 30_000 };
    await poisonWorkers(page, "poison.pb.gz");
    const startedWorkers: string[] = [];
    page.on("worker", (worker) => {
      if (worker.url().includes("browser-worker")) startedWorkers.push(worker.url());
    });
    await page.goto("/");
    await expect(findingItems(page).locator(".position")).toHaveText("main.go:8:53", fresh);
    // Every text the notice takes, in order (the first one is replaced within a moment).
    await page.evaluate(() => {
      const notice = document.querySelector("#worker-notice")!;
      const texts: string[] = [];
      (window as unknown as { noticeTexts: string[] }).noticeTexts = texts;
      new MutationObserver(() => texts.push(notice.textContent ?? "")).observe(notice, { childList: true, characterData: true, subtree: true });
    });
    const noticeTexts = () => page.evaluate(() => (window as unknown as { noticeTexts: string[] }).noticeTexts);
    const notice = page.locator("#worker-notice");
    const crashed = "the analysis core crashed (RuntimeError: unreachable)";
    const stopped = `The analysis worker stopped (${crashed}); a new one was started and is analysing again.`;
    const leftOut = `The analysis worker stopped again (${crashed}) on the dropped files; they are not analysed again until they or gotrap.toml change.`;
    expect(startedWorkers).toHaveLength(1);

    await dropFiles(page, [
      { name: "pressure.log", bytes: artifact("gctrace/pressure.log") },
      { name: "poison.pb.gz", bytes: artifact("profiles/cpu.pb.gz") },
    ]);
    await expect(notice).toHaveText(leftOut, fresh);
    expect(await noticeTexts()).toEqual([stopped, leftOut]);
    await expect(notice).toHaveAttribute("role", "alert");
    // The Go files are analysed again without the dropped files, in the worker started after the second crash
    // (the status says "Analysing…" from the second crash until then).
    await expect(page.locator("#status")).toHaveText("1 finding.", fresh);
    await expect(findingItems(page).locator(".position")).toHaveText("main.go:8:53");
    await expect(editorLine(page, 8).locator(".cm-lintRange-info")).toHaveText("i");
    await expect(page.locator("#error-panel li")).toHaveCount(0);
    await expect(page.locator(".artifact-view")).toHaveCount(0);
    expect(startedWorkers).toHaveLength(3);

    // An edit to the Go file is analysed; the dropped files are not run again, so nothing crashes.
    await replaceCode(page, badClosure);
    await expect(findingItems(page).locator(".position")).toHaveText("main.go:4:21");
    await expect(editorLine(page, 4).locator(".cm-lintRange-info")).toHaveText("&i");
    await expect(page.locator("#status")).toHaveText("1 finding.");
    await expect(notice).toHaveText(leftOut);
    expect(await noticeTexts()).toEqual([stopped, leftOut]);
    expect(startedWorkers).toHaveLength(3);

    // A new gotrap.toml runs the dropped files again: they stop two more workers.
    await page.locator("#new-file-name").fill("gotrap.toml");
    await page.locator("#new-file-name").press("Enter");
    await expect.poll(noticeTexts, fresh).toEqual([stopped, leftOut, stopped, leftOut]);
    await expect(notice).toHaveText(leftOut);
    await expect(page.locator("#status")).toHaveText("1 finding.", fresh);
    await expect(findingItems(page).locator(".position")).toHaveText("main.go:4:21");
    expect(startedWorkers).toHaveLength(5);

    // Without the poison the rest of the dropped files are analysed, and the notice goes.
    await page.getByRole("button", { name: "Remove poison.pb.gz" }).click();
    await expect(notice).toBeHidden();
    await expect(page.locator('.gctrace-view[data-path="pressure.log"] .gctrace-summary tr').first()).toHaveText("collections85 in 1.014 s (82.8/s)");
    await expect(findingItems(page).locator(".position")).toHaveText(["pressure.log:61:1", "main.go:4:21"]);
    await expect(page.locator('#findings li[data-rule="GT605"] .position')).toHaveText("pressure.log:61:1");
    await expect(page.locator("#status")).toHaveText("2 findings.");
    expect(await noticeTexts()).toEqual([stopped, leftOut, stopped, leftOut, ""]);
    expect(startedWorkers).toHaveLength(5);
  });
});
