// The shared client: request ordering, crash and time-budget recovery (with
// in-process stand-in workers running the real request loop over a stand-in
// core), then the real Node worker and the package's Node API.

import { execFileSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { createClient, type SpawnWorker } from "../../action/src/client/client";
import type { Core, CoreSession } from "../../action/src/client/core";
import { createNodeClient } from "../../action/src/client/node";
import type { WorkerRequest } from "../../action/src/client/protocol";
import type { Report } from "../../action/src/client/report";
import { serveRequests } from "../../action/src/client/worker-core";
import { badClosure, packageEntry, repoRoot } from "../paths";

/** Paths that make the stand-in core trap, or its worker never answer. */
const CRASHING_FILE = "crash.go";
const HANGING_FILE = "hang.go";

/** A core whose Report lists the session's files (as findings) and its options (as the tool version). */
class StandInSession implements CoreSession {
  private files = new Map<string, Uint8Array>();
  private optionsJson = "{}";
  setOptions(optionsJson: string): void {
    this.optionsJson = optionsJson;
  }
  setKeepTrees(): void {}
  setFile(path: string, content: Uint8Array): void {
    this.files.set(path, content);
  }
  removeFile(path: string): void {
    this.files.delete(path);
  }
  analyze(): string {
    if (this.files.has(CRASHING_FILE)) throw new WebAssembly.RuntimeError("unreachable");
    const findings = [...this.files].map(([path, content]) => ({ path, message: new TextDecoder().decode(content) }));
    return JSON.stringify({ schemaVersion: 1, toolVersion: this.optionsJson, findings, analyses: [], skipped: [], errors: [] });
  }
  analyzeSources(): string {
    return `{"report":${this.analyze()},"imports":[]}`;
  }
  analyzeWithImports(): string {
    return this.analyze();
  }
}

const standInCore: Core = {
  version: () => "0.0.0-test",
  schemaVersion: () => 1,
  rules: () => JSON.stringify([{ id: "GT999" }]),
  /** A Comparison naming both paths, the new file's text and the options as its one error. */
  compare(basePath, _base, newPath, newContent, optionsJson) {
    if (basePath === CRASHING_FILE) throw new WebAssembly.RuntimeError("unreachable");
    const message = `${new TextDecoder().decode(newContent)} ${optionsJson}`;
    return JSON.stringify({ schemaVersion: 1, toolVersion: "0.0.0-test", base: basePath, new: newPath, profile: null, goroutines: null, errors: [{ message }] });
  },
  Session: StandInSession,
};

interface WorkerRecord {
  terminated: boolean;
  busy: boolean;
}

/** Spawns in-process workers that run the real request loop, answering asynchronously like a thread. */
function standInWorkers(options: { loadFails?: boolean } = {}): { spawnWorker: SpawnWorker; spawned: WorkerRecord[] } {
  const spawned: WorkerRecord[] = [];
  const spawnWorker: SpawnWorker = (events) => {
    const record: WorkerRecord = { terminated: false, busy: false };
    spawned.push(record);
    let deliver: ((request: WorkerRequest) => void) | null = null;
    void serveRequests(
      async () => {
        if (options.loadFails) throw new Error("no wasm here");
        return standInCore;
      },
      {
        post: (response) => setTimeout(() => record.terminated || events.message(response)),
        listen: (handler) => {
          deliver = handler;
        },
      },
    );
    return {
      post(request) {
        const hangs = request.type === "check" && request.files.some((file) => file.path === HANGING_FILE);
        if (!hangs) setTimeout(() => deliver?.(request));
      },
      terminate: () => {
        record.terminated = true;
      },
      setBusy: (busy) => {
        record.busy = busy;
      },
    };
  };
  return { spawnWorker, spawned };
}

const filesOf = (report: Report): unknown[] => report.findings.map((finding) => [finding.path, finding.message]);

describe("the client", () => {
  it("sends files and options, encoding text as UTF-8, and keeps one worker", async () => {
    const workers = standInWorkers();
    const client = createClient({ spawnWorker: workers.spawnWorker });
    const report = await client.check({
      files: [
        { path: "a.go", content: "héllo" },
        { path: "b.go", content: new Uint8Array([0x68, 0x69]) },
      ],
      options: { select: ["GT1"] },
    });
    expect(filesOf(report)).toEqual([
      ["a.go", "héllo"],
      ["b.go", "hi"],
    ]);
    expect(report.toolVersion).toBe('{"select":["GT1"]}');
    // The worker's session drops files that a later request no longer has.
    expect(filesOf(await client.check({ files: [{ path: "b.go", content: "x" }] }))).toEqual([["b.go", "x"]]);
    expect(await client.rules()).toEqual([{ id: "GT999" }]);
    expect(await client.coreInfo()).toEqual({ toolVersion: "0.0.0-test", schemaVersion: 1 });
    // The queue marks the worker idle right after settling its last request.
    await new Promise((resolve) => setTimeout(resolve));
    expect(workers.spawned).toEqual([{ terminated: false, busy: false }]);
    client.close();
    expect(workers.spawned[0]!.terminated).toBe(true);
  });

  it("sends a comparison's two files and options, and turns a crash into an internal error", async () => {
    const workers = standInWorkers();
    const client = createClient({ spawnWorker: workers.spawnWorker });
    const comparison = await client.compare({ base: { path: "a.pb.gz", content: new Uint8Array([1]) }, new: { path: "b.txt", content: "héllo" }, options: { normalize: true } });
    expect([comparison.base, comparison.new, comparison.errors]).toEqual(["a.pb.gz", "b.txt", [{ message: 'héllo {"normalize":true}' }]]);
    const crashed = await client.compare({ base: { path: CRASHING_FILE, content: "" }, new: { path: "b", content: "" } });
    expect(crashed).toEqual({
      schemaVersion: 1,
      toolVersion: "0.0.0-test",
      base: CRASHING_FILE,
      new: "b",
      profile: null,
      goroutines: null,
      errors: [{ message: "internal error: the analysis core crashed (RuntimeError: unreachable)" }],
    });
    expect((await client.compare({ base: { path: "x", content: "" }, new: { path: "y", content: "ok" } })).errors).toEqual([{ message: "ok {}" }]);
    expect(workers.spawned.map((worker) => worker.terminated)).toEqual([true, false]);
    client.close();
  });

  it("answers concurrent requests in order", async () => {
    const client = createClient(standInWorkers());
    const reports = await Promise.all(
      ["1", "2", "3"].map((name) => client.check({ files: [{ path: `${name}.go`, content: name }] })),
    );
    expect(reports.map(filesOf)).toEqual([[["1.go", "1"]], [["2.go", "2"]], [["3.go", "3"]]]);
    client.close();
  });

  it("reports a crash of the core as an internal error and re-instantiates it for the next request", async () => {
    const workers = standInWorkers();
    const client = createClient({ spawnWorker: workers.spawnWorker });
    const crashed = await client.check({ files: [{ path: CRASHING_FILE, content: "" }] });
    expect(crashed).toEqual({
      schemaVersion: 1,
      toolVersion: "0.0.0-test",
      findings: [],
      analyses: [],
      skipped: [],
      errors: [{ message: "internal error: the analysis core crashed (RuntimeError: unreachable)" }],
    });
    expect(workers.spawned.map((worker) => worker.terminated)).toEqual([true]);
    expect(filesOf(await client.check({ files: [{ path: "ok.go", content: "fine" }] }))).toEqual([["ok.go", "fine"]]);
    expect(workers.spawned.map((worker) => worker.terminated)).toEqual([true, false]);
    client.close();
  });

  it("terminates a worker that overruns its time budget and restarts it", async () => {
    const workers = standInWorkers();
    const client = createClient({ spawnWorker: workers.spawnWorker, timeBudgetMs: () => 50 });
    const queued = client.check({ files: [{ path: "after.go", content: "next" }] });
    const overrun = client.check({ files: [{ path: HANGING_FILE, content: "" }] });
    expect(filesOf(await queued)).toEqual([["after.go", "next"]]);
    expect((await overrun).errors).toEqual([
      { message: "internal error: the analysis exceeded its time budget of 0.05 s and was stopped" },
    ]);
    expect(workers.spawned.map((worker) => worker.terminated)).toEqual([true]);
    expect(filesOf(await client.check({ files: [{ path: "ok.go", content: "fine" }] }))).toEqual([["ok.go", "fine"]]);
    expect(workers.spawned.map((worker) => worker.terminated)).toEqual([true, false]);
    client.close();
  });

  it("rejects when the wasm cannot be loaded", async () => {
    const client = createClient(standInWorkers({ loadFails: true }));
    await expect(client.check({ files: [] })).rejects.toThrow("cannot load the gotrap core: Error: no wasm here");
    client.close();
  });

  it("turns a worker that dies mid-request into an internal error", async () => {
    const client = createClient({
      spawnWorker: (events) => {
        setTimeout(() => events.message({ type: "ready", toolVersion: "1.0.0", schemaVersion: 1 }));
        return {
          post: () => setTimeout(() => events.failure(new Error("out of memory"))),
          terminate: () => {},
          setBusy: () => {},
        };
      },
    });
    expect((await client.check({ files: [] })).errors).toEqual([
      { message: "internal error: the analysis worker died (out of memory)" },
    ]);
    client.close();
  });

  it("rejects pending and later requests once closed", async () => {
    const client = createClient(standInWorkers());
    const pending = client.check({ files: [{ path: HANGING_FILE, content: "" }] });
    const queued = client.check({ files: [] });
    await new Promise((resolve) => setTimeout(resolve, 20));
    client.close();
    await expect(pending).rejects.toThrow("the gotrap client is closed");
    await expect(queued).rejects.toThrow("the gotrap client is closed");
    await expect(client.rules()).rejects.toThrow("the gotrap client is closed");
  });
});

describe("the Node client with the real core", () => {
  const workerUrl = new URL("../../action/dist/node-worker.js", import.meta.url);

  it("analyses in a worker thread", async () => {
    const client = createNodeClient({ workerUrl });
    try {
      const report = await client.check({ files: [{ path: "main.go", content: badClosure }] });
      expect(report.errors).toEqual([]);
      expect(report.findings.map((f) => [f.rule, f.severity, f.path, f.line])).toEqual([["GT101", "info", "main.go", 4]]);
      expect((await client.rules()).map((rule) => rule.id)).toContain("GT206");
    } finally {
      client.close();
    }
  });

  it("serves `import { check, rules } from \"gotrap\"` and lets the process exit when idle", () => {
    const script = `
      import { check, rules } from ${JSON.stringify(pathToFileURL(packageEntry).href)};
      const report = await check({ files: [{ path: "main.go", content: ${JSON.stringify(badClosure)} }] });
      const ids = (await rules()).map((rule) => rule.id);
      console.log(JSON.stringify({ findings: report.findings.map((f) => f.rule + ":" + f.line), hasGT101: ids.includes("GT101") }));
    `;
    const output = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
      cwd: repoRoot,
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(JSON.parse(output)).toEqual({ findings: ["GT101:4"], hasGT101: true });
  });
});
