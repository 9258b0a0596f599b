import { expect, test } from "@playwright/test";
import { badClosure } from "../paths";

test("shows GT101 at line 4 as info for the pasted badClosure example", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator("#status")).toHaveText("No findings.");
  await page.locator("#source").fill(badClosure);
  const finding = page.locator("#findings li");
  await expect(finding).toHaveCount(1);
  await expect(finding.locator(".rule")).toHaveText("GT101");
  await expect(finding.locator(".severity")).toHaveText("info");
  await expect(finding.locator(".position")).toHaveText("4:21");
  await expect(finding.locator(".message")).toContainText("loop variable i");
  await expect(page.locator("#status")).toHaveText("1 finding.");
});

test("shows user text only as text", async ({ page }) => {
  await page.goto("/");
  // The syntax error's message quotes the source: markup in it must stay text.
  await page.locator("#source").fill("package main\n\n<img src=x onerror=alert(1)>\n");
  const message = page.locator('#findings li[data-rule="GT000"] .message');
  await expect(message).toContainText("<img");
  await expect(page.locator("#findings img")).toHaveCount(0);
});

test("makes no request outside its own origin, within its CSP", async ({ page, context }) => {
  const origin = new URL(test.info().project.use.baseURL!).origin;
  const requested: string[] = [];
  const problems: string[] = [];
  context.on("request", (request) => requested.push(request.url()));
  // A CSP violation is logged as a console error.
  page.on("console", (entry) => entry.type() === "error" && problems.push(entry.text()));
  page.on("pageerror", (error) => problems.push(error.message));
  await page.goto("/");
  await page.locator("#source").fill(badClosure);
  await expect(page.locator("#findings li")).toHaveCount(1);
  expect(requested.length).toBeGreaterThan(0);
  expect(requested.filter((url) => new URL(url).origin !== origin)).toEqual([]);
  expect(requested.some((url) => url.endsWith(".wasm"))).toBe(true);
  expect(problems).toEqual([]);
});
