import { type Client } from "./client.js";
import type { Core } from "./core.js";
/** `loadCore` runs once, on the first request. */
export declare function createInThreadClient(loadCore: () => Promise<Core>): Client;
