export type Applicability = "safe" | "unsafe";
export type Severity = "info" | "warning" | "error";
export type Rules = RuleInfo[];
/**
 * The shapes of Contract v1, one property per type.
 */
export interface Contract {
    Report: Report;
    Options: Options;
    Rules: Rules;
    GoroutineAnalysis: GoroutineAnalysis;
}
export interface Report {
    analyses: Analysis[];
    errors: RunError[];
    /**
     * Canonical order: path, line, column, rule.
     */
    findings: Finding[];
    schemaVersion: number;
    skipped: Skipped[];
    toolVersion: string;
}
/**
 * Typed data derived from one artifact (profile tables, goroutine groups,
 * gctrace rows, bench comparisons). `kind` names the shape of `data`
 * (`goroutines`: `GoroutineAnalysis`).
 */
export interface Analysis {
    data: unknown;
    kind: string;
    path: string;
}
/**
 * A run-level error: bad config, bad options, unreadable path, internal error.
 */
export interface RunError {
    line?: number | null;
    message: string;
    path?: string | null;
}
/**
 * One trap found: where, which rule, how severe, what to do.
 */
export interface Finding {
    byteEnd: number;
    byteStart: number;
    /**
     * Column in UTF-8 bytes.
     */
    column: number;
    /**
     * Column in UTF-16 code units (SARIF, editors).
     */
    columnUtf16: number;
    endColumn: number;
    endColumnUtf16: number;
    endLine: number;
    fix?: Fix | null;
    line: number;
    message: string;
    name: string;
    path: string;
    related: Related[];
    rule: string;
    severity: Severity;
    /**
     * The rule's docs slug; each surface builds its own docs URL from it.
     */
    slug: string;
    /**
     * Profile evidence (share of samples) ranking the finding.
     */
    weight?: number | null;
}
export interface Fix {
    applicability: Applicability;
    edits: Edit[];
}
export interface Edit {
    byteEnd: number;
    byteStart: number;
    newText: string;
}
/**
 * A place related to a finding (where a channel is made, a profile frame).
 */
export interface Related {
    byteEnd: number;
    byteStart: number;
    /**
     * Column in UTF-8 bytes.
     */
    column: number;
    /**
     * Column in UTF-16 code units (SARIF, editors).
     */
    columnUtf16: number;
    endColumn: number;
    endColumnUtf16: number;
    endLine: number;
    line: number;
    message: string;
    path: string;
}
/**
 * A file the run did not analyse, and why.
 */
export interface Skipped {
    path: string;
    reason: string;
}
/**
 * Options of one run (Contract v1 input). Unknown keys are an error so a
 * typo does not silently do nothing.
 */
export interface Options {
    /**
     * Text of `gotrap.toml`.
     */
    config?: string | null;
    /**
     * Path of the config file, for error messages.
     */
    configPath?: string | null;
    /**
     * Overrides every file's Go language version (`1.21`, `go1.22.3`).
     */
    goVersion?: string | null;
    /**
     * Rule ids, id prefixes or names not to run.
     */
    ignore?: string[];
    limits?: LimitsOverride | null;
    /**
     * Skip `_test.go` files.
     */
    noTests?: boolean;
    /**
     * Rule ids, id prefixes (`GT2`) or names to run; empty = all.
     */
    select?: string[];
}
export interface LimitsOverride {
    "max-decompressed-bytes"?: number | null;
    "max-file-bytes"?: number | null;
    "max-profile-samples"?: number | null;
    "max-tree-depth"?: number | null;
    "max-workspace-bytes"?: number | null;
}
/**
 * Metadata of one rule as `rules()` exports it.
 */
export interface RuleInfo {
    /**
     * Markdown: what, why, bad and good examples (each with its Go version),
     * what the rule cannot see, overlapping vet/staticcheck checks.
     */
    docs: string;
    examples: RuleExample[];
    family: string;
    id: string;
    name: string;
    options: RuleOptionInfo[];
    severity: Severity;
    slug: string;
    summary: string;
    /**
     * Go versions the trap applies to, e.g. "below go1.22 (for `:=` loops)".
     */
    versions: string;
}
export interface RuleExample {
    code: string;
    goVersion: string;
    /**
     * `bad` or `good`.
     */
    kind: string;
}
export interface RuleOptionInfo {
    default: unknown;
    description: string;
    name: string;
}
/**
 * `data` of an analysis of kind `goroutines`: a goroutine dump (`debug=1`
 * or `debug=2`) or the traceback of a crash, its goroutines grouped by
 * state and stack.
 */
export interface GoroutineAnalysis {
    /**
     * Why the program died, when the text is a crash.
     */
    crash?: CrashInfo | null;
    /**
     * `debug=1` (counts by stack, no states) or `debug=2` (every goroutine:
     * a `debug=2` dump, a panic or fatal error traceback).
     */
    format: string;
    /**
     * Goroutines read.
     */
    goroutines: number;
    /**
     * Goroutines with one state and one stack, most goroutines first (at most 1,000).
     */
    groups: GoroutineGroup[];
    groupsDropped: number;
    lines: number;
    /**
     * The goroutine that waited longest (the runtime prints waits from one minute on).
     */
    longestWait?: LongestWait | null;
    malformedLines: number;
    /**
     * Goroutines per state, most first (`debug=2`).
     */
    states: StateCount[];
    /**
     * The `total` of a `debug=1` header.
     */
    total?: number | null;
}
export interface CrashInfo {
    /**
     * The first goroutine printed after it: the one that crashed.
     */
    goroutine?: number | null;
    /**
     * `deadlock`, `stack-overflow`, `concurrent-map-access`, `panic`, `fatal-error` or `signal`.
     */
    kind: string;
    /**
     * Its line in the text.
     */
    line: number;
    /**
     * The line as printed (`fatal error: ...`, `panic: ...`).
     */
    message: string;
}
export interface GoroutineGroup {
    count: number;
    createdBy?: StackFrame | null;
    /**
     * The runtime left frames out of the middle of the stack.
     */
    framesElided: boolean;
    /**
     * The first goroutine ids (at most 10; `debug=2` only).
     */
    goroutineIds: number[];
    /**
     * Line of the first goroutine's header (or record) in the text.
     */
    line: number;
    lockedToThread: number;
    /**
     * Leaf first.
     */
    stack: StackFrame[];
    /**
     * `chan send`, `select`, `running`...; absent in a `debug=1` profile.
     */
    state?: string | null;
    /**
     * Index in `stack` of the user frame (first workspace, dotted-path or
     * `main` frame from the leaf; the leaf failing those).
     */
    userFrame?: number | null;
    /**
     * Minutes waited, least and most (0: under a minute); `debug=2` only.
     */
    waitMinutes?: WaitRange | null;
}
export interface StackFrame {
    /**
     * Line of the frame's function in the dump.
     */
    dumpLine: number;
    /**
     * As recorded in the dump.
     */
    file: string;
    function: string;
    line: number;
}
export interface WaitRange {
    max: number;
    min: number;
}
export interface LongestWait {
    /**
     * The leaf function of its stack.
     */
    function: string;
    goroutine: number;
    minutes: number;
    state: string;
}
export interface StateCount {
    count: number;
    state: string;
}
