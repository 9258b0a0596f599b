// Worker script for the browser: wasm-bindgen's loader fetches gotrap_bg.wasm
// from the URL the bundler gives it.

import init, * as wasm from "../../../crate/pkg/gotrap.js";
import { serveRequests } from "./worker-core.js";
import type { WorkerRequest, WorkerResponse } from "./protocol.js";

/** The parts of DedicatedWorkerGlobalScope used here (the DOM lib types `self` as a Window). */
const scope = globalThis as unknown as {
  postMessage(message: WorkerResponse): void;
  addEventListener(type: "message", listener: (event: MessageEvent<WorkerRequest>) => void): void;
};

void serveRequests(
  async () => {
    await init();
    return wasm;
  },
  {
    post: (response) => scope.postMessage(response),
    listen: (handler) => scope.addEventListener("message", (event) => handler(event.data)),
  },
);
