// The widget's source-only core (crate/pkg-source: cargo features `artifacts`,
// `module-rules`, `rule-docs`, `config-file` and `staged` off) reports on Go
// source exactly as the full core does, go.mod and go.work setting each
// file's Go version (the reason it gives for a skipped file aside), has no
// module rules and skips go.sum, CI files and runtime artifacts with a
// reason, answers gotrap.toml text with a run-level error (it has no toml
// reader), analyses a workspace only whole, and its registry names every
// rule it runs as the full one does, without their docs.

import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { RuleInfo } from "../../action/src/client/report";
import { parseTxtar } from "../../action/src/client/txtar";
import * as sourceOnly from "../../crate/pkg-source/gotrap.js";
import { repoRoot, ruleFixturesDir } from "../paths";
import { core as full } from "./wasm-core";

sourceOnly.initSync({ module: readFileSync(`${repoRoot}crate/pkg-source/gotrap_bg.wasm`) });

/** What both builds export for a workspace: its Session, as the source-only core has it (the full one has more). */
type SessionCore = Pick<typeof sourceOnly, "Session">;

function report(core: SessionCore, files: { name: string; data: Uint8Array }[], optionsJson?: string): string {
  const session = new core.Session();
  try {
    if (optionsJson !== undefined) session.setOptions(optionsJson);
    for (const file of files) session.setFile(file.name, file.data);
    return session.analyze();
  } finally {
    session.free();
  }
}

const sourceFixtures = readdirSync(ruleFixturesDir).filter((name) => /^GT[0-4]\d\d.*\.txtar$/.test(name));
const MODULE_RULES = ["GT501", "GT502", "GT503", "GT504", "GT505", "GT506"];
/** Why the source-only core skips a go.sum or CI file. */
const MODULE_ONLY = "read by the module rules only (GT501–GT506), which need the full build of the core (feature `module-rules`)";
const rulesFound = (json: string) => (JSON.parse(json) as { findings: { rule: string }[] }).findings.map((finding) => finding.rule);

interface ReportJson {
  findings: { rule: string; path: string }[];
  skipped: { path: string; reason: string }[];
}

describe("the source-only core", () => {
  it.each(sourceFixtures)("reports %s as the full core does, but for the module rules and the files only they read", (fixture) => {
    const files = parseTxtar(readFileSync(ruleFixturesDir + fixture)).files;
    const sourceReport = JSON.parse(report(sourceOnly, files)) as ReportJson;
    const moduleOnly = new Set(sourceReport.skipped.filter((skipped) => skipped.reason === MODULE_ONLY).map((skipped) => skipped.path));
    const comparable = (parsed: ReportJson) => ({
      ...parsed,
      findings: parsed.findings.filter((finding) => !MODULE_RULES.includes(finding.rule) && !moduleOnly.has(finding.path)),
      skipped: parsed.skipped.map((skipped) => skipped.path).filter((path) => !moduleOnly.has(path)),
    });
    expect(comparable(sourceReport)).toEqual(comparable(JSON.parse(report(full, files)) as ReportJson));
  });

  it("skips a runtime artifact the full core analyses", () => {
    const files = [{ name: "pressure.log", data: readFileSync(`${repoRoot}tests/artifacts/gctrace/pressure.log`) }];
    expect(JSON.parse(report(full, files)).analyses.map((analysis: { kind: string }) => analysis.kind)).toEqual(["gctrace"]);
    expect(JSON.parse(report(sourceOnly, files)).skipped).toEqual([
      { path: "pressure.log", reason: "not a Go source, module or CI file; runtime artifacts need the full build of the core (feature `artifacts`)" },
    ]);
  });

  it("has no module rules, and skips the files only they read", () => {
    const moduleFixtures = readdirSync(ruleFixturesDir).filter((name) => /^GT5\d\d.*\.txtar$/.test(name));
    expect([...new Set(moduleFixtures.map((name) => name.slice(0, 5)))]).toEqual(MODULE_RULES);
    for (const fixture of moduleFixtures) {
      const files = parseTxtar(readFileSync(ruleFixturesDir + fixture)).files;
      expect(rulesFound(report(full, files)), fixture).toContain(fixture.slice(0, 5));
      expect(rulesFound(report(sourceOnly, files)).filter((rule) => rule.startsWith("GT5")), fixture).toEqual([]);
    }
    const text = (data: string) => new TextEncoder().encode(data);
    const files = [
      { name: ".github/workflows/ci.yml", data: text("env:\n  GOFLAGS: -insecure\n") },
      { name: "go.mod", data: text("module example.com/m\n\ngo 1.21\n") },
      { name: "go.sum", data: text("example.com/x v1.0.0 h1:abc=\n") },
      { name: "main.go", data: text("package main\n\nfunc main() {}\n") },
    ];
    expect(JSON.parse(report(sourceOnly, files)).skipped).toEqual([
      { path: ".github/workflows/ci.yml", reason: MODULE_ONLY },
      { path: "go.sum", reason: MODULE_ONLY },
    ]);
    expect(JSON.parse(report(full, files)).skipped).toEqual([]);
  });

  it("says it does not read gotrap.toml rather than running without it", () => {
    const source = "package main\n\nfunc pointers() []*int {\n\tvar ptrs []*int\n\tfor i := 0; i < 3; i++ {\n\t\tptrs = append(ptrs, &i)\n\t}\n\treturn ptrs\n}\n";
    const files = [{ name: "main.go", data: new TextEncoder().encode(source) }];
    const options = JSON.stringify({ config: 'ignore = ["GT101"]\n', configPath: "docs/gotrap.toml" });
    expect(rulesFound(report(full, files))).toContain("GT101");
    expect(rulesFound(report(full, files, options))).not.toContain("GT101");
    expect(JSON.parse(report(sourceOnly, files, options))).toMatchObject({
      findings: [],
      errors: [
        {
          message:
            "docs/gotrap.toml: not read: this build of the core has no gotrap.toml support (feature `config-file`); pass select, ignore, goVersion and limits as options",
          path: "docs/gotrap.toml",
        },
      ],
    });
  });

  it("has no staged runs, which only hosts spreading a workspace over instances use", () => {
    const staged = ["analyzeSources", "analyzeWithImports"];
    const fullSession = new full.Session();
    const sourceSession = new sourceOnly.Session();
    try {
      expect(staged.filter((name) => name in fullSession)).toEqual(staged);
      expect(staged.filter((name) => name in sourceSession)).toEqual([]);
    } finally {
      fullSession.free();
      sourceSession.free();
    }
  });

  it("names the rules it runs as the full registry does, without docs or examples", () => {
    const fullRules = JSON.parse(full.rules()) as RuleInfo[];
    const sourceRules = JSON.parse(sourceOnly.rules()) as RuleInfo[];
    const undocumented = (rule: RuleInfo) => ({ ...rule, docs: "", examples: [] });
    expect(sourceRules).toEqual(fullRules.filter((rule) => rule.family !== "runtime" && !MODULE_RULES.includes(rule.id)).map(undocumented));
    expect(fullRules.filter((rule) => rule.family === "runtime").map((rule) => rule.id)).toEqual(["GT601", "GT602", "GT603", "GT604", "GT605", "GT606", "GT607", "GT608"]);
  });
});
