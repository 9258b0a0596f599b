/** One file of a workspace: a POSIX, workspace-relative path and raw bytes. */
export interface WorkspaceFile {
    path: string;
    content: Uint8Array;
}
/**
 * Which stages of a run a check does (the core's `Stages`): all of them, the
 * Go files only (answering with their imports too), or all with the imports
 * of Go files analysed by other requests.
 */
export type CheckStages = {
    kind: "all";
} | {
    kind: "sources";
} | {
    kind: "with-imports";
    importsJson: string;
};
export type WorkerRequest = {
    type: "check";
    id: number;
    files: WorkspaceFile[];
    optionsJson: string;
    stages: CheckStages;
    keepTrees: boolean;
} | {
    type: "compare";
    id: number;
    base: WorkspaceFile;
    new: WorkspaceFile;
    optionsJson: string;
} | {
    type: "rules";
    id: number;
};
export type WorkerResponse = 
/** Posted once, when the wasm is instantiated and the worker takes requests. */
{
    type: "ready";
    toolVersion: string;
    schemaVersion: number;
}
/** The wasm could not be loaded; the worker takes no requests. */
 | {
    type: "load-failed";
    message: string;
}
/** The core's JSON answer (a Report for `check`, or `{report, imports}` for its `sources` stages; a Comparison for `compare`; RuleInfo[] for `rules`). */
 | {
    type: "result";
    id: number;
    json: string;
}
/**
 * The request threw out of the wasm, usually a trap (the core aborts on
 * panic). The instance's memory is then in an unknown state, so the client
 * discards this worker and instantiates the wasm afresh in a new one.
 */
 | {
    type: "crashed";
    id: number;
    message: string;
};
