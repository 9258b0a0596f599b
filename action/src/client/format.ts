// The words and numbers of the runtime analyses as every surface prints them:
// the job summary's Markdown and the playground's tables say the same thing
// the same way. Plain text only; each surface escapes it for its medium.

import type { BenchComparison, BenchSummary, CrashInfo, EscapeCounts, GoroutineAnalysis, GoroutineGroup, StackFrame, WaitRange } from "./report.js";

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** The runtime prints waits from one minute on; 0 means under a minute. */
function minutes(count: number): string {
  return count === 0 ? "under 1" : String(count);
}

/** Minutes a group waited (`under 1`, `3`, `1–4`); empty when the dump has no waits (`debug=1`). */
export function waitText(range: WaitRange | null | undefined): string {
  if (range === null || range === undefined) return "";
  return [...new Set([range.min, range.max])].map(minutes).join("–");
}

/** The frame a reader looks at first: the user frame, failing that the leaf. */
export function userFrameOf(group: GoroutineGroup): StackFrame | undefined {
  return group.userFrame === null || group.userFrame === undefined ? group.stack[0] : group.stack[group.userFrame];
}

/** Where a frame's code is, as recorded in the dump: `file:line`. */
export function frameLocation(frame: StackFrame): string {
  return `${frame.file}:${frame.line}`;
}

/** `main.worker (gotrap.test/m/main.go:27)`. */
export function frameText(frame: StackFrame | null | undefined): string {
  return frame ? `${frame.function} (${frameLocation(frame)})` : "";
}

/** One line naming a group: `150 goroutines in chan send at main.fetch.func1`. */
export function groupTitle(group: GoroutineGroup): string {
  const frame = userFrameOf(group);
  return `${plural(group.count, "goroutine")}${group.state ? ` in ${group.state}` : ""}${frame ? ` at ${frame.function}` : ""}`;
}

/** `156 goroutines (debug=2), 4 groups by state and stack.` */
export function goroutinesHeadline(data: GoroutineAnalysis): string {
  return `${plural(data.goroutines, "goroutine")} (${data.format}), ${plural(data.groups.length + data.groupsDropped, "group")} by state and stack.`;
}

/** `Crash (deadlock, line 1)`; the message itself is printed beside it. */
export function crashTitle(crash: CrashInfo): string {
  return `Crash (${crash.kind}, line ${crash.line})`;
}

/**
 * A median and its interval, `970124.5 ± 60%`: every digit the runs gave
 * (a median of an even sample is a half), without the float noise of
 * averaging two decimals (`450.53999999999996`).
 */
export function benchValue(summary: BenchSummary): string {
  return `${Number(summary.median.toPrecision(12))} ± ${summary.range}`;
}

/** benchstat's significance column: `p=0.007 n=8`, `n=8+6` when the samples differ in size. */
export function benchSignificance(comparison: BenchComparison, current: BenchSummary): string {
  const [base, runs] = [comparison.base.n, current.n];
  return `p=${comparison.p.toFixed(3)} n=${base === runs ? base : `${base}+${runs}`}`;
}

export type BenchChange = "worse" | "better" | "same";

/** Which way a significant change goes by the unit's direction; `same` when benchstat prints `~`. */
export function benchChange(comparison: BenchComparison): BenchChange {
  if (!comparison.significant) return "same";
  return comparison.worse ? "worse" : "better";
}

/** The delta as benchstat prints it, with the direction in words: `+253.95% (worse)`, `~`. */
export function benchDeltaText(comparison: BenchComparison): string {
  const change = benchChange(comparison);
  return change === "same" ? comparison.deltaText : `${comparison.deltaText} (${change})`;
}

/** `Compared with before.txt` or the lack of a base. */
export function benchBaseText(base: string | null | undefined): string {
  return base ? `Compared with ${base} (benchstat's median, 95% interval, Mann-Whitney U).` : "No base output to compare with.";
}

/** `4 variables moved to the heap, 8 escaping, 7 not escaping, 12 inlinable.` */
export function escapeHeadline(counts: EscapeCounts): string {
  return `${plural(counts.movedToHeap, "variable")} moved to the heap, ${counts.escapesToHeap} escaping, ${counts.doesNotEscape} not escaping, ${counts.canInline} inlinable.`;
}
