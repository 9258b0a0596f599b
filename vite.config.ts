// The playground site (web/): the playground and the rule docs page. The
// wasm core is imported from crate/pkg, the shared client from action/src and
// the example artifacts from tests/artifacts, so all must be served in dev.

import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const fromRoot = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));

export default defineConfig({
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
