import type { Core } from "./core.js";
import type { WorkerRequest, WorkerResponse } from "./protocol.js";
/** How a worker script talks to its client. */
export interface WorkerChannel {
    post(response: WorkerResponse): void;
    listen(handler: (request: WorkerRequest) => void): void;
}
export declare function serveRequests(loadCore: () => Promise<Core>, channel: WorkerChannel): Promise<void>;
export declare function createRequestHandler(core: Core): (request: WorkerRequest) => WorkerResponse;
