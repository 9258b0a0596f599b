import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Report, RuleInfo } from "../../action/src/client/report";
import { badClosure, repoRoot } from "../paths";
import { core } from "./wasm-core";

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

describe("the wasm core in Node", () => {
  it("reports the crate's version and the Contract v1 schema version", () => {
    const cargoToml = readFileSync(`${repoRoot}crate/Cargo.toml`, "utf8");
    const crateVersion = /^version = "([^"]+)"$/m.exec(cargoToml)?.[1];
    expect(core.version()).toBe(crateVersion);
    expect(core.schemaVersion()).toBe(1);
  });

  it("exports the rule registry with the reserved ids and the first rules", () => {
    const rules = JSON.parse(core.rules()) as RuleInfo[];
    const summary = new Map(rules.map((rule) => [rule.id, `${rule.name} ${rule.severity}`]));
    expect(Object.fromEntries(["GT000", "GT001", "GT002", "GT003", "GT101", "GT201", "GT206"].map((id) => [id, summary.get(id)]))).toEqual({
      GT000: "syntax-error info",
      GT001: "unused-ignore info",
      GT002: "over-limit warning",
      GT003: "malformed-input warning",
      GT101: "loopvar-capture warning",
      GT201: "goroutine-blocked-forever warning",
      GT206: "unbuffered-send-deadlock error",
    });
    const ids = rules.map((rule) => rule.id);
    expect(ids).toEqual([...ids].sort());
  });

  it("analyses a session, and forgets removed files", () => {
    const session = new core.Session();
    try {
      const empty = JSON.parse(session.analyze()) as Report;
      expect(empty).toEqual({
        schemaVersion: 1,
        toolVersion: core.version(),
        findings: [],
        analyses: [],
        skipped: [],
        errors: [],
      });

      session.setFile("main.go", encode(badClosure));
      const report = JSON.parse(session.analyze()) as Report;
      expect(report.errors).toEqual([]);
      expect(report.findings.map((f) => [f.rule, f.severity, f.path, f.line, f.column, f.endLine, f.endColumn])).toEqual([
        ["GT101", "info", "main.go", 4, 21, 4, 23],
      ]);
      const finding = report.findings[0]!;
      expect(new TextDecoder().decode(encode(badClosure).slice(finding.byteStart, finding.byteEnd))).toBe("&i");

      session.removeFile("main.go");
      expect((JSON.parse(session.analyze()) as Report).findings).toEqual([]);
    } finally {
      session.free();
    }
  });

  it("turns invalid options into a run-level error", () => {
    const session = new core.Session();
    try {
      session.setOptions('{"selct":["GT1"]}');
      const report = JSON.parse(session.analyze()) as Report;
      expect(report.errors).toHaveLength(1);
      expect(report.errors[0]!.message).toMatch(/^invalid options: unknown field `selct`/);
    } finally {
      session.free();
    }
  });
});
