// Every control of the playground reached and worked with the keyboard alone:
// Tab and Shift+Tab move the focus (out of the editor with Escape first, as
// the hint under it says), Enter, Space and the arrow keys work the control.
// Nothing is clicked and nothing is focused by script; each control reached
// shows where the focus is.

import { readFileSync, writeFileSync } from "node:fs";
import { expect, test, type FileChooser, type Locator, type Page } from "@playwright/test";
import type { RuleInfo } from "../../action/src/client/report";
import { core } from "../node/wasm-core";
import { repoRoot } from "../paths";
import { artifactPath, cursorLine, editorLine, failOnPageErrors, findingItems, incompressibleText, runningGoroutineStack, screenshot } from "./support";

failOnPageErrors();

const rules = JSON.parse(core.rules()) as RuleInfo[];
/** The examples menu's label of a rule's example (main.ts). */
const exampleLabel = (id: string, index = 0): string => {
  const rule = rules.find((candidate) => candidate.id === id)!;
  const example = rule.examples[index]!;
  return `${rule.id} ${rule.name}: ${example.kind} (go ${example.goVersion})`;
};

interface FocusStyle {
  outlineStyle: string;
  outlineWidth: number;
  outlineColor: string;
  boxShadow: string;
}

/** The style that shows the focus on `target`; the editor takes the focus in its content, and the editor around it shows it. */
const focusStyle = (target: Locator): Promise<FocusStyle> =>
  target.evaluate((element) => {
    const style = getComputedStyle(element.classList.contains("cm-content") ? element.closest(".cm-editor")! : element);
    return { outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth), outlineColor: style.outlineColor, boxShadow: style.boxShadow };
  });

const hasFocus = (target: Locator): Promise<boolean> => target.evaluate((element) => element === document.activeElement);

/** What has the focus, in words, for a failure's message. */
const focusedElement = (page: Page): Promise<string> =>
  page.evaluate(() => {
    const focused = document.activeElement;
    if (focused === null) return "nothing";
    return `<${focused.tagName.toLowerCase()}${focused.id ? `#${focused.id}` : ""}${focused.className ? `.${String(focused.className).replace(/ /g, ".")}` : ""}> ${(focused.getAttribute("aria-label") ?? focused.textContent ?? "").slice(0, 60)}`;
  });

const editorContent = (page: Page) => page.locator(".cm-content");

/**
 * Presses `key` until `target` has the focus, at most `max` times (from the
 * editor, Escape first lets Tab leave it), and checks that the focus is seen.
 */
async function tabTo(page: Page, target: Locator, key: "Tab" | "Shift+Tab" = "Tab", max = 400): Promise<void> {
  await expect(target).toBeVisible();
  const unfocused = await focusStyle(target);
  for (let presses = 0; !(await hasFocus(target)); presses++) {
    if (presses === max) throw new Error(`${max} presses of ${key} did not reach ${target}; the focus is on ${await focusedElement(page)}`);
    if (await page.evaluate(() => document.activeElement?.classList.contains("cm-content") ?? false)) await page.keyboard.press("Escape");
    await page.keyboard.press(key);
  }
  await expectFocusShown(target, unfocused);
}

/**
 * The focused control looks focused: an outline or a shadow it does not have
 * without the focus. Polled: the editor marks itself focused (`cm-focused`)
 * a moment after its content takes the focus.
 */
async function expectFocusShown(target: Locator, unfocused: FocusStyle): Promise<void> {
  await expect.poll(() => focusStyle(target), { message: `${target} looks the same with and without the focus` }).not.toEqual(unfocused);
  const focused = await focusStyle(target);
  expect(focused.boxShadow !== "none" || (focused.outlineStyle !== "none" && focused.outlineWidth >= 1), `${target} shows no outline or shadow: ${JSON.stringify(focused)}`).toBe(true);
}

/**
 * The file choosers the page opens, in order. The page is listened to from
 * the start: the browser must intercept its choosers before the key press
 * that opens one, and a key press is quicker than a click to get there.
 */
function fileChoosers(page: Page): () => Promise<FileChooser> {
  const opened: FileChooser[] = [];
  page.on("filechooser", (chooser) => opened.push(chooser));
  return async () => {
    await expect.poll(() => opened.length, { message: "a file chooser opens" }).toBeGreaterThan(0);
    return opened.shift()!;
  };
}

