// The committed action bundle under an emulated runner, on real git
// repositories: changed lines from git, filter modes, annotations within
// GitHub's limits, the job summary, SARIF, outputs and exit codes.

import { copyFileSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../paths";
import { closureFile, GT101_MESSAGE, goMod, pullRequestEvent, pullRequestWithOldAndNewFinding, Repo, runAction, tempDirectory } from "./harness";

/** The rows of the summary's findings table (`| [GT101](docs) loopvar-capture | warning | ...`). */
function findingRows(summary: string): string[] {
  return summary.split("\n").filter((line) => /^\| \[GT\d+\]\(\S+\) [a-z]/.test(line));
}

const PR_ANNOTATION =
  `::warning file=app/closure.go,line=6,col=23,endLine=6,endColumn=25,title=GT101 loopvar-capture::${GT101_MESSAGE}`;

describe("pull request on its merge commit", () => {
  it("annotates only the finding on the added lines, diffing HEAD^1..HEAD", () => {
    const repo = new Repo();
    const { headSha } = pullRequestWithOldAndNewFinding(repo);
    const run = runAction(repo.root, { eventName: "pull_request", event: pullRequestEvent(headSha) });
    expect(run.stdout).toBe(`${PR_ANNOTATION}\n::error::gotrap: 1 finding is at or above fail-level warning\n`);
    expect(run.status).toBe(1);
    expect(run.outputs).toEqual({ findings: "1", errors: "0", warnings: "1", "sarif-file": "" });
    // The exact summary of this pull request is the README's sample (tests/action/readme.test.ts).
    expect(run.summary).toContain(`[app/closure.go:6](https://github.com/octo/app/blob/${headSha}/app/closure.go#L6)`);
  });

  it("reports everything with filter-mode nofilter, and the file's findings with file", () => {
    const repo = new Repo();
    const { headSha } = pullRequestWithOldAndNewFinding(repo);
    const event = pullRequestEvent(headSha);
    const all = runAction(repo.root, { eventName: "pull_request", event, inputs: { "filter-mode": "nofilter", "fail-level": "none" } });
    expect(all.outputs.findings).toBe("3");
    expect(all.stdout.split("\n").filter((line) => line.startsWith("::")).map((line) => line.split("::")[1])).toEqual([
      "warning file=app/closure.go,line=6,col=23,endLine=6,endColumn=25,title=GT101 loopvar-capture",
      "notice file=app/go.mod,line=3,col=4,endLine=3,endColumn=8,title=GT505 go-directive",
      "warning file=app/old.go,line=6,col=23,endLine=6,endColumn=25,title=GT101 loopvar-capture",
    ]);
    expect(all.status).toBe(0);
    const file = runAction(repo.root, { eventName: "pull_request", event, inputs: { "filter-mode": "file" } });
    expect(file.outputs.findings).toBe("1");
  });

  it("keeps findings near a change with diff_context, not with added", () => {
    const repo = new Repo();
    const lines = closureFile.split("\n");
    // The change is the blank line inserted after `return ptrs` (line 8): two lines below the &i on line 6.
    const changed = [...lines.slice(0, 8), "", ...lines.slice(8)].join("\n");
    const { headSha } = repo.pullRequest({ "go.mod": goMod("1.21"), "closure.go": closureFile }, { "closure.go": changed });
    const event = pullRequestEvent(headSha);
    expect(runAction(repo.root, { eventName: "pull_request", event }).outputs.findings).toBe("0");
    const context = runAction(repo.root, { eventName: "pull_request", event, inputs: { "filter-mode": "diff_context" } });
    expect(context.outputs.findings).toBe("1");
    expect(context.stdout).toContain("::warning file=closure.go,line=6,");
  });
});

describe("pull request without a merge commit", () => {
  it("diffs against the merge base with the base branch, not its newer commits", () => {
    const repo = new Repo();
    const baseSha = repo.commit("base", { "go.mod": goMod("1.21"), "main.go": "package main\n\nfunc main() {}\n" });
    repo.git("checkout", "-q", "-b", "feature");
    const headSha = repo.commit("change", { "closure.go": closureFile });
    repo.git("checkout", "-q", "main");
    repo.commit("later on main", { "later.go": closureFile.replace("pointers", "later") });
    repo.git("update-ref", "refs/remotes/origin/main", "main");
    repo.git("checkout", "-q", "--detach", headSha);
    const run = runAction(repo.root, { eventName: "pull_request", event: pullRequestEvent(headSha) });
    expect(run.outputs.findings).toBe("1");
    expect(run.stdout).toContain("::warning file=closure.go,line=6,col=23");
    expect(run.summary).toContain(`Filter \`added\`: changes since the merge base with \`main\` (${baseSha.slice(0, 12)})`);
  });

  it("falls back to nofilter with a notice when the history is missing (shallow clone)", () => {
    const origin = new Repo();
    const { headSha } = pullRequestWithOldAndNewFinding(origin);
    const clone = tempDirectory("gotrap-shallow-");
    origin.git("clone", "-q", "--depth", "1", `file://${origin.root}`, clone);
    const run = runAction(clone, { eventName: "pull_request", event: pullRequestEvent(headSha), inputs: { "fail-level": "none" } });
    expect(run.stdout.split("\n")[0]).toBe(
      '::notice title=gotrap::reporting every finding (filter-mode nofilter): the checkout has no merge base with the base branch "main". ' +
        "Check out the pull request's merge commit (the default of actions/checkout) with `fetch-depth: 2`, or fetch the base branch (`fetch-depth: 0`).",
    );
    expect(run.outputs.findings).toBe("3");
    expect(run.status).toBe(0);
  });
});

describe("a workspace reached through a symlink", () => {
  it("still matches git's changed lines to the findings", () => {
    const repo = new Repo();
    const { headSha } = pullRequestWithOldAndNewFinding(repo);
    const link = path.join(tempDirectory("gotrap-link-"), "workspace");
    symlinkSync(repo.root, link);
    const run = runAction(link, { eventName: "pull_request", event: pullRequestEvent(headSha) });
    expect(run.stdout.split("\n")[0]).toBe(PR_ANNOTATION);
    expect(run.outputs.findings).toBe("1");
  });
});

describe("push", () => {
  it("diffs the event's before..HEAD", () => {
    const repo = new Repo();
    const before = repo.commit("first", { "go.mod": goMod("1.21"), "old.go": closureFile.replace("pointers", "old") });
    repo.commit("second", { "closure.go": closureFile });
    const run = runAction(repo.root, { eventName: "push", event: { before, after: repo.head() } });
    expect(run.stdout).toBe(
      `::warning file=closure.go,line=6,col=23,endLine=6,endColumn=25,title=GT101 loopvar-capture::${GT101_MESSAGE}\n` +
        "::error::gotrap: 1 finding is at or above fail-level warning\n",
    );
  });

  it("reports everything with a notice on a new branch", () => {
    const repo = new Repo();
    repo.commit("first", { "go.mod": goMod("1.21"), "closure.go": closureFile });
    const run = runAction(repo.root, { eventName: "push", event: { before: "0".repeat(40), after: repo.head() } });
    expect(run.stdout.split("\n")[0]).toBe(
      "::notice title=gotrap::reporting every finding (filter-mode nofilter): the push created the branch, so there is no previous commit to compare with.",
    );
    expect(run.outputs.findings).toBe("2");
  });

  it("reports everything with a notice when `before` is not in the checkout", () => {
    const repo = new Repo();
    repo.commit("first", { "go.mod": goMod("1.21"), "closure.go": closureFile });
    const run = runAction(repo.root, { eventName: "push", event: { before: "1234567890abcdef1234567890abcdef12345678" } });
    expect(run.stdout.split("\n")[0]).toBe(
      "::notice title=gotrap::reporting every finding (filter-mode nofilter): the push's previous commit 1234567890ab is not in the checkout. Use `fetch-depth: 0` in actions/checkout.",
    );
  });
});

describe("fail-level", () => {
  it.each([
    ["none", 0],
    ["info", 1],
    ["warning", 1],
    ["error", 0],
  ] as const)("fail-level %s with a warning exits %i", (failLevel, status) => {
    const repo = new Repo();
    const { headSha } = pullRequestWithOldAndNewFinding(repo);
    const run = runAction(repo.root, { eventName: "pull_request", event: pullRequestEvent(headSha), inputs: { "fail-level": failLevel } });
    expect(run.status).toBe(status);
    expect(run.stdout.includes("::error::")).toBe(status === 1);
  });

  it("rejects an unknown fail-level as a run error", () => {
    const repo = new Repo();
    repo.commit("first", { "go.mod": goMod("1.22") });
    const run = runAction(repo.root, { eventName: "push", event: {}, inputs: { "fail-level": "fatal" } });
    expect(run.stdout).toBe('::error::input fail-level must be one of none, info, warning, error, not "fatal"\n');
    expect(run.status).toBe(2);
  });
});

describe("annotation limits", () => {
  /** `count` GT101 warnings and `count` GT307 infos, one per function. */
  function manyFindings(warnings: number, infos: number): string {
    let source = 'package main\n\nimport "fmt"\n\n';
    for (let index = 0; index < warnings; index++) source += `func w${index}() []*int {\n\tvar p []*int\n\tfor i := 0; i < 3; i++ {\n\t\tp = append(p, &i)\n\t}\n\treturn p\n}\n\n`;
    for (let index = 0; index < infos; index++) source += `func n${index}(xs []int) string {\n\treturn fmt.Sprintf("%d", len(xs))\n}\n\n`;
    return source;
  }

  it("shows 10 warnings and 9 notices, then one notice counting the rest; the summary lists all", () => {
    const repo = new Repo();
    const { headSha } = repo.pullRequest({ "go.mod": goMod("1.21") }, { "many.go": manyFindings(25, 15) });
    const run = runAction(repo.root, { eventName: "pull_request", event: pullRequestEvent(headSha), inputs: { "sarif-file": "out/gotrap.sarif" } });
    const commands = run.stdout.trim().split("\n");
    expect(commands.filter((line) => line.startsWith("::warning ")).length).toBe(10);
    expect(commands.filter((line) => line.startsWith("::notice file=")).length).toBe(9);
    expect(commands.at(-2)).toBe(
      "::notice title=gotrap::21 more findings are not annotated (GitHub shows at most 10 annotations of each level per step): every finding is in the job summary and in out/gotrap.sarif",
    );
    expect(run.outputs).toEqual({ findings: "40", errors: "0", warnings: "25", "sarif-file": "out/gotrap.sarif" });
    expect(findingRows(run.summary).length).toBe(40);
    const sarif = JSON.parse(readFileSync(path.join(repo.root, "out/gotrap.sarif"), "utf8"));
    expect(sarif.runs[0].results.length).toBe(40);
  });

  it("cuts the summary before GitHub's 1 MiB limit, saying how many rows are left out and where", () => {
    const repo = new Repo();
    const { headSha } = repo.pullRequest({ "go.mod": goMod("1.21") }, { "many.go": manyFindings(4000, 0) });
    const run = runAction(repo.root, { eventName: "pull_request", event: pullRequestEvent(headSha), inputs: { "sarif-file": "gotrap.sarif" } });
    expect(run.outputs.findings).toBe("4000");
    const bytes = Buffer.byteLength(run.summary);
    expect(bytes).toBeLessThanOrEqual(1024 * 1024);
    expect(bytes).toBeGreaterThan(1000 * 1024);
    const rows = findingRows(run.summary).length;
    expect(rows).toBeLessThan(4000);
    expect(run.summary.endsWith(`\n${4000 - rows} more — see SARIF (\`gotrap.sarif\`).\n\n`)).toBe(true);
    expect(JSON.parse(readFileSync(path.join(repo.root, "gotrap.sarif"), "utf8")).runs[0].results.length).toBe(4000);
  });

  it("with nofilter, annotates the findings on changed lines before the others", () => {
    const repo = new Repo();
    const { headSha } = repo.pullRequest({ "go.mod": goMod("1.21"), "a_old.go": manyFindings(12, 0) }, { "z_new.go": closureFile });
    const run = runAction(repo.root, { eventName: "pull_request", event: pullRequestEvent(headSha), inputs: { "filter-mode": "nofilter" } });
    const warnings = run.stdout.split("\n").filter((line) => line.startsWith("::warning "));
    expect(warnings.length).toBe(10);
    expect(warnings.at(-1)).toMatch(/^::warning file=z_new\.go,line=6,/);
    expect(run.outputs.findings).toBe("14");
  });

  it("writes neither annotations nor a summary when both are off, and still sets the outputs and fails", () => {
    const repo = new Repo();
    const { headSha } = pullRequestWithOldAndNewFinding(repo);
    const run = runAction(repo.root, { eventName: "pull_request", event: pullRequestEvent(headSha), inputs: { annotations: "false", summary: "false" } });
    expect(run.stdout).toBe("::error::gotrap: 1 finding is at or above fail-level warning\n");
    expect(run.summary).toBe("");
    expect(run.outputs.findings).toBe("1");
    expect(run.status).toBe(1);
  });

  it("says where the rest are when the summary is off", () => {
    const repo = new Repo();
    const { headSha } = repo.pullRequest({ "go.mod": goMod("1.21") }, { "many.go": manyFindings(12, 0) });
    const run = runAction(repo.root, { eventName: "pull_request", event: pullRequestEvent(headSha), inputs: { summary: "false" } });
    expect(run.stdout.split("\n").at(-3)).toBe(
      "::notice title=gotrap::2 more findings are not annotated (GitHub shows at most 10 annotations of each level per step): set summary: true or sarif-file to see every finding",
    );
  });

  it("honours max-annotations, keeping the most severe", () => {
    const repo = new Repo();
    const { headSha } = repo.pullRequest({ "go.mod": goMod("1.21") }, { "many.go": manyFindings(3, 3) });
    const run = runAction(repo.root, { eventName: "pull_request", event: pullRequestEvent(headSha), inputs: { "max-annotations": "3" } });
    const commands = run.stdout.trim().split("\n");
    expect(commands.map((line) => line.split(" ")[0])).toEqual(["::warning", "::warning", "::notice", "::error::gotrap:"]);
    expect(commands[2]).toMatch(/^::notice title=gotrap::4 more findings are not annotated/);
  });

  it("filters from git with 300+ changed files, where the PR diff API gives up", () => {
    const repo = new Repo();
    const files: Record<string, string> = {};
    for (let index = 0; index < 320; index++) files[`pkg${index}/closure.go`] = closureFile;
    const { headSha } = repo.pullRequest({ "go.mod": goMod("1.21"), "old.go": closureFile }, files);
    const run = runAction(repo.root, { eventName: "pull_request", event: pullRequestEvent(headSha), inputs: { "fail-level": "none" } });
    expect(run.outputs.findings).toBe("320");
    expect(findingRows(run.summary).length).toBe(320);
    expect(run.summary).not.toContain("old.go");
  });
});

describe("workspaces", () => {
  it("two modules with their own go versions; go.mod findings filtered by their line", () => {
    const repo = new Repo();
    const { headSha } = repo.pullRequest(
      { "old/go.mod": goMod("1.21", "example.com/old"), "old/x.go": "package x\n" },
      { "a/go.mod": goMod("1.21", "example.com/a"), "a/closure.go": closureFile, "b/go.mod": goMod("1.22", "example.com/b"), "b/closure.go": closureFile },
    );
    const run = runAction(repo.root, { eventName: "pull_request", event: pullRequestEvent(headSha), inputs: { "fail-level": "none" } });
    expect(run.stdout.trim().split("\n").map((line) => line.split("::")[1])).toEqual([
      "warning file=a/closure.go,line=6,col=23,endLine=6,endColumn=25,title=GT101 loopvar-capture",
      "notice file=a/go.mod,line=3,col=4,endLine=3,endColumn=8,title=GT505 go-directive",
      "notice file=b/go.mod,line=3,col=4,endLine=3,endColumn=8,title=GT505 go-directive",
    ]);
  });

  it("escapes file names with spaces, unicode, commas, colons, percent signs and newlines", () => {
    const repo = new Repo();
    const name = "dir with space/naïve,a:b%\nx.go";
    const { headSha } = repo.pullRequest({ "go.mod": goMod("1.21") }, { [name]: closureFile });
    const run = runAction(repo.root, { eventName: "pull_request", event: pullRequestEvent(headSha), inputs: { "sarif-file": "gotrap.sarif" } });
    expect(run.stdout.split("\n")[0]).toBe(
      `::warning file=dir with space/naïve%2Ca%3Ab%25%0Ax.go,line=6,col=23,endLine=6,endColumn=25,title=GT101 loopvar-capture::${GT101_MESSAGE}`,
    );
    expect(run.summary).toContain(`[dir with space/naïve,a:b% x.go:6](https://github.com/octo/app/blob/${headSha}/dir%20with%20space/na%C3%AFve%2Ca%3Ab%25%0Ax.go#L6)`);
    const sarif = JSON.parse(readFileSync(path.join(repo.root, "gotrap.sarif"), "utf8"));
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({
      uri: "dir%20with%20space/na%C3%AFve%2Ca%3Ab%25%0Ax.go",
      uriBaseId: "%SRCROOT%",
    });
  });

  it("escapes % in messages", () => {
    const repo = new Repo();
    const source = 'package main\n\nimport "fmt"\n\nfunc n(xs []int) string {\n\treturn fmt.Sprintf("%d", len(xs))\n}\n';
    const { headSha } = repo.pullRequest({ "go.mod": goMod("1.22") }, { "n.go": source });
    const run = runAction(repo.root, { eventName: "pull_request", event: pullRequestEvent(headSha) });
    expect(run.stdout).toBe(
      '::notice file=n.go,line=6,col=9,endLine=6,endColumn=35,title=GT307 sprintf-trivial::fmt.Sprintf("%25d", len(xs)) only converts one int: ' +
        "use strconv.Itoa(len(xs)), which skips fmt's format parsing and interface boxing\n",
    );
  });

  it("does not follow symlinks out of the workspace", () => {
    const outside = tempDirectory("gotrap-outside-");
    writeFileSync(path.join(outside, "secret.go"), closureFile);
    const repo = new Repo();
    repo.commit("base", { "go.mod": goMod("1.21") });
    symlinkSync(path.join(outside, "secret.go"), path.join(repo.root, "linked.go"));
    symlinkSync(outside, path.join(repo.root, "linkeddir"));
    repo.commit("links");
    const run = runAction(repo.root, { eventName: "workflow_dispatch", event: {}, inputs: { "fail-level": "none" } });
    expect(run.outputs.findings).toBe("1"); // GT505 on go.mod only
    expect(run.stdout).not.toContain("linked");
  });

  it("fails with the reason on a bad config", () => {
    const repo = new Repo();
    repo.commit("base", { "go.mod": goMod("1.22"), "gotrap.toml": 'selct = ["GT1"]\n', "main.go": "package main\n" });
    const run = runAction(repo.root, { eventName: "workflow_dispatch", event: {} });
    expect(run.status).toBe(2);
    expect(run.stdout).toMatch(/^::error::gotrap could not analyse the workspace:%0Agotrap\.toml:1: unknown field `selct`/m);
    expect(run.summary).toContain("### Run errors");
  });

  it("reads working-directory and paths relative to it, printing workspace-relative paths", () => {
    const repo = new Repo();
    repo.commit("base", { "svc/go.mod": goMod("1.21"), "svc/closure.go": closureFile, "other/go.mod": goMod("1.21"), "other/closure.go": closureFile });
    const run = runAction(repo.root, {
      eventName: "workflow_dispatch",
      event: {},
      inputs: { "working-directory": "svc", paths: "closure.go\n", "fail-level": "none" },
    });
    expect(run.stdout.trim().split("\n").map((line) => line.split(",")[0])).toEqual(["::warning file=svc/closure.go", "::notice file=svc/go.mod"]);
  });
});

describe("artifacts", () => {
  it("reads a gctrace log named by a glob; its findings bypass the changed-line filter; the summary shows the analysis", () => {
    const repo = new Repo();
    const { headSha } = repo.pullRequest({ "go.mod": goMod("1.22"), "main.go": "package main\n" }, { "README.md": "docs\n" });
    copyFileSync(path.join(repoRoot, "tests/artifacts/gctrace/pressure.log"), path.join(repo.root, "gc-pressure.log"));
    const run = runAction(repo.root, {
      eventName: "pull_request",
      event: pullRequestEvent(headSha),
      inputs: { artifacts: "*.log\nmissing/*.pb.gz\n", "fail-level": "none" },
    });
    const commands = run.stdout.trim().split("\n");
    expect(commands[0]).toBe("::notice title=gotrap::no file matches the artifacts pattern missing/*.pb.gz");
    expect(commands[1]).toMatch(/^::warning file=gc-pressure\.log,line=61,col=1,.*title=GT605 gc-pressure::GC pressure in collections 61–80/);
    expect(commands.length).toBe(2);
    expect(run.outputs.findings).toBe("1");
    expect(run.summary).toContain("### Runtime analyses\n\n#### gc-pressure.log (gctrace)\n\n| measure | value |\n|---|---|\n| collections | 85 |\n");
    expect(run.summary).toContain("| gcCpuFraction | 0.362388 |\n");
    expect(run.summary).toContain("| stwPauseMs.p99 | 8 |\n");
  });
});

describe("artifacts: profiles", () => {
  it("shows a profile's top table in the summary", () => {
    const repo = new Repo();
    repo.commit("base", { "go.mod": goMod("1.22") });
    copyFileSync(path.join(repoRoot, "tests/artifacts/profiles/cpu.pb.gz"), path.join(repo.root, "cpu.pb.gz"));
    const run = runAction(repo.root, { eventName: "workflow_dispatch", event: {}, inputs: { artifacts: "cpu.pb.gz", "fail-level": "none" } });
    expect(run.summary).toMatch(/\n#### cpu\.pb\.gz \(profile\)\n\ncpu profile, `samples` \(count\), total \d+\n\n\| flat \| flat% \| cum \| cum% \| function \|\n\|---:\|---:\|---:\|---:\|---\|\n\| \d+ \| \d+\.\d\d% \|/);
  });
});

describe("artifacts: dumps, benchmarks and escape reports", () => {
  it("shows goroutine groups, the benchmark comparison and heap escapes in the summary", () => {
    const repo = new Repo();
    repo.commit("base", { "go.mod": goMod("1.22") });
    const copies: [string, string][] = [
      ["crashes/deadlock.txt", "crash.txt"],
      ["bench/before.txt", "before.txt"],
      ["bench/after.txt", "after.txt"],
      ["escape/escape-m.txt", "escape-m.txt"],
    ];
    for (const [from, to] of copies) {
      copyFileSync(path.join(repoRoot, "tests/artifacts", from), path.join(repo.root, to));
    }
    const run = runAction(repo.root, { eventName: "workflow_dispatch", event: {}, inputs: { artifacts: "*.txt", "fail-level": "none" } });
    expect(run.summary).toContain(
      [
        "#### crash.txt (goroutines)",
        "",
        "Crash (deadlock, line 1): `fatal error: all goroutines are asleep - deadlock!`",
        "",
        "4 goroutines (debug=2), 2 groups by state and stack.",
        "",
        "| goroutines | state | waiting (minutes) | user frame | created by |",
        "|---:|---|---|---|---|",
        "| 3 | chan send | under 1 | main.main.func1 (gotrap.test/programs/deadlock/main.go:19) | main.main (gotrap.test/programs/deadlock/main.go:17) |",
        "| 1 | sync.WaitGroup.Wait | under 1 | main.main (gotrap.test/programs/deadlock/main.go:22) |  |",
        "",
      ].join("\n"),
    );
    expect(run.summary).toContain(
      [
        "#### escape-m.txt (escape)",
        "",
        "4 variables moved to the heap, 8 escaping, 7 not escaping, 12 inlinable.",
        "",
        "| file | moved to heap | escapes to heap |",
        "|---|---:|---:|",
        "| escape/main.go | 4 | 8 |",
        "",
      ].join("\n"),
    );
    // The numbers are benchstat's (crate/tests/bench.rs checks them against it).
    expect(run.summary).toContain(
      [
        "#### after.txt (bench)",
        "",
        "Compared with before.txt (benchstat's median, 95% interval, Mann-Whitney U).",
        "",
        "| benchmark | unit | median | base | delta | significance |",
        "|---|---|---:|---:|---:|---:|",
        "| BenchmarkJoin/n=16-2 | ns/op | 7633 ± 73% | 2156.5 ± 62% | +253.95% (worse) | p=0.007 n=8 |",
        "| BenchmarkJoin/n=16-2 | parts/op | 16 ± 0% | 16 ± 0% | ~ | p=1.000 n=8 |",
        "| BenchmarkJoin/n=16-2 | B/op | 1056 ± 0% | 248 ± 0% | +325.81% (worse) | p=0.000 n=8 |",
      ].join("\n"),
    );
    expect(run.summary).toContain("| BenchmarkSum-2 | MB/s | 450.54 ± 53% | 462.94 ± 49% | ~ | p=0.798 n=8 |\n");
    expect(run.summary).toContain("#### before.txt (bench)\n\nNo base output to compare with.\n");
  });
});

describe("inputs", () => {
  it("go-version overrides go.mod, config names a gotrap.toml", () => {
    const repo = new Repo();
    repo.commit("base", { "go.mod": goMod("1.21"), "closure.go": closureFile, "ci/strict.toml": 'ignore = ["GT505"]\n' });
    const dispatch = { eventName: "workflow_dispatch", event: {} };
    expect(runAction(repo.root, { ...dispatch, inputs: { "fail-level": "none" } }).outputs.findings).toBe("2");
    expect(runAction(repo.root, { ...dispatch, inputs: { "go-version": "1.22", "fail-level": "none" } }).stdout).not.toContain("GT101");
    const configured = runAction(repo.root, { ...dispatch, inputs: { config: "ci/strict.toml" } });
    expect(configured.stdout.split("\n")[0]).toMatch(/^::warning file=closure\.go,line=6,.*title=GT101 loopvar-capture::/);
    expect(configured.outputs.findings).toBe("1");
  });

  it("fails with the reason when a path does not exist, after reporting the rest", () => {
    const repo = new Repo();
    repo.commit("base", { "go.mod": goMod("1.21"), "closure.go": closureFile });
    const run = runAction(repo.root, { eventName: "workflow_dispatch", event: {}, inputs: { paths: "closure.go\nno-such-dir/...\n" } });
    expect(run.status).toBe(2);
    expect(run.stdout).toContain("::warning file=closure.go,line=6,");
    expect(run.stdout).toContain("::error::gotrap could not analyse the workspace:%0Ano-such-dir: no such file or directory\n");
  });

  it("rejects a max-annotations that is not a whole number", () => {
    const repo = new Repo();
    repo.commit("base", { "go.mod": goMod("1.22") });
    const run = runAction(repo.root, { eventName: "workflow_dispatch", event: {}, inputs: { "max-annotations": "many" } });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('::error::input max-annotations must be a whole number, not "many"\n');
  });
});
