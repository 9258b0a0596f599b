// The client in Node: the core runs in a worker_threads worker.

import { Worker } from "node:worker_threads";
import { createClient, type Client, type ClientOptions, type SpawnWorker } from "./client.js";

export interface NodeClientOptions {
  /** The worker script; by default node-worker.js beside the bundle that holds this code. */
  workerUrl?: URL;
  timeBudgetMs?: ClientOptions["timeBudgetMs"];
  keepTrees?: ClientOptions["keepTrees"];
}

export function createNodeClient(options: NodeClientOptions = {}): Client {
  const workerUrl = options.workerUrl ?? new URL("./node-worker.js", import.meta.url);
  return createClient({ spawnWorker: spawnNodeWorker(workerUrl), timeBudgetMs: options.timeBudgetMs, keepTrees: options.keepTrees });
}

function spawnNodeWorker(workerUrl: URL): SpawnWorker {
  return (events) => {
    // Inherited flags (such as --input-type or a test runner's loaders) do not apply to the worker script.
    const worker = new Worker(workerUrl, { execArgv: [] });
    worker.on("message", events.message);
    worker.on("error", events.failure);
    worker.on("exit", (code) => events.failure(new Error(`the worker exited with code ${code}`)));
    return {
      post: (request) => worker.postMessage(request),
      terminate: () => void worker.terminate(),
      setBusy: (busy) => (busy ? worker.ref() : worker.unref()),
    };
  };
}
