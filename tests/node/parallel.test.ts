// Parallel analysis (action/src/parallel.ts) with the real wasm in real
// worker_threads: cut into parts of a few packages, and the workspace rules
// run once over every part's imports, the merged Report equals the Report of
// one request on the whole workspace.

import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { createNodeClient } from "../../action/src/client/node";
import type { Options } from "../../action/src/client/report";
import { checkInParallel, partitionWorkspace, type ParallelStats, type WorkspaceContent } from "../../action/src/parallel";
import { hostTimeBudgetMs } from "../../action/src/run";
import { repoRoot } from "../paths";

const workerUrl = pathToFileURL(`${repoRoot}action/dist/node-worker.js`);
const encoder = new TextEncoder();

const closure = (pkg: string): string =>
  `package ${pkg}\n\nfunc pointers() []*int {\n\tvar ptrs []*int\n\tfor i := 0; i < 3; i++ {\n\t\tptrs = append(ptrs, &i)\n\t}\n\treturn ptrs\n}\n`;
const timerLoop = (pkg: string): string =>
  `package ${pkg}\n\nimport "time"\n\nfunc wait(c chan int) {\n\tfor {\n\t\tselect {\n\t\tcase <-c:\n\t\tcase <-time.After(time.Second):\n\t\t}\n\t}\n}\n`;

/** Several modules: one with requirements and no go.sum, one at go1.21, one main package turning asynctimerchan on. */
function workspace(): WorkspaceContent[] {
  const files: Record<string, string> = {
    "req/go.mod": "module example.com/req\n\ngo 1.22\n\nrequire github.com/x/y v1.0.0\n",
    "old/go.mod": "module example.com/old\n\ngo 1.21\n",
    "timers/go.mod": "module example.com/timers\n\ngo 1.23\n",
    "timers/main.go": "//go:debug asynctimerchan=1\npackage main\n\nfunc main() {}\n",
    "loose/a.go": closure("loose"),
  };
  for (let index = 0; index < 8; index++) {
    files[`req/p${index}/use.go`] = `package p${index}\n\nimport "github.com/x/y"\n\nvar _ = y.Z\n`;
    files[`old/p${index}/closure.go`] = closure(`p${index}`);
    files[`timers/t${index}/wait.go`] = timerLoop(`t${index}`);
  }
  return Object.entries(files)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([path, content]) => ({ path, content: encoder.encode(content) }));
}

/** The Go files of `$(go env GOROOT)/src/net/http` (12 packages, testdata skipped) as one module with requirements and no zip checksums. */
function netHttpModule(): WorkspaceContent[] {
  const goroot = execFileSync("go", ["env", "GOROOT"], { encoding: "utf8" }).trim();
  const root = path.join(goroot, "src", "net", "http");
  const files: WorkspaceContent[] = [
    { path: "go.mod", content: encoder.encode("module example.com/http\n\ngo 1.21\n\nrequire (\n\tgolang.org/x/net v0.30.0\n\tgolang.org/x/text v0.19.0\n)\n") },
    { path: "go.sum", content: encoder.encode("golang.org/x/net v0.30.0/go.mod h1:n=\ngolang.org/x/text v0.19.0/go.mod h1:t=\n") },
  ];
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    const relative = path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join("/");
    if (entry.isFile() && entry.name.endsWith(".go") && !relative.split("/").includes("testdata")) {
      files.push({ path: relative, content: readFileSync(path.join(entry.parentPath, entry.name)) });
    }
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : 1));
}

async function checkWhole(files: WorkspaceContent[], options: Options) {
  const single = createNodeClient({ workerUrl, timeBudgetMs: hostTimeBudgetMs });
  try {
    return await single.check({ files, options });
  } finally {
    single.close();
  }
}

