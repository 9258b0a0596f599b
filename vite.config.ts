// The playground site (web/): the playground and the rule docs page. The
// wasm core is imported from crate/pkg, the shared client from action/src and
// the example artifacts from tests/artifacts, so all must be served in dev.

import { readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { defineConfig, type Plugin } from "vite";
import type { Core } from "./action/src/client/core";
import { createInThreadClient } from "./action/src/client/in-thread";
import type { RuleInfo } from "./action/src/client/report";
import { verifyRuleExamples } from "./web/src/rule-docs";

const fromRoot = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));

/**
 * Every page's Content-Security-Policy: scripts and workers only from this
 * origin (wasm compiled with 'wasm-unsafe-eval'), fetches only to it, no
 * plugins, forms or base rewrites. Styles allow 'unsafe-inline' for
 * CodeMirror's injected style rules.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  // CodeMirror draws its lint squiggles and gutter markers as data: SVG images.
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

const contentSecurityPolicy: Plugin = {
  name: "gotrap-content-security-policy",
  transformIndexHtml: () => [
    { tag: "meta", attrs: { "http-equiv": "Content-Security-Policy", content: CONTENT_SECURITY_POLICY }, injectTo: "head-prepend" },
  ],
};

/**
 * precache.json: every file of the build, for the service worker
 * (web/public/sw.js) to cache on install so the site works offline.
 */
const precacheManifest: Plugin = {
  name: "gotrap-precache-manifest",
  apply: "build",
  enforce: "post",
  generateBundle(_options, bundle) {
    const files = ["./", "favicon.svg", ...Object.keys(bundle)].filter((name) => name !== "index.html");
    this.emitFile({ type: "asset", fileName: "precache.json", source: `${JSON.stringify(files, null, 1)}\n` });
  },
};

/**
 * `virtual:gotrap-rules`: the rule registry (docs and examples included) of
 * the full core in crate/pkg, read in Node when the site is built, so the
 * rule pages load no core of their own. A build also verifies the pages'
 * examples (web/src/rule-docs.ts) and fails with their diff when one differs
 * from what the core reports.
 */
function ruleRegistry(): Plugin {
  const virtualId = "\0virtual:gotrap-rules";
  let verify = false;
  return {
    name: "gotrap-rule-registry",
    configResolved(config) {
      verify = config.command === "build";
    },
    resolveId: (id) => (id === "virtual:gotrap-rules" ? virtualId : null),
    async load(id) {
      if (id !== virtualId) return null;
      const core = (await import(pathToFileURL(fromRoot("./crate/pkg/gotrap.js")).href)) as Core & { initSync(input: { module: Uint8Array }): void };
      core.initSync({ module: readFileSync(fromRoot("./crate/pkg/gotrap_bg.wasm")) });
      const client = createInThreadClient(async () => core);
      try {
        const rules: RuleInfo[] = await client.rules();
        if (verify) await verifyRuleExamples(rules, (input) => client.check(input));
        return `export default ${JSON.stringify(rules)};`;
      } finally {
        client.close();
      }
    },
  };
}

export default defineConfig({
  plugins: [contentSecurityPolicy, precacheManifest, ruleRegistry()],
  root: fromRoot("./web"),
  base: "./",
  server: {
    fs: { allow: [fromRoot("./web"), fromRoot("./action/src"), fromRoot("./crate/pkg"), fromRoot("./tests/artifacts")] },
  },
  worker: { format: "es" },
  build: {
    outDir: fromRoot("./web/dist"),
    emptyOutDir: true,
    target: "es2022",
    // The example artifacts stay files of this origin: a data: URL would need a wider connect-src.
    assetsInlineLimit: 0,
    rollupOptions: { input: { playground: fromRoot("./web/index.html"), rules: fromRoot("./web/rules.html") } },
  },
});
