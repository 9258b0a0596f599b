#!/usr/bin/env node
// The `gotrap` command: `check` collects a workspace from the command line,
// runs the core on it, prints the findings and exits with the Contract v1
// exit code; `compare BASE NEW` compares two profiles or goroutine snapshots;
// `rules` lists the registry; `explain RULE` prints a rule's docs.

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import packageJson from "../package.json";
import { readBaseline, newFindings, writeBaseline } from "./baseline.js";
import { changedLines, FILTER_MODES, filterFindings, isFromArtifact, type ChangedLines, type FilterMode } from "./changes.js";
import { createNodeClient } from "./client/node.js";
import { formatComparison } from "./compare.js";
import type { Applicability, Report, RuleInfo } from "./client/report.js";
import { applyFixes } from "./fix.js";
import { annotationCommands, DEFAULT_MAX_ANNOTATIONS } from "./github.js";
import { exitCode, formatFinding, formatRunError, formatSummary, type FailLevel } from "./output.js";
import { registry, runCheck, type RunRequest } from "./run.js";
import { toSarif } from "./sarif.js";

const USAGE = `Usage: gotrap check [flags] [files | dirs | ./... | ./pkg/...]
       gotrap compare [--normalize] [--format text|json] [--type TYPE] [--nodes N] BASE NEW
       gotrap rules [--format text|json]
       gotrap explain RULE

Finds Go traps (goroutine leaks, deadlocks, GC and module problems) in Go
source, go.mod/go.sum/go.work, CI files and runtime artifacts.

Directories are walked recursively (X/... is the same as X) and read only
*.go, go.mod, go.sum, go.work and CI files (.github/workflows/*.yml,
Dockerfile*, Makefile, *.mk, .envrc, *.sh, .gitlab-ci.yml); vendor/,
testdata/, _* and .* folders are skipped. Other files, such as profiles and
logs, are read only when named. With no argument, checks ./... .

Flags of check:
  --format FORMAT           text, json, sarif (SARIF 2.1.0) or github (workflow commands); default text
  --go-version VERSION      Go language version of every file (default: from go.mod)
  --select IDS              comma-separated rule ids, id prefixes or names to run
  --ignore IDS              comma-separated rule ids, id prefixes or names not to run
  --fail-level LEVEL        none|info|warning|error: lowest severity that fails (default warning)
  --config FILE             gotrap.toml to use (default: nearest from here up to the git root)
  --no-tests                skip _test.go files
  --artifact FILE           read a runtime artifact (repeatable)
  --diff REF                report only findings on lines changed since the git revision REF
  --filter-mode MODE        with --diff: added (default), diff_context, file or nofilter
  --fix                     apply safe fixes to the files, then report what is left
  --unsafe-fixes            with --fix: apply unsafe fixes too
  --baseline FILE           record the findings in FILE if it does not exist; else report only new ones
  --jobs N                  worker threads (default: one per core)
  --help                    show this help
  --version                 show the version

compare shows how NEW differs from BASE: two pprof profiles of one type
function by function (flat and cum of NEW minus BASE, as go tool pprof
-top -diff_base=BASE NEW; --normalize scales NEW to BASE's total first, as
-normalize), or two goroutine snapshots (goroutine dumps or goroutine
profiles: the stacks whose goroutines grew, as leaks do). Flags of compare:
  --normalize               scale NEW so each sample type totals as in BASE
  --format FORMAT           text or json (the Comparison); default text
  --type TYPE               sample type to show as text (default: the last, as pprof)
  --nodes N                 rows to show as text (default 20)

Exit status: 2 on a run-level error (for compare: a file that cannot be
read or compared), 1 on a finding at or above the fail level, 0 otherwise.
`;

class UsageError extends Error {}

type Format = "text" | "json" | "sarif" | "github";
const FORMATS: Format[] = ["text", "json", "sarif", "github"];
const FAIL_LEVELS: FailLevel[] = ["none", "info", "warning", "error"];

interface CheckCommand {
  request: Omit<RunRequest, "cwd" | "displayRoot">;
  format: Format;
  failLevel: FailLevel;
  diff: string | null;
  filterMode: FilterMode;
  fix: Set<Applicability> | null;
  baseline: string | null;
}

type Command =
  | { kind: "help" }
  | { kind: "version" }
  | { kind: "rules"; format: Format }
  | { kind: "explain"; rule: string }
  | { kind: "compare"; base: string; new: string; normalize: boolean; format: "text" | "json"; sampleType: string | null; rows: number }
  | ({ kind: "check" } & CheckCommand);

function commaList(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    const list = allowed.length === 2 ? allowed.join(" or ") : `${allowed.slice(0, -1).join(", ")} or ${allowed.at(-1)}`;
    throw new UsageError(`${flag} must be ${list}, not ${JSON.stringify(value)}`);
  }
  return value as T;
}

