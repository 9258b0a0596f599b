#!/usr/bin/env node
import { createRequire as __gotrapCreateRequire } from "node:module";
const require = __gotrapCreateRequire(import.meta.url);

// src/cli.ts
import { existsSync as existsSync2, readFileSync as readFileSync4 } from "node:fs";
import path6 from "node:path";
import { parseArgs } from "node:util";

// package.json
var package_default = {
  name: "gotrap",
  version: "0.1.0",
  description: "Finds goroutine leaks, deadlocks, GC and module traps in Go source, go.mod and runtime artifacts",
  license: "MIT",
  type: "module",
  engines: {
    node: ">=20"
  },
  bin: {
    gotrap: "dist/cli.js"
  },
  main: "./dist/api.js",
  types: "./dist/types/api.d.ts",
  exports: {
    ".": {
      browser: {
        types: "./dist/types/browser-api.d.ts",
        default: "./dist/browser.js"
      },
      types: "./dist/types/api.d.ts",
      default: "./dist/api.js"
    },
    "./package.json": "./package.json"
  },
  files: [
    "dist",
    "!dist/index.js"
  ],
  scripts: {
    build: "node build.mjs"
  },
  devDependencies: {
    "@actions/core": "3.0.1"
  }
};

// src/baseline.ts
import { readFileSync as readFileSync2, writeFileSync } from "node:fs";
import path2 from "node:path";

// src/fingerprint.ts
import { createHash } from "node:crypto";
var decoder = new TextDecoder();
function lineText(content, finding) {
  if (content === void 0) return finding.message;
  let start = Math.min(finding.byteStart, content.byteLength);
  while (start > 0 && content[start - 1] !== 10) start--;
  let end = start;
  while (end < content.byteLength && content[end] !== 10) end++;
  return decoder.decode(content.subarray(start, end)).replace(/\s+/g, " ").trim();
}
function fingerprints(findings, contents) {
  const occurrences = /* @__PURE__ */ new Map();
  return findings.map((finding) => {
    const key = `${finding.rule}\0${finding.path}\0${lineText(contents.get(finding.path), finding)}`;
    const occurrence = occurrences.get(key) ?? 0;
    occurrences.set(key, occurrence + 1);
    return createHash("sha256").update(`${key}\0${occurrence}`).digest("hex").slice(0, 32);
  });
}

