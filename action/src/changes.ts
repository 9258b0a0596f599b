// Changed lines from git, for filtering findings to what a change touched.
// git runs through execFile with argument arrays: no ref, path or branch
// name ever reaches a shell.

import { execFile } from "node:child_process";
import { realpathSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import type { Finding, RuleInfo } from "./client/report.js";
import { toPosix } from "./workspace.js";

const execFileAsync = promisify(execFile);

/** Changed line numbers (1-based, of the new side) by path relative to the display root. */
export type ChangedLines = Map<string, Set<number>>;

export type FilterMode = "added" | "diff_context" | "file" | "nofilter";

export const FILTER_MODES: FilterMode[] = ["added", "diff_context", "file", "nofilter"];

/** Lines of context around a change that `diff_context` keeps, as `git diff`'s default. */
export const DIFF_CONTEXT_LINES = 3;

export async function git(args: string[], cwd: string): Promise<string> {
  const { stdout } = await execFileAsync("git", ["-c", "core.quotePath=false", ...args], {
    cwd,
    encoding: "utf8",
    maxBuffer: 1024 * 1024 * 1024,
  });
  return stdout;
}

/** Whether a revision names a commit in this repository. */
export async function hasCommit(revision: string, cwd: string): Promise<boolean> {
  try {
    await git(["rev-parse", "--verify", "--quiet", `${revision}^{commit}`], cwd);
    return true;
  } catch {
    return false;
  }
}

/** Undoes git's C-style quoting of a path (`"a\tb"`, `"\303\251"`). */
export function unquoteGitPath(text: string): string {
  if (!text.startsWith('"')) return text;
  const bytes: number[] = [];
  const escapes: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, "\\": 92 };
  for (let index = 1; index < text.length - 1; index++) {
    const char = text[index]!;
    if (char !== "\\") {
      bytes.push(...Buffer.from(char));
      continue;
    }
    const next = text[++index]!;
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(text.slice(index, index + 3), 8));
      index += 2;
    } else {
      bytes.push(escapes[next] ?? next.charCodeAt(0));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

/**
 * Parses `git diff --unified=N` output into the new-side lines of each file:
 * with `addedOnly`, the `+` lines; otherwise every line of every hunk.
 */
export function parseUnifiedDiff(diff: string, addedOnly: boolean): Map<string, Set<number>> {
  const changed = new Map<string, Set<number>>();
  let current: Set<number> | null = null;
  let line = 0;
  // Lines of the hunk still to come on each side: inside a hunk, `+++ x` is an added line, not a header.
  let oldLeft = 0;
  let newLeft = 0;
  for (const text of diff.split("\n")) {
    if (oldLeft > 0 || newLeft > 0) {
      if (text.startsWith("+")) {
        if (addedOnly) current?.add(line);
        line++;
        newLeft--;
      } else if (text.startsWith("-")) {
        oldLeft--;
      } else if (text.startsWith(" ")) {
        line++;
        oldLeft--;
        newLeft--;
      }
      continue;
    }
    if (text.startsWith("+++ ")) {
      const name = text.slice(4);
      if (name === "/dev/null") {
        current = null;
      } else {
        const unquoted = unquoteGitPath(name.replace(/\t$/, ""));
        const file = unquoted.startsWith("b/") ? unquoted.slice(2) : unquoted;
        current = changed.get(file) ?? new Set<number>();
        changed.set(file, current);
      }
    } else if (text.startsWith("@@ ")) {
      const match = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(text);
      if (match === null) continue;
      oldLeft = match[1] === undefined ? 1 : Number(match[1]);
      line = Number(match[2]);
      newLeft = match[3] === undefined ? 1 : Number(match[3]);
      if (!addedOnly) for (let offset = 0; offset < newLeft; offset++) current?.add(line + offset);
    }
  }
  return changed;
}

/**
 * The lines changed between `base` and `head` (or the working tree when
 * `head` is null), keyed by path relative to `displayRoot`.
 */
export async function changedLines(
  base: string,
  head: string | null,
  mode: Exclude<FilterMode, "nofilter">,
  { cwd, displayRoot }: { cwd: string; displayRoot: string },
): Promise<ChangedLines> {
  const top = (await git(["rev-parse", "--show-toplevel"], cwd)).trim();
  const context = mode === "diff_context" ? DIFF_CONTEXT_LINES : 0;
  const diff = await git(
    ["diff", "--no-color", "--no-ext-diff", "--no-textconv", `--unified=${context}`, "--diff-filter=d", base, ...(head === null ? [] : [head]), "--"],
    cwd,
  );
  const byRepoPath = parseUnifiedDiff(diff, mode === "added");
  // git prints the top level with symlinks resolved; so must the display root be, for the paths to meet.
  const realDisplayRoot = realpathSync(displayRoot);
  const result: ChangedLines = new Map();
  for (const [repoPath, lines] of byRepoPath) {
    result.set(toPosix(path.relative(realDisplayRoot, path.join(top, repoPath))), lines);
  }
  return result;
}

/**
 * Keeps the findings a change touched: on a changed line (`added`,
 * `diff_context`), or in a changed file (`file`). A finding spanning lines
 * counts when any of its lines changed. Findings from artifacts (`bypass`)
 * are always kept: a profile speaks of the program, not of the diff.
 */
export function filterFindings(findings: Finding[], mode: FilterMode, changes: ChangedLines | null, bypass: (finding: Finding) => boolean): Finding[] {
  if (mode === "nofilter" || changes === null) return findings;
  return findings.filter((finding) => {
    if (bypass(finding)) return true;
    const lines = changes.get(finding.path);
    if (lines === undefined) return false;
    if (mode === "file") return true;
    for (let line = finding.line; line <= finding.endLine; line++) if (lines.has(line)) return true;
    return false;
  });
}

/** Whether a finding comes from a runtime artifact (a runtime rule, or a finding on the artifact itself). */
export function isFromArtifact(rules: RuleInfo[], artifactPaths: Set<string>): (finding: Finding) => boolean {
  const runtimeRules = new Set(rules.filter((rule) => rule.family === "runtime").map((rule) => rule.id));
  return (finding) => runtimeRules.has(finding.rule) || artifactPaths.has(finding.path);
}
