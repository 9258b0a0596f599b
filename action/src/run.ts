// One check run as the CLI and the action do it: collect the workspace the
// arguments name, read it and the config, analyse it on all cores, and return
// the Report with every path relative to a display directory.

import { availableParallelism } from "node:os";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { createNodeClient } from "./client/node.js";
import type { Options, Report, RuleInfo, RunError } from "./client/report.js";
import { displayRelativePaths } from "./output.js";
import { checkInParallel } from "./parallel.js";
import { collectWorkspace, describeFsError, findConfigFile, readWorkspaceFiles, toPosix, type HostError } from "./workspace.js";

export interface RunRequest {
  /** Files, directories and Go patterns, relative to `cwd`. */
  paths: string[];
  /** Runtime artifacts, relative to `cwd`: read whatever their names. */
  artifacts: string[];
  cwd: string;
  /** Paths in the result are relative to this directory. */
  displayRoot: string;
  configFile: string | null;
  goVersion: string | null;
  select: string[];
  ignore: string[];
  noTests: boolean;
  /** worker_threads to use; 0 = one per core. */
  jobs: number;
}

export interface RunResult {
  report: Report;
  /** The contents read, by display path (for fingerprints, fixes and baselines). */
  contents: Map<string, Uint8Array>;
  /** Display paths of the artifacts. */
  artifactPaths: Set<string>;
  /** Absolute paths, by display path. */
  absolutePaths: Map<string, string>;
  fileCount: number;
}

/** Reads the config named by --config or found from cwd up to the git root. */
function readConfig(request: RunRequest, root: string): { options: Pick<Options, "config" | "configPath">; error: HostError | null } {
  const configFile = request.configFile === null ? findConfigFile(request.cwd) : path.resolve(request.cwd, request.configFile);
  if (configFile === null) return { options: {}, error: null };
  try {
    // Like every path the core sees, relative to the workspace root.
    const configPath = toPosix(path.relative(root, configFile));
    return { options: { config: readFileSync(configFile, "utf8"), configPath }, error: null };
  } catch (error) {
    return { options: {}, error: { absolutePath: configFile, message: describeFsError(error) } };
  }
}

/**
 * The time a worker may spend on one part before it is stopped as runaway.
 * The client's default assumes an idle core; CI runners and laptops are
 * often shared, so the CLI and the action allow ten times as long per MiB.
 */
export function hostTimeBudgetMs(inputBytes: number): number {
  return 60_000 + Math.ceil(inputBytes / (1024 * 1024)) * 10_000;
}

export function defaultJobs(): number {
  return availableParallelism();
}

export async function runCheck(request: RunRequest): Promise<RunResult> {
  const workspace = collectWorkspace([...request.paths, ...request.artifacts], { cwd: request.cwd, noTests: request.noTests });
  const { contents, errors: readErrors } = readWorkspaceFiles(workspace.files);
  const config = readConfig(request, workspace.root);
  const options: Options = {
    ...config.options,
    select: request.select,
    ignore: request.ignore,
    noTests: request.noTests,
    ...(request.goVersion === null ? {} : { goVersion: request.goVersion }),
  };
  const artifactAbsolute = new Set(request.artifacts.map((artifact) => path.resolve(request.cwd, artifact)));
  const rootArtifacts = new Set(workspace.files.filter((file) => artifactAbsolute.has(file.absolutePath)).map((file) => file.path));

  const coreReport = await checkInParallel(contents, options, {
    jobs: request.jobs > 0 ? request.jobs : defaultJobs(),
    hasArtifacts: rootArtifacts.size > 0 || request.paths.some((argument) => isNamedFile(request.cwd, argument)),
    // Each file is sent once: a worker holds one syntax tree at a time.
    createClient: () => createNodeClient({ timeBudgetMs: hostTimeBudgetMs, keepTrees: false }),
  });

  const display = (absolutePath: string): string => toPosix(path.relative(request.displayRoot, absolutePath)) || ".";
  const hostErrors: RunError[] = [...workspace.errors, ...readErrors, ...(config.error ? [config.error] : [])].map((error) => {
    const shownPath = display(error.absolutePath);
    return { message: `${shownPath}: ${error.message}`, path: shownPath };
  });
  const shown = displayRelativePaths(coreReport, workspace.root, request.displayRoot);
  const byRootPath = (rootPath: string): string => display(path.resolve(workspace.root, rootPath));
  return {
    report: { ...shown, errors: [...hostErrors, ...shown.errors] },
    contents: new Map(contents.map((file) => [byRootPath(file.path), file.content])),
    artifactPaths: new Set([...rootArtifacts].map(byRootPath)),
    absolutePaths: new Map(workspace.files.map((file) => [byRootPath(file.path), file.absolutePath])),
    fileCount: contents.length,
  };
}

/**
 * A file named on the command line may be an artifact (the core classifies it
 * by content), and artifacts are analysed against the whole workspace.
 */
function isNamedFile(cwd: string, argument: string): boolean {
  if (argument.endsWith("...")) return false;
  const name = path.basename(argument);
  if (name.endsWith(".go") || name === "go.mod" || name === "go.sum" || name === "go.work") return false;
  try {
    return !statSync(path.resolve(cwd, argument)).isDirectory();
  } catch {
    return false;
  }
}

/** The rule registry, from a worker started for it. */
export async function registry(): Promise<RuleInfo[]> {
  const client = createNodeClient();
  try {
    return await client.rules();
  } finally {
    client.close();
  }
}