/** A file whose send on line 5 blocks for ever: GT206, an error. */
const deadlockingFile = "package main\n\nfunc deadlock() {\n\tch := make(chan int)\n\tch <- 1\n\t<-ch\n}\n";

const selectedTab = (page: Page) => page.locator('#tabs [aria-selected="true"]');
const tabNames = (page: Page) => page.locator("#tabs [role=tab]");

test("the toolbar: Go version, examples menu, theme, share, the rules link, and the rule picker", async ({ page, context }, info) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/");
  await expect(findingItems(page)).toHaveCount(1);
  const gt101 = page.locator('#findings li[data-rule="GT101"]');
  await expect(gt101.locator(".severity")).toHaveText("info");

  // The Go-version selector: each arrow key is a version, and go.mod follows.
  const version = page.locator("#go-version");
  await tabTo(page, version);
  await page.keyboard.press("ArrowDown");
  await expect(version).toHaveValue("1.21");
  await expect(tabNames(page)).toHaveText(["main.go", "go.mod"]);
  await expect(gt101.locator(".severity")).toHaveText("warning");
  await page.keyboard.press("ArrowUp");
  await expect(version).toHaveValue("");
  await expect(tabNames(page)).toHaveText(["main.go"]);
  await expect(gt101.locator(".severity")).toHaveText("info");

  // The examples menu: opened, moved through and closed without choosing, then an example chosen.
  const examples = page.locator("#examples");
  const menu = page.locator("#examples-menu");
  const focusedItem = menu.locator("[role=menuitem]:focus");
  await tabTo(page, examples, "Shift+Tab");
  await expect(examples).toHaveAttribute("aria-expanded", "false");
  await page.keyboard.press("Enter");
  await expect(menu).toBeVisible();
  await expect(examples).toHaveAttribute("aria-expanded", "true");
  await expect(focusedItem).toHaveText(exampleLabel(rules.find((rule) => rule.examples.length > 0)!.id));
  await expectFocusShown(focusedItem, await focusStyle(menu.locator("[role=menuitem]").nth(1)));
  await page.keyboard.press("ArrowUp");
  await expect(focusedItem).toHaveText("an escape report (escape-m.txt)");
  await page.keyboard.press("ArrowDown");
  await expect(focusedItem).toHaveText(exampleLabel(rules.find((rule) => rule.examples.length > 0)!.id));
  await page.keyboard.press("End");
  await expect(focusedItem).toHaveText("an escape report (escape-m.txt)");
  // Moving through the menu chose nothing.
  await expect(tabNames(page)).toHaveText(["main.go"]);
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(examples).toBeFocused();
  await expect(examples).toHaveAttribute("aria-expanded", "false");
  // Down opens it too; typing goes to the item that starts with what was typed.
  await page.keyboard.press("ArrowDown");
  await expect(focusedItem).toHaveText(exampleLabel(rules.find((rule) => rule.examples.length > 0)!.id));
  await page.keyboard.type("gt102");
  await expect(focusedItem).toHaveText(exampleLabel("GT102"));
  await screenshot(page, info, "keyboard-examples-menu");
  await page.keyboard.press("Enter");
  await expect(menu).toBeHidden();
  await expect(examples).toBeFocused();
  await expect(tabNames(page)).toHaveText(["main.go", "go.mod"]);
  await expect(version).toHaveValue("1.22");
  await expect(findingItems(page).locator(".position")).toHaveText(["go.mod:3:4", "main.go:5:3"]);
  // Space opens it; Tab leaves it closed, on to the next control.
  await page.keyboard.press("Space");
  await expect(menu).toBeVisible();
  await page.keyboard.press("Tab");
  await expect(menu).toBeHidden();
  await expect(version).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(version).toHaveValue("1.23");

  // The theme button goes round system, light and dark.
  const theme = page.locator("#theme");
  const html = page.locator("html");
  await tabTo(page, theme);
  await expect(theme).toHaveText("Theme: system");
  await page.keyboard.press("Enter");
  await expect(html).toHaveAttribute("data-theme", "light");
  await page.keyboard.press("Space");
  await expect(html).toHaveAttribute("data-theme", "dark");
  await expect(page.locator("body")).toHaveCSS("background-color", "rgb(13, 17, 23)");
  await page.keyboard.press("Enter");
  await expect(html).not.toHaveAttribute("data-theme");
  await expect(theme).toHaveText("Theme: system");

  // Share: the link holds the workspace and is copied.
  await tabTo(page, page.locator("#share"), "Shift+Tab");
  await page.keyboard.press("Enter");
  await expect(page.locator("#share-status")).toHaveText("Link copied; everything is in its fragment, nothing was uploaded.");
  const link = await page.locator("#share-link").inputValue();
  expect(new URL(link).hash).toMatch(/^#1\.[A-Za-z0-9_-]+$/);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  // The link is selected in its field, to be copied by hand where the clipboard is not allowed.
  const linkField = page.locator("#share-link");
  await expect(linkField).toBeFocused();
  expect(await linkField.evaluate((field: HTMLInputElement) => [field.selectionStart, field.selectionEnd])).toEqual([0, link.length]);

  // The rule picker: opened, a severity changed and a rule turned off, then closed with Escape.
  const picker = page.locator("#rule-picker");
  const summary = picker.locator("summary");
  await tabTo(page, summary);
  await page.keyboard.press("Enter");
  await expect(picker).toHaveAttribute("open");
  const gt102 = page.locator('#findings li[data-rule="GT102"]');
  await expect(gt102.locator(".severity")).toHaveText("info");
  const severity = page.getByLabel("Severity of GT102 redundant-loopvar-copy");
  await tabTo(page, severity);
  await page.keyboard.press("ArrowDown");
  await expect(severity).toHaveValue("error");
  await expect(tabNames(page)).toHaveText(["main.go", "go.mod", "gotrap.toml"]);
  await expect(gt102.locator(".severity")).toHaveText("error");
  await expect(severity).toBeFocused();
  const enabled = page.getByLabel("Enable GT102 redundant-loopvar-copy");
  await tabTo(page, enabled, "Shift+Tab");
  await page.keyboard.press("Space");
  await expect(enabled).not.toBeChecked();
  await expect(gt102).toHaveCount(0);
  await expect(enabled).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(picker).not.toHaveAttribute("open");
  await expect(summary).toBeFocused();

  // The files the toolbar wrote, through the tabs (Right opens the next file).
  await tabTo(page, selectedTab(page));
  await expect(selectedTab(page)).toHaveText("main.go");
  await page.keyboard.press("ArrowRight");
  await expect(selectedTab(page)).toHaveText("go.mod");
  await expect(selectedTab(page)).toBeFocused();
  await expect(editorLine(page, 3)).toHaveText("go 1.23");
  await page.keyboard.press("ArrowRight");
  await expect(selectedTab(page)).toHaveText("gotrap.toml");
  await expect(page.locator(".cm-content > .cm-line")).toHaveText(['ignore = ["GT102"]', "", "[severity]", 'redundant-loopvar-copy = "error"', ""]);

  // The rules link opens the rules page.
  await tabTo(page, page.getByRole("link", { name: "Rules" }), "Shift+Tab");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/rules\.html$/);
  await expect(page.locator(".rule-doc")).toHaveCount(rules.length);
});

