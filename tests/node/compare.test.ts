// Comparisons through the real wasm core in Node: the boundary export, the
// shared client's Node worker, and the package's `compare` API, on the
// committed snapshot pairs of tests/artifacts/compare (the exact numbers
// are those crate/tests/compare.rs checks against pprof's own -diff_base).

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { createNodeClient } from "../../action/src/client/node";
import type { Comparison } from "../../action/src/client/report";
import { packageEntry, repoRoot } from "../paths";
import { core } from "./wasm-core";

const artifact = (name: string): Uint8Array => readFileSync(`${repoRoot}tests/artifacts/${name}`);

function compareInWasm(base: string, next: string, options: object = {}): Comparison {
  return JSON.parse(core.compare(base, artifact(base), next, artifact(next), JSON.stringify(options))) as Comparison;
}

describe("compare through wasm", () => {
  it("diffs two CPU profiles as pprof -diff_base, and -normalize scales the new one to the base's total", () => {
    const plain = compareInWasm("compare/cpu-base.pb.gz", "compare/cpu-new.pb.gz");
    expect(plain.errors).toEqual([]);
    const cpu = plain.profile!.types[1]!;
    expect([cpu.type, cpu.baseTotal, cpu.newTotal, cpu.scale]).toEqual(["cpu", 410_000_000, 530_000_000, 1]);
    const hot = cpu.rows.find((row) => row.function === "main.hot")!;
    expect([hot.cumBase, hot.cumNew, hot.cumDelta]).toEqual([400_000_000, 520_000_000, 120_000_000]);
    const normalized = compareInWasm("compare/cpu-base.pb.gz", "compare/cpu-new.pb.gz", { normalize: true }).profile!.types[1]!;
    expect([normalized.newTotal, normalized.scale]).toEqual([409_999_998, 410_000_000 / 530_000_000]);
    expect(normalized.rows.find((row) => row.function === "main.hot")!.cumDelta).toBe(2_264_149);
    // The joined call tree: top-level nodes carry each side's total.
    const roots = normalized.callTree.tree.filter((node) => node.parent === null);
    expect([roots.reduce((sum, node) => sum + node.cumBase, 0), roots.reduce((sum, node) => sum + node.cumNew, 0)]).toEqual([410_000_000, 409_999_998]);
  });

  it("reports goroutine growth between two dumps, by state", () => {
    const comparison = compareInWasm("compare/goroutine-base.txt", "compare/goroutine-new.txt");
    const growth = comparison.goroutines!;
    expect([growth.base.goroutines, growth.new.goroutines, growth.grew, growth.shrank]).toEqual([45, 165, 131, 11]);
    expect(growth.groups.map((group) => [group.state, group.baseCount, group.newCount, group.delta])).toEqual([
      ["chan send", 30, 160, 130],
      ["running", 0, 1, 1],
    ]);
    expect(comparison.profile).toBeNull();
  });

  it("names each bad file, and the mismatched one, without trapping", () => {
    const garbage = new TextEncoder().encode("<img src=x onerror=alert(1)>");
    const both = JSON.parse(core.compare("a.pb.gz", new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2]), "b.txt", garbage, "{}")) as Comparison;
    expect(both.errors.map((error) => error.path)).toEqual(["a.pb.gz", "b.txt"]);
    expect(both.errors[0]!.message).toMatch(/^a\.pb\.gz: not a readable pprof profile: /);
    expect(both.errors[1]!.message).toMatch(/^b\.txt: not a pprof profile \(.*\) or goroutine dump$/);
    const mismatched = compareInWasm("compare/heap-base.pb.gz", "profiles/cpu.pb.gz");
    expect(mismatched.errors).toEqual([
      {
        path: "profiles/cpu.pb.gz",
        message:
          "profiles/cpu.pb.gz has sample types samples/count, cpu/nanoseconds but compare/heap-base.pb.gz has alloc_objects/count, alloc_space/bytes, inuse_objects/count, inuse_space/bytes: compare two profiles of one type",
      },
    ]);
    // The core still answers afterwards.
    expect(compareInWasm("compare/heap-base.pb.gz", "compare/heap-new.pb.gz").profile!.profile).toBe("heap");
  });
});

describe("compare through the client and the package API", () => {
  it("answers from the Node worker", async () => {
    const client = createNodeClient({ workerUrl: new URL("../../action/dist/node-worker.js", import.meta.url) });
    try {
      const comparison = await client.compare({
        base: { path: "compare/goroutine-base.pb.gz", content: artifact("compare/goroutine-base.pb.gz") },
        new: { path: "compare/goroutine-new.pb.gz", content: artifact("compare/goroutine-new.pb.gz") },
      });
      expect([comparison.profile!.profile, comparison.goroutines!.grew, comparison.goroutines!.groups[0]!.delta]).toEqual(["goroutine", 131, 130]);
    } finally {
      client.close();
    }
  });

  it("is exported by the gotrap package", () => {
    const script = `
      import { readFileSync } from "node:fs";
      import { compare } from ${JSON.stringify(pathToFileURL(packageEntry).href)};
      const read = (name) => ({ path: name, content: readFileSync(${JSON.stringify(`${repoRoot}tests/artifacts/`)} + name) });
      const comparison = await compare({ base: read("compare/heap-base.pb.gz"), new: read("compare/heap-new.pb.gz"), options: { normalize: true } });
      console.log(JSON.stringify([comparison.profile.normalized, comparison.profile.types.map((type) => type.type)]));
    `;
    const output = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    expect(JSON.parse(output)).toEqual([true, ["alloc_objects", "alloc_space", "inuse_objects", "inuse_space"]]);
  });
});
