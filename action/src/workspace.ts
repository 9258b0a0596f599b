// What a CLI run reads (Contract v1): the files and directories named on the
// command line, walked by file name only, plus the go.mod/go.sum/go.work that
// govern them; all addressed relative to one workspace root.

import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync, type Stats } from "node:fs";
import path from "node:path";

export interface WorkspaceFileRef {
  /** POSIX path relative to the workspace root, as the core sees it. */
  path: string;
  absolutePath: string;
}

export interface HostError {
  absolutePath: string;
  message: string;
}

export interface CollectedWorkspace {
  /** Absolute path of the workspace root. */
  root: string;
  files: WorkspaceFileRef[];
  /** Arguments that do not exist or cannot be read. */
  errors: HostError[];
}

export interface CollectOptions {
  cwd: string;
  /** Drop `_test.go` files. */
  noTests: boolean;
}

/** A Go pattern `X/...` names the directory X, which is walked recursively like any directory. */
function stripGoPattern(argument: string): string {
  if (argument === "...") return ".";
  if (argument.endsWith("/...")) return argument.slice(0, -"/...".length) || "/";
  return argument;
}

export function collectWorkspace(argumentsToCheck: string[], options: CollectOptions): CollectedWorkspace {
  const errors: HostError[] = [];
  const named: { absolutePath: string; isDirectory: boolean }[] = [];
  for (const argument of argumentsToCheck) {
    const absolutePath = path.resolve(options.cwd, stripGoPattern(argument));
    try {
      const stats = statSync(absolutePath);
      if (stats.isDirectory() || stats.isFile()) named.push({ absolutePath, isDirectory: stats.isDirectory() });
      else errors.push({ absolutePath, message: notRegularFile(stats) });
    } catch (error) {
      errors.push({ absolutePath, message: describeFsError(error) });
    }
  }

  const governed = named.map((entry) => ({
    ...entry,
    governing: governingModuleFiles(entry.isDirectory ? entry.absolutePath : path.dirname(entry.absolutePath)),
  }));
  const root =
    commonAncestor(
      governed.flatMap(({ absolutePath, isDirectory, governing }) => [
        isDirectory ? absolutePath : path.dirname(absolutePath),
        ...governing.files.map((file) => path.dirname(file)),
      ]),
    ) ?? options.cwd;

  const found = new Set<string>();
  for (const { absolutePath, isDirectory, governing } of governed) {
    for (const file of governing.files) found.add(file);
    if (isDirectory) walkDirectory(absolutePath, { root, governingGoMod: governing.goMod }, found, errors);
    else found.add(absolutePath);
  }

  const files = [...found]
    .filter((absolutePath) => !(options.noTests && absolutePath.endsWith("_test.go")))
    .map((absolutePath) => ({ absolutePath, path: toPosix(path.relative(root, absolutePath)) }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { root, files, errors };
}

/** Reads the collected files; a file that cannot be read becomes a host error. */
export function readWorkspaceFiles(files: WorkspaceFileRef[]): {
  contents: { path: string; content: Uint8Array }[];
  errors: HostError[];
} {
  const contents: { path: string; content: Uint8Array }[] = [];
  const errors: HostError[] = [];
  for (const file of files) {
    try {
      contents.push({ path: file.path, content: readFileSync(file.absolutePath) });
    } catch (error) {
      errors.push({ absolutePath: file.absolutePath, message: describeFsError(error) });
    }
  }
  return { contents, errors };
}

/**
 * The nearest go.mod (with its go.sum) and the nearest go.work at or above a
 * directory, looking no higher than the git root.
 */
function governingModuleFiles(startDirectory: string): { goMod: string | null; files: string[] } {
  const files: string[] = [];
  let goMod: string | null = null;
  let foundWork = false;
  for (let directory = startDirectory; ; directory = path.dirname(directory)) {
    if (goMod === null && existsSync(path.join(directory, "go.mod"))) {
      goMod = path.join(directory, "go.mod");
      files.push(goMod);
      if (existsSync(path.join(directory, "go.sum"))) files.push(path.join(directory, "go.sum"));
    }
    if (!foundWork && existsSync(path.join(directory, "go.work"))) {
      foundWork = true;
      files.push(path.join(directory, "go.work"));
    }
    if (isGitRoot(directory) || path.dirname(directory) === directory) return { goMod, files };
  }
}

/** The directory holding `.git` (a folder, or a file in worktrees and submodules). */
function isGitRoot(directory: string): boolean {
  return existsSync(path.join(directory, ".git"));
}

/** The nearest `gotrap.toml` from a directory up to the git root. */
export function findConfigFile(startDirectory: string): string | null {
  for (let directory = startDirectory; ; directory = path.dirname(directory)) {
    const candidate = path.join(directory, "gotrap.toml");
    if (existsSync(candidate)) return candidate;
    if (isGitRoot(directory) || path.dirname(directory) === directory) return null;
  }
}

function commonAncestor(paths: string[]): string | null {
  if (paths.length === 0) return null;
  return paths.reduce((ancestor, candidate) => {
    let common = ancestor;
    while (common !== candidate && !candidate.startsWith(common.endsWith(path.sep) ? common : common + path.sep)) {
      common = path.dirname(common);
    }
    return common;
  });
}

const CI_FILE_NAMES = new Set(["Makefile", ".envrc", ".gitlab-ci.yml"]);

/** Whether a walk collects a file, by its name only (workflows are handled by `walkDirectory`). */
function isCollectedByName(name: string): boolean {
  return (
    name.endsWith(".go") ||
    name === "go.mod" ||
    name === "go.sum" ||
    name === "go.work" ||
    CI_FILE_NAMES.has(name) ||
    name.startsWith("Dockerfile") ||
    name.endsWith(".mk") ||
    name.endsWith(".sh")
  );
}

function isSkippedDirectory(name: string): boolean {
  return name === "vendor" || name === "testdata" || name.startsWith("_") || name.startsWith(".");
}

/** Why a path that is neither a file nor a directory is not read (reading a FIFO would block). */
function notRegularFile(stats: Stats): string {
  const kind = stats.isFIFO() ? "a named pipe" : stats.isSocket() ? "a socket" : "a device";
  return `not a regular file (${kind}); not read`;
}

/**
 * Walks a directory. Symlinked files are followed only when they resolve inside
 * the workspace; symlinked directories are not followed (they could loop, and
 * their targets inside the workspace are walked where they are). A collected
 * name that cannot be read as a file (a broken symlink, a named pipe) is an error.
 */
function walkDirectory(
  start: string,
  context: { root: string; governingGoMod: string | null },
  found: Set<string>,
  errors: HostError[],
): void {
  const realRoot = realpathSync(context.root);
  const isInsideWorkspace = (target: string): boolean => target === realRoot || target.startsWith(realRoot + path.sep);
  const collectFile = (absolutePath: string): void => {
    let symlink = false;
    try {
      symlink = lstatSync(absolutePath).isSymbolicLink();
      // A target outside the workspace is never read.
      if (symlink && !isInsideWorkspace(realpathSync(absolutePath))) return;
      const stats = statSync(absolutePath);
      if (stats.isFile()) found.add(absolutePath);
      else if (!stats.isDirectory()) errors.push({ absolutePath, message: notRegularFile(stats) });
    } catch (error) {
      const message = describeFsError(error);
      errors.push({ absolutePath, message: symlink ? `broken symbolic link (${message})` : message });
    }
  };

  const moduleIgnores: { moduleDirectory: string; ignored: IgnoredDirectory[] }[] = [];
  const addModuleIgnores = (goMod: string): void => {
    moduleIgnores.push({ moduleDirectory: path.dirname(goMod), ignored: goModIgnoredDirectories(readTextOrEmpty(goMod)) });
  };
  if (context.governingGoMod !== null) addModuleIgnores(context.governingGoMod);
  const isIgnoredByModule = (directory: string): boolean =>
    moduleIgnores.some(({ moduleDirectory, ignored }) => {
      const relative = toPosix(path.relative(moduleDirectory, directory));
      return !relative.startsWith("../") && ignored.some((entry) => entry.matches(relative));
    });

  const visit = (directory: string): void => {
    const goMod = path.join(directory, "go.mod");
    if (goMod !== context.governingGoMod && existsSync(goMod)) addModuleIgnores(goMod);
    let entries;
    try {
      entries = readdirSync(directory, { withFileTypes: true });
    } catch {
      // The argument itself was readable; an unreadable subfolder is left out like a skipped one.
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const entryPath = path.join(directory, entry.name);
      if (entry.isDirectory()) {
        if (entry.name === ".github") collectWorkflows(entryPath);
        else if (!isSkippedDirectory(entry.name) && !isIgnoredByModule(entryPath)) visit(entryPath);
      } else if (isCollectedByName(entry.name)) {
        collectFile(entryPath);
      }
    }
  };

  const collectWorkflows = (githubDirectory: string): void => {
    const workflows = path.join(githubDirectory, "workflows");
    let names: string[];
    try {
      names = readdirSync(workflows);
    } catch {
      return;
    }
    for (const name of names.sort()) {
      const workflow = path.join(workflows, name);
      if (name.endsWith(".yml") || name.endsWith(".yaml")) collectFile(workflow);
    }
  };

  visit(start);
}

interface IgnoredDirectory {
  /** Whether a module-relative POSIX directory path is ignored. */
  matches(relativeDirectory: string): boolean;
}

/**
 * The go.mod `ignore` directive (Go 1.25): `./x` names the directory x under
 * the module root; any other path names that directory at any level.
 */
export function goModIgnoredDirectories(goMod: string): IgnoredDirectory[] {
  const ignored: IgnoredDirectory[] = [];
  let inBlock = false;
  for (const rawLine of goMod.split("\n")) {
    const line = rawLine.replace(/\/\/.*$/, "").trim();
    let argument: string | null = null;
    if (inBlock) {
      if (line === ")") inBlock = false;
      else if (line !== "") argument = line;
    } else if (/^ignore\s*\($/.test(line)) {
      inBlock = true;
    } else if (/^ignore\s/.test(line)) {
      argument = line.slice("ignore".length).trim();
    }
    if (argument === null) continue;
    const directory = unquoteGoString(argument).replace(/\/+$/, "");
    if (directory.startsWith("./")) {
      const rooted = directory.slice(2);
      ignored.push({ matches: (relative) => relative === rooted || relative.startsWith(rooted + "/") });
    } else {
      ignored.push({
        matches: (relative) => {
          const segments = relative.split("/");
          const wanted = directory.split("/");
          for (let start = 0; start + wanted.length <= segments.length; start++) {
            if (wanted.every((segment, index) => segments[start + index] === segment)) return true;
          }
          return false;
        },
      });
    }
  }
  return ignored;
}

function unquoteGoString(text: string): string {
  if (text.startsWith("`") && text.endsWith("`")) return text.slice(1, -1);
  if (text.startsWith('"') && text.endsWith('"')) {
    try {
      return JSON.parse(text) as string;
    } catch {
      return text.slice(1, -1);
    }
  }
  return text;
}

function readTextOrEmpty(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

export function toPosix(relativePath: string): string {
  return relativePath.split(path.sep).join("/");
}

const FS_ERROR_MESSAGES: Record<string, string> = {
  ENOENT: "no such file or directory",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EISDIR: "is a directory",
  ENOTDIR: "not a directory",
  ELOOP: "too many levels of symbolic links",
};

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code !== undefined && code in FS_ERROR_MESSAGES) return FS_ERROR_MESSAGES[code]!;
  return error instanceof Error ? error.message : String(error);
}
