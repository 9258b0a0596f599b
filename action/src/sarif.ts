// The Report as SARIF 2.1.0, as GitHub code scanning reads it: rule metadata
// with help from the registry, locations relative to %SRCROOT%, partial
// fingerprints, and at most GitHub's 25,000 results per run.

import type { Finding, Report, RuleInfo, Severity } from "./client/report.js";
import { fingerprints } from "./fingerprint.js";

/** GitHub code scanning keeps at most this many results of one run. */
export const SARIF_MAX_RESULTS = 25_000;

/** Where each rule's documentation lives, by its slug. */
export function ruleDocsUrl(slug: string): string {
  return `https://gotrap.dev/rules/${slug}`;
}

const SARIF_LEVEL: Record<Severity, "error" | "warning" | "note"> = { error: "error", warning: "warning", info: "note" };

/** A POSIX relative path as a relative URI reference: each segment percent-encoded. */
export function relativeUri(posixPath: string): string {
  return posixPath.split("/").map(encodeURIComponent).join("/");
}

export interface SarifOptions {
  rules: RuleInfo[];
  toolVersion: string;
  /** The file contents by path, for partial fingerprints. */
  contents: Map<string, Uint8Array>;
  /** Absolute directory the paths are relative to, as a file URI base. */
  sourceRoot: string;
}

export interface SarifResult {
  log: object;
  /** Results left out past SARIF_MAX_RESULTS. */
  omitted: number;
}

function region(place: { line: number; columnUtf16: number; endLine: number; endColumnUtf16: number }): object {
  return { startLine: place.line, startColumn: place.columnUtf16, endLine: place.endLine, endColumn: place.endColumnUtf16 };
}

export function toSarif(report: Report, options: SarifOptions): SarifResult {
  const kept = report.findings.slice(0, SARIF_MAX_RESULTS);
  const prints = fingerprints(kept, options.contents);
  const ruleIndex = new Map(options.rules.map((rule, index) => [rule.id, index]));
  const results = kept.map((finding: Finding, index) => ({
    ruleId: finding.rule,
    ...(ruleIndex.has(finding.rule) ? { ruleIndex: ruleIndex.get(finding.rule) } : {}),
    level: SARIF_LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [
      { physicalLocation: { artifactLocation: { uri: relativeUri(finding.path), uriBaseId: "%SRCROOT%" }, region: region(finding) } },
    ],
    ...(finding.related.length > 0
      ? {
          relatedLocations: finding.related.map((related, relatedIndex) => ({
            id: relatedIndex,
            physicalLocation: { artifactLocation: { uri: relativeUri(related.path), uriBaseId: "%SRCROOT%" }, region: region(related) },
            message: { text: related.message },
          })),
        }
      : {}),
    partialFingerprints: { "gotrapFindingHash/v1": prints[index] },
    ...(typeof finding.weight === "number" ? { rank: Math.min(100, Math.max(0, finding.weight * 100)) } : {}),
  }));
  const notifications = [
    ...report.errors.map((error) => ({ level: "error", message: { text: error.message } })),
    ...(report.findings.length > kept.length
      ? [
          {
            level: "warning",
            message: {
              text: `${report.findings.length - kept.length} more findings are not in this file: GitHub code scanning keeps at most ${SARIF_MAX_RESULTS} results per run`,
            },
          },
        ]
      : []),
  ];
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "gotrap",
            version: options.toolVersion,
            semanticVersion: options.toolVersion,
            informationUri: "https://gotrap.dev",
            rules: options.rules.map((rule) => ({
              id: rule.id,
              name: rule.name,
              shortDescription: { text: rule.summary },
              fullDescription: { text: rule.summary },
              help: { text: rule.docs, markdown: rule.docs },
              helpUri: ruleDocsUrl(rule.slug),
              defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
              properties: { tags: [rule.family], "problem.severity": rule.severity === "info" ? "recommendation" : rule.severity },
            })),
          },
        },
        originalUriBaseIds: { "%SRCROOT%": { uri: directoryUri(options.sourceRoot) } },
        columnKind: "utf16CodeUnits",
        invocations: [{ executionSuccessful: report.errors.length === 0, toolExecutionNotifications: notifications }],
        results,
      },
    ],
  };
  return { log, omitted: report.findings.length - kept.length };
}

function directoryUri(absoluteDirectory: string): string {
  const posix = absoluteDirectory.split("\\").join("/");
  const withSlash = posix.endsWith("/") ? posix : `${posix}/`;
  return `file://${withSlash.startsWith("/") ? "" : "/"}${relativeUri(withSlash)}`;
}
