/**
 * What one line of the report says.
 */
export type EscapeKind = ("doesNotEscape" | "canInline" | "cannotInline" | "inliningCall") | "movedToHeap" | "escapesToHeap" | "leakingParam" | "other";
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
    Comparison: Comparison;
    CompareOptions: CompareOptions;
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
    data: GoroutineAnalysis | EscapeAnalysis | BenchAnalysis | {};
    kind: string;
    path: string;
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
     * `debug=1` (counts by stack, no states), `debug=2` (every goroutine:
     * a `debug=2` dump, a panic or fatal error traceback) or `pprof` (the
     * `goroutines` of a goroutine profile's analysis: counts by stack).
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
     * Line of the first goroutine's header (or record) in the text (0 in a profile).
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
     * Line of the frame's function in the dump (0 in a profile).
     */
    dumpLine: number;
    /**
     * As recorded in the dump.
     */
    file: string;
    function: string;
    line: number;
    /**
     * The workspace Go file `file` names (Contract v1 path mapping), when
     * exactly one does.
     */
    workspacePath?: string | null;
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
/**
 * The `escape` analysis of one report (`Analysis.kind == "escape"`).
 */
export interface EscapeAnalysis {
    counts: EscapeCounts;
    /**
     * The first `MAX_ENTRIES` decisions, in report order.
     */
    entries: EscapeEntry[];
    entriesDropped: number;
    /**
     * Whether the report has `-m -m` explanations.
     */
    explained: boolean;
    /**
     * The first `MAX_EXPLANATIONS` explanations.
     */
    explanations: Explanation[];
    explanationsDropped: number;
    /**
     * Always `escape`.
     */
    format: string;
    /**
     * Files with heap allocations, most first.
     */
    heapByFile: HeapByFile[];
    ignoredLines: number;
    lines: number;
    malformedLines: number;
    /**
     * Import paths of the `# package` lines, in order.
     */
    packages: string[];
}
/**
 * Counts of decisions by kind.
 */
export interface EscapeCounts {
    canInline: number;
    cannotInline: number;
    doesNotEscape: number;
    escapesToHeap: number;
    inliningCall: number;
    leakingParam: number;
    movedToHeap: number;
    other: number;
}
/**
 * One decision of the compiler.
 */
export interface EscapeEntry {
    /**
     * 1-based byte column; 0 when the report gives none.
     */
    column: number;
    /**
     * The rest: inlining cost, why not inlinable, where a parameter leaks.
     */
    detail?: string | null;
    /**
     * As printed: relative to the directory `go build` ran in, or absolute.
     */
    file: string;
    /**
     * The function named by its `-m -m` explanation.
     */
    function?: string | null;
    kind: EscapeKind;
    line: number;
    /**
     * The import path of the `# package` line above it.
     */
    package?: string | null;
    /**
     * The distinct reasons of its `-m -m` explanation, in order.
     */
    reasons: string[];
    /**
     * 1-based line in the report.
     */
    reportLine: number;
    /**
     * The variable, expression, parameter or function the line is about.
     */
    subject: string;
    /**
     * The workspace Go file the recorded file names (Contract v1 path
     * mapping, through the package's import path first), when exactly one does.
     */
    workspacePath?: string | null;
}
/**
 * A `-m -m` explanation: why `subject` escapes (or where a parameter leaks).
 */
export interface Explanation {
    /**
     * 1-based byte column; 0 when the report gives none.
     */
    column: number;
    /**
     * As printed: relative to the directory `go build` ran in, or absolute.
     */
    file: string;
    flows: Flow[];
    /**
     * Empty when the headline does not name it (older releases, Go 1.20 among them).
     */
    function: string;
    line: number;
    reportLine: number;
    subject: string;
    /**
     * `{heap}` for an escape; the leak target for a parameter.
     */
    target: string;
}
/**
 * One `flow: DST ← SRC:` line of an explanation and its `from` steps.
 */
export interface Flow {
    from: string;
    steps: FlowStep[];
    to: string;
}
/**
 * `from EXPR (REASON) at POSITION`.
 */
export interface FlowStep {
    at: RecordedPosition;
    expr: string;
    reason: string;
}
/**
 * A position recorded in the report.
 */
export interface RecordedPosition {
    /**
     * 1-based byte column; 0 when the report gives none.
     */
    column: number;
    /**
     * As printed: relative to the directory `go build` ran in, or absolute.
     */
    file: string;
    line: number;
}
/**
 * Heap allocations by recorded file.
 */
export interface HeapByFile {
    escapesToHeap: number;
    file: string;
    movedToHeap: number;
}
/**
 * The `bench` analysis of one output (`Analysis.kind == "bench"`).
 */
export interface BenchAnalysis {
    /**
     * The base output this one is compared with, if any.
     */
    base?: string | null;
    /**
     * `goos`, `goarch`, `pkg`, `cpu` and other configuration lines.
     */
    config: {
        [k: string]: string;
    };
    /**
     * Always `bench`.
     */
    format: string;
    ignoredLines: number;
    lines: number;
    malformedLines: number;
    resultLines: number;
    rows: BenchRow[];
    rowsDropped: number;
}
/**
 * One benchmark and unit of an output, or of two compared.
 */
export interface BenchRow {
    /**
     * Against the base output, when it has this benchmark and unit.
     */
    comparison?: BenchComparison | null;
    /**
     * 1-based line of its first result line in this output.
     */
    line: number;
    name: string;
    package: string;
    summary: BenchSummary;
    unit: string;
}
/**
 * benchstat's comparison of a row with the base.
 */
export interface BenchComparison {
    base: BenchSummary;
    /**
     * `new/old - 1` of the medians; absent when the base median is 0.
     */
    delta?: number | null;
    /**
     * As benchstat prints it: `~` when not significant, else `+12.34%`.
     */
    deltaText: string;
    notes: string[];
    /**
     * 1 when the samples cannot be told apart (all equal).
     */
    p: number;
    significant: boolean;
    /**
     * Worse by the unit's direction (higher time, bytes, allocations; lower throughput).
     */
    worse: boolean;
}
/**
 * benchstat's summary of one sample.
 */
export interface BenchSummary {
    hi?: number | null;
    /**
     * The confidence interval; absent with too few samples (benchstat's ∞).
     */
    lo?: number | null;
    median: number;
    n: number;
    /**
     * The interval's larger distance from the median, as benchstat prints it (`± 5%`, `∞`, `?`).
     */
    range: string;
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
    "max-artifact-bytes"?: number | null;
    "max-decompressed-bytes"?: number | null;
    "max-file-bytes"?: number | null;
    "max-file-work"?: number | null;
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
 * The comparison of two artifacts: `profile` when both are profiles of one
 * type, `goroutines` when both are goroutine snapshots (dumps or goroutine
 * profiles); `errors` (naming the file) when they cannot be compared.
 */
export interface Comparison {
    /**
     * Path of the base artifact, as given.
     */
    base: string;
    errors: RunError[];
    goroutines?: GoroutineGrowth | null;
    /**
     * Path of the new artifact, as given.
     */
    new: string;
    profile?: ProfileDiff | null;
    schemaVersion: number;
    toolVersion: string;
}
/**
 * Goroutine groups that grew from one snapshot to the next.
 */
export interface GoroutineGrowth {
    base: Snapshot;
    /**
     * Whether groups are told apart by state (both snapshots record states).
     */
    byState: boolean;
    /**
     * Goroutines added over the groups that grew.
     */
    grew: number;
    /**
     * Groups that grew: most added first (then most in NEW, then first in
     * NEW); at most 1,000.
     */
    groups: GrowthGroup[];
    groupsDropped: number;
    new: Snapshot;
    /**
     * Goroutines fewer over the groups that shrank or ended.
     */
    shrank: number;
}
export interface Snapshot {
    /**
     * `debug=1`, `debug=2` or `pprof`.
     */
    format: string;
    goroutines: number;
    groups: number;
}
/**
 * Goroutines at one stack in both snapshots.
 */
export interface GrowthGroup {
    baseCount: number;
    createdBy?: StackFrame | null;
    /**
     * newCount − baseCount (positive).
     */
    delta: number;
    newCount: number;
    /**
     * Leaf first.
     */
    stack: StackFrame[];
    /**
     * Present when `byState`.
     */
    state?: string | null;
    /**
     * Index in `stack` of the user frame.
     */
    userFrame?: number | null;
    /**
     * Minutes waited in NEW, least and most (`debug=2` only).
     */
    waitMinutes?: WaitRange | null;
}
/**
 * Two profiles of one type, function by function and as call trees.
 */
export interface ProfileDiff {
    /**
     * Whether NEW was scaled to BASE's totals.
     */
    normalized: boolean;
    /**
     * cpu, heap, allocs, goroutine, goroutineleak, mutex, block, threadcreate or other (of NEW).
     */
    profile: string;
    types: TypeDiff[];
}
/**
 * One sample type of both profiles.
 */
export interface TypeDiff {
    /**
     * Sum of |value| over BASE's samples (pprof's total; percentages of a diff are of it).
     */
    baseTotal: number;
    callTree: TreeDiff;
    /**
     * The same over NEW's samples, after normalizing.
     */
    newTotal: number;
    /**
     * Every function with a value in either profile: largest |flatDelta|
     * first, then by name, then largest |cumDelta| (as `pprof -top`); at
     * most 1,000.
     */
    rows: FunctionDiff[];
    rowsDropped: number;
    /**
     * What NEW's values were multiplied by (1 without `normalize`).
     */
    scale: number;
    type: string;
    unit: string;
}
/**
 * The call trees of both profiles joined by path (root to leaf, by
 * function): the 1,000 nodes of largest |cum| in either, parents before
 * children.
 */
export interface TreeDiff {
    nodes: number;
    nodesDropped: number;
    tree: TreeDiffNode[];
    /**
     * Samples of either profile whose stacks were cut while the trees were built.
     */
    truncatedSamples: number;
}
export interface TreeDiffNode {
    cumBase: number;
    cumNew: number;
    function: string;
    id: number;
    parent?: number | null;
    selfBase: number;
    selfNew: number;
}
/**
 * flat and cum of one function in BASE and NEW, and NEW minus BASE.
 */
export interface FunctionDiff {
    cumBase: number;
    cumDelta: number;
    cumNew: number;
    flatBase: number;
    flatDelta: number;
    flatNew: number;
    function: string;
}
/**
 * Options of one comparison. Unknown keys are an error.
 */
export interface CompareOptions {
    /**
     * `max-decompressed-bytes` and `max-profile-samples` apply to each file.
     */
    limits?: LimitsOverride | null;
    /**
     * Scale NEW's values so that each sample type sums as in BASE (pprof's `-normalize`).
     */
    normalize?: boolean;
}
