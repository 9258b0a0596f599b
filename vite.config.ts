// The playground site (web/). The wasm core is imported from crate/pkg and
// the shared client from action/src, so both must be served in dev.

import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const fromRoot = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));

export default defineConfig({
  root: fromRoot("./web"),
  base: "./",
  server: {
    fs: { allow: [fromRoot("./web"), fromRoot("./action/src"), fromRoot("./crate/pkg")] },
  },
  worker: { format: "es" },
  build: {
    outDir: fromRoot("./web/dist"),
    emptyOutDir: true,
    target: "es2022",
  },
});
