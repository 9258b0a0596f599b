// `gotrap check` end to end: action/dist/cli.js run in temporary workspaces.

import { readFileSync, symlinkSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { GoroutineAnalysis } from "../../action/src/client/report";
import { badClosure, repoRoot } from "../paths";
import { findingSummary, goMod, makeFifo, makeTree, runCli, runCliJson } from "./helpers";

describe("the badClosure example (Done-when)", () => {
  it("is a warning at go 1.21, on line 4 at its &i", () => {
    const root = makeTree({ "go.mod": goMod("1.21"), "closure.go": badClosure });
    const { status, report } = runCliJson([], root);
    expect(findingSummary(report)).toEqual(["GT101 warning closure.go:4:21"]);
    expect(report.errors).toEqual([]);
    expect(status).toBe(1);
  });

  it("is nothing at go 1.22", () => {
    const root = makeTree({ "go.mod": goMod("1.22"), "closure.go": badClosure });
    const { status, report } = runCliJson([], root);
    expect(findingSummary(report)).toEqual([]);
    expect(status).toBe(0);
  });

  it("is info without a go.mod (Go version unknown)", () => {
    const root = makeTree({ "closure.go": badClosure });
    const { status, report } = runCliJson([], root);
    expect(findingSummary(report)).toEqual(["GT101 info closure.go:4:21"]);
    expect(status).toBe(0);
  });

  it("follows --go-version over the go.mod", () => {
    const root = makeTree({ "go.mod": goMod("1.21"), "closure.go": badClosure });
    expect(findingSummary(runCliJson(["--go-version", "1.22"], root).report)).toEqual([]);
  });
});

describe("exit codes and --fail-level", () => {
  const warningTree = () => makeTree({ "go.mod": goMod("1.21"), "closure.go": badClosure });
  const infoTree = () => makeTree({ "closure.go": badClosure });

  it.each([
    ["a warning", [], 1, warningTree],
    ["a warning", ["--fail-level", "warning"], 1, warningTree],
    ["a warning", ["--fail-level", "info"], 1, warningTree],
    ["a warning", ["--fail-level", "error"], 0, warningTree],
    ["a warning", ["--fail-level", "none"], 0, warningTree],
    ["an info", [], 0, infoTree],
    ["an info", ["--fail-level", "info"], 1, infoTree],
  ] as const)("%s with flags %j exits %i", (_label, flags, expected, tree) => {
    expect(runCli(["check", ...flags], tree()).status).toBe(expected);
  });

  it("exits 0 on a clean workspace", () => {
    const root = makeTree({ "go.mod": goMod("1.26"), "main.go": "package main\n\nfunc main() {}\n" });
    const run = runCli(["check"], root);
    expect(run).toEqual({ status: 0, stdout: "", stderr: "gotrap: 0 findings (0 errors, 0 warnings, 0 info) in 2 files\n" });
  });

  it("exits 2 on a run-level error even with --fail-level none", () => {
    const root = makeTree({ "closure.go": badClosure });
    expect(runCli(["check", "--fail-level", "none", "missing.go"], root).status).toBe(2);
  });

  it("exits 2 on usage errors", () => {
    const root = makeTree({});
    const unknownFlag = runCli(["check", "--bogus"], root);
    expect(unknownFlag.status).toBe(2);
    expect(unknownFlag.stderr).toContain("Run 'gotrap --help' for usage.");
    expect(runCli([], root).stderr).toMatch(/^gotrap: no command given\n/);
    expect(runCli(["vet"], root).status).toBe(2);
    expect(runCli(["check", "--format", "xml"], root).stderr).toMatch(/^gotrap: --format must be text, json, sarif or github, not "xml"/);
    expect(runCli(["check", "--fail-level", "fatal"], root).status).toBe(2);
  });

  it("prints help and the version", () => {
    const root = makeTree({});
    const help = runCli(["--help"], root);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: gotrap check \[flags\]/);
    const version = runCli(["--version"], root);
    expect(version.status).toBe(0);
    expect(version.stdout).toMatch(/^gotrap \d+\.\d+\.\d+ \(core \d+\.\d+\.\d+, report schema 1\)\n$/);
  });
});

