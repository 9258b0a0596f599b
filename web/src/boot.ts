// The playground's first module, evaluated ahead of the editor's code: starts
// the worker, so the core (the wasm) loads and compiles meanwhile.

import { createBrowserClient } from "../../action/src/client/browser";

export const client = createBrowserClient();
/** Asked first, so the worker and its wasm start loading at once. */
export const rulesPromise = client.rules();
// For the benchmark: when the worker has the core running and answers.
void rulesPromise.then(() => performance.mark("gotrap:core-ready"), () => {});
