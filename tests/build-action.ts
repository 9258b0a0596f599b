// Builds action/dist before the Node tests: the CLI tests run it, and the Node
// client's worker script exists only as a bundle. Needs crate/pkg.

import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export default function buildAction(): void {
  execFileSync(process.execPath, [fileURLToPath(new URL("../action/build.mjs", import.meta.url))], { stdio: "inherit" });
}
