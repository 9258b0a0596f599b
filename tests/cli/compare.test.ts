// `gotrap compare BASE NEW` end to end: action/dist/cli.js on the committed
// snapshot pairs of tests/artifacts/compare (crate/tests/compare.rs checks
// the same numbers against pprof's -diff_base).

import { describe, expect, it } from "vitest";
import type { Comparison } from "../../action/src/client/report";
import { repoRoot } from "../paths";
import { makeTree, runCli } from "./helpers";

const artifacts = `${repoRoot}tests/artifacts`;

describe("gotrap compare", () => {
  it("prints the stacks whose goroutines grew between two goroutine profiles, after their profile diff", () => {
    const run = runCli(["compare", "compare/goroutine-base.pb.gz", "compare/goroutine-new.pb.gz"], artifacts);
    expect(run.stdout).toBe(`Profile: goroutine, compare/goroutine-new.pb.gz against base compare/goroutine-base.pb.gz
Type: goroutine (count)
Total: base 45, new 165 (+120)
Showing 7 of 7 functions that changed; percentages of the base total
flat    flat%   cum     cum%  cum base  cum new  function
+120  266.67%  +120  266.67%        44      164  runtime.gopark
   0    0.00%   -10  -22.22%        10        0  main.batch
   0    0.00%  +130  288.89%        30      160  main.fetch.func1
   0    0.00%   -10  -22.22%        14        4  runtime.chanrecv
   0    0.00%   -10  -22.22%        10        0  runtime.chanrecv1
   0    0.00%  +130  288.89%        30      160  runtime.chansend
   0    0.00%  +130  288.89%        30      160  runtime.chansend1

Goroutines: base 45 (pprof, compare/goroutine-base.pb.gz), new 165 (pprof, compare/goroutine-new.pb.gz)
+131 in 2 stacks that grew, -11 in stacks that shrank or ended
grew  base  new  user frame
+130    30  160  main.fetch.func1 gotrap.test/programs/dumps/main.go:27
  +1     0    1  main.write gotrap.test/programs/dumps/main.go:78
`);
    expect([run.stderr, run.status]).toEqual(["", 0]);
  });

  it("shows states and creating frames for two debug=2 dumps", () => {
    const run = runCli(["compare", "--nodes", "1", "compare/goroutine-base.txt", "compare/goroutine-new.txt"], artifacts);
    expect(run.stdout).toBe(`Goroutines: base 45 (debug=2, compare/goroutine-base.txt), new 165 (debug=2, compare/goroutine-new.txt)
+131 in 2 stacks that grew, -11 in stacks that shrank or ended
grew  base  new      state  user frame
+130    30  160  chan send  main.fetch.func1 gotrap.test/programs/dumps/main.go:27, created by main.fetch gotrap.test/programs/dumps/main.go:25
`);
    expect(run.status).toBe(0);
  });

  it("diffs a sample type of two CPU profiles, normalized as pprof -normalize", () => {
    const run = runCli(["compare", "--normalize", "--nodes", "3", "compare/cpu-base.pb.gz", "compare/cpu-new.pb.gz"], artifacts);
    expect(run.stdout).toBe(`Profile: cpu, compare/cpu-new.pb.gz against base compare/cpu-base.pb.gz
Type: cpu (nanoseconds); new scaled by 0.773585 (-normalize)
Total: base 410000000, new 409999998 (-2)
Showing 3 of 54 functions that changed; percentages of the base total
     flat   flat%        cum    cum%   cum base   cum new  function
-20000000  -4.88%  -20000000  -4.88%   20000000         0  fmt.(*fmt).clearflags
-17169811  -4.19%  -17169811  -4.19%  110000000  92830189  time.runtimeNow
-16792453  -4.10%  -33584906  -8.19%   80000000  46415094  fmt.(*fmt).fmtInteger
`);
    const samples = runCli(["compare", "--type", "samples", "--nodes", "0", "compare/cpu-base.pb.gz", "compare/cpu-new.pb.gz"], artifacts);
    expect(samples.stdout.split("\n").slice(1, 3)).toEqual(["Type: samples (count)", "Total: base 41, new 53 (+12)"]);
    const json = runCli(["compare", "--format", "json", "compare/heap-base.pb.gz", "compare/heap-new.pb.gz"], artifacts);
    const comparison = JSON.parse(json.stdout) as Comparison;
    expect([comparison.base, comparison.new, comparison.profile!.profile, comparison.profile!.types.map((type) => type.type)]).toEqual([
      "compare/heap-base.pb.gz",
      "compare/heap-new.pb.gz",
      "heap",
      ["alloc_objects", "alloc_space", "inuse_objects", "inuse_space"],
    ]);
  });

  it("exits 2 naming each file that cannot be read or compared", () => {
    const root = makeTree({ "garbage.pb.gz": new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0]), "notes.txt": "hello\n" });
    const bad = runCli(["compare", "garbage.pb.gz", "notes.txt"], root);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toMatch(/^gotrap: error: garbage\.pb\.gz: not a readable pprof profile: .*\ngotrap: error: notes\.txt: not a pprof profile \(.*\) or goroutine dump\n$/);
    expect(bad.status).toBe(2);
    const missing = runCli(["compare", "nothing.pb.gz", "notes.txt"], root);
    expect([missing.stderr, missing.status]).toEqual(["gotrap: error: nothing.pb.gz: cannot read: no such file\n", 2]);
    const mismatched = runCli(["compare", "compare/cpu-base.pb.gz", "compare/goroutine-new.txt"], artifacts);
    expect(mismatched.stderr).toBe(
      "gotrap: error: compare/cpu-base.pb.gz is a cpu profile, not a goroutine snapshot: compare it with a profile of its type, or compare two goroutine dumps or goroutine profiles\n",
    );
    expect(mismatched.status).toBe(2);
    const type = runCli(["compare", "--type", "alloc_space", "compare/cpu-base.pb.gz", "compare/cpu-new.pb.gz"], artifacts);
    expect([type.stderr, type.status]).toEqual(['gotrap: error: no sample type "alloc_space" in these profiles (they have samples, cpu)\n', 2]);
    const usage = runCli(["compare", "only-one.pb.gz"], artifacts);
    expect([usage.stderr, usage.status]).toEqual(["gotrap: compare takes two files, as in: gotrap compare base.pb.gz new.pb.gz\nRun 'gotrap --help' for usage.\n", 2]);
  });
});
