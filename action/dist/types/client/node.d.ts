import { type Client, type ClientOptions } from "./client.js";
export interface NodeClientOptions {
    /** The worker script; by default node-worker.js beside the bundle that holds this code. */
    workerUrl?: URL;
    timeBudgetMs?: ClientOptions["timeBudgetMs"];
    keepTrees?: ClientOptions["keepTrees"];
}
export declare function createNodeClient(options?: NodeClientOptions): Client;
