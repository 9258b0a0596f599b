// The client in the browser: the core runs in a module Web Worker.

import { createClient, type Client, type ClientOptions, type SpawnWorker } from "./client.js";

export function createBrowserClient(options: Pick<ClientOptions, "timeBudgetMs"> = {}): Client {
  return createClient({ spawnWorker: spawnBrowserWorker, timeBudgetMs: options.timeBudgetMs });
}

const spawnBrowserWorker: SpawnWorker = (events) => {
  // Written out in full so that Vite recognises the worker and bundles it.
  const worker = new Worker(new URL("./browser-worker.ts", import.meta.url), { type: "module" });
  worker.addEventListener("message", (event) => events.message(event.data));
  worker.addEventListener("error", (event) => {
    event.preventDefault();
    events.failure(new Error(event.message || "the worker script failed to load"));
  });
  worker.addEventListener("messageerror", () => events.failure(new Error("a worker message could not be decoded")));
  return {
    post: (request) => worker.postMessage(request),
    terminate: () => worker.terminate(),
    // A page stays alive regardless of its workers.
    setBusy: () => {},
  };
};
