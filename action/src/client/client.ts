// The client every surface uses: it owns one worker running the wasm core,
// sends it one request at a time, and turns a crashed or overrunning worker
// into an internal error for that request (then starts a fresh worker on the
// next one) instead of hanging or poisoning later requests.

import type { CheckStages, WorkerRequest, WorkerResponse, WorkspaceFile } from "./protocol.js";
import type { CompareOptions, Comparison, Options, Report, RuleInfo } from "./report.js";

/** A file to check; text is encoded as UTF-8. */
export interface InputFile {
  path: string;
  content: Uint8Array | string;
}

export interface CheckInput {
  /** POSIX, workspace-relative paths. */
  files: InputFile[];
  options?: Options;
  /** Imports of Go files analysed by other requests (`checkSources`), which the workspace rules see too. */
  imports?: ImportSite[];
}

/** One import spec of a Go file, at the span of its path literal (the core's `ImportSite`). */
export interface ImportSite {
  file: string;
  importPath: string;
  byteStart: number;
  byteEnd: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  columnUtf16: number;
  endColumnUtf16: number;
}

/** What `checkSources` answers: the Report without workspace-rule findings, and the Go files' imports. */
export interface SourcesResult {
  report: Report;
  imports: ImportSite[];
}

export interface CompareInput {
  /** The earlier artifact (a profile, goroutine dump or goroutine profile). */
  base: InputFile;
  /** The later one, of the same kind. */
  new: InputFile;
  options?: CompareOptions;
}

export interface CoreInfo {
  toolVersion: string;
  schemaVersion: number;
}

export interface Client {
  /** Analyses a workspace. Resolves with a Report even when the core crashes or overruns. */
  check(input: CheckInput): Promise<Report>;
  /**
   * Compares two artifacts: two profiles of one type (as `pprof -diff_base`)
   * or two goroutine snapshots. Resolves with a Comparison even when the core
   * crashes or overruns.
   */
  compare(input: CompareInput): Promise<Comparison>;
  /**
   * Analyses the Go files of a workspace part without the workspace rules
   * (those run once, in a `check` given every part's imports). Resolves even
   * when the core crashes or overruns, then with no imports.
   */
  checkSources(input: CheckInput): Promise<SourcesResult>;
  /** The rule registry. */
  rules(): Promise<RuleInfo[]>;
  /** Version of the core and of the Report it produces. */
  coreInfo(): Promise<CoreInfo>;
  /** Stops the worker; pending and later requests are rejected. */
  close(): void;
}

/** What the client hears from a worker. */
export interface WorkerEvents {
  message(response: WorkerResponse): void;
  /** The worker died or could not start. */
  failure(error: Error): void;
}

/** The client's handle on one worker, implemented once per environment. */
export interface WorkerPort {
  post(request: WorkerRequest): void;
  terminate(): void;
  /** Whether a request is pending; an idle Node worker must not keep the process alive. */
  setBusy(busy: boolean): void;
}

export type SpawnWorker = (events: WorkerEvents) => WorkerPort;

export interface ClientOptions {
  spawnWorker: SpawnWorker;
  /** Milliseconds a request may run before its worker is terminated. */
  timeBudgetMs?: (inputBytes: number) => number;
  /**
   * Whether the worker keeps each Go file's syntax tree between requests, so
   * an edited file is re-parsed incrementally (default true, for editors and
   * the playground). A host that sends each file once turns it off: the
   * worker then holds one tree at a time instead of every tree of a request,
   * and its wasm memory, which never shrinks, stays small.
   */
  keepTrees?: boolean;
}

/**
 * The core parses at about 5 MB/s in wasm; ten seconds plus one second per MiB
 * leaves a wide margin while still ending a runaway analysis.
 */
export function defaultTimeBudgetMs(inputBytes: number): number {
  return 10_000 + Math.ceil(inputBytes / (1024 * 1024)) * 1_000;
}

/** The Report of a request the core could not answer. */
export function internalErrorReport(core: CoreInfo, message: string): Report {
  return {
    schemaVersion: core.schemaVersion,
    toolVersion: core.toolVersion,
    findings: [],
    analyses: [],
    skipped: [],
    errors: [{ message: `internal error: ${message}` }],
  };
}

/** The Comparison of a request the core could not answer. */
export function internalErrorComparison(core: CoreInfo, input: { base: { path: string }; new: { path: string } }, message: string): Comparison {
  return {
    schemaVersion: core.schemaVersion,
    toolVersion: core.toolVersion,
    base: input.base.path,
    new: input.new.path,
    profile: null,
    goroutines: null,
    errors: [{ message: `internal error: ${message}` }],
  };
}

type Outcome =
  | { kind: "answered"; json: string }
  | { kind: "failed"; message: string }
  | { kind: "closed" };

type RequestBody =
  | { type: "check"; files: WorkspaceFile[]; optionsJson: string; stages: CheckStages; keepTrees: boolean }
  | { type: "compare"; base: WorkspaceFile; new: WorkspaceFile; optionsJson: string }
  | { type: "rules" };

/** A file's content as bytes (text as UTF-8). */
function workspaceFile(file: InputFile): WorkspaceFile {
  return { path: file.path, content: typeof file.content === "string" ? new TextEncoder().encode(file.content) : file.content };
}

interface QueuedTask {
  run(): Promise<void>;
  reject(error: Error): void;
}

interface LiveWorker {
  port: WorkerPort;
  ready: Promise<CoreInfo>;
  /** Rejects `ready` if the worker is discarded before it became ready. */
  failStart(error: Error): void;
  /** The request the worker is running, if any. */
  running: { id: number; finish(outcome: Outcome): void } | null;
}

const closedError = (): Error => new Error("the gotrap client is closed");

