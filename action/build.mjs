// Builds the npm package into dist/: the CLI, the Node API and the worker they
// start (ESM for Node 20, each bundling the wasm-bindgen glue), the browser
// entry, the wasm beside them, and the API's type declarations.
// Needs crate/pkg (scripts/build-wasm.sh).

import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const packageDir = fileURLToPath(new URL(".", import.meta.url));
const distDir = fileURLToPath(new URL("./dist/", import.meta.url));
const wasmFile = fileURLToPath(new URL("../crate/pkg/gotrap_bg.wasm", import.meta.url));

if (!existsSync(wasmFile)) {
  console.error("action/build.mjs: crate/pkg/gotrap_bg.wasm is missing; run scripts/build-wasm.sh first");
  process.exit(1);
}
rmSync(distDir, { recursive: true, force: true });
mkdirSync(distDir, { recursive: true });
copyFileSync(wasmFile, `${distDir}gotrap_bg.wasm`);

await build({
  absWorkingDir: packageDir,
  // index.js is the GitHub Action (action.yml); api.js is the package's Node API.
  entryPoints: { cli: "src/cli.ts", index: "src/action.ts", api: "src/api.ts", "node-worker": "src/client/node-worker.ts" },
  outdir: distDir,
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // @actions/core bundles CommonJS dependencies that require() Node's built-ins.
  banner: { js: 'import { createRequire as __gotrapCreateRequire } from "node:module";\nconst require = __gotrapCreateRequire(import.meta.url);' },
  logLevel: "warning",
});

// The browser entry: the same API with the core on the page's thread; the
// wasm-bindgen glue fetches gotrap_bg.wasm beside it.
await build({
  absWorkingDir: packageDir,
  entryPoints: { browser: "src/browser-api.ts" },
  outdir: distDir,
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  logLevel: "warning",
});

execFileSync(process.execPath, [fileURLToPath(import.meta.resolve("typescript/bin/tsc")), "-p", "tsconfig.build.json"], {
  cwd: packageDir,
  stdio: "inherit",
});
