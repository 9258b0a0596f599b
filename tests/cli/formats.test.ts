// The CLI's GitHub format, --diff, --fix, --baseline, --jobs, and the rules
// and explain commands, on real files and real git repositories.

import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { badClosure } from "../paths";
import { goMod, makeTree, runCli, runCliJson } from "./helpers";
import { closureFile, GT101_MESSAGE, Repo } from "../action/harness";

describe("--format github", () => {
  it("prints workflow commands with columns in UTF-16 units and escaped properties", () => {
    // `é` before the finding is two UTF-8 bytes but one UTF-16 unit: the byte column would be 32.
    const root = makeTree({ "go.mod": goMod("1.21"), "ü, x.go": closureFile.replace("\t\tptrs = append", "\t\t/* é */ ptrs = append") });
    const run = runCli(["check", "--format", "github", "--select", "GT101"], root);
    expect(run.stdout).toBe(`::warning file=ü%2C x.go,line=6,col=31,endLine=6,endColumn=33,title=GT101 loopvar-capture::${GT101_MESSAGE}\n`);
    expect(run.status).toBe(1);
  });
});

describe("--diff", () => {
  it("reports only findings on lines changed since the revision, including uncommitted ones", () => {
    const repo = new Repo();
    repo.commit("base", { "go.mod": goMod("1.21"), "old.go": closureFile.replace("pointers", "old") });
    repo.write({ "closure.go": closureFile });
    repo.git("add", "closure.go");
    const { report } = runCliJson(["--diff", "HEAD"], repo.root);
    expect(report.findings.map((f) => `${f.rule} ${f.path}:${f.line}`)).toEqual(["GT101 closure.go:6"]);
    const everything = runCliJson(["--diff", "HEAD", "--filter-mode", "nofilter"], repo.root).report;
    expect(everything.findings.length).toBe(3);
  });

  it("fails with exit 2 on an unknown revision", () => {
    const repo = new Repo();
    repo.commit("base", { "go.mod": goMod("1.22") });
    const run = runCli(["check", "--diff", "no-such-ref"], repo.root);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^gotrap: error: --diff no-such-ref: git diff failed: /);
  });
});

describe("--fix", () => {
  const loop = "package main\n\nfunc f(xs []int) {\n\tfor _, v := range xs {\n\t\tv := v\n\t\t_ = v\n\t}\n}\n";

  it("applies safe fixes and reports what is left", () => {
    const root = makeTree({ "go.mod": goMod("1.22"), "loop.go": loop });
    const run = runCli(["check", "--fix", "--select", "GT102"], root);
    expect(readFileSync(path.join(root, "loop.go"), "utf8")).toBe("package main\n\nfunc f(xs []int) {\n\tfor _, v := range xs {\n\t\t_ = v\n\t}\n}\n");
    expect(run.stderr).toBe("gotrap: fixed 1 finding in 1 file\ngotrap: 0 findings (0 errors, 0 warnings, 0 info) in 2 files\n");
    expect(run.status).toBe(0);
  });

  it("leaves unsafe fixes alone unless --unsafe-fixes", () => {
    // Without a go.mod the version is unknown: GT102 is info and its fix unsafe.
    const root = makeTree({ "loop.go": loop });
    runCli(["check", "--fix", "--select", "GT102"], root);
    expect(readFileSync(path.join(root, "loop.go"), "utf8")).toBe(loop);
    runCli(["check", "--fix", "--unsafe-fixes", "--select", "GT102"], root);
    expect(readFileSync(path.join(root, "loop.go"), "utf8")).not.toContain("v := v");
    expect(runCli(["check", "--unsafe-fixes"], root).stderr).toMatch(/^gotrap: --unsafe-fixes goes with --fix/);
  });
});

describe("--baseline", () => {
  it("records the findings, then reports only new ones, even after unrelated edits", () => {
    const root = makeTree({ "go.mod": goMod("1.21"), "closure.go": badClosure });
    const first = runCli(["check", "--baseline", "gotrap-baseline.json"], root);
    expect(first.stderr).toBe(
      "gotrap: recorded 2 findings in gotrap-baseline.json; later runs report only new ones\ngotrap: 0 findings (0 errors, 0 warnings, 0 info) in 2 files\n",
    );
    expect(first.status).toBe(0);
    const baseline = JSON.parse(readFileSync(path.join(root, "gotrap-baseline.json"), "utf8"));
    expect(baseline.findings.map((entry: { rule: string; path: string }) => `${entry.rule} ${entry.path}`)).toEqual(["GT101 closure.go", "GT505 go.mod"]);

    writeFileSync(path.join(root, "closure.go"), `// moved down by a comment\n${badClosure}`);
    expect(runCli(["check", "--baseline", "gotrap-baseline.json"], root).status).toBe(0);

    writeFileSync(path.join(root, "new.go"), closureFile);
    const later = runCliJson(["--baseline", "gotrap-baseline.json"], root);
    expect(later.report.findings.map((f) => `${f.rule} ${f.path}:${f.line}`)).toEqual(["GT101 new.go:6"]);
    expect(later.status).toBe(1);
  });

  it("rejects a file that is not a baseline", () => {
    const root = makeTree({ "go.mod": goMod("1.22"), "not-a-baseline.json": "[]" });
    const run = runCli(["check", "--baseline", "not-a-baseline.json"], root);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("not-a-baseline.json: not a gotrap baseline");
  });
});

describe("--jobs", () => {
  it("gives the same Report on one worker and on four", () => {
    const files: Record<string, string> = { "go.work": "go 1.22\n\nuse ./a\n", "a/go.mod": goMod("1.21"), "b/go.mod": "module example.com/b\n\ngo 1.22\n\nrequire github.com/x/y v1.0.0\n" };
    for (let index = 0; index < 12; index++) {
      files[`a/p${index}/closure.go`] = closureFile.replace("package main", `package p${index}`);
      files[`b/q${index}/use.go`] = `package q${index}\n\nimport "github.com/x/y"\n\nvar _ = y.Z\n`;
    }
    files["c/loose.go"] = closureFile;
    const root = makeTree(files);
    const one = runCli(["check", "--format", "json", "--jobs", "1"], root);
    const four = runCli(["check", "--format", "json", "--jobs", "4"], root);
    expect(JSON.parse(one.stdout).findings.length).toBeGreaterThan(12);
    expect(four.stdout).toBe(one.stdout);
    expect(four.status).toBe(one.status);
  });
});

describe("rules and explain", () => {
  it("lists the registry", () => {
    const run = runCli(["rules"], makeTree({}));
    expect(run.status).toBe(0);
    expect(run.stdout.split("\n")).toContain(
      "GT201  warning  goroutine-blocked-forever  " +
        JSON.parse(runCli(["rules", "--format", "json"], makeTree({})).stdout).find((rule: { id: string }) => rule.id === "GT201").summary,
    );
  });

  it("prints a rule's docs by id or name", () => {
    const byId = runCli(["explain", "GT201"], makeTree({}));
    expect(byId.status).toBe(0);
    expect(byId.stdout).toMatch(/^GT201 goroutine-blocked-forever \(warning\)\n\n## What it does\n/);
    expect(runCli(["explain", "goroutine-blocked-forever"], makeTree({})).stdout).toBe(byId.stdout);
    const unknown = runCli(["explain", "GT999"], makeTree({}));
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe("gotrap: no rule \"GT999\"; 'gotrap rules' lists them\n");
  });
});