export function createClient(options: ClientOptions): Client {
  const timeBudgetMs = options.timeBudgetMs ?? defaultTimeBudgetMs;
  const keepTrees = options.keepTrees ?? true;
  const queue: QueuedTask[] = [];
  let worker: LiveWorker | null = null;
  let draining = false;
  let closed = false;
  let nextRequestId = 1;

  const startWorker = (): LiveWorker => {
    let markReady!: (info: CoreInfo) => void;
    let failStart!: (error: Error) => void;
    const ready = new Promise<CoreInfo>((resolve, reject) => {
      markReady = resolve;
      failStart = reject;
    });
    // Awaited by the task that started the worker; a worker dying idle must not
    // surface as an unhandled rejection.
    ready.catch(() => {});

    const live: LiveWorker = {
      ready,
      failStart,
      running: null,
      port: options.spawnWorker({
        message(response) {
          if (live !== worker) return;
          switch (response.type) {
            case "ready":
              markReady({ toolVersion: response.toolVersion, schemaVersion: response.schemaVersion });
              break;
            case "load-failed":
              discard(live, new Error(`cannot load the gotrap core: ${response.message}`));
              break;
            case "result":
              if (live.running?.id === response.id) live.running.finish({ kind: "answered", json: response.json });
              break;
            case "crashed":
              discard(live, new Error("the gotrap worker crashed"));
              if (live.running?.id === response.id) {
                live.running.finish({ kind: "failed", message: `the analysis core crashed (${response.message})` });
              }
              break;
          }
        },
        failure(error) {
          if (live !== worker) return;
          discard(live, new Error(`cannot start the gotrap worker: ${error.message}`));
          live.running?.finish({ kind: "failed", message: `the analysis worker died (${error.message})` });
        },
      }),
    };
    return live;
  };

  const discard = (live: LiveWorker, reason: Error): void => {
    if (worker === live) worker = null;
    live.port.terminate();
    live.failStart(reason);
  };

  /** Posts one request to a ready worker and waits for its answer or its time budget. */
  const request = (live: LiveWorker, body: RequestBody, budgetMs: number): Promise<Outcome> =>
    new Promise<Outcome>((resolve) => {
      const id = nextRequestId++;
      const timer = setTimeout(() => {
        discard(live, new Error("the gotrap worker overran its time budget"));
        live.running?.finish({
          kind: "failed",
          message: `the analysis exceeded its time budget of ${budgetMs / 1000} s and was stopped`,
        });
      }, budgetMs);
      live.running = {
        id,
        finish(outcome) {
          clearTimeout(timer);
          live.running = null;
          resolve(outcome);
        },
      };
      live.port.post({ ...body, id });
    });

  /** Runs tasks one at a time, each with a ready worker (started on demand). */
  const enqueue = <T>(task: (live: LiveWorker, core: CoreInfo) => Promise<T>): Promise<T> => {
    if (closed) return Promise.reject(closedError());
    return new Promise<T>((resolve, reject) => {
      queue.push({
        reject,
        async run() {
          worker ??= startWorker();
          const live = worker;
          live.port.setBusy(true);
          try {
            resolve(await task(live, await live.ready));
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        },
      });
      void drain();
    });
  };

  const drain = async (): Promise<void> => {
    if (draining) return;
    draining = true;
    for (let task = queue.shift(); task !== undefined; task = queue.shift()) await task.run();
    draining = false;
    worker?.port.setBusy(false);
  };

  /** Runs one request: its parsed answer, or what `failed` makes of a crash or overrun. */
  const ask = <T>(body: RequestBody, inputBytes: number, failed: (core: CoreInfo, message: string) => T): Promise<T> =>
    enqueue(async (live, core) => {
      const outcome = await request(live, body, timeBudgetMs(inputBytes));
      switch (outcome.kind) {
        case "answered":
          return JSON.parse(outcome.json) as T;
        case "failed":
          return failed(core, outcome.message);
        case "closed":
          throw closedError();
      }
    });

  /** Runs one check request of some stages of a run. */
  const check = <T>(input: CheckInput, stages: CheckStages, failed: (core: CoreInfo, message: string) => T): Promise<T> => {
    const files = input.files.map(workspaceFile);
    const inputBytes = files.reduce((total, file) => total + file.content.byteLength, 0);
    return ask<T>({ type: "check", files, optionsJson: JSON.stringify(input.options ?? {}), stages, keepTrees }, inputBytes, failed);
  };

  return {
    check(input) {
      const stages: CheckStages = input.imports === undefined ? { kind: "all" } : { kind: "with-imports", importsJson: JSON.stringify(input.imports) };
      return check<Report>(input, stages, internalErrorReport);
    },

    checkSources(input) {
      return check<SourcesResult>(input, { kind: "sources" }, (core, message) => ({ report: internalErrorReport(core, message), imports: [] }));
    },

    compare(input) {
      const [base, next] = [workspaceFile(input.base), workspaceFile(input.new)];
      const body: RequestBody = { type: "compare", base, new: next, optionsJson: JSON.stringify(input.options ?? {}) };
      return ask<Comparison>(body, base.content.byteLength + next.content.byteLength, (core, message) => internalErrorComparison(core, input, message));
    },

    rules() {
      return ask<RuleInfo[]>({ type: "rules" }, 0, (_core, message) => {
        throw new Error(`internal error: ${message}`);
      });
    },

    coreInfo() {
      return enqueue(async (_live, core) => core);
    },

    close() {
      closed = true;
      for (let task = queue.shift(); task !== undefined; task = queue.shift()) task.reject(closedError());
      if (worker !== null) {
        const live = worker;
        discard(live, closedError());
        live.running?.finish({ kind: "closed" });
      }
    },
  };
}
