// A finding's identity that survives unrelated edits: its rule, its file and
// the text of its first line (whitespace squeezed), numbered when the same
// line text carries the same rule more than once in a file. Baselines and
// SARIF partial fingerprints both use it.

import { createHash } from "node:crypto";
import type { Finding } from "./client/report.js";

const decoder = new TextDecoder();

function lineText(content: Uint8Array | undefined, finding: Finding): string {
  if (content === undefined) return finding.message;
  let start = Math.min(finding.byteStart, content.byteLength);
  while (start > 0 && content[start - 1] !== 0x0a) start--;
  let end = start;
  while (end < content.byteLength && content[end] !== 0x0a) end++;
  return decoder.decode(content.subarray(start, end)).replace(/\s+/g, " ").trim();
}

/** One fingerprint per finding, in the findings' order. */
export function fingerprints(findings: Finding[], contents: Map<string, Uint8Array>): string[] {
  const occurrences = new Map<string, number>();
  return findings.map((finding) => {
    const key = `${finding.rule}\0${finding.path}\0${lineText(contents.get(finding.path), finding)}`;
    const occurrence = occurrences.get(key) ?? 0;
    occurrences.set(key, occurrence + 1);
    return createHash("sha256").update(`${key}\0${occurrence}`).digest("hex").slice(0, 32);
  });
}