// src/workspace.ts
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
function stripGoPattern(argument) {
  if (argument === "...") return ".";
  if (argument.endsWith("/...")) return argument.slice(0, -"/...".length) || "/";
  return argument;
}
function collectWorkspace(argumentsToCheck, options) {
  const errors = [];
  const named = [];
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
    governing: governingModuleFiles(entry.isDirectory ? entry.absolutePath : path.dirname(entry.absolutePath))
  }));
  const root = commonAncestor(
    governed.flatMap(({ absolutePath, isDirectory, governing }) => [
      isDirectory ? absolutePath : path.dirname(absolutePath),
      ...governing.files.map((file) => path.dirname(file))
    ])
  ) ?? options.cwd;
  const found = /* @__PURE__ */ new Set();
  for (const { absolutePath, isDirectory, governing } of governed) {
    for (const file of governing.files) found.add(file);
    if (isDirectory) walkDirectory(absolutePath, { root, governingGoMod: governing.goMod }, found, errors);
    else found.add(absolutePath);
  }
  const files = [...found].filter((absolutePath) => !(options.noTests && absolutePath.endsWith("_test.go"))).map((absolutePath) => ({ absolutePath, path: toPosix(path.relative(root, absolutePath)) })).sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  return { root, files, errors };
}
function readWorkspaceFiles(files) {
  const contents = [];
  const errors = [];
  for (const file of files) {
    try {
      contents.push({ path: file.path, content: readFileSync(file.absolutePath) });
    } catch (error) {
      errors.push({ absolutePath: file.absolutePath, message: describeFsError(error) });
    }
  }
  return { contents, errors };
}
function governingModuleFiles(startDirectory) {
  const files = [];
  let goMod = null;
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
function isGitRoot(directory) {
  return existsSync(path.join(directory, ".git"));
}
function findConfigFile(startDirectory) {
  for (let directory = startDirectory; ; directory = path.dirname(directory)) {
    const candidate = path.join(directory, "gotrap.toml");
    if (existsSync(candidate)) return candidate;
    if (isGitRoot(directory) || path.dirname(directory) === directory) return null;
  }
}
function commonAncestor(paths) {
  if (paths.length === 0) return null;
  return paths.reduce((ancestor, candidate) => {
    let common = ancestor;
    while (common !== candidate && !candidate.startsWith(common.endsWith(path.sep) ? common : common + path.sep)) {
      common = path.dirname(common);
    }
    return common;
  });
}
var CI_FILE_NAMES = /* @__PURE__ */ new Set(["Makefile", ".envrc", ".gitlab-ci.yml"]);
function isCollectedByName(name) {
  return name.endsWith(".go") || name === "go.mod" || name === "go.sum" || name === "go.work" || CI_FILE_NAMES.has(name) || name.startsWith("Dockerfile") || name.endsWith(".mk") || name.endsWith(".sh");
}
function isSkippedDirectory(name) {
  return name === "vendor" || name === "testdata" || name.startsWith("_") || name.startsWith(".");
}
function notRegularFile(stats) {
  const kind = stats.isFIFO() ? "a named pipe" : stats.isSocket() ? "a socket" : "a device";
  return `not a regular file (${kind}); not read`;
}
function walkDirectory(start, context, found, errors) {
  const realRoot = realpathSync(context.root);
  const isInsideWorkspace = (target) => target === realRoot || target.startsWith(realRoot + path.sep);
  const collectFile = (absolutePath) => {
    let symlink = false;
    try {
      symlink = lstatSync(absolutePath).isSymbolicLink();
      if (symlink && !isInsideWorkspace(realpathSync(absolutePath))) return;
      const stats = statSync(absolutePath);
      if (stats.isFile()) found.add(absolutePath);
      else if (!stats.isDirectory()) errors.push({ absolutePath, message: notRegularFile(stats) });
    } catch (error) {
      const message = describeFsError(error);
      errors.push({ absolutePath, message: symlink ? `broken symbolic link (${message})` : message });
    }
  };
  const moduleIgnores = [];
  const addModuleIgnores = (goMod) => {
    moduleIgnores.push({ moduleDirectory: path.dirname(goMod), ignored: goModIgnoredDirectories(readTextOrEmpty(goMod)) });
  };
  if (context.governingGoMod !== null) addModuleIgnores(context.governingGoMod);
  const isIgnoredByModule = (directory) => moduleIgnores.some(({ moduleDirectory, ignored }) => {
    const relative = toPosix(path.relative(moduleDirectory, directory));
    return !relative.startsWith("../") && ignored.some((entry) => entry.matches(relative));
  });
  const visit = (directory) => {
    const goMod = path.join(directory, "go.mod");
    if (goMod !== context.governingGoMod && existsSync(goMod)) addModuleIgnores(goMod);
    let entries;
    try {
      entries = readdirSync(directory, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
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
  const collectWorkflows = (githubDirectory) => {
    const workflows = path.join(githubDirectory, "workflows");
    let names;
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
function goModIgnoredDirectories(goMod) {
  const ignored = [];
  let inBlock = false;
  for (const rawLine of goMod.split("\n")) {
    const line = rawLine.replace(/\/\/.*$/, "").trim();
    let argument = null;
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
        }
      });
    }
  }
  return ignored;
}
function unquoteGoString(text) {
  if (text.startsWith("`") && text.endsWith("`")) return text.slice(1, -1);
  if (text.startsWith('"') && text.endsWith('"')) {
    try {
      return JSON.parse(text);
    } catch {
      return text.slice(1, -1);
    }
  }
  return text;
}
function readTextOrEmpty(file) {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}
function toPosix(relativePath) {
  return relativePath.split(path.sep).join("/");
}
var FS_ERROR_MESSAGES = {
  ENOENT: "no such file or directory",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EISDIR: "is a directory",
  ENOTDIR: "not a directory",
  ELOOP: "too many levels of symbolic links"
};
function describeFsError(error) {
  const code = error.code;
  if (code !== void 0 && code in FS_ERROR_MESSAGES) return FS_ERROR_MESSAGES[code];
  return error instanceof Error ? error.message : String(error);
}

// src/baseline.ts
function baselineFingerprints(findings, contents, baselineDirectory, displayRoot) {
  const rebase = (shown) => toPosix(path2.relative(baselineDirectory, path2.resolve(displayRoot, shown)));
  const rebased = findings.map((finding) => ({ ...finding, path: rebase(finding.path) }));
  const rebasedContents = new Map([...contents].map(([shown, content]) => [rebase(shown), content]));
  return fingerprints(rebased, rebasedContents);
}
function writeBaseline(file, findings, contents, displayRoot) {
  const directory = path2.dirname(path2.resolve(displayRoot, file));
  const prints = baselineFingerprints(findings, contents, directory, displayRoot);
  const baseline = {
    gotrapBaseline: 1,
    findings: findings.map((finding, index) => ({
      rule: finding.rule,
      path: toPosix(path2.relative(directory, path2.resolve(displayRoot, finding.path))),
      fingerprint: prints[index]
    }))
  };
  writeFileSync(path2.resolve(displayRoot, file), `${JSON.stringify(baseline, null, 2)}
`);
}
function readBaseline(file) {
  const parsed = JSON.parse(readFileSync2(file, "utf8"));
  if (parsed.gotrapBaseline !== 1 || !Array.isArray(parsed.findings)) {
    throw new Error(`${file}: not a gotrap baseline (expected {"gotrapBaseline": 1, "findings": [...]})`);
  }
  return new Set(parsed.findings.map((entry) => entry.fingerprint));
}
function newFindings(file, known, findings, contents, displayRoot) {
  const directory = path2.dirname(path2.resolve(displayRoot, file));
  const prints = baselineFingerprints(findings, contents, directory, displayRoot);
  return findings.filter((_finding, index) => !known.has(prints[index]));
}

// src/changes.ts
import { execFile } from "node:child_process";
import { realpathSync as realpathSync2 } from "node:fs";
import path3 from "node:path";
import { promisify } from "node:util";
var execFileAsync = promisify(execFile);
var FILTER_MODES = ["added", "diff_context", "file", "nofilter"];
var DIFF_CONTEXT_LINES = 3;
async function git(args, cwd) {
  const { stdout } = await execFileAsync("git", ["-c", "core.quotePath=false", ...args], {
    cwd,
    encoding: "utf8",
    maxBuffer: 1024 * 1024 * 1024
  });
  return stdout;
}
function unquoteGitPath(text) {
  if (!text.startsWith('"')) return text;
  const bytes = [];
  const escapes = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, "\\": 92 };
  for (let index = 1; index < text.length - 1; index++) {
    const char = text[index];
    if (char !== "\\") {
      bytes.push(...Buffer.from(char));
      continue;
    }
    const next = text[++index];
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(text.slice(index, index + 3), 8));
      index += 2;
    } else {
      bytes.push(escapes[next] ?? next.charCodeAt(0));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}
function parseUnifiedDiff(diff, addedOnly) {
  const changed = /* @__PURE__ */ new Map();
  let current = null;
  let line = 0;
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
        current = changed.get(file) ?? /* @__PURE__ */ new Set();
        changed.set(file, current);
      }
    } else if (text.startsWith("@@ ")) {
      const match = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(text);
      if (match === null) continue;
      oldLeft = match[1] === void 0 ? 1 : Number(match[1]);
      line = Number(match[2]);
      newLeft = match[3] === void 0 ? 1 : Number(match[3]);
      if (!addedOnly) for (let offset = 0; offset < newLeft; offset++) current?.add(line + offset);
    }
  }
  return changed;
}
async function changedLines(base, head, mode, { cwd, displayRoot }) {
  const top = (await git(["rev-parse", "--show-toplevel"], cwd)).trim();
  const context = mode === "diff_context" ? DIFF_CONTEXT_LINES : 0;
  const diff = await git(
    ["diff", "--no-color", "--no-ext-diff", "--no-textconv", `--unified=${context}`, "--diff-filter=d", base, ...head === null ? [] : [head], "--"],
    cwd
  );
  const byRepoPath = parseUnifiedDiff(diff, mode === "added");
  const realDisplayRoot = realpathSync2(displayRoot);
  const result = /* @__PURE__ */ new Map();
  for (const [repoPath, lines] of byRepoPath) {
    result.set(toPosix(path3.relative(realDisplayRoot, path3.join(top, repoPath))), lines);
  }
  return result;
}
function filterFindings(findings, mode, changes, bypass) {
  if (mode === "nofilter" || changes === null) return findings;
  return findings.filter((finding) => {
    if (bypass(finding)) return true;
    const lines = changes.get(finding.path);
    if (lines === void 0) return false;
    if (mode === "file") return true;
    for (let line = finding.line; line <= finding.endLine; line++) if (lines.has(line)) return true;
    return false;
  });
}
function isFromArtifact(rules, artifactPaths) {
  const runtimeRules = new Set(rules.filter((rule) => rule.family === "runtime").map((rule) => rule.id));
  return (finding) => runtimeRules.has(finding.rule) || artifactPaths.has(finding.path);
}

// src/client/node.ts
import { Worker } from "node:worker_threads";