describe("output formats", () => {
  it("prints go vet style lines on stdout and a summary on stderr", () => {
    const root = makeTree({ "go.mod": goMod("1.21"), "closure.go": badClosure });
    const { report } = runCliJson([], root);
    // The go 1.21 line is itself worth an info (GT505), after closure.go in path order.
    expect(report.findings.map((f) => `${f.rule} ${f.severity}`)).toEqual(["GT101 warning", "GT505 info"]);
    const run = runCli(["check"], root);
    expect(run.stdout).toBe(report.findings.map((f) => `${f.path}:${f.line}:${f.column}: ${f.rule} ${f.message}\n`).join(""));
    expect(run.stderr).toBe("gotrap: 2 findings (0 errors, 1 warning, 1 info) in 2 files\n");
  });

  it("prints the core's Report as JSON", () => {
    const root = makeTree({ "go.mod": goMod("1.21"), "closure.go": badClosure });
    const { report } = runCliJson([], root);
    expect(Object.keys(report)).toEqual(["schemaVersion", "toolVersion", "findings", "analyses", "skipped", "errors"]);
    expect(report.schemaVersion).toBe(1);
    const finding = report.findings[0]!;
    expect(finding).toMatchObject({
      rule: "GT101",
      name: "loopvar-capture",
      severity: "warning",
      path: "closure.go",
      line: 4,
      column: 21,
      endLine: 4,
      endColumn: 23,
      slug: "loopvar-capture",
    });
    expect(Buffer.from(badClosure).subarray(finding.byteStart, finding.byteEnd).toString()).toBe("&i");
  });
});

describe("paths", () => {
  const project = () =>
    makeTree({ "proj/go.mod": goMod("1.21"), "proj/pkg/closure.go": badClosure, "proj/pkg/ok.go": "package pkg\n" });

  it("are relative to the current directory, from a parent directory", () => {
    const root = project();
    const text = runCli(["check", "proj/..."], root);
    expect(text.stdout).toMatch(/^proj\/pkg\/closure\.go:4:21: GT101 /m);
    expect(findingSummary(runCliJson(["./proj/pkg/..."], root).report)).toEqual(["GT101 warning proj/pkg/closure.go:4:21"]);
  });

  it("are relative to the current directory, from inside a package, with the module's go.mod read", () => {
    const root = project();
    const inside = path.join(root, "proj", "pkg");
    // Only the subfolder is named, yet its go.mod (go 1.21) governs: a warning, not info.
    expect(findingSummary(runCliJson(["."], inside).report)).toEqual(["GT101 warning closure.go:4:21"]);
    expect(findingSummary(runCliJson(["closure.go"], inside).report)).toEqual(["GT101 warning closure.go:4:21"]);
    expect(findingSummary(runCliJson([], inside).report)).toEqual(["GT101 warning closure.go:4:21"]);
    expect(runCli(["check", "../pkg"], inside).stdout).toMatch(/^closure\.go:4:21: GT101 /m);
  });

  it("are relative to the current directory for a workspace outside it", () => {
    const root = project();
    const run = runCliJson([path.join(root, "proj")], path.join(root, "proj", "pkg"));
    expect(findingSummary(run.report)).toEqual(["GT101 warning closure.go:4:21"]);
    const sibling = makeTree({ "go.mod": goMod("1.21"), "closure.go": badClosure });
    const fromSibling = runCliJson([path.join(sibling, "closure.go")], root);
    expect(findingSummary(fromSibling.report)).toEqual([
      `GT101 warning ../${path.basename(sibling)}/closure.go:4:21`,
    ]);
  });
});

