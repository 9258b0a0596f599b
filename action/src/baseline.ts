// `gotrap check --baseline FILE`: the first run records the findings there;
// later runs report only findings the baseline does not hold. Findings are
// matched by fingerprint (rule, file, line text), so edits elsewhere in a
// file do not make old findings look new. Paths are relative to the
// baseline's directory, so it works from any current directory.

import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Finding } from "./client/report.js";
import { fingerprints } from "./fingerprint.js";
import { toPosix } from "./workspace.js";

interface BaselineFile {
  gotrapBaseline: 1;
  findings: { rule: string; path: string; fingerprint: string }[];
}

function baselineFingerprints(findings: Finding[], contents: Map<string, Uint8Array>, baselineDirectory: string, displayRoot: string): string[] {
  const rebase = (shown: string): string => toPosix(path.relative(baselineDirectory, path.resolve(displayRoot, shown)));
  const rebased = findings.map((finding) => ({ ...finding, path: rebase(finding.path) }));
  const rebasedContents = new Map([...contents].map(([shown, content]) => [rebase(shown), content]));
  return fingerprints(rebased, rebasedContents);
}

export function writeBaseline(file: string, findings: Finding[], contents: Map<string, Uint8Array>, displayRoot: string): void {
  const directory = path.dirname(path.resolve(displayRoot, file));
  const prints = baselineFingerprints(findings, contents, directory, displayRoot);
  const baseline: BaselineFile = {
    gotrapBaseline: 1,
    findings: findings.map((finding, index) => ({
      rule: finding.rule,
      path: toPosix(path.relative(directory, path.resolve(displayRoot, finding.path))),
      fingerprint: prints[index]!,
    })),
  };
  writeFileSync(path.resolve(displayRoot, file), `${JSON.stringify(baseline, null, 2)}\n`);
}

/** Reads a baseline; throws with the file's name when it is not one. */
export function readBaseline(file: string): Set<string> {
  const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<BaselineFile>;
  if (parsed.gotrapBaseline !== 1 || !Array.isArray(parsed.findings)) {
    throw new Error(`${file}: not a gotrap baseline (expected {"gotrapBaseline": 1, "findings": [...]})`);
  }
  return new Set(parsed.findings.map((entry) => entry.fingerprint));
}

/** The findings whose fingerprints the baseline does not hold. */
export function newFindings(file: string, known: Set<string>, findings: Finding[], contents: Map<string, Uint8Array>, displayRoot: string): Finding[] {
  const directory = path.dirname(path.resolve(displayRoot, file));
  const prints = baselineFingerprints(findings, contents, directory, displayRoot);
  return findings.filter((_finding, index) => !known.has(prints[index]!));
}
