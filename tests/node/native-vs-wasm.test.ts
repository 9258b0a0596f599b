// The Report JSON of the wasm build is byte-identical to the native one for
// every rule fixture and for the property tests' generated workspaces: the
// boundary adds nothing and loses nothing, so the invariants the native
// property tests check hold through wasm too.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Report } from "../../action/src/client/report";
import { parseTxtar } from "../../action/src/client/txtar";
import { repoRoot, ruleFixturesDir } from "../paths";
import { core } from "./wasm-core";

// Built with the `test` profile that `cargo test` already compiled: a no-op here.
const nativeExample = path.join(
  repoRoot,
  "target",
  "debug",
  "examples",
  "txtar_report",
);
const propertyWorkspaces = path.join(
  repoRoot,
  "target",
  "debug",
  "examples",
  "property_workspaces",
);
const generatedCases = 64;
const fixtures = readdirSync(ruleFixturesDir)
  .filter((name) => name.endsWith(".txtar"))
  .sort();

function wasmReport(archive: Uint8Array, optionsJson: string): string {
  const session = new core.Session();
  try {
    session.setOptions(optionsJson);
    for (const file of parseTxtar(archive).files)
      session.setFile(file.name, file.data);
    return session.analyze();
  } finally {
    session.free();
  }
}

function wasmReportOfFolder(folder: string): string {
  const session = new core.Session();
  try {
    session.setOptions("{}");
    for (const name of readdirSync(folder, {
      recursive: true,
      encoding: "utf8",
    }).sort()) {
      if (name.endsWith(".go") || name === "go.mod")
        session.setFile(
          name.split(path.sep).join("/"),
          readFileSync(path.join(folder, name)),
        );
    }
    return session.analyze();
  } finally {
    session.free();
  }
}

function nativeReport(fixture: string, optionsJson: string): string {
  return execFileSync(nativeExample, [fixture, optionsJson], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  }).replace(/\n$/, "");
}

beforeAll(() => {
  execFileSync(
    "cargo",
    [
      "build",
      "-q",
      "--profile",
      "test",
      "-p",
      "gotrap",
      "--example",
      "txtar_report",
      "--example",
      "property_workspaces",
    ],
    {
      cwd: repoRoot,
      stdio: "inherit",
    },
  );
});

describe("native and wasm reports", () => {
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
      expect(
        (JSON.parse(native) as Report).findings.some(
          (finding) => finding.rule === rule,
        ),
      ).toBe(true);
      expect(wasmReport(readFileSync(fixture), optionsJson)).toBe(native);
    });
  });
});

describe("native and wasm reports of generated workspaces", () => {
  it(`are byte-identical on ${generatedCases} workspaces of the property tests' strategies`, () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "gotrap-properties-"));
    try {
      // The native side also checks every report's invariants as it writes it.
      execFileSync(propertyWorkspaces, [dir, String(generatedCases)], {
        stdio: "inherit",
      });
      let withFindings = 0;
      for (let n = 0; n < generatedCases; n++) {
        const native = readFileSync(path.join(dir, `${n}.json`), "utf8");
        withFindings +=
          (JSON.parse(native) as Report).findings.length > 0 ? 1 : 0;
        expect(wasmReportOfFolder(path.join(dir, String(n))), `case ${n}`).toBe(
          native,
        );
      }
      // The strategies trip rules: most workspaces have findings to compare.
      expect(withFindings).toBeGreaterThan(generatedCases / 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
