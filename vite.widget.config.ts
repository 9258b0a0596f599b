// The <gotrap-snippet> build: one ES module with a stable name (web/dist/
// widget/gotrap-snippet.js, the file pages embed) and, under widget/assets/,
// content-hashed files it loads on demand: the worker, the in-thread loader,
// the source-only wasm core (crate/pkg-source) and the CodeMirror chunk that
// only `editable` snippets import. Hashed names can be cached for good; only
// the entry module needs revalidating (README, "Embedding"). Runs after the
// site build (web's `build` script), into the site's dist so the demo page
// and the rule pages can load it.

import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";

const fromRoot = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));

/**
 * The shared client imports the full core (crate/pkg/gotrap.js); the widget
 * gets the source-only one, with its own wasm-bindgen glue, in its place.
 */
const sourceOnlyCore: Plugin = {
  name: "gotrap-source-only-core",
  enforce: "pre",
  resolveId(source, importer) {
    if (importer === undefined || !source.endsWith("/crate/pkg/gotrap.js")) return null;
    if (path.resolve(path.dirname(importer), source) !== fromRoot("./crate/pkg/gotrap.js")) return null;
    return fromRoot("./crate/pkg-source/gotrap.js");
  },
};

/**
 * The site's service worker (web/public/sw.js) caches the files precache.json
 * lists, which the site build wrote: the widget's are added, so the rule
 * pages check their examples offline too.
 */
const precacheWidget: Plugin = {
  name: "gotrap-precache-widget",
  apply: "build",
  writeBundle(_options, bundle) {
    const manifest = fromRoot("./web/dist/precache.json");
    const siteFiles = (JSON.parse(readFileSync(manifest, "utf8")) as string[]).filter((name) => !name.startsWith("widget/"));
    const widgetFiles = Object.keys(bundle).map((name) => `widget/${name}`);
    writeFileSync(manifest, `${JSON.stringify([...siteFiles, ...widgetFiles], null, 1)}\n`);
  },
};

export default defineConfig({
  plugins: [sourceOnlyCore, precacheWidget],
  publicDir: false,
  base: "./",
  worker: { format: "es", plugins: () => [sourceOnlyCore] },
  build: {
    outDir: fromRoot("./web/dist/widget"),
    emptyOutDir: true,
    target: "es2022",
    // The wasm stays a file: a data: URL would be a megabyte more JS and a fetch a strict connect-src refuses.
    assetsInlineLimit: 0,
    modulePreload: false,
    rollupOptions: {
      input: { "gotrap-snippet": fromRoot("./web/src/widget/gotrap-snippet.ts") },
      preserveEntrySignatures: "strict",
      output: {
        format: "es",
        entryFileNames: "[name].js",
        chunkFileNames: "assets/[name]-[hash].js",
        assetFileNames: "assets/[name]-[hash][extname]",
      },
    },
  },
});
