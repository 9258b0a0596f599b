// Worker script for Node: instantiates the wasm from the bytes of
// gotrap_bg.wasm, which the build puts beside this script.

import { readFile } from "node:fs/promises";
import { parentPort } from "node:worker_threads";
import * as wasm from "../../../crate/pkg/gotrap.js";
import { serveRequests } from "./worker-core.js";
import type { WorkerRequest } from "./protocol.js";

const port = parentPort;
if (port === null) throw new Error("node-worker.js runs only as a worker thread");

void serveRequests(
  async () => {
    const bytes = await readFile(new URL("./gotrap_bg.wasm", import.meta.url));
    wasm.initSync({ module: bytes });
    return wasm;
  },
  {
    post: (response) => port.postMessage(response),
    listen: (handler) => port.on("message", (request: WorkerRequest) => handler(request)),
  },
);
