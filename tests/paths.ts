// Locations the tests share.

import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../", import.meta.url));
export const wasmFile = fileURLToPath(new URL("../crate/pkg/gotrap_bg.wasm", import.meta.url));
export const cliFile = fileURLToPath(new URL("../action/dist/cli.js", import.meta.url));
export const packageEntry = fileURLToPath(new URL("../action/dist/api.js", import.meta.url));
export const actionEntry = fileURLToPath(new URL("../action/dist/index.js", import.meta.url));
export const ruleFixturesDir = fileURLToPath(new URL("../crate/tests/fixtures/rules/", import.meta.url));

/** The badClosure example of the seed notes (chapter 1): `&i` is on line 4. */
export const badClosure = `func badClosure() []*int {
var ptrs []*int
for i := 0; i < 3; i++ {
ptrs = append(ptrs, &i) // ❌ 所有指针都指向同一块堆内存(i 的地址)
}
return ptrs
}
`;