// src/client/client.ts
function defaultTimeBudgetMs(inputBytes) {
  return 1e4 + Math.ceil(inputBytes / (1024 * 1024)) * 1e3;
}
function internalErrorReport(core, message) {
  return {
    schemaVersion: core.schemaVersion,
    toolVersion: core.toolVersion,
    findings: [],
    analyses: [],
    skipped: [],
    errors: [{ message: `internal error: ${message}` }]
  };
}
function internalErrorComparison(core, input, message) {
  return {
    schemaVersion: core.schemaVersion,
    toolVersion: core.toolVersion,
    base: input.base.path,
    new: input.new.path,
    profile: null,
    goroutines: null,
    errors: [{ message: `internal error: ${message}` }]
  };
}
function workspaceFile(file) {
  return { path: file.path, content: typeof file.content === "string" ? new TextEncoder().encode(file.content) : file.content };
}
var closedError = () => new Error("the gotrap client is closed");
function createClient(options) {
  const timeBudgetMs = options.timeBudgetMs ?? defaultTimeBudgetMs;
  const keepTrees = options.keepTrees ?? true;
  const queue = [];
  let worker = null;
  let draining = false;
  let closed = false;
  let nextRequestId = 1;
  const startWorker = () => {
    let markReady;
    let failStart;
    const ready = new Promise((resolve, reject) => {
      markReady = resolve;
      failStart = reject;
    });
    ready.catch(() => {
    });
    const live = {
      ready,
      failStart,
      running: null,
      port: options.spawnWorker({
        message(response) {
          if (live !== worker) return;
          switch (response.type) {
            case "ready":
              markReady({ toolVersion: response.toolVersion, schemaVersion: response.schemaVersion });
              break;
            case "load-failed":
              discard(live, new Error(`cannot load the gotrap core: ${response.message}`));
              break;
            case "result":
              if (live.running?.id === response.id) live.running.finish({ kind: "answered", json: response.json });
              break;
            case "crashed":
              discard(live, new Error("the gotrap worker crashed"));
              if (live.running?.id === response.id) {
                live.running.finish({ kind: "failed", message: `the analysis core crashed (${response.message})` });
              }
              break;
          }
        },
        failure(error) {
          if (live !== worker) return;
          discard(live, new Error(`cannot start the gotrap worker: ${error.message}`));
          live.running?.finish({ kind: "failed", message: `the analysis worker died (${error.message})` });
        }
      })
    };
    return live;
  };
  const discard = (live, reason) => {
    if (worker === live) worker = null;
    live.port.terminate();
    live.failStart(reason);
  };
  const request = (live, body, budgetMs) => new Promise((resolve) => {
    const id = nextRequestId++;
    const timer = setTimeout(() => {
      discard(live, new Error("the gotrap worker overran its time budget"));
      live.running?.finish({
        kind: "failed",
        message: `the analysis exceeded its time budget of ${budgetMs / 1e3} s and was stopped`
      });
    }, budgetMs);
    live.running = {
      id,
      finish(outcome) {
        clearTimeout(timer);
        live.running = null;
        resolve(outcome);
      }
    };
    live.port.post({ ...body, id });
  });
  const enqueue = (task) => {
    if (closed) return Promise.reject(closedError());
    return new Promise((resolve, reject) => {
      queue.push({
        reject,
        async run() {
          worker ??= startWorker();
          const live = worker;
          live.port.setBusy(true);
          try {
            resolve(await task(live, await live.ready));
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        }
      });
      void drain();
    });
  };
  const drain = async () => {
    if (draining) return;
    draining = true;
    for (let task = queue.shift(); task !== void 0; task = queue.shift()) await task.run();
    draining = false;
    worker?.port.setBusy(false);
  };
  const ask = (body, inputBytes, failed) => enqueue(async (live, core) => {
    const outcome = await request(live, body, timeBudgetMs(inputBytes));
    switch (outcome.kind) {
      case "answered":
        return JSON.parse(outcome.json);
      case "failed":
        return failed(core, outcome.message);
      case "closed":
        throw closedError();
    }
  });
  const check = (input, stages, failed) => {
    const files = input.files.map(workspaceFile);
    const inputBytes = files.reduce((total, file) => total + file.content.byteLength, 0);
    return ask({ type: "check", files, optionsJson: JSON.stringify(input.options ?? {}), stages, keepTrees }, inputBytes, failed);
  };
  return {
    check(input) {
      const stages = input.imports === void 0 ? { kind: "all" } : { kind: "with-imports", importsJson: JSON.stringify(input.imports) };
      return check(input, stages, internalErrorReport);
    },
    checkSources(input) {
      return check(input, { kind: "sources" }, (core, message) => ({ report: internalErrorReport(core, message), imports: [] }));
    },
    compare(input) {
      const [base, next] = [workspaceFile(input.base), workspaceFile(input.new)];
      const body = { type: "compare", base, new: next, optionsJson: JSON.stringify(input.options ?? {}) };
      return ask(body, base.content.byteLength + next.content.byteLength, (core, message) => internalErrorComparison(core, input, message));
    },
    rules() {
      return ask({ type: "rules" }, 0, (_core, message) => {
        throw new Error(`internal error: ${message}`);
      });
    },
    coreInfo() {
      return enqueue(async (_live, core) => core);
    },
    close() {
      closed = true;
      for (let task = queue.shift(); task !== void 0; task = queue.shift()) task.reject(closedError());
      if (worker !== null) {
        const live = worker;
        discard(live, closedError());
        live.running?.finish({ kind: "closed" });
      }
    }
  };
}

// src/client/node.ts
function createNodeClient(options = {}) {
  const workerUrl = options.workerUrl ?? new URL("./node-worker.js", import.meta.url);
  return createClient({ spawnWorker: spawnNodeWorker(workerUrl), timeBudgetMs: options.timeBudgetMs, keepTrees: options.keepTrees });
}
function spawnNodeWorker(workerUrl) {
  return (events) => {
    const worker = new Worker(workerUrl, { execArgv: [] });
    worker.on("message", events.message);
    worker.on("error", events.failure);
    worker.on("exit", (code) => events.failure(new Error(`the worker exited with code ${code}`)));
    return {
      post: (request) => worker.postMessage(request),
      terminate: () => void worker.terminate(),
      setBusy: (busy) => busy ? worker.ref() : worker.unref()
    };
  };
}

// src/compare.ts
function signed(value) {
  return value > 0 ? `+${value}` : String(value);
}
function percent(value, total) {
  return total === 0 ? "-" : `${(value / total * 100).toFixed(2)}%`;
}
function table(header, rows) {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column].length)));
  const line = (cells) => cells.map((cell, column) => column === cells.length - 1 ? cell : cell.padStart(widths[column])).join("  ").trimEnd();
  return [line(header), ...rows.map(line)];
}
function pickSampleType(diff, wanted) {
  const found = wanted === null ? diff.types.at(-1) : diff.types.find((type) => type.type === wanted);
  if (found !== void 0) return found;
  const names = diff.types.map((type) => type.type).join(", ");
  return wanted === null ? "the profiles have no sample types" : `no sample type ${JSON.stringify(wanted)} in these profiles (they have ${names})`;
}
function profileText(comparison, diff, options) {
  const type = pickSampleType(diff, options.sampleType);
  if (typeof type === "string") throw new Error(type);
  const changed = type.rows.filter((row) => row.flatDelta !== 0 || row.cumDelta !== 0);
  const shown = changed.slice(0, options.rows);
  const normalized = diff.normalized ? `; new scaled by ${type.scale.toPrecision(6)} (-normalize)` : "";
  const lines = [
    `Profile: ${diff.profile}, ${comparison.new} against base ${comparison.base}`,
    `Type: ${type.type} (${type.unit})${normalized}`,
    `Total: base ${type.baseTotal}, new ${type.newTotal} (${signed(type.newTotal - type.baseTotal)})`,
    `Showing ${shown.length} of ${changed.length + type.rowsDropped} functions that changed; percentages of the base total`
  ];
  const rows = shown.map((row) => [
    signed(row.flatDelta),
    percent(row.flatDelta, type.baseTotal),
    signed(row.cumDelta),
    percent(row.cumDelta, type.baseTotal),
    String(row.cumBase),
    String(row.cumNew),
    row.function
  ]);
  return [...lines, ...table(["flat", "flat%", "cum", "cum%", "cum base", "cum new", "function"], rows)];
}
function frameText(frame) {
  return `${frame.function} ${frame.file}:${frame.line}`;
}
function growthText(comparison, growth, options) {
  const lines = [
    `Goroutines: base ${growth.base.goroutines} (${growth.base.format}, ${comparison.base}), new ${growth.new.goroutines} (${growth.new.format}, ${comparison.new})`,
    `${signed(growth.grew)} in ${growth.groups.length + growth.groupsDropped} ${growth.groups.length + growth.groupsDropped === 1 ? "stack" : "stacks"} that grew, -${growth.shrank} in stacks that shrank or ended`
  ];
  const shown = growth.groups.slice(0, options.rows);
  if (shown.length === 0) return lines;
  const rows = shown.map((group) => {
    const user = group.userFrame === null || group.userFrame === void 0 ? group.stack[0] : group.stack[group.userFrame];
    return [
      signed(group.delta),
      String(group.baseCount),
      String(group.newCount),
      ...growth.byState ? [group.state ?? ""] : [],
      `${user === void 0 ? "(no frames)" : frameText(user)}${group.createdBy ? `, created by ${frameText(group.createdBy)}` : ""}`
    ];
  });
  const header = ["grew", "base", "new", ...growth.byState ? ["state"] : [], "user frame"];
  return [...lines, ...table(header, rows)];
}
function formatComparison(comparison, options) {
  const sections = [];
  if (comparison.profile) sections.push(profileText(comparison, comparison.profile, options));
  if (comparison.goroutines) sections.push(growthText(comparison, comparison.goroutines, options));
  return sections.map((lines) => lines.join("\n")).join("\n\n");
}

