// The texts the job summary and the playground share (action/src/client/
// format.ts), on the core's analyses of the committed artifacts.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  benchBaseText,
  benchChange,
  benchDeltaText,
  benchSignificance,
  benchValue,
  crashTitle,
  escapeHeadline,
  frameText,
  goroutinesHeadline,
  groupTitle,
  plural,
  userFrameOf,
  waitText,
} from "../../action/src/client/format";
import type { BenchAnalysis, BenchComparison, EscapeAnalysis, GoroutineAnalysis, Report } from "../../action/src/client/report";
import { repoRoot } from "../paths";
import { core } from "./wasm-core";

/** The core's analyses of committed artifacts, by path. */
function analyse(files: Record<string, string>): Map<string, { kind: string; data: unknown }> {
  const session = new core.Session();
  try {
    for (const [path, artifact] of Object.entries(files)) session.setFile(path, readFileSync(`${repoRoot}tests/artifacts/${artifact}`));
    const report = JSON.parse(session.analyze()) as Report;
    return new Map(report.analyses.map((analysis) => [analysis.path, analysis]));
  } finally {
    session.free();
  }
}

describe("shared analysis texts", () => {
  it("plurals", () => {
    expect([plural(0, "group"), plural(1, "group"), plural(2, "group")]).toEqual(["0 groups", "1 group", "2 groups"]);
  });

  it("goroutine groups of a crash and of a debug=2 dump", () => {
    const analyses = analyse({ "crash.txt": "crashes/deadlock.txt", "dump.txt": "dumps/goroutine-debug2.txt", "dump1.txt": "dumps/goroutine-debug1.txt" });
    const crash = analyses.get("crash.txt")!.data as GoroutineAnalysis;
    expect(crashTitle(crash.crash!)).toBe("Crash (deadlock, line 1)");
    expect(goroutinesHeadline(crash)).toBe("4 goroutines (debug=2), 2 groups by state and stack.");
    const [senders, waiter] = crash.groups;
    expect(groupTitle(senders!)).toBe("3 goroutines in chan send at main.main.func1");
    expect(waitText(senders!.waitMinutes)).toBe("under 1");
    expect(frameText(senders!.createdBy)).toBe("main.main (gotrap.test/programs/deadlock/main.go:17)");
    // The user frame, not the runtime's leaf.
    expect(waiter!.stack[0]!.function).toBe("sync.runtime_SemacquireWaitGroup");
    expect(frameText(userFrameOf(waiter!))).toBe("main.main (gotrap.test/programs/deadlock/main.go:22)");
    expect(frameText(waiter!.createdBy)).toBe("");

    const dump = analyses.get("dump.txt")!.data as GoroutineAnalysis;
    expect(goroutinesHeadline(dump)).toBe("156 goroutines (debug=2), 4 groups by state and stack.");
    expect(groupTitle(dump.groups[0]!)).toBe("150 goroutines in chan send at main.fetch.func1");
    expect(waitText(dump.groups[0]!.waitMinutes)).toBe("1");
    expect(waitText({ min: 0, max: 4 })).toBe("under 1–4");
    // debug=1 has no states and no waits.
    const counts = analyses.get("dump1.txt")!.data as GoroutineAnalysis;
    expect(waitText(counts.groups[0]!.waitMinutes)).toBe("");
    expect(groupTitle(counts.groups[0]!)).toMatch(/^150 goroutines at main\.fetch\.func1$/);
  });

  it("benchmark comparisons as benchstat prints them (crate/tests/bench.rs checks the numbers against benchstat)", () => {
    const analyses = analyse({ "before.txt": "bench/before.txt", "after.txt": "bench/after.txt" });
    const after = analyses.get("after.txt")!.data as BenchAnalysis;
    expect(benchBaseText(after.base)).toBe("Compared with before.txt (benchstat's median, 95% interval, Mann-Whitney U).");
    expect(benchBaseText((analyses.get("before.txt")!.data as BenchAnalysis).base)).toBe("No base output to compare with.");
    const row = (name: string, unit: string) => after.rows.find((candidate) => candidate.name === name && candidate.unit === unit)!;
    const texts = (name: string, unit: string) => {
      const found = row(name, unit);
      const comparison = found.comparison!;
      return [benchValue(comparison.base), benchValue(found.summary), benchDeltaText(comparison), benchSignificance(comparison, found.summary), benchChange(comparison)];
    };
    expect(texts("BenchmarkJoin/n=16-2", "ns/op")).toEqual(["2156.5 ± 62%", "7633 ± 73%", "+253.95% (worse)", "p=0.007 n=8", "worse"]);
    expect(texts("BenchmarkJoin/n=256-2", "ns/op")).toEqual(["15267 ± 53%", "970124.5 ± 60%", "+6254.39% (worse)", "p=0.000 n=8", "worse"]);
    expect(texts("BenchmarkSum-2", "MB/s")).toEqual(["462.94 ± 49%", "450.54 ± 53%", "~", "p=0.798 n=8", "same"]);
    expect(texts("BenchmarkJoin/n=16-2", "parts/op")).toEqual(["16 ± 0%", "16 ± 0%", "~", "p=1.000 n=8", "same"]);
    // The same outputs the other way round: an improvement, and samples of different sizes.
    const swapped = analyse({ "old.txt": "bench/after.txt", "new.txt": "bench/before.txt" }).get("new.txt")!.data as BenchAnalysis;
    const improved = swapped.rows.find((candidate) => candidate.name === "BenchmarkJoin/n=16-2" && candidate.unit === "B/op")!;
    expect([benchDeltaText(improved.comparison!), benchChange(improved.comparison!)]).toEqual(["-76.52% (better)", "better"]);
    const uneven: BenchComparison = { ...improved.comparison!, base: { ...improved.comparison!.base, n: 6 } };
    expect(benchSignificance(uneven, improved.summary)).toBe("p=0.000 n=6+8");
  });

  it("the escape report's counts", () => {
    const escape = analyse({ "escape-m.txt": "escape/escape-m.txt" }).get("escape-m.txt")!.data as EscapeAnalysis;
    expect(escapeHeadline(escape.counts)).toBe("4 variables moved to the heap, 8 escaping, 7 not escaping, 12 inlinable.");
  });
});