test("files: tabs moved through with the arrow keys, a file added and closed, txtar imported and exported", async ({ page }, info) => {
  const nextFileChooser = fileChoosers(page);
  await page.goto("/");
  await expect(findingItems(page)).toHaveCount(1);

  // A new file by its name and Enter.
  const newName = page.locator("#new-file-name");
  await tabTo(page, newName);
  await page.keyboard.type("worker.go");
  await page.keyboard.press("Enter");
  await expect(tabNames(page)).toHaveText(["main.go", "worker.go"]);
  await expect(selectedTab(page)).toHaveText("worker.go");
  await expect(newName).toHaveValue("");
  // On into the editor of the new file, past the Add button; the editor says how Tab leaves it.
  await tabTo(page, editorContent(page));
  await expect(editorContent(page)).toHaveAccessibleDescription("In the editor, Tab indents: press Escape, then Tab, to move on.");
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(deadlockingFile);
  await expect(page.locator('#findings li[data-rule="GT206"] .position')).toHaveText("worker.go:5:2");

  // Only the open file's tab is in the Tab order; the arrow keys, Home and End open the others.
  const tab = selectedTab(page);
  await tabTo(page, tab, "Shift+Tab");
  await expect(tab).toHaveText("worker.go");
  await expect(page.locator('#tabs [role=tab][tabindex="0"]')).toHaveText(["worker.go"]);
  await page.keyboard.press("ArrowLeft");
  await expect(tab).toHaveText("main.go");
  await expect(tab).toBeFocused();
  await screenshot(page, info, "keyboard-tab-focus");
  await expect(editorLine(page, 1)).toHaveText("package main");
  await expect(editorLine(page, 8).locator(".cm-lintRange-info")).toHaveText("i");
  await expect(page.locator("#editor")).toHaveAttribute("aria-labelledby", "tab-0");
  await page.keyboard.press("ArrowRight");
  await expect(tab).toHaveText("worker.go");
  await expect(page.locator("#editor")).toHaveAttribute("aria-labelledby", "tab-1");
  await page.keyboard.press("ArrowRight");
  await expect(tab).toHaveText("main.go");
  await page.keyboard.press("End");
  await expect(tab).toHaveText("worker.go");
  await page.keyboard.press("Home");
  await expect(tab).toHaveText("main.go");
  await expect(tab).toBeFocused();

  // Delete closes the focused file; the focus stays on the tabs.
  await page.keyboard.press("End");
  await page.keyboard.press("Delete");
  await expect(tabNames(page)).toHaveText(["main.go"]);
  await expect(tab).toBeFocused();
  await expect(page.locator('#findings li[data-rule="GT206"]')).toHaveCount(0);

  // The Add file button, by Space; the open file's close button is next in the Tab order.
  await tabTo(page, newName);
  await page.keyboard.type("util.go");
  await tabTo(page, page.getByRole("button", { name: "Add file" }));
  await page.keyboard.press("Space");
  await expect(tabNames(page)).toHaveText(["main.go", "util.go"]);
  const close = page.getByRole("button", { name: "Close util.go" });
  await tabTo(page, close, "Shift+Tab");
  await page.keyboard.press("Enter");
  await expect(tabNames(page)).toHaveText(["main.go"]);
  await expect(tab).toBeFocused();

  // Import txtar opens the file chooser; Export txtar gives the same archive back.
  const archive = "-- go.mod --\nmodule example.com/app\n\ngo 1.21\n-- main.go --\npackage main\n\nfunc main() {}\n-- gotrap.toml --\nignore = []\n";
  const file = info.outputPath("workspace.txtar");
  writeFileSync(file, archive);
  await tabTo(page, page.locator("#import-txtar"), "Shift+Tab");
  await page.keyboard.press("Enter");
  await (await nextFileChooser()).setFiles(file);
  await expect(tabNames(page)).toHaveText(["go.mod", "main.go", "gotrap.toml"]);
  await expect(page.locator("#go-version")).toHaveValue("1.21");
  await tabTo(page, page.locator("#export-txtar"));
  const download = page.waitForEvent("download");
  await page.keyboard.press("Enter");
  expect(readFileSync(await (await download).path(), "utf8")).toBe(archive);
});