describe("directory walks", () => {
  // Which files a walk collects, CI files included, is pinned in tests/node/workspace.test.ts.
  it("skip vendor/, testdata/, _* and .* folders", () => {
    const root = makeTree({
      "go.mod": goMod("1.21"),
      "closure.go": badClosure,
      "vendor/v/closure.go": badClosure,
      "testdata/closure.go": badClosure,
      "_x/closure.go": badClosure,
      ".x/closure.go": badClosure,
      "sub/closure.go": badClosure,
      "sub/vendor/closure.go": badClosure,
    });
    expect(findingSummary(runCliJson([], root).report)).toEqual([
      "GT101 warning closure.go:4:21",
      "GT101 warning sub/closure.go:4:21",
    ]);
  });

  it("read a named folder even when a walk would skip it", () => {
    const root = makeTree({ "go.mod": goMod("1.21"), "testdata/closure.go": badClosure });
    expect(findingSummary(runCliJson(["testdata"], root).report)).toEqual(["GT101 warning testdata/closure.go:4:21"]);
  });

  it("do not follow a symlink out of the workspace", () => {
    const outside = makeTree({ "closure.go": badClosure });
    const root = makeTree({ "go.mod": goMod("1.21"), "ok.go": "package m\n", "inside.go": badClosure });
    symlinkSync(path.join(outside, "closure.go"), path.join(root, "link.go"));
    symlinkSync(path.join(root, "inside.go"), path.join(root, "alias.go"));
    expect(findingSummary(runCliJson([], root).report)).toEqual([
      "GT101 warning alias.go:4:21",
      "GT101 warning inside.go:4:21",
    ]);
  });

  it("drop _test.go files with --no-tests", () => {
    const root = makeTree({ "go.mod": goMod("1.21"), "closure_test.go": badClosure });
    expect(findingSummary(runCliJson([], root).report)).toEqual(["GT101 warning closure_test.go:4:21"]);
    expect(findingSummary(runCliJson(["--no-tests"], root).report)).toEqual([]);
    // Only go.mod's GT505 info remains.
    expect(runCli(["check", "--no-tests"], root).stderr).toBe("gotrap: 1 finding (0 errors, 0 warnings, 1 info) in 1 file\n");
  });
});

describe("rule selection", () => {
  const tree = () => makeTree({ "go.mod": goMod("1.21"), "closure.go": badClosure });

  it.each([
    [["--select", "GT2"], []],
    [["--select", "GT206,GT101"], ["GT101 warning closure.go:4:21"]],
    [["--ignore", "GT101"], []],
    [["--ignore", "loopvar-capture"], []],
    [["--ignore", "GT2,GT0"], ["GT101 warning closure.go:4:21"]],
  ])("%j", (flags, expected) => {
    expect(findingSummary(runCliJson(flags, tree()).report)).toEqual(expected);
  });
});

describe("config", () => {
  const badConfig = 'select = ["GT999"]\n';

  it("reports a bad gotrap.toml with the core's message and exits 2", () => {
    const root = makeTree({ "go.mod": goMod("1.21"), "closure.go": badClosure, "gotrap.toml": badConfig });
    const { status, report } = runCliJson([], root);
    expect(status).toBe(2);
    expect(report.errors).toHaveLength(1);
    const error = report.errors[0]!;
    expect(error.path).toBe("gotrap.toml");
    expect(error.message).toMatch(/^gotrap\.toml:1: .*GT999/);
    const text = runCli(["check"], root);
    expect(text.status).toBe(2);
    expect(text.stderr).toContain(`gotrap: error: ${error.message}\n`);
  });

  it("finds gotrap.toml from the current directory up to the git root", () => {
    const root = makeTree({
      "go.mod": goMod("1.21"),
      "closure.go": badClosure,
      "gotrap.toml": 'ignore = ["GT101"]\n',
      "sub/.keep": "",
    });
    expect(findingSummary(runCliJson([".."], path.join(root, "sub")).report)).toEqual([]);
  });

  it("does not look above the git root", () => {
    const root = makeTree({ "gotrap.toml": badConfig, "repo/.git/HEAD": "", "repo/closure.go": badClosure });
    const { status, report } = runCliJson([], path.join(root, "repo"));
    expect(status).toBe(0);
    expect(report.errors).toEqual([]);
  });

  it("uses --config over the nearest one", () => {
    const root = makeTree({
      "closure.go": badClosure,
      "gotrap.toml": badConfig,
      "other.toml": 'ignore = ["GT101"]\n',
    });
    const { status, report } = runCliJson(["--config", "other.toml"], root);
    expect(report.errors).toEqual([]);
    expect(findingSummary(report)).toEqual([]);
    expect(status).toBe(0);
  });

  it("reports a missing --config file", () => {
    const root = makeTree({ "closure.go": badClosure });
    const { status, report } = runCliJson(["--config", "nope.toml"], root);
    expect(status).toBe(2);
    expect(report.errors).toEqual([{ message: "nope.toml: no such file or directory", path: "nope.toml" }]);
  });
});

