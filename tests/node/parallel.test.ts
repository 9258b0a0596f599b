// Parallel analysis (action/src/parallel.ts) with the real wasm in real
// worker_threads: cut into parts of a few packages, the merged Report equals
// the Report of one request on the whole workspace.

import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { createNodeClient } from "../../action/src/client/node";
import type { Options } from "../../action/src/client/report";
import { checkInParallel, partitionWorkspace, type WorkspaceContent } from "../../action/src/parallel";
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

describe("parallel analysis", () => {
  const options: Options = {};

  it("cuts the workspace into parts of whole packages, keeping a module with requirements whole", () => {
    const parts = partitionWorkspace(workspace(), 1);
    const owners = parts.map((part) => part.owned.map((file) => file.path.split("/").slice(0, 2).join("/")));
    expect(owners.filter((owned) => owned.some((path) => path.startsWith("req/")))).toEqual([
      ["req/p0", "req/p1", "req/p2", "req/p3", "req/p4", "req/p5", "req/p6", "req/p7"],
    ]);
    expect(parts.length).toBe(1 + 8 + 1 + 8 + 1);
    for (const part of parts) {
      expect(part.shared.map((file) => file.path).filter((path) => !part.owned.some((owned) => owned.path === path))).toEqual(
        expect.arrayContaining(["old/go.mod", "req/go.mod", "timers/go.mod"]),
      );
    }
  });

  it.each([1, 2, 3])("gives the Report of one request with %i workers and one package per part", async (jobs) => {
    const files = workspace();
    const single = createNodeClient({ workerUrl });
    const whole = await single.check({ files, options });
    single.close();
    expect(whole.findings.map((finding) => finding.rule).sort()).toEqual(
      expect.arrayContaining(["GT101", "GT207", "GT504"]),
    );
    const merged = await checkInParallel(files, options, { jobs, hasArtifacts: false, createClient: () => createNodeClient({ workerUrl }), partBytes: 1 });
    expect(JSON.stringify(merged)).toBe(JSON.stringify(whole));
  });
});
