// The <gotrap-snippet> library build: one ES module (web/dist/widget/
// gotrap-snippet.js) plus gotrap_bg.wasm beside it, and a CodeMirror chunk
// that only `editable` snippets import. Runs after the site build (web's
// `build` script), into the site's dist so the demo page can load it.

import { copyFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";

const fromRoot = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));
const outDir = fromRoot("./web/dist/widget");

/** The core beside the module, where the browser entry's loader fetches it. */
const wasmBesideModule: Plugin = {
  name: "gotrap-wasm-beside-module",
  apply: "build",
  writeBundle() {
    copyFileSync(fromRoot("./crate/pkg/gotrap_bg.wasm"), `${outDir}/gotrap_bg.wasm`);
  },
};

/**
 * wasm-bindgen's loader defaults to `new URL('gotrap_bg.wasm', import.meta.url)`,
 * which a library build would inline as a base64 data: URL (a megabyte more
 * JS, and a fetch a strict connect-src refuses). The widget always passes the
 * URL of the wasm beside it, so the default is left to resolve at run time.
 */
const wasmNotInlined: Plugin = {
  name: "gotrap-wasm-not-inlined",
  enforce: "pre",
  transform(code, id) {
    if (!id.endsWith("/crate/pkg/gotrap.js")) return null;
    const inlined = "new URL('gotrap_bg.wasm', import.meta.url)";
    if (!code.includes(inlined)) this.error(`${id} no longer holds ${inlined}`);
    return { code: code.replace(inlined, "new URL('gotrap_bg.wasm', import.meta['url'])"), map: null };
  },
};

export default defineConfig({
  plugins: [wasmNotInlined, wasmBesideModule],
  publicDir: false,
  build: {
    outDir,
    emptyOutDir: true,
    target: "es2022",
    lib: {
      entry: fromRoot("./web/src/widget/gotrap-snippet.ts"),
      formats: ["es"],
      fileName: "gotrap-snippet",
    },
  },
});