describe("missing and malformed input", () => {
  it("reports a missing path, analyses the rest and exits 2", () => {
    const root = makeTree({ "go.mod": goMod("1.21"), "closure.go": badClosure });
    const run = runCli(["check", "closure.go", "missing.go", "gone/..."], root);
    expect(run.status).toBe(2);
    expect(run.stdout).toMatch(/^closure\.go:4:21: GT101 /);
    expect(run.stderr).toContain("gotrap: error: missing.go: no such file or directory\n");
    expect(run.stderr).toContain("gotrap: error: gone: no such file or directory\n");
    expect(run.stderr).toMatch(/\) in 2 files; 2 run-level errors\n$/);
    const { report } = runCliJson(["closure.go", "missing.go"], root);
    expect(report.errors).toEqual([{ message: "missing.go: no such file or directory", path: "missing.go" }]);
  });

  it("reports a broken symlink and a named pipe named .go, walks a folder named .go, analyses the rest and exits 2", () => {
    const outside = makeTree({ "far.go": badClosure, "dir/d.go": badClosure });
    const root = makeTree({ "go.mod": goMod("1.21"), "closure.go": badClosure, "y.go/inner.go": badClosure });
    symlinkSync(path.join(root, "gone.go"), path.join(root, "x.go"));
    makeFifo(path.join(root, "z.go"));
    // Neither a file nor a folder outside the workspace is read, whatever its name.
    symlinkSync(path.join(outside, "far.go"), path.join(root, "far.go"));
    symlinkSync(path.join(outside, "dir"), path.join(root, "ext.go"));
    const brokenLink = "x.go: broken symbolic link (no such file or directory)";
    const namedPipe = "z.go: not a regular file (a named pipe); not read";
    const run = runCli(["check"], root);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`gotrap: error: ${brokenLink}\n`);
    expect(run.stderr).toContain(`gotrap: error: ${namedPipe}\n`);
    const { status, report } = runCliJson([], root);
    expect(status).toBe(2);
    expect(report.errors).toEqual([
      { message: brokenLink, path: "x.go" },
      { message: namedPipe, path: "z.go" },
    ]);
    expect(findingSummary(report)).toEqual(["GT101 warning closure.go:4:21", "GT101 warning y.go/inner.go:4:21"]);
    expect(JSON.stringify(report)).not.toContain(outside);
    expect([...report.findings, ...report.skipped].map((entry) => entry.path).filter((file) => file.startsWith("far") || file.startsWith("ext"))).toEqual([]);
  });

  it("reports a named pipe named on the command line instead of waiting on it", () => {
    const root = makeTree({ "go.mod": goMod("1.21"), "closure.go": badClosure });
    makeFifo(path.join(root, "dump.txt"));
    const { status, report } = runCliJson(["closure.go", "dump.txt"], root);
    expect(status).toBe(2);
    expect(report.errors).toEqual([{ message: "dump.txt: not a regular file (a named pipe); not read", path: "dump.txt" }]);
    expect(findingSummary(report)).toEqual(["GT101 warning closure.go:4:21"]);
  });

  it("reports binary garbage in a .go file as a syntax error", () => {
    const garbage = new Uint8Array(4096).map((_, index) => (index * 7919 + 13) % 256);
    const root = makeTree({ "x.go": garbage });
    const { status, report } = runCliJson([], root);
    const syntaxErrors = report.findings.filter((finding) => finding.rule === "GT000");
    expect(syntaxErrors.length).toBeGreaterThan(0);
    expect(new Set(syntaxErrors.map((finding) => `${finding.severity} ${finding.path}`))).toEqual(new Set(["info x.go"]));
    expect(report.errors).toEqual([]);
    expect(status).toBe(0);
  });

  it("reports an empty go.mod as malformed", () => {
    const root = makeTree({ "go.mod": "", "main.go": "package main\n" });
    const { status, report } = runCliJson([], root);
    expect(findingSummary(report, "GT003")).toEqual(["GT003 warning go.mod:1:1"]);
    expect(status).toBe(1);
  });

  it("reports a broken go.mod as malformed and still analyses the Go files", () => {
    const root = makeTree({ "go.mod": `${goMod("1.21")}\nrequir example.com/x v1.0.0\n`, "closure.go": badClosure });
    const { status, report } = runCliJson([], root);
    const malformed = report.findings.filter((finding) => finding.rule === "GT003");
    expect(malformed.map((f) => `${f.path}:${f.line}:${f.column}: ${f.message}`)).toEqual(["go.mod:5:1: unknown directive: requir"]);
    expect(findingSummary(report)).toEqual(["GT101 warning closure.go:4:21"]);
    expect(status).toBe(1);
  });

  it("survives invalid UTF-8 in a .go file", () => {
    const invalid = Buffer.concat([Buffer.from("package p\n\n// "), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from("\nfunc f() {}\n")]);
    const root = makeTree({ "p.go": invalid });
    const { status, report } = runCliJson([], root);
    expect(report.errors).toEqual([]);
    expect([0, 1]).toContain(status);
  });

  it("reports a 9 MB .go file as over the limit", () => {
    const line = "var x = 1 // padding padding padding padding padding padding padding\n";
    const big = `package big\n\n${line.repeat(Math.ceil((9 * 1024 * 1024) / line.length))}`;
    const root = makeTree({ "big.go": big, "closure.go": badClosure });
    const { status, report } = runCliJson([], root);
    expect(findingSummary(report, "GT002").map((finding) => finding.replace(/:.*/, ""))).toEqual(["GT002 warning big.go"]);
    expect(findingSummary(report)).toEqual(["GT101 info closure.go:4:21"]);
    expect(report.errors).toEqual([]);
    expect(status).toBe(1);
  });
});

