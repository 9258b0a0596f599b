// SARIF from the action and the CLI: valid against the SARIF 2.1.0 schema
// (the schema @microsoft/jest-sarif ships, checked offline with ajv), with
// rule metadata, %SRCROOT%-relative URIs and partial fingerprints.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { runCli } from "../cli/helpers";
import { closureFile, GT101_MESSAGE, goMod, pullRequestEvent, Repo, runAction } from "./harness";

const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"));
// The schema's language pattern is not valid with the u flag.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

function expectValidSarif(log: unknown): void {
  const valid = validate(log);
  expect(validate.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
}

describe("SARIF", () => {
  it("the schema check rejects a log without a tool", () => {
    expect(validate({ version: "2.1.0", runs: [{ results: [] }] })).toBe(false);
  });

  it("the action writes a valid log with the reported findings", () => {
    const repo = new Repo();
    const { headSha } = repo.pullRequest(
      { "go.mod": goMod("1.21") },
      { "closure.go": closureFile, "gen/fmt.go": 'package gen\n\nimport "fmt"\n\nfunc n(xs []int) string {\n\treturn fmt.Sprintf("%d", len(xs))\n}\n' },
    );
    const run = runAction(repo.root, { eventName: "pull_request", event: pullRequestEvent(headSha), inputs: { "sarif-file": "results/gotrap.sarif" } });
    expect(run.outputs["sarif-file"]).toBe("results/gotrap.sarif");
    const log = JSON.parse(readFileSync(path.join(repo.root, "results/gotrap.sarif"), "utf8"));
    expectValidSarif(log);
    const sarifRun = log.runs[0];
    expect(sarifRun.originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: `file://${repo.root}/` } });
    expect(sarifRun.columnKind).toBe("utf16CodeUnits");
    const rules = sarifRun.tool.driver.rules as { id: string; helpUri: string; defaultConfiguration: { level: string } }[];
    const gt101 = rules.find((rule) => rule.id === "GT101")!;
    expect(gt101).toMatchObject({ name: "loopvar-capture", helpUri: "https://gotrap.dev/rules/loopvar-capture", defaultConfiguration: { level: "warning" } });
    expect(sarifRun.results.map((result: any) => ({ ...result, partialFingerprints: Object.keys(result.partialFingerprints) }))).toEqual([
      {
        ruleId: "GT101",
        ruleIndex: rules.indexOf(gt101),
        level: "warning",
        message: { text: GT101_MESSAGE },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: "closure.go", uriBaseId: "%SRCROOT%" },
              region: { startLine: 6, startColumn: 23, endLine: 6, endColumn: 25 },
            },
          },
        ],
        partialFingerprints: ["gotrapFindingHash/v1"],
      },
      {
        ruleId: "GT307",
        ruleIndex: rules.findIndex((rule) => rule.id === "GT307"),
        level: "note",
        message: { text: "fmt.Sprintf(\"%d\", len(xs)) only converts one int: use strconv.Itoa(len(xs)), which skips fmt's format parsing and interface boxing" },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: "gen/fmt.go", uriBaseId: "%SRCROOT%" },
              region: { startLine: 6, startColumn: 9, endLine: 6, endColumn: 35 },
            },
          },
        ],
        partialFingerprints: ["gotrapFindingHash/v1"],
      },
    ]);
    expect(sarifRun.invocations).toEqual([{ executionSuccessful: true, toolExecutionNotifications: [] }]);
  });

  it("fingerprints survive edits elsewhere in the file", () => {
    const fingerprintOf = (source: string): string => {
      const repo = new Repo();
      repo.commit("base", { "go.mod": goMod("1.21"), "closure.go": source });
      const run = runCli(["check", "--format", "sarif", "--select", "GT101"], repo.root);
      const log = JSON.parse(run.stdout);
      expectValidSarif(log);
      return log.runs[0].results[0].partialFingerprints["gotrapFindingHash/v1"];
    };
    const original = fingerprintOf(closureFile);
    expect(original).toMatch(/^[0-9a-f]{32}$/);
    expect(fingerprintOf(`// Package main.\n\n${closureFile}`)).toBe(original);
    expect(fingerprintOf(closureFile.replace("&i", "&(i)"))).not.toBe(original);
  });

  it("the CLI's log with a run error is valid and says the run failed", () => {
    const repo = new Repo();
    repo.commit("base", { "go.mod": goMod("1.22"), "gotrap.toml": "bogus = 1\n" });
    const run = runCli(["check", "--format", "sarif"], repo.root);
    expect(run.status).toBe(2);
    const log = JSON.parse(run.stdout);
    expectValidSarif(log);
    expect(log.runs[0].invocations[0].executionSuccessful).toBe(false);
    expect(log.runs[0].invocations[0].toolExecutionNotifications[0].message.text).toMatch(/^gotrap\.toml:1: unknown field `bogus`/);
  });
});