function parseCommand(argv: string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: "string", default: "text" },
        "go-version": { type: "string" },
        select: { type: "string" },
        ignore: { type: "string" },
        "fail-level": { type: "string", default: "warning" },
        config: { type: "string" },
        "no-tests": { type: "boolean", default: false },
        artifact: { type: "string", multiple: true, default: [] },
        diff: { type: "string" },
        "filter-mode": { type: "string", default: "added" },
        fix: { type: "boolean", default: false },
        "unsafe-fixes": { type: "boolean", default: false },
        baseline: { type: "string" },
        jobs: { type: "string", default: "0" },
        help: { type: "boolean", short: "h", default: false },
        version: { type: "boolean", default: false },
        normalize: { type: "boolean", default: false },
        type: { type: "string" },
        nodes: { type: "string", default: "20" },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };
  const [command, ...rest] = positionals;
  const format = oneOf("--format", values.format, FORMATS);
  if (command === "rules") {
    if (rest.length > 0) throw new UsageError("rules takes no arguments");
    return { kind: "rules", format: oneOf("--format", values.format, ["text", "json"] as const) };
  }
  if (command === "explain") {
    if (rest.length !== 1) throw new UsageError("explain takes one rule id or name, as in: gotrap explain GT201");
    return { kind: "explain", rule: rest[0]! };
  }
  if (command === "compare") {
    if (rest.length !== 2) throw new UsageError("compare takes two files, as in: gotrap compare base.pb.gz new.pb.gz");
    const rows = Number(values.nodes);
    if (!Number.isInteger(rows) || rows < 0) throw new UsageError(`--nodes must be a whole number, not ${JSON.stringify(values.nodes)}`);
    return {
      kind: "compare",
      base: rest[0]!,
      new: rest[1]!,
      normalize: values.normalize,
      format: oneOf("--format", values.format, ["text", "json"] as const),
      sampleType: values.type ?? null,
      rows,
    };
  }
  if (values.normalize || values.type !== undefined) throw new UsageError("--normalize and --type go with compare");
  if (command !== "check") {
    throw new UsageError(command === undefined ? "no command given" : `unknown command ${JSON.stringify(command)}`);
  }
  const jobs = Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 0) throw new UsageError(`--jobs must be a whole number, not ${JSON.stringify(values.jobs)}`);
  if (values["unsafe-fixes"] && !values.fix) throw new UsageError("--unsafe-fixes goes with --fix");
  return {
    kind: "check",
    request: {
      paths: rest.length > 0 ? rest : ["./..."],
      artifacts: values.artifact,
      configFile: values.config ?? null,
      goVersion: values["go-version"] ?? null,
      select: commaList(values.select),
      ignore: commaList(values.ignore),
      noTests: values["no-tests"],
      jobs,
    },
    format,
    failLevel: oneOf("--fail-level", values["fail-level"], FAIL_LEVELS),
    diff: values.diff ?? null,
    filterMode: oneOf("--filter-mode", values["filter-mode"], FILTER_MODES),
    fix: values.fix ? new Set<Applicability>(values["unsafe-fixes"] ? ["safe", "unsafe"] : ["safe"]) : null,
    baseline: values.baseline ?? null,
  };
}