describe("artifacts", () => {
  it("decodes a named pprof profile into findings and analyses", () => {
    const profile = readFileSync(path.join(repoRoot, "tests/artifacts/profiles/goroutineleak.pb.gz"));
    const root = makeTree({ "main.go": "package main\n", "leak.pb.gz": profile });
    const { status, report } = runCliJson([".", "--artifact", "leak.pb.gz"], root);
    expect(findingSummary(report, "GT601")).toEqual(["GT601 warning leak.pb.gz:1:1"]);
    expect(report.findings.find((f) => f.rule === "GT601")!.message).toMatch(/^150 goroutines leaked at main\.fetch\.func1, blocked forever in a channel send/);
    expect(report.analyses.map((analysis) => `${analysis.path} ${analysis.kind}`)).toEqual(["leak.pb.gz profile"]);
    expect(status).toBe(1);
  });

  it("reads a named crash output and points GT606 at the program's source", () => {
    const artifacts = path.join(repoRoot, "tests/artifacts");
    const root = makeTree({
      "go.mod": readFileSync(path.join(artifacts, "programs/go.mod")),
      "deadlock/main.go": readFileSync(path.join(artifacts, "programs/deadlock/main.go")),
      "logs/crash.txt": readFileSync(path.join(artifacts, "crashes/deadlock.txt")),
    });
    const { status, report } = runCliJson([".", "--artifact", "logs/crash.txt", "--select", "GT6"], root);
    expect(findingSummary(report, "GT606")).toEqual(["GT606 error deadlock/main.go:19:1", "GT606 error deadlock/main.go:22:1"]);
    const [send] = report.findings;
    expect(send?.message).toMatch(/^deadlock: 3 goroutines blocked in a channel send at main\.main\.func1 /);
    expect(send?.related[0]).toMatchObject({ path: "logs/crash.txt", line: 12 });
    const analysis = report.analyses.find((a) => a.kind === "goroutines")!;
    const data = analysis.data as GoroutineAnalysis;
    expect([analysis.path, data.format, data.goroutines, data.crash?.kind]).toEqual(["logs/crash.txt", "debug=2", 4, "deadlock"]);
    expect(status).toBe(1);
  });

  it("reads a named escape report and benchmark outputs into findings at the source lines", () => {
    const artifact = (relative: string) => readFileSync(path.join(repoRoot, "tests/artifacts", relative));
    const root = makeTree({
      "go.mod": "module gotrap.test/programs\n\ngo 1.26\n",
      "escape/main.go": artifact("programs/escape/main.go"),
      "bench/bench_test.go": artifact("programs/bench/bench_test.go"),
      "escape-m.txt": artifact("escape/escape-m.txt"),
      "before.txt": artifact("bench/before.txt"),
      "after.txt": artifact("bench/after.txt"),
    });
    const { status, report } = runCliJson([".", "--artifact", "escape-m.txt", "--artifact", "before.txt", "--artifact", "after.txt"], root);
    expect(findingSummary(report, "GT607")).toEqual([
      "GT607 info escape-m.txt:23:1",
      "GT607 info escape/main.go:24:3",
      "GT607 info escape/main.go:42:9",
    ]);
    expect(findingSummary(report, "GT608")).toEqual(Array(6).fill("GT608 warning bench/bench_test.go:9:6"));
    expect(report.findings.find((f) => f.rule === "GT608")!.message).toBe(
      "BenchmarkJoin/n=16-2 got worse in B/op: 248 ± 0% → 1056 ± 0% (+325.81%, p=0.000, n=8+8) compared with before.txt; a significant change by benchstat's test (Mann-Whitney U, α = 0.05)",
    );
    expect(report.analyses.map((analysis) => `${analysis.path} ${analysis.kind}`)).toEqual([
      "escape-m.txt escape",
      "after.txt bench",
      "before.txt bench",
    ]);
    expect(status).toBe(1);
  });

  it("are read only when named", () => {
    const gctrace =
      "gc 1 @0.112s 0%: 0.027+0.16+0.009 ms clock, 0.054+0/0.14/0.11+0.019 ms cpu, 4->4->1 MB, 4 MB goal, 0 MB stacks, 0 MB globals, 2 P\n";
    const root = makeTree({ "main.go": "package main\n", "cpu.txt": "not a profile\n", "logs/gc.log": gctrace });
    expect(runCli(["check"], root).stderr).toBe("gotrap: 0 findings (0 errors, 0 warnings, 0 info) in 1 file\n");
    const named = runCliJson([".", "cpu.txt", "--artifact", "logs/gc.log"], root);
    expect(named.report.skipped.map((skipped) => skipped.path)).toEqual(["cpu.txt"]);
    expect(named.report.analyses.map((analysis) => `${analysis.path} ${analysis.kind}`)).toEqual(["logs/gc.log gctrace"]);
    expect(runCli(["check", ".", "cpu.txt", "--artifact", "logs/gc.log"], root).stderr).toMatch(
      / in 3 files, 1 skipped\n$/,
    );
  });
});
