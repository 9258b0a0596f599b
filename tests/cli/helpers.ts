// Temporary workspaces and CLI runs for the CLI tests.

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import type { Report } from "../../action/src/client/report";
import { cliFile } from "../paths";

const createdTrees: string[] = [];

afterAll(() => {
  for (const tree of createdTrees) rmSync(tree, { recursive: true, force: true });
});

/**
 * Writes files under a new temporary directory and returns its path. The
 * directory is a git root, so no go.mod or gotrap.toml above it is found.
 */
export function makeTree(files: Record<string, string | Uint8Array>): string {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), "gotrap-cli-")));
  createdTrees.push(root);
  mkdirSync(path.join(root, ".git"));
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return root;
}

/** Makes a named pipe (Node has no mkfifo); reading it would block until a writer comes. */
export function makeFifo(file: string): void {
  const made = spawnSync("mkfifo", [file], { encoding: "utf8" });
  if (made.status !== 0) throw new Error(`mkfifo ${file}: ${made.stderr}`);
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], cwd: string): CliRun {
  const result = spawnSync(process.execPath, [cliFile, ...args], { cwd, encoding: "utf8", timeout: 60_000 });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs with --format json and parses the Report. */
export function runCliJson(args: string[], cwd: string): { status: number | null; report: Report; stderr: string } {
  const run = runCli(["check", "--format", "json", ...args], cwd);
  let report: Report;
  try {
    report = JSON.parse(run.stdout) as Report;
  } catch {
    throw new Error(`not a JSON report (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  }
  return { status: run.status, report, stderr: run.stderr };
}

/**
 * Severity and position of each finding of one rule. Tests look at the rule
 * they are about, so rules added later (GT505 on go lines) do not break them.
 */
export function findingSummary(report: Report, rule = "GT101"): string[] {
  return report.findings
    .filter((finding) => finding.rule === rule)
    .map((f) => `${f.rule} ${f.severity} ${f.path}:${f.line}:${f.column}`);
}

export const goMod = (version: string): string => `module example.com/m\n\ngo ${version}\n`;
