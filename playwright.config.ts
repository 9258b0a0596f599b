// Browser tests of the built playground, in Debian's Chromium (no browser
// download: PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1, never `playwright install`).

import { execFileSync } from "node:child_process";
import { defineConfig } from "@playwright/test";

const PORT = 5173;

function chromiumExecutable(): string {
  try {
    return execFileSync("sh", ["-c", "command -v chromium"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error("Debian's chromium is not on PATH (apt-get install chromium)");
  }
}

export default defineConfig({
  testDir: "tests/browser",
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  workers: 1,
  reporter: "list",
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    browserName: "chromium",
    launchOptions: {
      executablePath: chromiumExecutable(),
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    // Builds the site first so the tests always see the current sources.
    command: "npm run build --workspace web && npm run preview",
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
