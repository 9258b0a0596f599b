// `gotrap check --fix`: applies the findings' fixes to the files on disk.
// Edits are byte ranges of the file the finding is in; a fix whose edits
// overlap an edit already taken is left for the next run.

import { writeFileSync } from "node:fs";
import type { Applicability, Finding } from "./client/report.js";

export interface FixOutcome {
  fixedFindings: number;
  fixedFiles: string[];
  /** Files that could not be written: path and reason. */
  failures: { path: string; message: string }[];
}

export function applyFixes(
  findings: Finding[],
  allowed: Set<Applicability>,
  files: { contents: Map<string, Uint8Array>; absolutePaths: Map<string, string> },
): FixOutcome {
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) {
    if (finding.fix == null || !allowed.has(finding.fix.applicability) || finding.fix.edits.length === 0) continue;
    byFile.set(finding.path, [...(byFile.get(finding.path) ?? []), finding]);
  }
  const outcome: FixOutcome = { fixedFindings: 0, fixedFiles: [], failures: [] };
  const encoder = new TextEncoder();
  for (const [filePath, fixable] of byFile) {
    const content = files.contents.get(filePath);
    const absolutePath = files.absolutePaths.get(filePath);
    if (content === undefined || absolutePath === undefined) continue;
    const taken: { byteStart: number; byteEnd: number; newText: string }[] = [];
    let fixed = 0;
    for (const finding of fixable) {
      const edits = finding.fix!.edits;
      const overlaps = edits.some((edit) =>
        edit.byteEnd > content.byteLength || taken.some((other) => edit.byteStart < other.byteEnd && other.byteStart < edit.byteEnd),
      );
      if (overlaps) continue;
      taken.push(...edits);
      fixed++;
    }
    if (fixed === 0) continue;
    taken.sort((a, b) => a.byteStart - b.byteStart);
    const parts: Uint8Array[] = [];
    let at = 0;
    for (const edit of taken) {
      parts.push(content.subarray(at, edit.byteStart), encoder.encode(edit.newText));
      at = edit.byteEnd;
    }
    parts.push(content.subarray(at));
    try {
      writeFileSync(absolutePath, Buffer.concat(parts));
      outcome.fixedFindings += fixed;
      outcome.fixedFiles.push(filePath);
    } catch (error) {
      outcome.failures.push({ path: filePath, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return outcome;
}