test("the findings panel: filters by rule and severity, copy as Markdown, a finding opened, a fix applied", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/");
  await expect(findingItems(page)).toHaveCount(1);
  // A second file with an error, so that there is something to filter.
  await tabTo(page, page.locator("#new-file-name"));
  await page.keyboard.type("worker.go");
  await page.keyboard.press("Enter");
  await tabTo(page, editorContent(page));
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(deadlockingFile);
  await expect(findingItems(page).locator(".position")).toHaveText(["worker.go:5:2", "main.go:8:53"]);
  const counts = page.locator("#counts");
  await expect(counts).toHaveText("2 findings: 1 error, 0 warning, 1 info");

  const ruleFilter = page.locator("#rule-filter");
  await tabTo(page, ruleFilter);
  await page.keyboard.press("ArrowDown");
  await expect(ruleFilter).toHaveValue("GT101");
  await expect(findingItems(page).locator(".position")).toHaveText(["main.go:8:53"]);
  await expect(counts).toHaveText("2 findings: 1 error, 0 warning, 1 info (1 shown)");
  await page.keyboard.press("ArrowDown");
  await expect(ruleFilter).toHaveValue("GT206");
  await expect(findingItems(page).locator(".position")).toHaveText(["worker.go:5:2"]);
  await page.keyboard.press("Home");
  await expect(ruleFilter).toHaveValue("");
  await expect(findingItems(page)).toHaveCount(2);

  for (const [severity, left] of [
    ["error", ["main.go:8:53"]],
    ["info", ["worker.go:5:2"]],
  ] as const) {
    const box = page.locator(`#show-${severity}`);
    await tabTo(page, box);
    await page.keyboard.press("Space");
    await expect(box).not.toBeChecked();
    await expect(findingItems(page).locator(".position")).toHaveText([...left]);
    await page.keyboard.press("Space");
    await expect(box).toBeChecked();
    await expect(findingItems(page)).toHaveCount(2);
  }

  // Copy as Markdown copies what is shown.
  await tabTo(page, page.locator("#show-error"), "Shift+Tab");
  await page.keyboard.press("Space");
  await tabTo(page, page.locator("#copy-markdown"));
  await page.keyboard.press("Enter");
  await expect(page.locator(".copy-status")).toHaveText("copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
    "| severity | rule | location | message |\n|---|---|---|---|\n" +
      "| info | GT101 loopvar-capture | main.go:8:53 | loop variable i captured by a func literal stored in printers, which outlives the iteration: before go1.22 every iteration shares one i (a trap below go1.22; no go.mod sets this file's Go version) |\n",
  );
  await tabTo(page, page.locator("#show-error"), "Shift+Tab");
  await page.keyboard.press("Space");

  // Enter on a finding opens its file at its place, the focus in the editor.
  await expect(selectedTab(page)).toHaveText("worker.go");
  const gt101 = page.locator('#findings li[data-rule="GT101"] .jump');
  await tabTo(page, gt101);
  await page.keyboard.press("Enter");
  await expect(selectedTab(page)).toHaveText("main.go");
  await expect(cursorLine(page)).toHaveText("8");
  await expect(editorContent(page)).toBeFocused();
  expect(await page.evaluate(() => getSelection()!.toString())).toBe("i");

  // A fix applied from the panel: the finding goes, the focus to the finding now in its place.
  await tabTo(page, page.locator("#examples"), "Shift+Tab");
  await page.keyboard.press("Enter");
  await page.keyboard.type("gt102");
  await expect(page.locator("#examples-menu [role=menuitem]:focus")).toHaveText(exampleLabel("GT102"));
  await page.keyboard.press("Enter");
  await expect(findingItems(page).locator(".position")).toHaveText(["go.mod:3:4", "main.go:5:3"]);
  const fix = page.locator('#findings li[data-rule="GT102"] .apply-fix');
  await tabTo(page, fix);
  await page.keyboard.press("Enter");
  await expect(page.locator('#findings li[data-rule="GT102"]')).toHaveCount(0);
  await expect(editorLine(page, 5)).toHaveText("\t\t // redundant since Go 1.22");
  await expect(page.locator("#findings li .jump")).toBeFocused();
});

