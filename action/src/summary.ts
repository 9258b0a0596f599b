// The job summary: every finding (rule, severity, file:line linked to the
// head commit, message), counts per rule and the runtime analyses, within
// GitHub's 1 MiB summary limit, cut explicitly when it would not fit.

import {
  benchBaseText,
  benchDeltaText,
  benchSignificance,
  benchValue,
  crashTitle,
  escapeHeadline,
  frameText,
  goroutinesHeadline,
  plural,
  userFrameOf,
  waitText,
} from "./client/format.js";
import type { Analysis, BenchAnalysis, EscapeAnalysis, Finding, GoroutineAnalysis, Report, Severity } from "./client/report.js";
import { ruleDocsUrl } from "./sarif.js";

/** GitHub refuses a step summary over 1 MiB; the rest leaves room for the closing lines. */
export const SUMMARY_BUDGET_BYTES = 1024 * 1024 - 16 * 1024;

export interface SummaryContext {
  /** `https://github.com/owner/repo/blob/<sha>/`, or null outside GitHub. */
  blobBase: string | null;
  /** One sentence on what was filtered out, if anything. */
  filterNote: string | null;
  /** Name of the SARIF file, if one was written. */
  sarifFile: string | null;
  fileCount: number;
  /** Findings the filter removed. */
  filteredOut: number;
}

/** Text for a Markdown table cell: no HTML, no cell breaks, one line. */
export function tableCell(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\|/g, "\\|")
    .replace(/\r?\n/g, " ");
}

function location(finding: Finding, blobBase: string | null): string {
  const text = tableCell(`${finding.path}:${finding.line}`);
  if (blobBase === null) return text;
  const url = `${blobBase}${finding.path.split("/").map(encodeURIComponent).join("/")}#L${finding.line}`;
  return `[${text}](${url})`;
}

function countBySeverity(findings: Finding[], severity: Severity): number {
  return findings.filter((finding) => finding.severity === severity).length;
}

function analysisSection(analysis: Analysis): string[] {
  const data = analysis.data as Record<string, unknown>;
  const lines = [`#### ${tableCell(analysis.path)} (${tableCell(analysis.kind)})`, ""];
  if (analysis.kind === "profile") {
    const types = (data.types ?? []) as { type: string; unit: string; total: number; top: { function: string; flat: number; flatPercent: number; cum: number; cumPercent: number }[] }[];
    for (const sampleType of types) {
      lines.push(`${tableCell(String(data.profile))} profile, \`${tableCell(sampleType.type)}\` (${tableCell(sampleType.unit)}), total ${sampleType.total}`, "");
      lines.push("| flat | flat% | cum | cum% | function |", "|---:|---:|---:|---:|---|");
      for (const row of sampleType.top.slice(0, 10)) {
        lines.push(`| ${row.flat} | ${row.flatPercent.toFixed(2)}% | ${row.cum} | ${row.cumPercent.toFixed(2)}% | ${tableCell(row.function)} |`);
      }
      lines.push("");
    }
  } else if (analysis.kind === "gctrace") {
    const summary = (data.summary ?? {}) as Record<string, unknown>;
    lines.push("| measure | value |", "|---|---|");
    lines.push(`| collections | ${String(data.gcLines)} |`);
    for (const [key, value] of Object.entries(summary)) {
      const entries = value !== null && typeof value === "object" ? Object.entries(value).map(([inner, v]) => [`${key}.${inner}`, v] as const) : [[key, value] as const];
      for (const [name, scalar] of entries) {
        if (typeof scalar === "number" || typeof scalar === "string") lines.push(`| ${tableCell(name)} | ${tableCell(String(scalar))} |`);
      }
    }
    lines.push("");
  } else if (analysis.kind === "goroutines") {
    lines.push(...goroutineSection(analysis.data as GoroutineAnalysis));
  } else if (analysis.kind === "bench") {
    lines.push(...benchSection(analysis.data as BenchAnalysis));
  } else if (analysis.kind === "escape") {
    lines.push(...escapeSection(analysis.data as EscapeAnalysis));
  } else {
    lines.push("The full analysis is in the JSON report (`gotrap check --format json`).", "");
  }
  return lines;
}

/** Rows shown per table; the JSON report has them all. */
const SUMMARY_TABLE_ROWS = 10;

