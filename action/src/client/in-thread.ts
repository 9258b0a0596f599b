// The client with the core on the calling thread: for pages that embed small
// snippets from another origin, where a module cannot start a cross-origin
// worker. Requests still go through the shared client, one at a time.

import { createClient, type Client, type SpawnWorker } from "./client.js";
import type { Core } from "./core.js";
import { serveRequests } from "./worker-core.js";
import type { WorkerRequest } from "./protocol.js";

/** `loadCore` runs once, on the first request. */
export function createInThreadClient(loadCore: () => Promise<Core>): Client {
  const spawnInThread: SpawnWorker = (events) => {
    let handler: ((request: WorkerRequest) => void) | null = null;
    let terminated = false;
    void serveRequests(loadCore, {
      // Answers arrive as a later task, as a worker's messages would.
      post: (response) => queueMicrotask(() => terminated || events.message(response)),
      listen: (listener) => (handler = listener),
    });
    return {
      post: (request) => setTimeout(() => terminated || handler?.(request)),
      terminate: () => (terminated = true),
      setBusy: () => {},
    };
  };
  return createClient({ spawnWorker: spawnInThread });
}