async function runCheckCommand(command: CheckCommand, cwd: string): Promise<number> {
  const request: RunRequest = { ...command.request, cwd, displayRoot: cwd };
  let result = await runCheck(request);
  if (command.fix !== null && result.report.errors.length === 0) {
    const fixed = applyFixes(result.report.findings, command.fix, result);
    for (const failure of fixed.failures) process.stderr.write(`gotrap: error: ${failure.path}: cannot write the fix: ${failure.message}\n`);
    process.stderr.write(`gotrap: fixed ${fixed.fixedFindings} ${fixed.fixedFindings === 1 ? "finding" : "findings"} in ${fixed.fixedFiles.length} ${fixed.fixedFiles.length === 1 ? "file" : "files"}\n`);
    if (fixed.fixedFiles.length > 0) result = await runCheck(request);
    if (fixed.failures.length > 0) {
      result.report.errors.push(...fixed.failures.map((failure) => ({ message: `${failure.path}: cannot write the fix: ${failure.message}`, path: failure.path })));
    }
  }

  let findings = result.report.findings;
  let changes: ChangedLines | null = null;
  if (command.diff !== null && command.filterMode !== "nofilter") {
    try {
      changes = await changedLines(command.diff, null, command.filterMode, { cwd, displayRoot: cwd });
    } catch (error) {
      throw new Error(`--diff ${command.diff}: git diff failed: ${error instanceof Error ? error.message.trim().split("\n").at(-1) : String(error)}`);
    }
    findings = filterFindings(findings, command.filterMode, changes, isFromArtifact(await registry(), result.artifactPaths));
  }
  if (command.baseline !== null) {
    const baselinePath = path.resolve(cwd, command.baseline);
    if (!existsSync(baselinePath)) {
      writeBaseline(baselinePath, findings, result.contents, cwd);
      process.stderr.write(`gotrap: recorded ${findings.length} ${findings.length === 1 ? "finding" : "findings"} in ${command.baseline}; later runs report only new ones\n`);
      findings = [];
    } else {
      findings = newFindings(baselinePath, readBaseline(baselinePath), findings, result.contents, cwd);
    }
  }
  const report: Report = { ...result.report, findings };

  switch (command.format) {
    case "json":
      process.stdout.write(`${JSON.stringify(report)}\n`);
      break;
    case "sarif": {
      const rules = await registry();
      const sarif = toSarif(report, { rules, toolVersion: report.toolVersion, contents: result.contents, sourceRoot: cwd });
      process.stdout.write(`${JSON.stringify(sarif.log, null, 2)}\n`);
      if (sarif.omitted > 0) process.stderr.write(`gotrap: ${sarif.omitted} findings are not in the SARIF output (at most 25000 results)\n`);
      break;
    }
    case "github": {
      const commands = annotationCommands(report.findings, {
        changes,
        max: DEFAULT_MAX_ANNOTATIONS,
        reservedNotices: 0,
        elsewhere: "run gotrap check --format text or --format sarif to see them all",
      });
      process.stdout.write(commands.map((line) => `${line}\n`).join(""));
      process.stderr.write(report.errors.map((error) => `${formatRunError(error)}\n`).join(""));
      process.stderr.write(`${formatSummary(report, result.fileCount)}\n`);
      break;
    }
    case "text":
      process.stdout.write(report.findings.map((finding) => `${formatFinding(finding)}\n`).join(""));
      process.stderr.write(report.errors.map((error) => `${formatRunError(error)}\n`).join(""));
      process.stderr.write(`${formatSummary(report, result.fileCount)}\n`);
      break;
  }
  return exitCode(report, command.failLevel);
}

async function runCompareCommand(command: Extract<Command, { kind: "compare" }>): Promise<number> {
  const read = (file: string): Uint8Array | null => {
    try {
      return readFileSync(file);
    } catch (error) {
      const reason = error instanceof Error && "code" in error && error.code === "ENOENT" ? "no such file" : error instanceof Error ? error.message : String(error);
      process.stderr.write(`gotrap: error: ${file}: cannot read: ${reason}\n`);
      return null;
    }
  };
  const [base, next] = [read(command.base), read(command.new)];
  if (base === null || next === null) return 2;
  const client = createNodeClient();
  let comparison;
  try {
    comparison = await client.compare({ base: { path: command.base, content: base }, new: { path: command.new, content: next }, options: { normalize: command.normalize } });
  } finally {
    client.close();
  }
  if (command.format === "json") {
    process.stdout.write(`${JSON.stringify(comparison)}\n`);
  } else if (comparison.errors.length === 0) {
    process.stdout.write(`${formatComparison(comparison, { sampleType: command.sampleType, rows: command.rows })}\n`);
  }
  process.stderr.write(comparison.errors.map((error) => `${formatRunError(error)}\n`).join(""));
  return comparison.errors.length > 0 ? 2 : 0;
}

function findRule(rules: RuleInfo[], wanted: string): RuleInfo | undefined {
  const key = wanted.toLowerCase();
  return rules.find((rule) => rule.id.toLowerCase() === key || rule.name === key || rule.slug === key);
}

async function main(argv: string[]): Promise<number> {
  let command: Command;
  try {
    command = parseCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`gotrap: ${error.message}\nRun 'gotrap --help' for usage.\n`);
    return 2;
  }
  switch (command.kind) {
    case "help":
      process.stdout.write(USAGE);
      return 0;
    case "version": {
      const client = createNodeClient();
      try {
        const core = await client.coreInfo();
        process.stdout.write(`gotrap ${packageJson.version} (core ${core.toolVersion}, report schema ${core.schemaVersion})\n`);
      } finally {
        client.close();
      }
      return 0;
    }
    case "rules": {
      const rules = await registry();
      if (command.format === "json") {
        process.stdout.write(`${JSON.stringify(rules)}\n`);
      } else {
        const width = Math.max(...rules.map((rule) => rule.name.length));
        process.stdout.write(rules.map((rule) => `${rule.id}  ${rule.severity.padEnd(7)}  ${rule.name.padEnd(width)}  ${rule.summary}\n`).join(""));
      }
      return 0;
    }
    case "explain": {
      const rule = findRule(await registry(), command.rule);
      if (rule === undefined) {
        process.stderr.write(`gotrap: no rule ${JSON.stringify(command.rule)}; 'gotrap rules' lists them\n`);
        return 2;
      }
      process.stdout.write(`${rule.id} ${rule.name} (${rule.severity})\n\n${rule.docs.trimEnd()}\n`);
      return 0;
    }
    case "check":
      return runCheckCommand(command, process.cwd());
    case "compare":
      return runCompareCommand(command);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`gotrap: error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
