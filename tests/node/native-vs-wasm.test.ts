// The Report JSON of the wasm build is byte-identical to the native one for
// every rule fixture: the boundary adds nothing and loses nothing.

import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Report } from "../../action/src/client/report";
import { parseTxtar } from "../../action/src/client/txtar";
import { repoRoot, ruleFixturesDir } from "../paths";
import { core } from "./wasm-core";

// Built with the `test` profile that `cargo test` already compiled: a no-op here.
const nativeExample = path.join(repoRoot, "target", "debug", "examples", "txtar_report");
const fixtures = readdirSync(ruleFixturesDir)
  .filter((name) => name.endsWith(".txtar"))
  .sort();

function wasmReport(archive: Uint8Array, optionsJson: string): string {
  const session = new core.Session();
  try {
    session.setOptions(optionsJson);
    for (const file of parseTxtar(archive).files) session.setFile(file.name, file.data);
    return session.analyze();
  } finally {
    session.free();
  }
}

function nativeReport(fixture: string, optionsJson: string): string {
  return execFileSync(nativeExample, [fixture, optionsJson], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 }).replace(
    /\n$/,
    "",
  );
}

describe("native and wasm reports", () => {
  beforeAll(() => {
    execFileSync("cargo", ["build", "-q", "--profile", "test", "-p", "gotrap", "--example", "txtar_report"], {
      cwd: repoRoot,
      stdio: "inherit",
    });
  });

  it("has rule fixtures to compare", () => {
    expect(fixtures.length).toBeGreaterThan(0);
  });

  describe.each(fixtures)("%s", (name) => {
    const fixture = path.join(ruleFixturesDir, name);
    // `GT503-workspace.txtar` is a second fixture of GT503.
    const rule = name.replace(/[-.].*$/, "");

    it.each([
      ["all rules", "{}"],
      [`only ${rule}`, JSON.stringify({ select: [rule] })],
    ])("are byte-identical with %s", (_label, optionsJson) => {
      const native = nativeReport(fixture, optionsJson);
      // A fixture exercises its rule, so the comparison covers real findings.
      expect((JSON.parse(native) as Report).findings.some((finding) => finding.rule === rule)).toBe(true);
      expect(wasmReport(readFileSync(fixture), optionsJson)).toBe(native);
    });
  });
});
