// The playground's own numbers, measured in Debian's headless Chromium on the
// built site served by `vite preview` (localhost): the wasm size, the time
// from load to the first rendered findings, the latency from an analysis
// request (after the debounce) to rendered diagnostics on a 3,000-line Go
// file, and decode + render of a 20 MB (uncompressed) profile with the
// longest main-thread task meanwhile. Not a test: it prints a Markdown table
// (and puts it in web/BENCHMARK.md with --write).
//
//   npm run build --workspace web && node scripts/bench-playground.mjs [--write]

import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { createServer } from "node:net";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "@playwright/test";
import { syntheticCpuProfile } from "../tests/pprof-writer.mjs";

const repo = new URL("../", import.meta.url).pathname;
/** A port free now: others may run this benchmark on the same machine. */
const PORT = await new Promise((resolve, reject) => {
  const probe = createServer().once("error", reject);
  probe.listen(0, "127.0.0.1", () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});
const BASE = `http://127.0.0.1:${PORT}/`;
const LOADS = 7;
const EDITS = 40;

// A 3,000-line Go file -------------------------------------------------------

/** Declarations of real Go files of the Go source tree (net/http), as the lines of one file, at least 3,000 of them. */
function netHttpLines() {
  const goroot = execFileSync("go", ["env", "GOROOT"], { encoding: "utf8" }).trim();
  const dir = join(goroot, "src/net/http");
  const files = readdirSync(dir).filter((name) => name.endsWith(".go") && !name.endsWith("_test.go")).sort();
  const lines = ["package http"];
  for (const name of files) {
    const body = readFileSync(join(dir, name), "utf8").split("\n");
    const start = body.findIndex((line) => line.startsWith("package "));
    // Imports differ per file; keep only declarations after the import block.
    const afterImports = body.findIndex((line, index) => index > start && (line.startsWith("func ") || line.startsWith("type ")));
    lines.push(...body.slice(afterImports));
    if (lines.length >= 3000) break;
  }
  return lines;
}

/**
 * A 3,000-line Go file that parses: those lines up to the last whole
 * declaration (a `}` in column 0) within 3,000, padded with blank lines.
 */
function goSource3000() {
  const lines = netHttpLines().slice(0, 3000);
  const lastClose = lines.lastIndexOf("}");
  return [...lines.slice(0, lastClose + 1), ...Array(3000 - lastClose - 1).fill("")].join("\n") + "\n";
}

/** The first 3,000 of those lines as they come: the file ends inside a function (a syntax error). */
function goSource3000Cut() {
  return netHttpLines().slice(0, 3000).join("\n") + "\n";
}

// Measuring -------------------------------------------------------------------

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function waitForServer() {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      if ((await fetch(BASE)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error("vite preview did not start");
}

const loadBefore = loadavg()[0];
const server = spawn("npx", ["vite", "preview", "--host", "127.0.0.1", "--port", String(PORT), "--strictPort"], { cwd: repo, stdio: "ignore", detached: true });
const scratch = mkdtempSync(join(tmpdir(), "gotrap-bench-"));
const chromiumPath = execFileSync("sh", ["-c", "command -v chromium"], { encoding: "utf8" }).trim();
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const rows = [];
try {
  await waitForServer();
  const assets = join(repo, "web/dist/assets");
  const wasm = readdirSync(assets).find((name) => name.endsWith(".wasm"));
  const wasmBytes = readFileSync(join(assets, wasm));
  const scripts = readdirSync(assets).filter((name) => name.endsWith(".js"));
  const scriptBytes = scripts.reduce((total, name) => total + statSync(join(assets, name)).size, 0);
  const scriptGzip = scripts.reduce((total, name) => total + gzipSync(readFileSync(join(assets, name))).length, 0);
  rows.push(["wasm core size", `${(wasmBytes.length / 1024).toFixed(0)} KiB raw, ${(gzipSync(wasmBytes).length / 1024).toFixed(0)} KiB gzip`, "watch (Ruff's grew to 13.9 MB)"]);
  rows.push(["JavaScript size (page + worker)", `${(scriptBytes / 1024).toFixed(0)} KiB raw, ${(scriptGzip / 1024).toFixed(0)} KiB gzip`, ""]);

  // Load to first findings, each in a fresh context (no cache, no autosave).
  const loads = [];
  const firstRequests = [];
  const coreReadies = [];
  for (let run = 0; run < LOADS; run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(BASE);
    await page.waitForFunction(() => performance.getEntriesByName("gotrap:first-findings").length > 0);
    const [findings, request, coreReady] = await page.evaluate(() =>
      ["gotrap:first-findings", "gotrap:request", "gotrap:core-ready"].map((name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN),
    );
    loads.push(findings);
    firstRequests.push(request);
    coreReadies.push(coreReady);
    await context.close();
  }
  rows.push([`load to first findings (median of ${LOADS}, cold)`, `${percentile(loads, 50).toFixed(0)} ms (max ${Math.max(...loads).toFixed(0)} ms)`, "≤ 1,000 ms"]);
  rows.push([
    "of which: load to the first analysis request, and to the core answering in its worker (medians)",
    `${percentile(firstRequests, 50).toFixed(0)} ms, ${percentile(coreReadies, 50).toFixed(0)} ms`,
    "",
  ]);

  // Request to diagnostics on a 3,000-line file: one keystroke per analysis.
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(BASE);
  await page.waitForFunction(() => performance.getEntriesByName("gotrap:first-findings").length > 0);
  const source = goSource3000();
  const measured = () => page.evaluate(() => performance.getEntriesByName("gotrap:request-to-diagnostics").length);
  let seen = await measured();
  await page.locator(".cm-content").click();
  await page.keyboard.press("Control+A");
  await page.evaluate((text) => {
    const transfer = new DataTransfer();
    transfer.setData("text/plain", text);
    document.querySelector(".cm-content").dispatchEvent(new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, source);
  await page.waitForFunction((count) => performance.getEntriesByName("gotrap:request-to-diagnostics").length > count, seen);
  const findings = await page.locator("#findings li").count();
  for (let edit = 0; edit < EDITS; edit++) {
    seen = await measured();
    await page.keyboard.press("Control+End");
    await page.keyboard.insertText(edit % 2 === 0 ? "\n// edit\n" : "\n");
    await page.waitForFunction((count) => performance.getEntriesByName("gotrap:request-to-diagnostics").length > count, seen);
  }
  const latencies = await page.evaluate(() => performance.getEntriesByName("gotrap:request-to-diagnostics").map((entry) => entry.duration));
  const edits = latencies.slice(-EDITS);
  rows.push([
    `request to rendered diagnostics, 3,000-line Go file (${findings} finding${findings === 1 ? "" : "s"}, ${EDITS} edits)`,
    `p50 ${percentile(edits, 50).toFixed(1)} ms, p95 ${percentile(edits, 95).toFixed(1)} ms`,
    "p95 ≤ 50 ms",
  ]);
  await context.close();

  // The same edits through the wasm core alone in Node (no browser, no
  // worker): a fresh Session per analysis against one Session kept across them.
  const core = await import("../crate/pkg/gotrap.js");
  core.initSync({ module: wasmBytes });
  const encoder = new TextEncoder();
  const timeAnalyses = (sessionFor, start = source) => {
    const times = [];
    let text = start;
    for (let edit = 0; edit < EDITS; edit++) {
      text += edit % 2 === 0 ? "\n// edit\n" : "\n";
      const started = performance.now();
      const session = sessionFor();
      session.setFile("main.go", encoder.encode(text));
      session.analyze();
      times.push(performance.now() - started);
      if (session !== kept) session.free();
    }
    return times;
  };
  const kept = new core.Session();
  kept.setFile("main.go", encoder.encode(source));
  kept.analyze();
  const fresh = timeAnalyses(() => new core.Session());
  const incremental = timeAnalyses(() => kept);
  const cut = goSource3000Cut();
  kept.setFile("main.go", encoder.encode(cut));
  kept.analyze();
  const withSyntaxError = timeAnalyses(() => kept, cut);
  kept.free();
  const core95 = (times) => `p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms`;
  rows.push([`the core alone (wasm in Node), same edits: fresh Session each time`, core95(fresh), ""]);
  rows.push([`the core alone (wasm in Node), same edits: one Session kept (incremental)`, core95(incremental), ""]);
  rows.push([`the core alone (wasm in Node), same edits to the file cut mid-function (a syntax error: parsed from scratch)`, core95(withSyntaxError), ""]);

  // A 20 MB profile: decode and render, and the longest main-thread task meanwhile.
  const { bytes, samples } = syntheticCpuProfile(20 * 1024 * 1024);
  const profilePath = join(scratch, "big.pb");
  writeFileSync(profilePath, bytes);
  const profileContext = await browser.newContext();
  const profilePage = await profileContext.newPage();
  await profilePage.addInitScript(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => window.longTasks.push(...list.getEntries().map((entry) => entry.duration))).observe({ type: "longtask" });
  });
  await profilePage.goto(BASE);
  await profilePage.waitForFunction(() => performance.getEntriesByName("gotrap:first-findings").length > 0);
  await profilePage.evaluate(() => (window.longTasks.length = 0));
  const started = Date.now();
  await profilePage.locator("#artifact-input").setInputFiles(profilePath);
  await profilePage.locator(".profile-view .top-table tbody tr").first().waitFor({ timeout: 120_000 });
  const decodeRender = Date.now() - started;
  const longest = await profilePage.evaluate(() => Math.max(0, ...window.longTasks));
  rows.push([`decode + render of a ${(bytes.length / 2 ** 20).toFixed(1)} MiB profile (${samples.toLocaleString("en")} samples)`, `${decodeRender} ms`, ""]);
  // The browser reports tasks from 50 ms on.
  rows.push(["longest main-thread task while it decodes and renders", longest === 0 ? "none over 50 ms" : `${longest.toFixed(0)} ms`, "≤ 100 ms"]);
  await profileContext.close();
} finally {
  await browser.close();
  // The server may have exited already (then its error is the one to see).
  if (server.exitCode === null) process.kill(-server.pid);
  rmSync(scratch, { recursive: true, force: true });
}

const chromiumVersion = execFileSync(chromiumPath, ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim().replace(/ built on .*/, "");
const table = [
  `Measured by \`node scripts/bench-playground.mjs\` in ${chromiumVersion} (headless) on the built site served by \`vite preview\` on localhost, ${new Date().toISOString().slice(0, 10)}, on ${cpus().length} cores with a load average of ${loadBefore.toFixed(1)} before and ${loadavg()[0].toFixed(1)} after (other work shares the machine: compare runs only at similar loads).`,
  "",
  "| measure | result | target |",
  "|---|---|---|",
  ...rows.map((row) => `| ${row.join(" | ")} |`),
  "",
].join("\n");
console.log(table);
// --write replaces the results in web/BENCHMARK.md and keeps its notes.
if (process.argv.includes("--write")) {
  const file = join(repo, "web/BENCHMARK.md");
  const page = readFileSync(file, "utf8");
  const [before, rest] = page.split("<!-- results -->\n");
  const after = rest?.split("<!-- /results -->")[1];
  if (after === undefined) throw new Error(`${file} has no <!-- results --> ... <!-- /results --> section`);
  writeFileSync(file, `${before}<!-- results -->\n${table}<!-- /results -->${after}`);
}