function goroutineSection(data: GoroutineAnalysis): string[] {
  const lines: string[] = [];
  if (data.crash) lines.push(`${tableCell(crashTitle(data.crash))}: \`${tableCell(data.crash.message)}\``, "");
  lines.push(tableCell(goroutinesHeadline(data)), "");
  lines.push("| goroutines | state | waiting (minutes) | user frame | created by |", "|---:|---|---|---|---|");
  for (const group of data.groups.slice(0, SUMMARY_TABLE_ROWS)) {
    lines.push(`| ${group.count} | ${tableCell(group.state ?? "")} | ${waitText(group.waitMinutes)} | ${tableCell(frameText(userFrameOf(group)))} | ${tableCell(frameText(group.createdBy))} |`);
  }
  lines.push("");
  return lines;
}

function benchSection(data: BenchAnalysis): string[] {
  const lines: string[] = [];
  lines.push(tableCell(benchBaseText(data.base)), "");
  lines.push("| benchmark | unit | median | base | delta | significance |", "|---|---|---:|---:|---:|---:|");
  for (const row of data.rows.slice(0, SUMMARY_TABLE_ROWS)) {
    const comparison = row.comparison;
    const compared = comparison ? [benchValue(comparison.base), benchDeltaText(comparison), benchSignificance(comparison, row.summary)] : ["", "", ""];
    lines.push(`| ${[row.name, row.unit, benchValue(row.summary), ...compared].map(tableCell).join(" | ")} |`);
  }
  lines.push("");
  return lines;
}

function escapeSection(data: EscapeAnalysis): string[] {
  const lines = [escapeHeadline(data.counts), ""];
  lines.push("| file | moved to heap | escapes to heap |", "|---|---:|---:|");
  for (const file of data.heapByFile.slice(0, SUMMARY_TABLE_ROWS)) {
    lines.push(`| ${tableCell(file.file)} | ${file.movedToHeap} | ${file.escapesToHeap} |`);
  }
  lines.push("");
  return lines;
}

export function renderSummary(report: Report, shown: Finding[], context: SummaryContext): string {
  const head = [
    "## gotrap",
    "",
    `**${plural(shown.length, "finding")}** (${plural(countBySeverity(shown, "error"), "error")}, ` +
      `${plural(countBySeverity(shown, "warning"), "warning")}, ${countBySeverity(shown, "info")} info) in ${plural(context.fileCount, "file")}.` +
      (context.filterNote === null ? "" : ` ${context.filterNote}`),
    "",
  ];
  if (report.errors.length > 0) {
    head.push("### Run errors", "");
    for (const error of report.errors) head.push(`- ${tableCell(error.message)}`);
    head.push("");
  }
  const perRule = new Map<string, { name: string; slug: string; counts: Record<Severity, number> }>();
  for (const finding of shown) {
    const entry = perRule.get(finding.rule) ?? { name: finding.name, slug: finding.slug, counts: { error: 0, warning: 0, info: 0 } };
    entry.counts[finding.severity]++;
    perRule.set(finding.rule, entry);
  }
  if (perRule.size > 0) {
    head.push("### Per rule", "", "| rule | name | errors | warnings | info |", "|---|---|---:|---:|---:|");
    for (const [rule, { name, slug, counts }] of [...perRule].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      head.push(`| [${rule}](${ruleDocsUrl(slug)}) | ${name} | ${counts.error} | ${counts.warning} | ${counts.info} |`);
    }
    head.push("");
  }
  const tail: string[] = [];
  if (report.analyses.length > 0) {
    tail.push("### Runtime analyses", "");
    for (const analysis of report.analyses) tail.push(...analysisSection(analysis));
  }

  const encoder = new TextEncoder();
  let used = encoder.encode([...head, ...tail].join("\n")).byteLength;
  const table: string[] = [];
  if (shown.length > 0) {
    table.push("### Findings", "", "| rule | severity | location | message |", "|---|---|---|---|");
    used += encoder.encode(table.join("\n")).byteLength;
    let written = 0;
    for (const finding of shown) {
      const row = `| [${finding.rule}](${ruleDocsUrl(finding.slug)}) ${finding.name} | ${finding.severity} | ${location(finding, context.blobBase)} | ${tableCell(finding.message)} |`;
      const bytes = encoder.encode(row).byteLength + 1;
      if (used + bytes > SUMMARY_BUDGET_BYTES) break;
      table.push(row);
      used += bytes;
      written++;
    }
    if (written < shown.length) {
      const where = context.sarifFile === null ? "run with `sarif-file` set or `gotrap check --format json`" : `see SARIF (\`${tableCell(context.sarifFile)}\`)`;
      table.push("", `${shown.length - written} more — ${where}.`);
    }
    table.push("");
  }
  return [...head, ...table, ...tail].join("\n") + "\n";
}