// src/fix.ts
import { writeFileSync as writeFileSync2 } from "node:fs";
function applyFixes(findings, allowed, files) {
  const byFile = /* @__PURE__ */ new Map();
  for (const finding of findings) {
    if (finding.fix == null || !allowed.has(finding.fix.applicability) || finding.fix.edits.length === 0) continue;
    byFile.set(finding.path, [...byFile.get(finding.path) ?? [], finding]);
  }
  const outcome = { fixedFindings: 0, fixedFiles: [], failures: [] };
  const encoder = new TextEncoder();
  for (const [filePath, fixable] of byFile) {
    const content = files.contents.get(filePath);
    const absolutePath = files.absolutePaths.get(filePath);
    if (content === void 0 || absolutePath === void 0) continue;
    const taken = [];
    let fixed = 0;
    for (const finding of fixable) {
      const edits = finding.fix.edits;
      const overlaps = edits.some(
        (edit) => edit.byteEnd > content.byteLength || taken.some((other) => edit.byteStart < other.byteEnd && other.byteStart < edit.byteEnd)
      );
      if (overlaps) continue;
      taken.push(...edits);
      fixed++;
    }
    if (fixed === 0) continue;
    taken.sort((a, b) => a.byteStart - b.byteStart);
    const parts = [];
    let at = 0;
    for (const edit of taken) {
      parts.push(content.subarray(at, edit.byteStart), encoder.encode(edit.newText));
      at = edit.byteEnd;
    }
    parts.push(content.subarray(at));
    try {
      writeFileSync2(absolutePath, Buffer.concat(parts));
      outcome.fixedFindings += fixed;
      outcome.fixedFiles.push(filePath);
    } catch (error) {
      outcome.failures.push({ path: filePath, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return outcome;
}

// src/output.ts
import path4 from "node:path";

// src/client/format.ts
function plural(count, noun) {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

// src/output.ts
var SEVERITY_RANK = { info: 0, warning: 1, error: 2 };
function displayRelativePaths(report, root, displayRoot) {
  const display = (rootRelative) => toPosix(path4.relative(displayRoot, path4.resolve(root, rootRelative))) || ".";
  return {
    ...report,
    findings: report.findings.map((finding) => ({
      ...finding,
      path: display(finding.path),
      related: finding.related.map((related) => ({ ...related, path: display(related.path) }))
    })),
    analyses: report.analyses.map((analysis) => ({ ...analysis, path: display(analysis.path) })),
    skipped: report.skipped.map((skipped) => ({ ...skipped, path: display(skipped.path) })),
    errors: report.errors.map((error) => typeof error.path === "string" ? { ...error, path: display(error.path) } : error)
  };
}
function formatFinding(finding) {
  return `${finding.path}:${finding.line}:${finding.column}: ${finding.rule} ${finding.message}`;
}
function formatRunError(error) {
  return `gotrap: error: ${error.message}`;
}
function formatSummary(report, fileCount) {
  const count = (severity) => report.findings.filter((finding) => finding.severity === severity).length;
  let summary = `gotrap: ${plural(report.findings.length, "finding")} (${plural(count("error"), "error")}, ${plural(count("warning"), "warning")}, ${count("info")} info) in ${plural(fileCount, "file")}`;
  if (report.skipped.length > 0) summary += `, ${report.skipped.length} skipped`;
  if (report.errors.length > 0) summary += `; ${plural(report.errors.length, "run-level error")}`;
  return summary;
}
function exitCode(report, failLevel) {
  if (report.errors.length > 0) return 2;
  if (failLevel === "none") return 0;
  const threshold = SEVERITY_RANK[failLevel];
  return report.findings.some((finding) => SEVERITY_RANK[finding.severity] >= threshold) ? 1 : 0;
}

// src/github.ts
var ANNOTATION_LEVEL = { error: "error", warning: "warning", info: "notice" };
var ANNOTATIONS_PER_LEVEL = 10;
var DEFAULT_MAX_ANNOTATIONS = 3 * ANNOTATIONS_PER_LEVEL;
function escapeData(text) {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function escapeProperty(text) {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
function workflowCommand(level, properties, message) {
  const props = properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(",");
  return `::${level}${props === "" ? "" : ` ${props}`}::${escapeData(message)}`;
}
function annotationCommand(finding) {
  const properties = [
    ["file", finding.path],
    ["line", finding.line],
    ["col", finding.columnUtf16],
    ["endLine", finding.endLine]
  ];
  if (finding.endLine === finding.line) properties.push(["endColumn", finding.endColumnUtf16]);
  properties.push(["title", `${finding.rule} ${finding.name}`]);
  return workflowCommand(ANNOTATION_LEVEL[finding.severity], properties, finding.message);
}
function distanceToChange(finding, changes) {
  if (changes === null) return 0;
  const lines = changes.get(finding.path);
  if (lines === void 0 || lines.size === 0) return Infinity;
  let best = Infinity;
  for (const line of lines) {
    const distance = line < finding.line ? finding.line - line : line > finding.endLine ? line - finding.endLine : 0;
    if (distance < best) best = distance;
  }
  return best;
}
function chooseAnnotations(findings, changes, max, reservedNotices = 0) {
  const ranked = findings.map((finding, order) => ({ finding, order, distance: distanceToChange(finding, changes) })).sort(
    (a, b) => SEVERITY_RANK[b.finding.severity] - SEVERITY_RANK[a.finding.severity] || a.distance - b.distance || a.order - b.order
  );
  const pick = (noticeSlots2, total) => {
    const used = { error: 0, warning: 0, notice: 0 };
    const limit = { error: ANNOTATIONS_PER_LEVEL, warning: ANNOTATIONS_PER_LEVEL, notice: noticeSlots2 };
    const chosen = [];
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
function annotationCommands(findings, { changes, max, reservedNotices, elsewhere }) {
  const { annotated, overflow } = chooseAnnotations(findings, changes, max, reservedNotices);
  const commands = annotated.map(annotationCommand);
  if (overflow > 0) {
    commands.push(
      workflowCommand(
        "notice",
        [["title", "gotrap"]],
        `${overflow} more ${overflow === 1 ? "finding is" : "findings are"} not annotated (GitHub shows at most ${ANNOTATIONS_PER_LEVEL} annotations of each level per step): ${elsewhere}`
      )
    );
  }
  return commands;
}

// src/run.ts
import { availableParallelism } from "node:os";
import { readFileSync as readFileSync3, statSync as statSync2 } from "node:fs";
import path5 from "node:path";

// src/parallel.ts
var MODULE_FILE_NAMES = /* @__PURE__ */ new Set(["go.mod", "go.sum", "go.work"]);
function baseName(filePath) {
  return filePath.slice(filePath.lastIndexOf("/") + 1);
}
function directoryOf(filePath) {
  const slash = filePath.lastIndexOf("/");
  return slash < 0 ? "" : filePath.slice(0, slash);
}
var GO_DEBUG = Buffer.from("//go:debug ");
function hasGoDebugLine(content) {
  const bytes = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  for (let at = bytes.indexOf(GO_DEBUG); at >= 0; at = bytes.indexOf(GO_DEBUG, at + 1)) {
    let start = at;
    while (start > 0 && isLeadingSpace(bytes[start - 1])) start--;
    if (start === 0 || bytes[start - 1] === 10) return true;
  }
  return false;
}
function isLeadingSpace(byte) {
  return byte === 32 || byte >= 9 && byte <= 13 && byte !== 10 || byte >= 128;
}
var PART_BYTES = 4 * 1024 * 1024;
function partitionWorkspace(files, partBytes = PART_BYTES) {
  const goFiles = files.filter((file) => file.path.endsWith(".go"));
  const moduleFiles = files.filter((file) => MODULE_FILE_NAMES.has(baseName(file.path)));
  const debugFiles = goFiles.filter((file) => hasGoDebugLine(file.content));
  const packages = /* @__PURE__ */ new Map();
  for (const file of goFiles) {
    const directory = directoryOf(file.path);
    const unit = packages.get(directory) ?? { files: [], bytes: 0 };
    unit.files.push(file);
    unit.bytes += file.content.byteLength;
    packages.set(directory, unit);
  }
  const parts = [];
  let current = null;
  for (const unit of [...packages.values()].sort((a, b) => b.bytes - a.bytes)) {
    if (current === null || current.bytes + unit.bytes > partBytes) {
      current = { owned: [], bytes: 0 };
      parts.push(current);
    }
    current.owned.push(...unit.files);
    current.bytes += unit.bytes;
  }
  return {
    parts: parts.map((part) => {
      const owned = new Set(part.owned);
      return { owned: part.owned, shared: [...moduleFiles, ...debugFiles.filter((file) => !owned.has(file))] };
    }),
    workspace: files.filter((file) => !file.path.endsWith(".go"))
  };
}
function compareUtf8(a, b) {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
function compareFindings(a, b) {
  return compareUtf8(a.path, b.path) || a.line - b.line || a.column - b.column || compareUtf8(a.rule, b.rule) || a.byteEnd - b.byteEnd || compareUtf8(a.message, b.message);
}
function mergeReports(parts, workspace) {
  const findings = [];
  const seen = { skipped: /* @__PURE__ */ new Set(), errors: /* @__PURE__ */ new Set() };
  const once = (kind, value) => {
    const key = JSON.stringify(value);
    if (seen[kind].has(key)) return false;
    seen[kind].add(key);
    return true;
  };
  const merged = { ...workspace, findings, analyses: [], skipped: [], errors: [] };
  for (const { report, owned } of [...parts, { report: workspace, owned: null }]) {
    findings.push(...owned === null ? report.findings : report.findings.filter((finding) => owned.has(finding.path)));
    merged.analyses.push(...report.analyses);
    merged.skipped.push(...report.skipped.filter((skipped) => once("skipped", skipped)));
    merged.errors.push(...report.errors.filter((error) => once("errors", error)));
  }
  findings.sort(compareFindings);
  merged.skipped.sort((a, b) => compareUtf8(a.path, b.path));
  return merged;
}
async function checkInParallel(files, options, {
  jobs,
  hasArtifacts,
  createClient: createClient2,
  partBytes,
  onStats
}) {
  const split = hasArtifacts ? null : partitionWorkspace(files, partBytes);
  if (split === null || split.parts.length <= 1) {
    onStats?.({ parts: 1, partsPerWorker: [1] });
    const client = createClient2();
    try {
      return await client.check({ files, options });
    } finally {
      client.close();
    }
  }
  const { parts, workspace } = split;
  const results = new Array(parts.length);
  const imports = new Array(parts.length);
  let next = 0;
  const clients = Array.from({ length: Math.max(1, Math.min(jobs, parts.length)) }, () => createClient2());
  const partsPerWorker = clients.map(() => 0);
  try {
    await Promise.all(
      clients.map(async (client, worker) => {
        for (let index = next++; index < parts.length; index = next++) {
          const part = parts[index];
          const owned = new Set(part.owned.map((file) => file.path));
          const result = await client.checkSources({ files: [...part.shared, ...part.owned], options });
          results[index] = { report: result.report, owned };
          imports[index] = result.imports.filter((site) => owned.has(site.file));
          partsPerWorker[worker] += 1;
        }
      })
    );
    const workspaceReport = await clients[0].check({ files: workspace, options, imports: imports.flat() });
    onStats?.({ parts: parts.length, partsPerWorker });
    return mergeReports(results, workspaceReport);
  } finally {
    for (const client of clients) client.close();
  }
}

// src/run.ts
function readConfig(request, root) {
  const configFile = request.configFile === null ? findConfigFile(request.cwd) : path5.resolve(request.cwd, request.configFile);
  if (configFile === null) return { options: {}, error: null };
  try {
    const configPath = toPosix(path5.relative(root, configFile));
    return { options: { config: readFileSync3(configFile, "utf8"), configPath }, error: null };
  } catch (error) {
    return { options: {}, error: { absolutePath: configFile, message: describeFsError(error) } };
  }
}
function hostTimeBudgetMs(inputBytes) {
  return 6e4 + Math.ceil(inputBytes / (1024 * 1024)) * 1e4;
}
function defaultJobs() {
  return availableParallelism();
}
async function runCheck(request) {
  const workspace = collectWorkspace([...request.paths, ...request.artifacts], { cwd: request.cwd, noTests: request.noTests });
  const { contents, errors: readErrors } = readWorkspaceFiles(workspace.files);
  const config = readConfig(request, workspace.root);
  const options = {
    ...config.options,
    select: request.select,
    ignore: request.ignore,
    noTests: request.noTests,
    ...request.goVersion === null ? {} : { goVersion: request.goVersion }
  };
  const artifactAbsolute = new Set(request.artifacts.map((artifact) => path5.resolve(request.cwd, artifact)));
  const rootArtifacts = new Set(workspace.files.filter((file) => artifactAbsolute.has(file.absolutePath)).map((file) => file.path));
  const coreReport = await checkInParallel(contents, options, {
    jobs: request.jobs > 0 ? request.jobs : defaultJobs(),
    hasArtifacts: rootArtifacts.size > 0 || request.paths.some((argument) => isNamedFile(request.cwd, argument)),
    // Each file is sent once: a worker holds one syntax tree at a time.
    createClient: () => createNodeClient({ timeBudgetMs: hostTimeBudgetMs, keepTrees: false })
  });
  const display = (absolutePath) => toPosix(path5.relative(request.displayRoot, absolutePath)) || ".";
  const hostErrors = [...workspace.errors, ...readErrors, ...config.error ? [config.error] : []].map((error) => {
    const shownPath = display(error.absolutePath);
    return { message: `${shownPath}: ${error.message}`, path: shownPath };
  });
  const shown = displayRelativePaths(coreReport, workspace.root, request.displayRoot);
  const byRootPath = (rootPath) => display(path5.resolve(workspace.root, rootPath));
  return {
    report: { ...shown, errors: [...hostErrors, ...shown.errors] },
    contents: new Map(contents.map((file) => [byRootPath(file.path), file.content])),
    artifactPaths: new Set([...rootArtifacts].map(byRootPath)),
    absolutePaths: new Map(workspace.files.map((file) => [byRootPath(file.path), file.absolutePath])),
    fileCount: contents.length
  };
}
function isNamedFile(cwd, argument) {
  if (argument.endsWith("...")) return false;
  const name = path5.basename(argument);
  if (name.endsWith(".go") || name === "go.mod" || name === "go.sum" || name === "go.work") return false;
  try {
    return !statSync2(path5.resolve(cwd, argument)).isDirectory();
  } catch {
    return false;
  }
}
async function registry() {
  const client = createNodeClient();
  try {
    return await client.rules();
  } finally {
    client.close();
  }
}

// src/sarif.ts
var SARIF_MAX_RESULTS = 25e3;
function ruleDocsUrl(slug) {
  return `https://gotrap.dev/rules/${slug}`;
}
var SARIF_LEVEL = { error: "error", warning: "warning", info: "note" };
function relativeUri(posixPath) {
  return posixPath.split("/").map(encodeURIComponent).join("/");
}
function region(place) {
  return { startLine: place.line, startColumn: place.columnUtf16, endLine: place.endLine, endColumn: place.endColumnUtf16 };
}
function toSarif(report, options) {
  const kept = report.findings.slice(0, SARIF_MAX_RESULTS);
  const prints = fingerprints(kept, options.contents);
  const ruleIndex = new Map(options.rules.map((rule, index) => [rule.id, index]));
  const results = kept.map((finding, index) => ({
    ruleId: finding.rule,
    ...ruleIndex.has(finding.rule) ? { ruleIndex: ruleIndex.get(finding.rule) } : {},
    level: SARIF_LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [
      { physicalLocation: { artifactLocation: { uri: relativeUri(finding.path), uriBaseId: "%SRCROOT%" }, region: region(finding) } }
    ],
    ...finding.related.length > 0 ? {
      relatedLocations: finding.related.map((related, relatedIndex) => ({
        id: relatedIndex,
        physicalLocation: { artifactLocation: { uri: relativeUri(related.path), uriBaseId: "%SRCROOT%" }, region: region(related) },
        message: { text: related.message }
      }))
    } : {},
    partialFingerprints: { "gotrapFindingHash/v1": prints[index] },
    ...typeof finding.weight === "number" ? { rank: Math.min(100, Math.max(0, finding.weight * 100)) } : {}
  }));
  const notifications = [
    ...report.errors.map((error) => ({ level: "error", message: { text: error.message } })),
    ...report.findings.length > kept.length ? [
      {
        level: "warning",
        message: {
          text: `${report.findings.length - kept.length} more findings are not in this file: GitHub code scanning keeps at most ${SARIF_MAX_RESULTS} results per run`
        }
      }
    ] : []
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
              properties: { tags: [rule.family], "problem.severity": rule.severity === "info" ? "recommendation" : rule.severity }
            }))
          }
        },
        originalUriBaseIds: { "%SRCROOT%": { uri: directoryUri(options.sourceRoot) } },
        columnKind: "utf16CodeUnits",
        invocations: [{ executionSuccessful: report.errors.length === 0, toolExecutionNotifications: notifications }],
        results
      }
    ]
  };
  return { log, omitted: report.findings.length - kept.length };
}
function directoryUri(absoluteDirectory) {
  const posix = absoluteDirectory.split("\\").join("/");
  const withSlash = posix.endsWith("/") ? posix : `${posix}/`;
  return `file://${withSlash.startsWith("/") ? "" : "/"}${relativeUri(withSlash)}`;
}

// src/cli.ts
var USAGE = `Usage: gotrap check [flags] [files | dirs | ./... | ./pkg/...]
       gotrap compare [--normalize] [--format text|json] [--type TYPE] [--nodes N] BASE NEW
       gotrap rules [--format text|json]
       gotrap explain RULE

Finds Go traps (goroutine leaks, deadlocks, GC and module problems) in Go
source, go.mod/go.sum/go.work, CI files and runtime artifacts.

Directories are walked recursively (X/... is the same as X) and read only
*.go, go.mod, go.sum, go.work and CI files (.github/workflows/*.yml,
Dockerfile*, Makefile, *.mk, .envrc, *.sh, .gitlab-ci.yml); vendor/,
testdata/, _* and .* folders are skipped. Other files, such as profiles and
logs, are read only when named. With no argument, checks ./... .

Flags of check:
  --format FORMAT           text, json, sarif (SARIF 2.1.0) or github (workflow commands); default text
  --go-version VERSION      Go language version of every file (default: from go.mod)
  --select IDS              comma-separated rule ids, id prefixes or names to run
  --ignore IDS              comma-separated rule ids, id prefixes or names not to run
  --fail-level LEVEL        none|info|warning|error: lowest severity that fails (default warning)
  --config FILE             gotrap.toml to use (default: nearest from here up to the git root)
  --no-tests                skip _test.go files
  --artifact FILE           read a runtime artifact (repeatable)
  --diff REF                report only findings on lines changed since the git revision REF
  --filter-mode MODE        with --diff: added (default), diff_context, file or nofilter
  --fix                     apply safe fixes to the files, then report what is left
  --unsafe-fixes            with --fix: apply unsafe fixes too
  --baseline FILE           record the findings in FILE if it does not exist; else report only new ones
  --jobs N                  worker threads (default: one per core)
  --help                    show this help
  --version                 show the version

compare shows how NEW differs from BASE: two pprof profiles of one type
function by function (flat and cum of NEW minus BASE, as go tool pprof
-top -diff_base=BASE NEW; --normalize scales NEW to BASE's total first, as
-normalize), or two goroutine snapshots (goroutine dumps or goroutine
profiles: the stacks whose goroutines grew, as leaks do). Flags of compare:
  --normalize               scale NEW so each sample type totals as in BASE
  --format FORMAT           text or json (the Comparison); default text
  --type TYPE               sample type to show as text (default: the last, as pprof)
  --nodes N                 rows to show as text (default 20)

Exit status: 2 on a run-level error (for compare: a file that cannot be
read or compared), 1 on a finding at or above the fail level, 0 otherwise.
`;
var UsageError = class extends Error {
};
var FORMATS = ["text", "json", "sarif", "github"];
var FAIL_LEVELS = ["none", "info", "warning", "error"];
function commaList(value) {
  if (value === void 0) return [];
  return value.split(",").map((item) => item.trim()).filter((item) => item !== "");
}
function oneOf(flag, value, allowed) {
  if (!allowed.includes(value)) {
    const list = allowed.length === 2 ? allowed.join(" or ") : `${allowed.slice(0, -1).join(", ")} or ${allowed.at(-1)}`;
    throw new UsageError(`${flag} must be ${list}, not ${JSON.stringify(value)}`);
  }
  return value;
}
function parseCommand(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: "string", default: "text" },
        "go-version": { type: "string" },
        select: { type: "string" },
        ignore: { type: "string" },
        "fail-level": { type: "string", default: "warning" },
        config: { type: "string" },
        "no-tests": { type: "boolean", default: false },
        artifact: { type: "string", multiple: true, default: [] },
        diff: { type: "string" },
        "filter-mode": { type: "string", default: "added" },
        fix: { type: "boolean", default: false },
        "unsafe-fixes": { type: "boolean", default: false },
        baseline: { type: "string" },
        jobs: { type: "string", default: "0" },
        help: { type: "boolean", short: "h", default: false },
        version: { type: "boolean", default: false },
        normalize: { type: "boolean", default: false },
        type: { type: "string" },
        nodes: { type: "string", default: "20" }
      }
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };
  const [command, ...rest] = positionals;
  const format = oneOf("--format", values.format, FORMATS);
  if (command === "rules") {
    if (rest.length > 0) throw new UsageError("rules takes no arguments");
    return { kind: "rules", format: oneOf("--format", values.format, ["text", "json"]) };
  }
  if (command === "explain") {
    if (rest.length !== 1) throw new UsageError("explain takes one rule id or name, as in: gotrap explain GT201");
    return { kind: "explain", rule: rest[0] };
  }
  if (command === "compare") {
    if (rest.length !== 2) throw new UsageError("compare takes two files, as in: gotrap compare base.pb.gz new.pb.gz");
    const rows = Number(values.nodes);
    if (!Number.isInteger(rows) || rows < 0) throw new UsageError(`--nodes must be a whole number, not ${JSON.stringify(values.nodes)}`);
    return {
      kind: "compare",
      base: rest[0],
      new: rest[1],
      normalize: values.normalize,
      format: oneOf("--format", values.format, ["text", "json"]),
      sampleType: values.type ?? null,
      rows
    };
  }
  if (values.normalize || values.type !== void 0) throw new UsageError("--normalize and --type go with compare");
  if (command !== "check") {
    throw new UsageError(command === void 0 ? "no command given" : `unknown command ${JSON.stringify(command)}`);
  }
  const jobs = Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 0) throw new UsageError(`--jobs must be a whole number, not ${JSON.stringify(values.jobs)}`);
  if (values["unsafe-fixes"] && !values.fix) throw new UsageError("--unsafe-fixes goes with --fix");
  return {
    kind: "check",
    request: {
      paths: rest.length > 0 ? rest : ["./..."],
      artifacts: values.artifact,
      configFile: values.config ?? null,
      goVersion: values["go-version"] ?? null,
      select: commaList(values.select),
      ignore: commaList(values.ignore),
      noTests: values["no-tests"],
      jobs
    },
    format,
    failLevel: oneOf("--fail-level", values["fail-level"], FAIL_LEVELS),
    diff: values.diff ?? null,
    filterMode: oneOf("--filter-mode", values["filter-mode"], FILTER_MODES),
    fix: values.fix ? new Set(values["unsafe-fixes"] ? ["safe", "unsafe"] : ["safe"]) : null,
    baseline: values.baseline ?? null
  };
}
async function runCheckCommand(command, cwd) {
  const request = { ...command.request, cwd, displayRoot: cwd };
  let result = await runCheck(request);
  if (command.fix !== null && result.report.errors.length === 0) {
    const fixed = applyFixes(result.report.findings, command.fix, result);
    for (const failure of fixed.failures) process.stderr.write(`gotrap: error: ${failure.path}: cannot write the fix: ${failure.message}
`);
    process.stderr.write(`gotrap: fixed ${fixed.fixedFindings} ${fixed.fixedFindings === 1 ? "finding" : "findings"} in ${fixed.fixedFiles.length} ${fixed.fixedFiles.length === 1 ? "file" : "files"}
`);
    if (fixed.fixedFiles.length > 0) result = await runCheck(request);
    if (fixed.failures.length > 0) {
      result.report.errors.push(...fixed.failures.map((failure) => ({ message: `${failure.path}: cannot write the fix: ${failure.message}`, path: failure.path })));
    }
  }
  let findings = result.report.findings;
  let changes = null;
  if (command.diff !== null && command.filterMode !== "nofilter") {
    try {
      changes = await changedLines(command.diff, null, command.filterMode, { cwd, displayRoot: cwd });
    } catch (error) {
      throw new Error(`--diff ${command.diff}: git diff failed: ${error instanceof Error ? error.message.trim().split("\n").at(-1) : String(error)}`);
    }
    findings = filterFindings(findings, command.filterMode, changes, isFromArtifact(await registry(), result.artifactPaths));
  }
  if (command.baseline !== null) {
    const baselinePath = path6.resolve(cwd, command.baseline);
    if (!existsSync2(baselinePath)) {
      writeBaseline(baselinePath, findings, result.contents, cwd);
      process.stderr.write(`gotrap: recorded ${findings.length} ${findings.length === 1 ? "finding" : "findings"} in ${command.baseline}; later runs report only new ones
`);
      findings = [];
    } else {
      findings = newFindings(baselinePath, readBaseline(baselinePath), findings, result.contents, cwd);
    }
  }
  const report = { ...result.report, findings };
  switch (command.format) {
    case "json":
      process.stdout.write(`${JSON.stringify(report)}
`);
      break;
    case "sarif": {
      const rules = await registry();
      const sarif = toSarif(report, { rules, toolVersion: report.toolVersion, contents: result.contents, sourceRoot: cwd });
      process.stdout.write(`${JSON.stringify(sarif.log, null, 2)}
`);
      if (sarif.omitted > 0) process.stderr.write(`gotrap: ${sarif.omitted} findings are not in the SARIF output (at most 25000 results)
`);
      break;
    }
    case "github": {
      const commands = annotationCommands(report.findings, {
        changes,
        max: DEFAULT_MAX_ANNOTATIONS,
        reservedNotices: 0,
        elsewhere: "run gotrap check --format text or --format sarif to see them all"
      });
      process.stdout.write(commands.map((line) => `${line}
`).join(""));
      process.stderr.write(report.errors.map((error) => `${formatRunError(error)}
`).join(""));
      process.stderr.write(`${formatSummary(report, result.fileCount)}
`);
      break;
    }
    case "text":
      process.stdout.write(report.findings.map((finding) => `${formatFinding(finding)}
`).join(""));
      process.stderr.write(report.errors.map((error) => `${formatRunError(error)}
`).join(""));
      process.stderr.write(`${formatSummary(report, result.fileCount)}
`);
      break;
  }
  return exitCode(report, command.failLevel);
}
async function runCompareCommand(command) {
  const read = (file) => {
    try {
      return readFileSync4(file);
    } catch (error) {
      const reason = error instanceof Error && "code" in error && error.code === "ENOENT" ? "no such file" : error instanceof Error ? error.message : String(error);
      process.stderr.write(`gotrap: error: ${file}: cannot read: ${reason}
`);
      return null;
    }
  };
  const [base, next] = [read(command.base), read(command.new)];
  if (base === null || next === null) return 2;
  const client = createNodeClient();
  let comparison;
  try {
    comparison = await client.compare({ base: { path: command.base, content: base }, new: { path: command.new, content: next }, options: { normalize: command.normalize } });
  } finally {
    client.close();
  }
  if (command.format === "json") {
    process.stdout.write(`${JSON.stringify(comparison)}
`);
  } else if (comparison.errors.length === 0) {
    process.stdout.write(`${formatComparison(comparison, { sampleType: command.sampleType, rows: command.rows })}
`);
  }
  process.stderr.write(comparison.errors.map((error) => `${formatRunError(error)}
`).join(""));
  return comparison.errors.length > 0 ? 2 : 0;
}
function findRule(rules, wanted) {
  const key = wanted.toLowerCase();
  return rules.find((rule) => rule.id.toLowerCase() === key || rule.name === key || rule.slug === key);
}
async function main(argv) {
  let command;
  try {
    command = parseCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`gotrap: ${error.message}
Run 'gotrap --help' for usage.
`);
    return 2;
  }
  switch (command.kind) {
    case "help":
      process.stdout.write(USAGE);
      return 0;
    case "version": {
      const client = createNodeClient();
      try {
        const core = await client.coreInfo();
        process.stdout.write(`gotrap ${package_default.version} (core ${core.toolVersion}, report schema ${core.schemaVersion})
`);
      } finally {
        client.close();
      }
      return 0;
    }
    case "rules": {
      const rules = await registry();
      if (command.format === "json") {
        process.stdout.write(`${JSON.stringify(rules)}
`);
      } else {
        const width = Math.max(...rules.map((rule) => rule.name.length));
        process.stdout.write(rules.map((rule) => `${rule.id}  ${rule.severity.padEnd(7)}  ${rule.name.padEnd(width)}  ${rule.summary}
`).join(""));
      }
      return 0;
    }
    case "explain": {
      const rule = findRule(await registry(), command.rule);
      if (rule === void 0) {
        process.stderr.write(`gotrap: no rule ${JSON.stringify(command.rule)}; 'gotrap rules' lists them
`);
        return 2;
      }
      process.stdout.write(`${rule.id} ${rule.name} (${rule.severity})

${rule.docs.trimEnd()}
`);
      return 0;
    }
    case "check":
      return runCheckCommand(command, process.cwd());
    case "compare":
      return runCompareCommand(command);
  }
}
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`gotrap: error: ${error instanceof Error ? error.message : String(error)}
`);
    process.exitCode = 2;
  }
);
