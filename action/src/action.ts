// The GitHub Action (dist/index.js): checks the workspace, keeps the findings
// the change touched (changed lines from git, never the PR diff API),
// annotates them within GitHub's limits, writes the job summary and SARIF,
// sets the outputs and fails per Contract v1.

import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import * as core from "@actions/core";
import { changedLines, FILTER_MODES, filterFindings, git, hasCommit, isFromArtifact, type ChangedLines, type FilterMode } from "./changes.js";
import type { Finding, RuleInfo } from "./client/report.js";
import { expandGlobs } from "./glob.js";
import { annotationCommands, workflowCommand } from "./github.js";
import { exitCode, SEVERITY_RANK, type FailLevel } from "./output.js";
import { registry, runCheck } from "./run.js";
import { SARIF_MAX_RESULTS, toSarif } from "./sarif.js";
import { renderSummary } from "./summary.js";
import { toPosix } from "./workspace.js";

const FAIL_LEVELS: FailLevel[] = ["none", "info", "warning", "error"];

function choice<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
  const value = core.getInput(name) || fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new Error(`input ${name} must be one of ${allowed.join(", ")}, not ${JSON.stringify(value)}`);
  }
  return value as T;
}

function lines(name: string): string[] {
  return core
    .getInput(name)
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

interface ChangeBase {
  base: string;
  description: string;
}

/**
 * What to compare HEAD with: on a pull request the merge commit's first
 * parent (HEAD^1..HEAD, which `fetch-depth: 2` provides) or else the merge
 * base with the base branch; on a push the event's `before`. Null with the
 * reason when the history needed is not there.
 */
async function findChangeBase(eventName: string, event: Record<string, any>, repo: string): Promise<ChangeBase | { missing: string } | null> {
  if (eventName === "pull_request" || eventName === "pull_request_target") {
    const parents = (await git(["rev-list", "--parents", "-n", "1", "HEAD"], repo)).trim().split(" ");
    if (parents.length === 3) return { base: "HEAD^1", description: "`HEAD^1..HEAD` (the pull request's merge commit)" };
    const baseRef: string = process.env.GITHUB_BASE_REF || event.pull_request?.base?.ref || "";
    const candidates = [`refs/remotes/origin/${baseRef}`, `refs/heads/${baseRef}`, event.pull_request?.base?.sha].filter(
      (candidate): candidate is string => typeof candidate === "string" && candidate !== "" && !candidate.endsWith("/"),
    );
    for (const candidate of candidates) {
      if (!(await hasCommit(candidate, repo))) continue;
      try {
        const mergeBase = (await git(["merge-base", candidate, "HEAD"], repo)).trim();
        return { base: mergeBase, description: `the merge base with \`${baseRef}\` (${mergeBase.slice(0, 12)})` };
      } catch {
        // No common history in this checkout: try the next candidate.
      }
    }
    return {
      missing: `the checkout has no merge base with the base branch ${JSON.stringify(baseRef)}. Check out the pull request's merge commit (the default of actions/checkout) with \`fetch-depth: 2\`, or fetch the base branch (\`fetch-depth: 0\`)`,
    };
  }
  if (eventName === "push") {
    const before: unknown = event.before;
    if (typeof before !== "string" || /^0*$/.test(before)) {
      return { missing: "the push created the branch, so there is no previous commit to compare with" };
    }
    if (!(await hasCommit(before, repo))) {
      return { missing: `the push's previous commit ${before.slice(0, 12)} is not in the checkout. Use \`fetch-depth: 0\` in actions/checkout` };
    }
    return { base: before, description: `\`${before.slice(0, 12)}..HEAD\` (the push)` };
  }
  return null;
}

async function run(): Promise<void> {
  const workspace = path.resolve(process.env.GITHUB_WORKSPACE || process.cwd());
  const cwd = path.resolve(workspace, core.getInput("working-directory") || ".");
  const eventName = process.env.GITHUB_EVENT_NAME ?? "";
  const event: Record<string, any> = process.env.GITHUB_EVENT_PATH ? JSON.parse(readFileSync(process.env.GITHUB_EVENT_PATH, "utf8")) : {};

  const failLevel = choice("fail-level", FAIL_LEVELS, "warning");
  const explicitMode = core.getInput("filter-mode") === "" ? null : choice("filter-mode", FILTER_MODES, "added");
  const wantAnnotations = core.getBooleanInput("annotations");
  const wantSummary = core.getBooleanInput("summary");
  const maxAnnotations = Number(core.getInput("max-annotations") || "30");
  if (!Number.isInteger(maxAnnotations) || maxAnnotations < 0) {
    throw new Error(`input max-annotations must be a whole number, not ${JSON.stringify(core.getInput("max-annotations"))}`);
  }
  const sarifInput = core.getInput("sarif-file");
  const artifactGlobs = expandGlobs(lines("artifacts"), cwd);

  const result = await runCheck({
    paths: lines("paths").length > 0 ? lines("paths") : ["./..."],
    artifacts: artifactGlobs.files,
    cwd,
    displayRoot: workspace,
    configFile: core.getInput("config") || null,
    goVersion: core.getInput("go-version") || null,
    select: [],
    ignore: [],
    noTests: false,
    jobs: 0,
  });
  const { report } = result;

  // Notices the step prints itself take notice slots from the annotations.
  const notices: string[] = artifactGlobs.unmatched.map((glob) =>
    workflowCommand("notice", [["title", "gotrap"]], `no file matches the artifacts pattern ${glob}`),
  );
  let mode: FilterMode = explicitMode ?? "nofilter";
  let changes: ChangedLines | null = null;
  let filterNote: string | null = null;
  let changeBase: ChangeBase | { missing: string } | null = null;
  try {
    changeBase = await findChangeBase(eventName, event, workspace);
  } catch (error) {
    changeBase = { missing: `the workspace is not a git checkout with history (${error instanceof Error ? error.message.split("\n")[0] : String(error)})` };
  }
  if (changeBase !== null && "base" in changeBase) {
    mode = explicitMode ?? "added";
    // Even unfiltered, annotations go first to findings nearest the changed lines.
    changes = await changedLines(changeBase.base, "HEAD", mode === "nofilter" ? "added" : mode, { cwd: workspace, displayRoot: workspace });
  } else if (changeBase !== null || (explicitMode !== null && explicitMode !== "nofilter")) {
    const reason = changeBase === null ? `a ${eventName || "local"} event has no change to compare with` : changeBase.missing;
    if (explicitMode !== "nofilter") {
      notices.push(workflowCommand("notice", [["title", "gotrap"]], `reporting every finding (filter-mode nofilter): ${reason}.`));
    }
    mode = "nofilter";
  }

  const rules: RuleInfo[] = await registry();
  const shown = filterFindings(report.findings, mode, changes, isFromArtifact(rules, result.artifactPaths));
  const filteredOut = report.findings.length - shown.length;
  if (changeBase !== null && "base" in changeBase && mode !== "nofilter") {
    filterNote = `Filter \`${mode}\`: changes since ${changeBase.description}; ${filteredOut} other ${filteredOut === 1 ? "finding" : "findings"} outside them.`;
  }

  let sarifFile: string | null = null;
  if (sarifInput !== "") {
    const sarifPath = path.resolve(workspace, sarifInput);
    const sarif = toSarif({ ...report, findings: shown }, { rules, toolVersion: report.toolVersion, contents: result.contents, sourceRoot: workspace });
    mkdirSync(path.dirname(sarifPath), { recursive: true });
    writeFileSync(sarifPath, `${JSON.stringify(sarif.log, null, 2)}\n`);
    sarifFile = toPosix(path.relative(workspace, sarifPath));
    if (sarif.omitted > 0) {
      notices.push(
        workflowCommand("notice", [["title", "gotrap"]], `${sarif.omitted} findings are not in ${sarifFile}: GitHub code scanning keeps at most ${SARIF_MAX_RESULTS} results per run`),
      );
    }
  }

  const out: string[] = [...notices];
  if (wantAnnotations) {
    const places = [...(wantSummary ? ["the job summary"] : []), ...(sarifFile === null ? [] : [sarifFile])];
    const elsewhere = places.length > 0 ? `every finding is in ${places.join(" and in ")}` : "set summary: true or sarif-file to see every finding";
    out.push(...annotationCommands(shown, { changes, max: maxAnnotations, reservedNotices: notices.length, elsewhere }));
  }
  process.stdout.write(out.map((line) => `${line}\n`).join(""));

  if (wantSummary && process.env.GITHUB_STEP_SUMMARY) {
    const repository = process.env.GITHUB_REPOSITORY;
    const sha: string | undefined = event.pull_request?.head?.sha ?? process.env.GITHUB_SHA;
    const blobBase = repository && sha ? `${process.env.GITHUB_SERVER_URL || "https://github.com"}/${repository}/blob/${sha}/` : null;
    const markdown = renderSummary(report, shown, { blobBase, filterNote, sarifFile, fileCount: result.fileCount, filteredOut });
    await core.summary.addRaw(markdown).write();
  }

  const count = (severity: Finding["severity"]): number => shown.filter((finding) => finding.severity === severity).length;
  core.setOutput("findings", shown.length);
  core.setOutput("errors", count("error"));
  core.setOutput("warnings", count("warning"));
  core.setOutput("sarif-file", sarifFile ?? "");

  const code = exitCode({ ...report, findings: shown }, failLevel);
  if (code === 2) {
    core.setFailed(`gotrap could not analyse the workspace:\n${report.errors.map((error) => error.message).join("\n")}`);
    process.exitCode = 2;
  } else if (code === 1) {
    const failing = shown.filter((finding) => SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[failLevel as Finding["severity"]]).length;
    core.setFailed(`gotrap: ${failing} ${failing === 1 ? "finding is" : "findings are"} at or above fail-level ${failLevel}`);
  }
}

run().catch((error: unknown) => {
  // Bad inputs and failed analyses are run-level errors (Contract v1: exit 2).
  core.setFailed(error instanceof Error ? error.message : String(error));
  process.exitCode = 2;
});
