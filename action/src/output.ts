// How the CLI shows a Report as text (go vet style lines and a summary), and
// the Contract v1 exit code every surface shares.

import path from "node:path";
import { plural } from "./client/format.js";
import type { Finding, Report, RunError, Severity } from "./client/report.js";
import { toPosix } from "./workspace.js";

export type FailLevel = Severity | "none";

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** Maps the core's root-relative paths to paths relative to a display directory (the CLI's cwd, the action's workspace). */
export function displayRelativePaths(report: Report, root: string, displayRoot: string): Report {
  const display = (rootRelative: string): string => toPosix(path.relative(displayRoot, path.resolve(root, rootRelative))) || ".";
  return {
    ...report,
    findings: report.findings.map((finding) => ({
      ...finding,
      path: display(finding.path),
      related: finding.related.map((related) => ({ ...related, path: display(related.path) })),
    })),
    analyses: report.analyses.map((analysis) => ({ ...analysis, path: display(analysis.path) })),
    skipped: report.skipped.map((skipped) => ({ ...skipped, path: display(skipped.path) })),
    errors: report.errors.map((error) => (typeof error.path === "string" ? { ...error, path: display(error.path) } : error)),
  };
}

export function formatFinding(finding: Finding): string {
  return `${finding.path}:${finding.line}:${finding.column}: ${finding.rule} ${finding.message}`;
}

/** A run-level error's message names its location itself (`gotrap.toml:3: ...`). */
export function formatRunError(error: RunError): string {
  return `gotrap: error: ${error.message}`;
}

/** `gotrap: 1 finding (0 errors, 1 warning, 0 info) in 3 files`, then what else the run met. */
export function formatSummary(report: Report, fileCount: number): string {
  const count = (severity: Severity): number => report.findings.filter((finding) => finding.severity === severity).length;
  let summary =
    `gotrap: ${plural(report.findings.length, "finding")} ` +
    `(${plural(count("error"), "error")}, ${plural(count("warning"), "warning")}, ${count("info")} info) ` +
    `in ${plural(fileCount, "file")}`;
  if (report.skipped.length > 0) summary += `, ${report.skipped.length} skipped`;
  if (report.errors.length > 0) summary += `; ${plural(report.errors.length, "run-level error")}`;
  return summary;
}

/** Contract v1: 2 on any run-level error, else 1 on a finding at or above the fail level, else 0. */
export function exitCode(report: Report, failLevel: FailLevel): number {
  if (report.errors.length > 0) return 2;
  if (failLevel === "none") return 0;
  const threshold = SEVERITY_RANK[failLevel];
  return report.findings.some((finding) => SEVERITY_RANK[finding.severity] >= threshold) ? 1 : 0;
}