test("artifacts: the file picker, the profile view's sample types, sorting and flame graph, goroutine groups, removal", async ({ page }) => {
  const nextFileChooser = fileChoosers(page);
  await page.goto("/");
  await expect(findingItems(page)).toHaveCount(1);

  // The drop zone's button opens the file chooser.
  const choose = page.getByRole("button", { name: "choose files" });
  await tabTo(page, choose);
  await page.keyboard.press("Enter");
  await (await nextFileChooser()).setFiles(artifactPath("profiles/cpu.pb.gz"));
  const view = page.locator('.profile-view[data-path="cpu.pb.gz"]');
  const caption = view.locator(".top-table caption");
  await expect(caption).toHaveText("Top of cpu: total 1.04s, sorted by flat (first 50 of 62 functions)");

  // The sample-type switcher.
  const sampleType = view.getByLabel("Sample type");
  await tabTo(page, sampleType);
  await page.keyboard.press("ArrowUp");
  await expect(sampleType.locator("option:checked")).toHaveText("samples (count)");
  await expect(caption).toHaveText("Top of samples: total 104, sorted by flat (first 50 of 62 functions)");
  await page.keyboard.press("ArrowDown");
  await expect(sampleType.locator("option:checked")).toHaveText("cpu (nanoseconds)");
  await expect(caption).toHaveText("Top of cpu: total 1.04s, sorted by flat (first 50 of 62 functions)");

  // The top table sorted by cum, then by flat, from its column headers.
  const firstFunction = view.locator(".top-table tbody tr").first().locator("td.function");
  const flatHeader = view.locator(".top-table th", { has: page.locator('button[data-sort="flat"]') });
  const cumHeader = view.locator(".top-table th", { has: page.locator('button[data-sort="cum"]') });
  await expect(flatHeader).toHaveAttribute("aria-sort", "descending");
  await expect(cumHeader).not.toHaveAttribute("aria-sort");
  await expect(firstFunction).toHaveText("time.runtimeNow");
  const cum = view.locator('button[data-sort="cum"]');
  await tabTo(page, cum);
  await page.keyboard.press("Enter");
  await expect(firstFunction).toHaveText("main.hot");
  await expect(caption).toHaveText("Top of cpu: total 1.04s, sorted by cum (first 50 of 62 functions)");
  await expect(cumHeader).toHaveAttribute("aria-sort", "descending");
  await expect(flatHeader).not.toHaveAttribute("aria-sort");
  await expect(cum).toBeFocused();
  await tabTo(page, view.locator('button[data-sort="flat"]'), "Shift+Tab");
  await page.keyboard.press("Space");
  await expect(firstFunction).toHaveText("time.runtimeNow");
  await expect(flatHeader).toHaveAttribute("aria-sort", "descending");

  // The flame graph: its search, its frames by the arrow keys, and its reset button.
  const search = view.getByRole("searchbox", { name: "Search functions in the flame graph" });
  await tabTo(page, search);
  await page.keyboard.type("fmt");
  await expect(view.locator(".flame-matches")).toHaveText("10 frames match: 370.00ms, 35.6% of the total.");
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Backspace");
  await expect(view.locator(".flame-matches")).toHaveText("");
  const flame = view.locator("canvas.flame");
  const details = view.locator(".flame-details");
  const zoom = view.locator(".flame-zoom");
  await tabTo(page, flame);
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await expect(details).toHaveText("main.main: 970.00ms cumulative (93.3%), 0ns self");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await expect(details).toHaveText("fmt.Sprintf: 370.00ms cumulative (35.6%), 0ns self");
  await page.keyboard.press("ArrowRight");
  await expect(details).toHaveText("time.Now: 340.00ms cumulative (32.7%), 0ns self");
  await page.keyboard.press("ArrowUp");
  await expect(zoom).toHaveText("Zoomed into main.hot: 970.00ms of 1.04s (93.3%), at depth 2.");
  await page.keyboard.press("Escape");
  await expect(zoom).toHaveText("Whole profile: 1.04s.");
  await page.keyboard.press("ArrowDown");
  await expect(zoom).toHaveText("Zoomed into runtime.main: 970.00ms of 1.04s (93.3%), at depth 0.");
  const reset = view.getByRole("button", { name: "Reset zoom" });
  await tabTo(page, reset, "Shift+Tab");
  await page.keyboard.press("Enter");
  await expect(zoom).toHaveText("Whole profile: 1.04s.");
  await expect(reset).toBeDisabled();
  // The disabled button gave the focus to the graph.
  await expect(flame).toBeFocused();

  // A goroutine dump from the chooser opened with Space: its groups sorted and a stack expanded.
  await tabTo(page, choose, "Shift+Tab");
  await page.keyboard.press("Space");
  await (await nextFileChooser()).setFiles(artifactPath("dumps/goroutine-debug2.txt"));
  const dump = page.locator('.goroutines-view[data-path="goroutine-debug2.txt"]');
  const rows = dump.locator(".group-row");
  await expect(rows.locator("td.count")).toHaveText(["150", "4", "1", "1"]);
  const byState = dump.locator('button[data-sort="state"]');
  await tabTo(page, byState);
  await page.keyboard.press("Enter");
  await expect(rows.locator("td:nth-child(2)")).toHaveText(["chan receive", "chan send", "running", "sync.Mutex.Lock"]);
  await expect(dump.locator("th", { has: page.locator('button[data-sort="state"]') })).toHaveAttribute("aria-sort", "ascending");
  await expect(byState).toBeFocused();
  await tabTo(page, dump.locator('button[data-sort="count"]'), "Shift+Tab");
  await page.keyboard.press("Enter");
  await expect(rows.locator("td.count")).toHaveText(["150", "4", "1", "1"]);
  await expect(dump.locator("th", { has: page.locator('button[data-sort="state"]') })).not.toHaveAttribute("aria-sort");
  const running = dump.locator("tbody.group", { has: page.locator("td", { hasText: "running" }) });
  const expand = running.locator("button.expand");
  await tabTo(page, expand);
  await expect(running.locator(".stack-row")).toBeHidden();
  await page.keyboard.press("Enter");
  await expect(expand).toHaveAttribute("aria-expanded", "true");
  await expect(running.locator(".stack li")).toHaveText(runningGoroutineStack);
  await page.keyboard.press("Space");
  await expect(expand).toHaveAttribute("aria-expanded", "false");
  await expect(running.locator(".stack-row")).toBeHidden();

  // Removing an artifact moves the focus to the next one's button, and from the last to the file chooser's.
  const removeDump = page.getByRole("button", { name: "Remove goroutine-debug2.txt" });
  await tabTo(page, removeDump, "Shift+Tab");
  await page.keyboard.press("Enter");
  await expect(dump).toHaveCount(0);
  await expect(page.locator("#artifact-list li .name")).toHaveText(["cpu.pb.gz"]);
  await expect(page.getByRole("button", { name: "Remove cpu.pb.gz" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator(".profile-view")).toHaveCount(0);
  await expect(choose).toBeFocused();
});

test("a workspace too large for a link: the txtar download offered instead is reached by Tab", async ({ page }) => {
  await page.goto("/");
  await expect(findingItems(page)).toHaveCount(1);
  const noise = incompressibleText(40_000);
  await tabTo(page, editorContent(page));
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(`package main\n\n// ${noise}\n`);
  await tabTo(page, page.locator("#share"), "Shift+Tab");
  await page.keyboard.press("Enter");
  await expect(page.locator("#share-status")).toContainText("The workspace is too large for a link");
  const fallback = page.getByRole("button", { name: "Download it as txtar" });
  await tabTo(page, fallback);
  const download = page.waitForEvent("download");
  await page.keyboard.press("Enter");
  expect(readFileSync(await (await download).path(), "utf8")).toBe(`-- main.go --\npackage main\n\n// ${noise}\n`);
});

test("the other artifact views: the profile comparison, the escape report's filter and links, the gctrace chart's data", async ({ page }) => {
  const nextFileChooser = fileChoosers(page);
  await page.goto("/");
  await expect(findingItems(page)).toHaveCount(1);
  // The program the escape report was made from, as main.go.
  await tabTo(page, editorContent(page));
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(readFileSync(`${repoRoot}tests/artifacts/programs/escape/main.go`, "utf8"));
  await tabTo(page, page.getByRole("button", { name: "choose files" }));
  await page.keyboard.press("Enter");
  await (await nextFileChooser()).setFiles(["profiles/block.pb.gz", "profiles/mutex.pb.gz", "escape/escape-m.txt", "gctrace/pressure.log"].map(artifactPath));

  // Two profiles of the same sample types: the comparison's sample type and normalization.
  const diff = page.locator(".profile-diff");
  const diffCaption = diff.locator("caption");
  await expect(diffCaption).toHaveText("Flat delay of mutex.pb.gz minus block.pb.gz: total 95.83ms → 78.10ms; 3 functions changed");
  const diffType = diff.getByLabel("Sample type to compare");
  await tabTo(page, diffType);
  await page.keyboard.press("ArrowUp");
  await expect(diffType).toHaveValue("contentions");
  await expect(diffCaption).toContainText("total 34 → 36");
  const normalize = diff.getByLabel("Normalize: scale the new profile to the base's total");
  await tabTo(page, normalize);
  await page.keyboard.press("Space");
  await expect(normalize).toBeChecked();
  await expect(diffCaption).toContainText("total 34 → 34 (new scaled by 0.9444)");

  // The escape report: a line opened in the editor, then every line shown.
  const escape = page.locator('.escape-view[data-path="escape-m.txt"]');
  const line42 = escape.getByRole("button", { name: "escape/main.go:42" });
  await tabTo(page, line42, "Shift+Tab");
  await page.keyboard.press("Enter");
  await expect(cursorLine(page)).toHaveText("42");
  await expect(editorContent(page)).toBeFocused();
  const heapOnly = escape.getByLabel("only lines with heap allocations");
  await tabTo(page, heapOnly);
  await page.keyboard.press("Space");
  await expect(escape.locator("caption")).toHaveText("16 lines with 42 decisions");
  await expect(escape.locator("tbody tr")).toHaveCount(16);

  // The gctrace chart's data table opens from its summary.
  const data = page.locator('.gctrace-view[data-path="pressure.log"] details.gctrace-data');
  const summary = data.locator("summary");
  await tabTo(page, summary);
  await expect(data).not.toHaveAttribute("open");
  await page.keyboard.press("Enter");
  await expect(data).toHaveAttribute("open");
  await expect(data.locator("tbody tr").last().locator("td")).toHaveText(["85", "85", "1.014", "4", "5", "3.606", "36.0%"]);
});
