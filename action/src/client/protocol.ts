// Messages between a client and its worker. Both environments (Web Worker,
// worker_threads) speak exactly this protocol; only the transport differs.

/** One file of a workspace: a POSIX, workspace-relative path and raw bytes. */
export interface WorkspaceFile {
  path: string;
  content: Uint8Array;
}

export type WorkerRequest =
  | { type: "check"; id: number; files: WorkspaceFile[]; optionsJson: string }
  | { type: "compare"; id: number; base: WorkspaceFile; new: WorkspaceFile; optionsJson: string }
  | { type: "rules"; id: number };

export type WorkerResponse =
  /** Posted once, when the wasm is instantiated and the worker takes requests. */
  | { type: "ready"; toolVersion: string; schemaVersion: number }
  /** The wasm could not be loaded; the worker takes no requests. */
  | { type: "load-failed"; message: string }
  /** The core's JSON answer (a Report for `check`, a Comparison for `compare`, RuleInfo[] for `rules`). */
  | { type: "result"; id: number; json: string }
  /**
   * The request threw out of the wasm, usually a trap (the core aborts on
   * panic). The instance's memory is then in an unknown state, so the client
   * discards this worker and instantiates the wasm afresh in a new one.
   */
  | { type: "crashed"; id: number; message: string };