describe("parallel analysis", () => {
  const options: Options = {};

  it("cuts the Go files into parts of whole packages, even of a module with requirements", () => {
    const { parts, workspace: stage } = partitionWorkspace(workspace(), 1);
    const owners = parts.map((part) => [...new Set(part.owned.map((file) => file.path.split("/").slice(0, -1).join("/")))]);
    expect(owners.filter((owned) => owned.some((directory) => directory.startsWith("req/")))).toEqual(
      ["req/p0", "req/p1", "req/p2", "req/p3", "req/p4", "req/p5", "req/p6", "req/p7"].map((directory) => [directory]),
    );
    expect(parts.length).toBe(8 + 8 + 1 + 8 + 1);
    for (const part of parts) {
      expect(part.shared.map((file) => file.path)).toEqual(
        expect.arrayContaining(["old/go.mod", "req/go.mod", "timers/go.mod", ...(part.owned.some((file) => file.path === "timers/main.go") ? [] : ["timers/main.go"])]),
      );
    }
    expect(stage.map((file) => file.path)).toEqual(["old/go.mod", "req/go.mod", "timers/go.mod"]);
  });

  it("carries into every part only the Go files with a line starting with a //go:debug directive", () => {
    const file = (path: string, text: string): WorkspaceContent => ({ path, content: encoder.encode(text) });
    const { parts } = partitionWorkspace(
      [
        file("a/main.go", "//go:debug panicnil=1\npackage main\n"),
        file("b/indented.go", "\t \u00a0//go:debug panicnil=1\r\npackage main\n"),
        file("c/mention.go", 'package c\n\nconst doc = "//go:debug panicnil=1"\n'),
        file("d/after.go", "package main // //go:debug panicnil=1\n"),
        file("e/nospace.go", "//go:debugpanicnil=1\npackage main\n"),
      ],
      1,
    );
    expect(parts.map((part) => [part.owned.map((owned) => owned.path), part.shared.map((shared) => shared.path)])).toEqual(
      expect.arrayContaining([
        [["a/main.go"], ["b/indented.go"]],
        [["b/indented.go"], ["a/main.go"]],
        [["c/mention.go"], ["a/main.go", "b/indented.go"]],
        [["d/after.go"], ["a/main.go", "b/indented.go"]],
        [["e/nospace.go"], ["a/main.go", "b/indented.go"]],
      ]),
    );
    expect(parts.length).toBe(5);
  });

  it.each([1, 2, 3])("gives the Report of one request with %i workers and one package per part", async (jobs) => {
    const files = workspace();
    const whole = await checkWhole(files, options);
    expect(whole.findings.map((finding) => finding.rule).sort()).toEqual(expect.arrayContaining(["GT101", "GT207", "GT504"]));
    let stats: ParallelStats | null = null;
    const merged = await checkInParallel(files, options, {
      jobs,
      hasArtifacts: false,
      createClient: () => createNodeClient({ workerUrl, keepTrees: false }),
      partBytes: 1,
      onStats: (reported) => (stats = reported),
    });
    expect(JSON.stringify(merged)).toBe(JSON.stringify(whole));
    expect(stats!.parts).toBe(26);
    expect(stats!.partsPerWorker.length).toBe(jobs);
    expect(stats!.partsPerWorker.reduce((sum, count) => sum + count, 0)).toBe(26);
    expect(stats!.partsPerWorker.every((count) => count > 0)).toBe(true);
  });

  it("spreads one real module with requirements (Go's net/http) over two workers and gives the one-request Report", async () => {
    const files = netHttpModule();
    const whole = await checkWhole(files, options);
    expect(whole.errors).toEqual([]);
    const gt504 = whole.findings.filter((finding) => finding.rule === "GT504");
    // Once for golang.org/x/net, at its first import in path order; x/text is not imported directly.
    expect(gt504.map((finding) => `${finding.path}:${finding.line}:${finding.column}`)).toEqual(["cgi/host.go:33:2"]);
    let stats: ParallelStats | null = null;
    const merged = await checkInParallel(files, options, {
      jobs: 2,
      hasArtifacts: false,
      createClient: () => createNodeClient({ workerUrl, timeBudgetMs: hostTimeBudgetMs, keepTrees: false }),
      partBytes: 256 * 1024,
      onStats: (reported) => (stats = reported),
    });
    expect(JSON.stringify(merged)).toBe(JSON.stringify(whole));
    // The root package alone (2 MB), the eleven others in two parts.
    expect(stats!.parts).toBe(3);
    expect(stats!.partsPerWorker.length).toBe(2);
    expect(stats!.partsPerWorker.every((count) => count > 0)).toBe(true);
  }, 120_000);
});
