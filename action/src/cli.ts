#!/usr/bin/env node
// gotrap check: collects a workspace from the command line, runs the core on
// it, prints the findings and exits with the Contract v1 exit code.

import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import packageJson from "../package.json";
import { createNodeClient } from "./client/node.js";
import type { Options, Report, RunError } from "./client/report.js";
import { cwdRelativePaths, exitCode, formatFinding, formatRunError, formatSummary, type FailLevel } from "./output.js";
import { collectWorkspace, describeFsError, findConfigFile, readWorkspaceFiles, toPosix, type HostError } from "./workspace.js";

const USAGE = `Usage: gotrap check [flags] [files | dirs | ./... | ./pkg/...]

Finds Go traps (goroutine leaks, deadlocks, GC and module problems) in Go
source, go.mod/go.sum/go.work, CI files and runtime artifacts.

Directories are walked recursively (X/... is the same as X) and read only
*.go, go.mod, go.sum, go.work and CI files (.github/workflows/*.yml,
Dockerfile*, Makefile, *.mk, .envrc, *.sh, .gitlab-ci.yml); vendor/,
testdata/, _* and .* folders are skipped. Other files, such as profiles and
logs, are read only when named. With no argument, checks ./... .

Flags:
  --format text|json        output format (default text)
  --go-version VERSION      Go language version of every file (default: from go.mod)
  --select IDS              comma-separated rule ids, id prefixes or names to run
  --ignore IDS              comma-separated rule ids, id prefixes or names not to run
  --fail-level LEVEL        none|info|warning|error: lowest severity that fails (default warning)
  --config FILE             gotrap.toml to use (default: nearest from here up to the git root)
  --no-tests                skip _test.go files
  --artifact FILE           read a runtime artifact (repeatable)
  --help                    show this help
  --version                 show the version

Exit status: 2 on a run-level error, 1 on a finding at or above the fail
level, 0 otherwise.
`;

class UsageError extends Error {}

interface CheckCommand {
  paths: string[];
  format: "text" | "json";
  failLevel: FailLevel;
  noTests: boolean;
  configFile: string | null;
  goVersion: string | null;
  select: string[];
  ignore: string[];
}

type Command = { kind: "help" } | { kind: "version" } | ({ kind: "check" } & CheckCommand);

function commaList(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
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
        help: { type: "boolean", short: "h", default: false },
        version: { type: "boolean", default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };
  const [command, ...paths] = positionals;
  if (command !== "check") {
    throw new UsageError(command === undefined ? "no command given" : `unknown command ${JSON.stringify(command)}`);
  }
  if (values.format !== "text" && values.format !== "json") {
    throw new UsageError(`--format must be text or json, not ${JSON.stringify(values.format)}`);
  }
  const failLevel = values["fail-level"];
  if (failLevel !== "none" && failLevel !== "info" && failLevel !== "warning" && failLevel !== "error") {
    throw new UsageError(`--fail-level must be none, info, warning or error, not ${JSON.stringify(failLevel)}`);
  }
  return {
    kind: "check",
    paths: [...(paths.length > 0 ? paths : ["./..."]), ...values.artifact],
    format: values.format,
    failLevel,
    noTests: values["no-tests"],
    configFile: values.config ?? null,
    goVersion: values["go-version"] ?? null,
    select: commaList(values.select),
    ignore: commaList(values.ignore),
  };
}

/** Reads the config named by --config or found from cwd up to the git root. */
function readConfig(
  command: CheckCommand,
  cwd: string,
  root: string,
): { options: Pick<Options, "config" | "configPath">; error: HostError | null } {
  const configFile = command.configFile === null ? findConfigFile(cwd) : path.resolve(cwd, command.configFile);
  if (configFile === null) return { options: {}, error: null };
  try {
    // Like every path the core sees, relative to the workspace root.
    const configPath = toPosix(path.relative(root, configFile));
    return { options: { config: readFileSync(configFile, "utf8"), configPath }, error: null };
  } catch (error) {
    return { options: {}, error: { absolutePath: configFile, message: describeFsError(error) } };
  }
}

async function runCheck(command: CheckCommand, cwd: string): Promise<number> {
  const workspace = collectWorkspace(command.paths, { cwd, noTests: command.noTests });
  const { contents, errors: readErrors } = readWorkspaceFiles(workspace.files);
  const config = readConfig(command, cwd, workspace.root);
  const options: Options = {
    ...config.options,
    select: command.select,
    ignore: command.ignore,
    noTests: command.noTests,
    ...(command.goVersion === null ? {} : { goVersion: command.goVersion }),
  };

  const client = createNodeClient();
  let coreReport: Report;
  try {
    coreReport = await client.check({ files: contents, options });
  } finally {
    client.close();
  }

  const hostErrors: RunError[] = [...workspace.errors, ...readErrors, ...(config.error ? [config.error] : [])].map(
    (error) => {
      const shownPath = toPosix(path.relative(cwd, error.absolutePath)) || ".";
      return { message: `${shownPath}: ${error.message}`, path: shownPath };
    },
  );
  const shown = cwdRelativePaths(coreReport, workspace.root, cwd);
  const report: Report = { ...shown, errors: [...hostErrors, ...shown.errors] };

  if (command.format === "json") {
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } else {
    process.stdout.write(report.findings.map((finding) => `${formatFinding(finding)}\n`).join(""));
    process.stderr.write(report.errors.map((error) => `${formatRunError(error)}\n`).join(""));
    process.stderr.write(`${formatSummary(report, contents.length)}\n`);
  }
  return exitCode(report, command.failLevel);
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
    case "check":
      return runCheck(command, process.cwd());
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
