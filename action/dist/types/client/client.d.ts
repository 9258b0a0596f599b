import type { WorkerRequest, WorkerResponse } from "./protocol.js";
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
export declare function defaultTimeBudgetMs(inputBytes: number): number;
/** The Report of a request the core could not answer. */
export declare function internalErrorReport(core: CoreInfo, message: string): Report;
/** The Comparison of a request the core could not answer. */
export declare function internalErrorComparison(core: CoreInfo, input: {
    base: {
        path: string;
    };
    new: {
        path: string;
    };
}, message: string): Comparison;
export declare function createClient(options: ClientOptions): Client;
