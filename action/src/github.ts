// Findings as GitHub workflow commands (`::warning file=...::message`), and
// the choice of which findings get one of the few annotations GitHub shows.

import type { Finding, Severity } from "./client/report.js";
import type { ChangedLines } from "./changes.js";
import { SEVERITY_RANK } from "./output.js";

export type AnnotationLevel = "error" | "warning" | "notice";

export const ANNOTATION_LEVEL: Record<Severity, AnnotationLevel> = { error: "error", warning: "warning", info: "notice" };

/** GitHub shows at most this many annotations of each level per step. */
export const ANNOTATIONS_PER_LEVEL = 10;

/** Finding annotations per step by default: ten of each level. */
export const DEFAULT_MAX_ANNOTATIONS = 3 * ANNOTATIONS_PER_LEVEL;

/** Escapes a command's message as the runner decodes it. */
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escapes a command property value (file names, titles): also `:` and `,`. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

export function workflowCommand(level: AnnotationLevel, properties: [string, string | number][], message: string): string {
  const props = properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(",");
  return `::${level}${props === "" ? "" : ` ${props}`}::${escapeData(message)}`;
}

/** A finding's annotation: columns in UTF-16 code units, an end column only on one-line spans. */
export function annotationCommand(finding: Finding): string {
  const properties: [string, string | number][] = [
    ["file", finding.path],
    ["line", finding.line],
    ["col", finding.columnUtf16],
    ["endLine", finding.endLine],
  ];
  if (finding.endLine === finding.line) properties.push(["endColumn", finding.endColumnUtf16]);
  properties.push(["title", `${finding.rule} ${finding.name}`]);
  return workflowCommand(ANNOTATION_LEVEL[finding.severity], properties, finding.message);
}

/** Lines between a finding and the nearest changed line of its file; Infinity when its file has none. */
export function distanceToChange(finding: Finding, changes: ChangedLines | null): number {
  if (changes === null) return 0;
  const lines = changes.get(finding.path);
  if (lines === undefined || lines.size === 0) return Infinity;
  let best = Infinity;
  for (const line of lines) {
    const distance = line < finding.line ? finding.line - line : line > finding.endLine ? line - finding.endLine : 0;
    if (distance < best) best = distance;
  }
  return best;
}

export interface AnnotationChoice {
  annotated: Finding[];
  /** Findings not annotated. */
  overflow: number;
}

/**
 * Picks the findings to annotate: most severe first, then closest to a
 * changed line, at most `ANNOTATIONS_PER_LEVEL` per level and `max` in all.
 * When some are left out, one notice slot stays free for the overflow notice.
 */
export function chooseAnnotations(findings: Finding[], changes: ChangedLines | null, max: number, reservedNotices = 0): AnnotationChoice {
  const ranked = findings
    .map((finding, order) => ({ finding, order, distance: distanceToChange(finding, changes) }))
    .sort(
      (a, b) =>
        SEVERITY_RANK[b.finding.severity] - SEVERITY_RANK[a.finding.severity] || a.distance - b.distance || a.order - b.order,
    );
  const pick = (noticeSlots: number, total: number): Finding[] => {
    const used: Record<AnnotationLevel, number> = { error: 0, warning: 0, notice: 0 };
    const limit: Record<AnnotationLevel, number> = { error: ANNOTATIONS_PER_LEVEL, warning: ANNOTATIONS_PER_LEVEL, notice: noticeSlots };
    const chosen: { finding: Finding; order: number }[] = [];
    for (const candidate of ranked) {
      if (chosen.length >= total) break;
      const level = ANNOTATION_LEVEL[candidate.finding.severity];
      if (used[level] < limit[level]) {
        used[level]++;
        chosen.push(candidate);
      }
    }
    return chosen.sort((a, b) => a.order - b.order).map((candidate) => candidate.finding);
  };
  const noticeSlots = Math.max(0, ANNOTATIONS_PER_LEVEL - reservedNotices);
  const all = pick(noticeSlots, Math.max(0, max));
  if (all.length === findings.length) return { annotated: all, overflow: 0 };
  const annotated = pick(Math.max(0, noticeSlots - 1), Math.max(0, max - 1));
  return { annotated, overflow: findings.length - annotated.length };
}

/**
 * The workflow commands for a set of findings: the chosen annotations, then,
 * when some were left out, a notice saying how many and where they are.
 */
export function annotationCommands(
  findings: Finding[],
  { changes, max, reservedNotices, elsewhere }: { changes: ChangedLines | null; max: number; reservedNotices: number; elsewhere: string },
): string[] {
  const { annotated, overflow } = chooseAnnotations(findings, changes, max, reservedNotices);
  const commands = annotated.map(annotationCommand);
  if (overflow > 0) {
    commands.push(
      workflowCommand(
        "notice",
        [["title", "gotrap"]],
        `${overflow} more ${overflow === 1 ? "finding is" : "findings are"} not annotated (GitHub shows at most ${ANNOTATIONS_PER_LEVEL} annotations of each level per step): ${elsewhere}`,
      ),
    );
  }
  return commands;
}
