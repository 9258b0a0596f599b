// gotrap's benchmarks beside the tools users would otherwise run, on the same
// input in one run, and the targets they set (met / not met). Each section's
// numbers go into bench/results.json with the date and the load average
// around it; BENCHMARKS.md is written from that file, so a section can be
// rerun alone and the others keep their last numbers. Not a test.
//
//   npm run bench                          every section but ci
//   npm run bench -- --ci                  every section, ci too (about an hour)
//   npm run bench -- --only source,profiles
//   npm run bench -- --only source --source-dir encoding/json --runs 1
//
// Sections: source (CLI, native throughput, parse-only floor, go vet,
// staticcheck on $(go env GOROOT)/src), rules (cost of each rule family),
// profiles (gotrap vs go tool pprof -top), playground (scripts/bench-playground.mjs),
// size (wasm and JavaScript bundles), ci (cold and warm .ci/run).

import { spawn, execFileSync } from "node:child_process";
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir, totalmem } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { gunzipSync, gzipSync } from "node:zlib";

const repo = fileURLToPath(new URL("../", import.meta.url));
// Where rustup's cargo and the machine's Go live, as in scripts/test.sh.
process.env.PATH = `${join(process.env.HOME ?? "/root", ".cargo/bin")}:/usr/local/go/bin:${process.env.PATH}`;
const RESULTS = join(repo, "bench/results.json");
const REPORT = join(repo, "BENCHMARKS.md");
const CLI = join(repo, "action/dist/cli.js");
const NOTES_MARKER = "<!-- notes: kept across runs -->";
const SECTIONS = ["source", "rules", "profiles", "playground", "size", "ci"];
const CORES = availableParallelism();
/** A section is flagged when the 1-minute load was above this before it, or above the cores plus this while it ran (its own work counts up to the cores). */
const QUIET_LOAD = 1;
/** Sections whose numbers do not depend on the load. */
const LOAD_FREE = new Set(["size"]);

const USAGE = `usage: node bench/bench.mjs [--only ${SECTIONS.join(",")}] [--ci] [--runs N] [--source-dir DIR] [--profile-mb N]

  --only LIST        sections to run (default: all but ci); the others keep their last numbers
  --ci               run the ci section too: a cold and a warm .ci/run (about an hour)
  --runs N           best of N for each timing (default 3)
  --source-dir DIR   a directory under $(go env GOROOT)/src instead of the whole tree (quick checks only)
  --profile-mb N     uncompressed size of the large profile in MB (default 56; the target needs >= 50)
  --render           only rewrite BENCHMARKS.md from bench/results.json (after editing its notes)
`;

class Unavailable extends Error {}

// Running and timing commands ------------------------------------------------

const loadSamples = [];
const sampler = setInterval(() => loadSamples.push({ at: Date.now(), load: loadavg()[0] }), 5_000);

const scratch = mkdtempSync(join(tmpdir(), "gotrap-bench-"));
let commandCount = 0;

function which(command) {
  try {
    return execFileSync("sh", ["-c", 'command -v "$1"', "sh", command], { encoding: "utf8" }).trim() || null;
  } catch {
    return null;
  }
}

function output(command, args, options = {}) {
  return execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], ...options }).trim();
}

/**
 * Runs a command (argument array, no shell) and resolves with its wall time
 * in seconds, its peak resident set in KiB (GNU time's maximum resident set
 * of the command and its children, null without /usr/bin/time), its exit
 * code, its stdout (or the file it went to) and the tail of its stderr.
 */
function timed(command, args, { cwd = repo, env = process.env, stdoutFile = null, onLine = null } = {}) {
  const timeFile = join(scratch, `time-${++commandCount}.txt`);
  const gnuTime = existsSync("/usr/bin/time");
  const [program, argv] = gnuTime ? ["/usr/bin/time", ["-f", "%M", "-o", timeFile, command, ...args]] : [command, args];
  const stdoutFd = stdoutFile ? openSync(stdoutFile, "w") : null;
  const started = performance.now();
  const child = spawn(program, argv, { cwd, env, stdio: ["ignore", stdoutFd ?? "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  let pendingLine = "";
  const line = (text) => {
    if (!onLine) return;
    const lines = (pendingLine + text).split("\n");
    pendingLine = lines.pop();
    for (const complete of lines) onLine(complete);
  };
  child.stdout?.on("data", (chunk) => {
    stdout += chunk;
    line(String(chunk));
  });
  child.stderr.on("data", (chunk) => {
    stderr = (stderr + chunk).slice(-20_000);
    line(String(chunk));
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      if (stdoutFd !== null) closeSync(stdoutFd);
      const seconds = (performance.now() - started) / 1000;
      const rssKiB = gnuTime && existsSync(timeFile) ? Number(readFileSync(timeFile, "utf8").trim().split("\n").at(-1)) || null : null;
      resolve({ seconds, rssKiB, code, stdout: stdoutFile ?? stdout, stderrTail: stderr.trim().split("\n").slice(-5).join("\n") });
    });
  });
}

/** The run with the least wall time of `runs` runs, with the largest peak memory of them. */
async function bestOf(runs, run) {
  let best = null;
  let peak = 0;
  for (let index = 0; index < runs; index++) {
    const result = await run();
    peak = Math.max(peak, result.rssKiB ?? 0);
    if (best === null || result.seconds < best.seconds) best = result;
  }
  return { ...best, rssKiB: peak || null };
}

function lastLine(text) {
  return (
    text
      .trim()
      .split("\n")
      .filter((line) => line.trim())
      .at(-1) ?? ""
  );
}

function requireGo() {
  if (!which("go")) throw new Unavailable("go is not on PATH (expected /usr/local/go/bin/go): this section needs the machine's Go toolchain");
}

// The machine ----------------------------------------------------------------

function machine() {
  const cpuinfo = existsSync("/proc/cpuinfo") ? readFileSync("/proc/cpuinfo", "utf8") : "";
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? "unknown CPU";
  const version = (command, args) => {
    try {
      return output(command, args).split("\n")[0];
    } catch {
      return "not found";
    }
  };
  return {
    cpu: model,
    cores: CORES,
    memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
    kernel: version("uname", ["-sr"]),
    go: version("go", ["version"]),
    rustc: version("rustc", ["--version"]),
    node: process.version,
  };
}

// Go files as the CLI walks them ---------------------------------------------

/** Folders the CLI's directory walk skips. */
function skippedFolder(name) {
  return name === "vendor" || name === "testdata" || name.startsWith("_") || name.startsWith(".");
}

/** Go files by directory under root (workspace-relative), each directory with its nearest go.mod and go.sum. */
function goDirectories(root) {
  const directories = new Map();
  const walk = (dir, moduleFiles) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    const own = ["go.mod", "go.sum"].filter((name) => existsSync(join(dir, name))).map((name) => join(dir, name));
    const modules = own.length > 0 ? own : moduleFiles;
    const goFiles = entries.filter((entry) => entry.isFile() && entry.name.endsWith(".go")).map((entry) => join(dir, entry.name));
    if (goFiles.length > 0) directories.set(relative(root, dir), { goFiles, moduleFiles: modules });
    for (const entry of entries) if (entry.isDirectory() && !skippedFolder(entry.name)) walk(join(dir, entry.name), modules);
  };
  walk(root, []);
  return directories;
}

function isStd(directory) {
  return directory !== "cmd" && !directory.startsWith("cmd/");
}

function treeStats(directories) {
  let files = 0;
  let bytes = 0;
  for (const { goFiles } of directories) {
    files += goFiles.length;
    for (const file of goFiles) bytes += statSync(file).size;
  }
  return { files, bytes, directories: directories.length };
}

// Native throughput (cargo bench), shared by source and rules ----------------

let nativeRun = null;

function nativeBench(context) {
  nativeRun ??= (async () => {
    if (!which("cargo")) throw new Unavailable("cargo is not on PATH (expected ~/.cargo/bin): the native benchmark needs Rust");
    const { tree } = goTree(context);
    const build = await timed("cargo", ["bench", "-p", "gotrap", "--bench", "source_throughput", "--no-run"]);
    if (build.code !== 0) throw new Error(`cargo bench --no-run failed:\n${build.stderrTail}`);
    const env = { ...process.env, GOTRAP_BENCH_DIR: tree, GOTRAP_BENCH_RUNS: String(context.runs) };
    const run = await timed("cargo", ["bench", "-p", "gotrap", "--bench", "source_throughput"], { env });
    const line = run.stdout.split("\n").find((text) => text.startsWith("BENCH_RESULT "));
    if (run.code !== 0 || !line) throw new Error(`cargo bench --bench source_throughput failed:\n${run.stderrTail}`);
    process.stdout.write(run.stdout.replace(/^BENCH_RESULT .*$/m, ""));
    return JSON.parse(line.slice("BENCH_RESULT ".length));
  })();
  return nativeRun;
}

function goTree(context) {
  requireGo();
  const goroot = output("go", ["env", "GOROOT"]);
  const srcRoot = join(goroot, "src");
  const tree = context.sourceDir ? join(srcRoot, context.sourceDir) : srcRoot;
  if (!existsSync(tree)) throw new Unavailable(`${tree} does not exist`);
  return { goroot, srcRoot, tree, stdPattern: context.sourceDir ? `${context.sourceDir}/...` : "std" };
}

// Sections -------------------------------------------------------------------

/** The CLI users run, on std and on the whole tree, with every core and with one worker. */
async function cliRuns(tree, runs) {
  const topLevel = readdirSync(tree, { withFileTypes: true });
  const stdArgs = [
    ...topLevel.filter((entry) => entry.isDirectory() && !skippedFolder(entry.name) && isStd(entry.name)).map((entry) => entry.name),
    ...topLevel.filter((entry) => entry.isFile() && ["go.mod", "go.sum", "go.work"].includes(entry.name)).map((entry) => entry.name),
  ];
  const cli = async (args, jobs) => {
    const reportFile = join(scratch, "cli-report.json");
    const result = await bestOf(runs, () =>
      timed("node", [CLI, "check", "--format", "json", "--fail-level", "none", "--jobs", String(jobs), ...args], { cwd: tree, stdoutFile: reportFile }),
    );
    if (result.code !== 0) throw new Error(`gotrap check exited with ${result.code}:\n${result.stderrTail}`);
    const report = JSON.parse(readFileSync(reportFile, "utf8"));
    return { seconds: result.seconds, rssKiB: result.rssKiB, jobs, findings: report.findings.length, errors: report.errors.length };
  };
  return {
    std: { all: await cli(stdArgs, CORES), one: await cli(stdArgs, 1) },
    whole: { all: await cli(["."], CORES), one: await cli(["."], 1) },
  };
}

/**
 * The same build as the CLI (action/dist's wasm, one worker) analysing one
 * directory at a time, timing only the analyses: with no source rule
 * selected (the floor: parse, line index and the walk every analysis
 * makes) and with every rule.
 */
async function wasmRuns(directories, runs) {
  const { createNodeClient } = await import(pathToFileURL(join(repo, "action/dist/api.js")).href);
  const client = createNodeClient();
  const root = directories.root;
  const inputs = (list) =>
    list.map(({ goFiles, moduleFiles }) => [...goFiles, ...moduleFiles].map((file) => ({ path: relative(root, file), content: readFileSync(file) })));
  const time = async (workspaces, options) => {
    let best = Infinity;
    for (let run = 0; run < runs; run++) {
      let total = 0;
      for (const files of workspaces) {
        const started = performance.now();
        const report = await client.check({ files, options });
        total += performance.now() - started;
        if (report.errors.length > 0) throw new Error(`wasm analysis failed: ${report.errors[0].message}`);
      }
      best = Math.min(best, total / 1000);
    }
    return best;
  };
  try {
    await client.check({ files: [{ path: "warm.go", content: "package warm\n" }] });
    const std = inputs(directories.std);
    const whole = inputs(directories.whole);
    const noSourceRule = { select: ["GT6"] };
    return {
      std: { floorSeconds: await time(std, noSourceRule), allSeconds: await time(std, {}) },
      whole: { floorSeconds: await time(whole, noSourceRule) },
    };
  } finally {
    client.close();
  }
}

async function goVet(srcRoot, pattern) {
  const cache = mkdtempSync(join(scratch, "gocache-"));
  const env = { ...process.env, GOCACHE: cache, GOFLAGS: "", GOTOOLCHAIN: "local" };
  const result = await timed("go", ["vet", pattern], { cwd: srcRoot, env });
  rmSync(cache, { recursive: true, force: true });
  return { seconds: result.seconds, rssKiB: result.rssKiB, exitCode: result.code, note: result.code === 0 ? "" : lastLine(result.stderrTail) };
}

/** staticcheck@latest through the module proxy into a temporary GOBIN, else one on PATH. */
async function staticcheckBinary() {
  const gobin = join(scratch, "gobin");
  const env = { ...process.env, GOBIN: gobin, GOFLAGS: "-mod=mod", GOTOOLCHAIN: "local" };
  const install = await timed("go", ["install", "honnef.co/go/tools/cmd/staticcheck@latest"], { env });
  if (install.code === 0) return join(gobin, "staticcheck");
  const onPath = which("staticcheck");
  if (onPath) return onPath;
  throw new Unavailable(`staticcheck unavailable: go install honnef.co/go/tools/cmd/staticcheck@latest failed (${lastLine(install.stderrTail)}) and none is on PATH`);
}

async function staticcheck(srcRoot, pattern) {
  let binary;
  try {
    binary = await staticcheckBinary();
  } catch (error) {
    if (error instanceof Unavailable) return { unavailable: error.message };
    throw error;
  }
  const version = output(binary, ["-version"]);
  const cache = mkdtempSync(join(scratch, "staticcheck-cache-"));
  const env = { ...process.env, GOCACHE: join(cache, "go-build"), XDG_CACHE_HOME: cache, GOFLAGS: "", GOTOOLCHAIN: "local" };
  const result = await timed(binary, [pattern], { cwd: srcRoot, env });
  rmSync(cache, { recursive: true, force: true });
  // staticcheck exits 1 when it reports problems; it prints one per line.
  const problems = result.stdout.split("\n").filter((line) => /^\S+:\d+:\d+: /.test(line)).length;
  const failed = result.code !== 0 && problems === 0;
  return { version, seconds: result.seconds, rssKiB: result.rssKiB, exitCode: result.code, problems, note: failed ? lastLine(result.stderrTail) : "" };
}

async function sourceSection(context) {
  const { srcRoot, tree, stdPattern } = goTree(context);
  const all = goDirectories(tree);
  const directories = {
    root: tree,
    std: [...all].filter(([dir]) => isStd(dir)).map(([, entry]) => entry),
    whole: [...all.values()],
  };
  const files = { std: treeStats(directories.std), whole: treeStats(directories.whole) };
  console.log(`source: ${files.std.files} std and ${files.whole.files} Go files in all under ${tree}`);
  console.log("source: native throughput (cargo bench)");
  const native = await nativeBench(context);
  console.log("source: gotrap check");
  const cli = await cliRuns(tree, context.runs);
  console.log("source: wasm parse-only floor");
  const wasm = await wasmRuns(directories, context.runs);
  console.log(`source: go vet ${stdPattern} (cold cache)`);
  const vet = await goVet(srcRoot, stdPattern);
  console.log(`source: staticcheck ${stdPattern} (cold cache)`);
  const check = await staticcheck(srcRoot, stdPattern);
  return { tree, subset: Boolean(context.sourceDir), stdPattern, files, cli, native, wasm, goVet: vet, staticcheck: check };
}

async function rulesSection(context) {
  const native = await nativeBench(context);
  return { tree: native.root, subset: Boolean(context.sourceDir), std: native.std };
}

async function profilesSection(context) {
  requireGo();
  const emptyDir = mkdtempSync(join(scratch, "workspace-"));
  const small = join(repo, "tests/artifacts/profiles/cpu.pb.gz");
  const large = join(scratch, "manystacks.pb.gz");
  const generator = join(scratch, "manystacks");
  const build = await timed("go", ["build", "-o", generator, join(repo, "bench/manystacks/main.go")], { env: { ...process.env, GOTOOLCHAIN: "local" } });
  if (build.code !== 0) throw new Error(`go build bench/manystacks failed:\n${build.stderrTail}`);
  console.log(`profiles: writing a ${context.profileMb} MB profile (bench/manystacks)`);
  const generated = await timed(generator, ["-mb", String(context.profileMb), "-o", large]);
  if (generated.code !== 0) throw new Error(`bench/manystacks failed:\n${generated.stderrTail}`);
  const measure = async (label, file) => {
    console.log(`profiles: ${label}`);
    const reportFile = join(scratch, "profile-report.json");
    const gotrap = await bestOf(context.runs, () =>
      timed("node", [CLI, "check", "--format", "json", "--fail-level", "none", "--artifact", file], { cwd: emptyDir, stdoutFile: reportFile }),
    );
    const report = existsSync(reportFile) ? JSON.parse(readFileSync(reportFile, "utf8")) : { errors: [{ message: gotrap.stderrTail }], analyses: [] };
    const pprofEnv = { ...process.env, PPROF_TMPDIR: scratch, GOTOOLCHAIN: "local" };
    const pprof = await bestOf(context.runs, () => timed("go", ["tool", "pprof", "-top", file], { env: pprofEnv, stdoutFile: join(scratch, "pprof-top.txt") }));
    const content = readFileSync(file);
    return {
      label,
      file: file.startsWith(repo) ? relative(repo, file) : `bench/manystacks -mb ${context.profileMb}`,
      compressedBytes: content.length,
      uncompressedBytes: gunzipSync(content).length,
      gotrap: { seconds: gotrap.seconds, rssKiB: gotrap.rssKiB, exitCode: gotrap.code, errors: report.errors.map((error) => error.message), analyses: report.analyses?.length ?? 0 },
      pprof: { seconds: pprof.seconds, rssKiB: pprof.rssKiB, exitCode: pprof.code },
    };
  };
  console.log("profiles: the CLI on an empty workspace");
  const startup = await bestOf(context.runs, () => timed("node", [CLI, "check", "--format", "json", "--fail-level", "none"], { cwd: emptyDir }));
  return {
    startup: { seconds: startup.seconds, rssKiB: startup.rssKiB },
    profiles: [await measure("small real profile", small), await measure("large generated profile", large)],
    stacksLine: lastLine(generated.stdout),
  };
}

async function playgroundSection() {
  if (!which("chromium")) throw new Unavailable("Debian's chromium is not installed: the playground benchmark drives it headless");
  const run = await timed("npm", ["run", "bench:playground"]);
  if (run.code !== 0) throw new Error(`npm run bench:playground failed:\n${run.stderrTail}`);
  const page = readFileSync(join(repo, "web/BENCHMARK.md"), "utf8");
  const results = page.split("<!-- results -->\n")[1]?.split("<!-- /results -->")[0];
  if (!results) throw new Error("web/BENCHMARK.md has no results section");
  const p95 = Number(/p95 ([\d.]+) ms/.exec(results)?.[1]);
  return { table: results.trim(), p95Ms: Number.isFinite(p95) ? p95 : null };
}

function listFiles(dir, keep) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && keep(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

async function sizeSection(context) {
  if (!context.ran.has("playground")) {
    console.log("size: npm run build --workspace web");
    const build = await timed("npm", ["run", "build", "--workspace", "web"]);
    if (build.code !== 0) throw new Error(`npm run build --workspace web failed:\n${build.stderrTail}`);
  }
  const bundle = (name) => name.endsWith(".js") || name.endsWith(".mjs") || name.endsWith(".wasm");
  const files = [...listFiles(join(repo, "action/dist"), bundle), ...listFiles(join(repo, "web/dist"), bundle)];
  return {
    files: files.map((file) => {
      const content = readFileSync(file);
      return { path: relative(repo, file), rawBytes: content.length, gzipBytes: gzipSync(content).length };
    }),
  };
}

/**
 * `.ci/run` in a fresh clone of the committed HEAD with a fresh HOME: no
 * node_modules, no target/, no cargo-installed tools (wasm-pack,
 * wasm-bindgen, tree-sitter), empty npm, cargo and Go caches; rustup's
 * toolchain, Go, Node and Debian packages stay, as on a fresh CI machine.
 * Then the same again, warm. Steps are the `bootstrap:` and `=== test:` lines.
 */
async function ciSection() {
  const home = join(scratch, "ci-home");
  const clone = join(scratch, "ci-clone");
  mkdirSync(join(home, ".cargo/bin"), { recursive: true });
  for (const tool of ["cargo", "rustc", "rustup", "rustfmt", "cargo-fmt", "cargo-clippy", "clippy-driver", "rustdoc"]) {
    const real = join(process.env.HOME ?? "/root", ".cargo/bin", tool);
    if (existsSync(real)) symlinkSync(real, join(home, ".cargo/bin", tool));
  }
  const gitConfig = join(process.env.HOME ?? "/root", ".gitconfig");
  if (existsSync(gitConfig)) cpSync(gitConfig, join(home, ".gitconfig"));
  const cloned = await timed("git", ["clone", "--quiet", "--no-local", repo, clone]);
  if (cloned.code !== 0) throw new Error(`git clone failed:\n${cloned.stderrTail}`);
  const env = {
    ...process.env,
    HOME: home,
    CARGO_HOME: join(home, ".cargo"),
    RUSTUP_HOME: process.env.RUSTUP_HOME ?? join(process.env.HOME ?? "/root", ".rustup"),
    PATH: `${join(home, ".cargo/bin")}:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
    CI: "true",
  };
  const run = async (label) => {
    console.log(`ci: ${label} .ci/run in ${clone}`);
    const marks = [];
    const result = await timed(join(clone, ".ci/run"), [], {
      cwd: clone,
      env,
      onLine: (line) => {
        const step = /^(?:=== test: (.+)|bootstrap: (.+))$/.exec(line);
        if (step) marks.push({ at: performance.now(), name: step[1] ?? step[2] });
      },
    });
    const end = performance.now();
    const steps = marks.map((mark, index) => ({ name: mark.name, seconds: ((marks[index + 1]?.at ?? end) - mark.at) / 1000 }));
    steps.sort((a, b) => b.seconds - a.seconds);
    return { seconds: result.seconds, exitCode: result.code, failure: result.code === 0 ? "" : lastLine(result.stderrTail), slowest: steps.slice(0, 6) };
  };
  try {
    return { commit: output("git", ["rev-parse", "--short", "HEAD"]), cold: await run("cold"), warm: await run("warm") };
  } finally {
    rmSync(clone, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  }
}

const RUNNERS = { source: sourceSection, rules: rulesSection, profiles: profilesSection, playground: playgroundSection, size: sizeSection, ci: ciSection };

// BENCHMARKS.md ----------------------------------------------------------------

const seconds = (value) => (value == null ? "–" : value < 10 ? `${value.toFixed(2)} s` : `${value.toFixed(1)} s`);
const mib = (kib) => (kib == null ? "–" : `${(kib / 1024).toFixed(0)} MiB`);
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const mb = (bytes) => (bytes < 1e5 ? `${(bytes / 1e3).toFixed(1)} kB` : `${(bytes / 1e6).toFixed(1)} MB`);
const ratio = (value) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : "–");
const verdict = (met) => (met == null ? "not measured" : met ? "**met**" : "**not met**");
const table = (header, rows) => [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((row) => `| ${row.join(" | ")} |`)].join("\n");

function loadNote(name, entry) {
  if (LOAD_FREE.has(name)) return `Measured ${entry.date} (sizes do not depend on the load).`;
  const { before, after, max } = entry.load;
  const flag = entry.loaded ? " **Measured under load: these numbers are inflated; rerun on a quiet machine.**" : "";
  return `Measured ${entry.date}, 1-minute load average ${before.toFixed(2)} before, ${after.toFixed(2)} after, at most ${max.toFixed(2)} during (${CORES} cores).${flag}`;
}

/** Every target of the benchmark, computed from the stored sections. */
function targets(sections) {
  try {
    return targetRows(sections);
  } catch (error) {
    return `Stored numbers in a form this version cannot read (${error instanceof Error ? error.message : String(error)}): rerun \`npm run bench\`.`;
  }
}

function targetRows(sections) {
  const rows = [];
  const ok = (name) => sections[name] && !sections[name].error && !sections[name].unavailable;
  const scope = (name) => (sections[name]?.data?.subset ? " (subset of the tree: quick check only)" : "") + (sections[name]?.loaded ? " (under load)" : "");
  if (ok("rules")) {
    const std = sections.rules.data.std;
    const value = std.allSeconds / std.parseSeconds;
    rows.push(["analysis ≤ 1.25× parse-only (native, std, every rule)", ratio(value) + scope("rules"), verdict(value <= 1.25)]);
  } else rows.push(["analysis ≤ 1.25× parse-only (native, std, every rule)", "–", verdict(null)]);
  if (ok("source")) {
    const data = sections.source.data;
    const cli = data.cli.std.all.seconds;
    const vetRatio = data.goVet.seconds / cli;
    rows.push([`std through the CLI (${CORES} cores) ≥ 20× faster than cold \`go vet std\``, `${ratio(vetRatio)} faster${scope("source")}`, verdict(vetRatio >= 20)]);
    const floorPerCore = data.wasm.std.floorSeconds / CORES;
    rows.push([`std through the CLI ≤ 1.3× the parse-only floor ÷ ${CORES} cores`, `${ratio(cli / floorPerCore)}${scope("source")}`, verdict(cli / floorPerCore <= 1.3)]);
    const rss = data.cli.whole.all.rssKiB;
    rows.push(["CLI peak RSS on the whole tree ≤ 512 MB", `${mib(rss)}${scope("source")}`, verdict(rss == null ? null : rss * 1024 <= 512 * 2 ** 20)]);
  } else {
    for (const name of ["std through the CLI ≥ 20× faster than cold `go vet std`", "std through the CLI ≤ 1.3× the parse-only floor ÷ cores", "CLI peak RSS on the whole tree ≤ 512 MB"])
      rows.push([name, "–", verdict(null)]);
  }
  const large = ok("profiles") ? sections.profiles.data.profiles.at(-1) : null;
  if (large && large.uncompressedBytes >= 50e6) {
    const timeRatio = large.gotrap.seconds / large.pprof.seconds;
    rows.push(["large profile: decode + analysis ≤ ½ the time of `go tool pprof -top`", `${ratio(timeRatio)}${scope("profiles")}`, verdict(large.gotrap.errors.length === 0 && timeRatio <= 0.5)]);
    const memoryRatio = (large.gotrap.rssKiB * 1024) / large.uncompressedBytes;
    rows.push(["large profile: peak memory ≤ 4× its uncompressed size", `${ratio(memoryRatio)}${scope("profiles")}`, verdict(memoryRatio <= 4)]);
  } else {
    rows.push(["large profile (≥ 50 MB): decode + analysis ≤ ½ the time of `go tool pprof -top`", large ? `profile only ${mb(large.uncompressedBytes)}` : "–", verdict(null)]);
    rows.push(["large profile (≥ 50 MB): peak memory ≤ 4× its uncompressed size", "–", verdict(null)]);
  }
  const p95 = ok("playground") ? sections.playground.data.p95Ms : null;
  rows.push(["playground p95 keystroke latency on 3,000 lines ≤ 50 ms", p95 == null ? "–" : `${p95} ms${scope("playground")}`, verdict(p95 == null ? null : p95 <= 50)]);
  const cold = ok("ci") ? sections.ci.data.cold : null;
  rows.push(["cold `.ci/run` < 60 min", cold ? `${(cold.seconds / 60).toFixed(1)} min${cold.exitCode === 0 ? "" : " (failed)"}${scope("ci")}` : "–", verdict(cold ? cold.exitCode === 0 && cold.seconds < 3600 : null)]);
  return table(["target", "measured", "result"], rows);
}

function sourceMarkdown(data) {
  const { files, cli, native, wasm, goVet: vet, staticcheck: check } = data;
  const std = cli.std.all.seconds;
  const lines = [
    `Tree: \`${data.tree}\`${data.subset ? " (**a subset**, for a quick check of the harness)" : ""}; \`std\` is everything but \`cmd/\`, walked as the CLI walks (no \`vendor/\`, \`testdata/\`, \`_*\`, \`.*\`): ${files.std.files} files, ${mb(files.std.bytes)}; the whole tree ${files.whole.files} files, ${mb(files.whole.bytes)}.`,
    "",
    table(
      ["run", "wall", "vs CLI std (all cores)", "peak RSS", "notes"],
      [
        [`\`gotrap check\` std, ${CORES} workers`, seconds(std), "1.00×", mib(cli.std.all.rssKiB), `${cli.std.all.findings} findings, ${cli.std.all.errors} errors`],
        ["`gotrap check` std, 1 worker", seconds(cli.std.one.seconds), ratio(cli.std.one.seconds / std), mib(cli.std.one.rssKiB), ""],
        [`\`gotrap check\` whole tree, ${CORES} workers`, seconds(cli.whole.all.seconds), ratio(cli.whole.all.seconds / std), mib(cli.whole.all.rssKiB), `${cli.whole.all.findings} findings, ${cli.whole.all.errors} errors`],
        ["`gotrap check` whole tree, 1 worker", seconds(cli.whole.one.seconds), ratio(cli.whole.one.seconds / std), mib(cli.whole.one.rssKiB), ""],
        ["wasm parse-only floor, std, 1 thread", seconds(wasm.std.floorSeconds), ratio(wasm.std.floorSeconds / std), "", "same build, no source rule selected (`GT6`), analyses only"],
        ["wasm every rule, std, 1 thread", seconds(wasm.std.allSeconds), ratio(wasm.std.allSeconds / std), "", `${ratio(wasm.std.allSeconds / wasm.std.floorSeconds)} its floor`],
        ["wasm parse-only floor, whole tree, 1 thread", seconds(wasm.whole.floorSeconds), ratio(wasm.whole.floorSeconds / std), "", ""],
        [
          `\`go vet ${data.stdPattern}\`, cold cache`,
          seconds(vet.seconds),
          ratio(vet.seconds / std),
          mib(vet.rssKiB),
          vet.exitCode === 0 ? "" : `exit ${vet.exitCode}: ${vet.note}`,
        ],
        check.unavailable
          ? [`\`staticcheck ${data.stdPattern}\``, "–", "–", "–", check.unavailable]
          : [
              `\`staticcheck ${data.stdPattern}\`, cold caches`,
              seconds(check.seconds),
              ratio(check.seconds / std),
              mib(check.rssKiB),
              `${check.version}; ${check.problems} problems${check.note ? `; ${check.note}` : ""}`,
            ],
      ],
    ),
    "",
    `Native release build (\`cargo bench --bench source_throughput\`, best of ${native.runs}), one thread:`,
    "",
    table(
      ["tree", "parse only (tree-sitter)", "every rule", "ratio"],
      ["std", "whole"].map((tree) => {
        const { bytes, parseSeconds, allSeconds } = native[tree];
        return [tree, `${seconds(parseSeconds)} (${(bytes / 1e6 / parseSeconds).toFixed(1)} MB/s)`, `${seconds(allSeconds)} (${(bytes / 1e6 / allSeconds).toFixed(1)} MB/s)`, ratio(allSeconds / parseSeconds)];
      }),
    ),
  ];
  return lines.join("\n");
}

function rulesMarkdown(data) {
  const std = data.std;
  const rows = [["parse only (tree-sitter)", "–", seconds(std.parseSeconds), "1.00×"]];
  for (const [label, { selector, seconds: time }] of Object.entries(std.families)) rows.push([label, `\`--select ${selector}\``, seconds(time), ratio(time / std.parseSeconds)]);
  rows.push(["every rule", "–", seconds(std.allSeconds), ratio(std.allSeconds / std.parseSeconds)]);
  return [
    `Native, one thread, \`std\` of \`${data.tree}\`${data.subset ? " (**a subset**)" : ""}: ${std.files} files, ${mb(std.bytes)}. Each family alone is the whole analysis (parse, line index, one walk of the tree, core checks) with only that family's rules; the module and runtime families read go.mod and artifacts, so on Go source they show the cost of the pipeline without rules.`,
    "",
    table(["rules", "selection", "time", "÷ parse only"], rows),
  ].join("\n");
}

function profilesMarkdown(data) {
  const rows = data.profiles.map((profile) => [
    `${profile.label} (\`${profile.file}\`)`,
    `${kib(profile.compressedBytes)} / ${mb(profile.uncompressedBytes)}`,
    `${seconds(profile.gotrap.seconds)}, ${mib(profile.gotrap.rssKiB)}${profile.gotrap.errors.length ? ` (errors: ${profile.gotrap.errors.join("; ")})` : ""}`,
    `${seconds(profile.pprof.seconds)}, ${mib(profile.pprof.rssKiB)}`,
    ratio(profile.gotrap.seconds / profile.pprof.seconds),
    // Against a few kilobytes the ratio says nothing.
    profile.uncompressedBytes < 1e6
      ? "–"
      : `${ratio((profile.gotrap.rssKiB * 1024) / profile.uncompressedBytes)} (${ratio(((profile.gotrap.rssKiB - data.startup.rssKiB) * 1024) / profile.uncompressedBytes)} above the empty run)`,
  ]);
  return [
    "gotrap: `gotrap check --artifact FILE` (the CLI: Node start, wasm load, decode and every analysis); pprof: `go tool pprof -top FILE`. Wall time is the best of the runs, memory the peak resident set.",
    `The CLI alone on an empty workspace (Node start, worker, wasm load) takes ${seconds(data.startup.seconds)} and ${mib(data.startup.rssKiB)}. The large profile (a heap profile of \`bench/manystacks\`): ${data.stacksLine}.`,
    "",
    table(["profile", "gzip / uncompressed", "gotrap", "go tool pprof -top", "time ratio", "gotrap memory ÷ uncompressed"], rows),
  ].join("\n");
}

function sizeMarkdown(data) {
  return table(
    ["file", "raw", "gzip"],
    // Vite's content hashes change with every build; the name says which chunk it is.
    data.files.map((file) => [`\`${file.path.replace(/-[\w-]{8}\.(js|wasm)$/, "-[hash].$1")}\``, kib(file.rawBytes), kib(file.gzipBytes)]),
  );
}

function ciMarkdown(data) {
  const steps = (run) => run.slowest.map((step) => `${step.name} ${seconds(step.seconds)}`).join("; ");
  return [
    `Commit ${data.commit}, \`.ci/run\` in a fresh clone with a fresh HOME (no node_modules, target/, cargo-installed tools or caches), then again warm.`,
    "",
    table(
      ["run", "wall", "result", "slowest steps"],
      [
        ["cold", `${(data.cold.seconds / 60).toFixed(1)} min`, data.cold.exitCode === 0 ? "passed" : `failed: ${data.cold.failure}`, steps(data.cold)],
        ["warm", `${(data.warm.seconds / 60).toFixed(1)} min`, data.warm.exitCode === 0 ? "passed" : `failed: ${data.warm.failure}`, steps(data.warm)],
      ],
    ),
  ].join("\n");
}

const TITLES = {
  source: ["Source: `$(go env GOROOT)/src`", sourceMarkdown],
  rules: ["Cost of rules", rulesMarkdown],
  profiles: ["Profiles: gotrap vs `go tool pprof -top`", profilesMarkdown],
  playground: ["Playground (`npm run bench:playground`)", (data) => data.table],
  size: ["Size", sizeMarkdown],
  ci: ["CI: `.ci/run`", ciMarkdown],
};

/** A section's Markdown; numbers stored by an older version of this script may lack what it needs now. */
function renderSection(name, body, data) {
  try {
    return body(data);
  } catch (error) {
    return `Stored in a form this version cannot show (${error instanceof Error ? error.message : String(error)}): rerun \`npm run bench -- --only ${name}\`.`;
  }
}

/** The hand-written notes at the end of BENCHMARKS.md, kept when it is rewritten. */
function readNotes() {
  return existsSync(REPORT) ? (readFileSync(REPORT, "utf8").split(NOTES_MARKER)[1] ?? "") : "";
}

function render(results, notes) {
  const m = results.machine;
  const parts = [
    "# Benchmarks",
    "",
    "Written by `npm run bench` (`bench/bench.mjs`) from `bench/results.json`; edit only the notes at the end. One command reruns every section on a quiet machine, the hour-long CI section included:",
    "",
    "```sh",
    "npm run bench -- --ci",
    "```",
    "",
    "`npm run bench -- --only source,profiles` reruns some sections and keeps the others' last numbers. Each section records the 1-minute load average before, after and during it; a section is flagged *under load* when the load was above " +
      `${QUIET_LOAD} before it or above the cores + ${QUIET_LOAD} while it ran. Numbers taken under load are only good for checking the harness.`,
    "",
    "## Machine",
    "",
    `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB memory, ${m.kernel}; ${m.go}; ${m.rustc}; Node ${m.node}. Last run ${results.date}.`,
    "",
    "## Targets",
    "",
    targets(results.sections),
  ];
  for (const name of SECTIONS) {
    const [title, body] = TITLES[name];
    const entry = results.sections[name];
    parts.push("", `## ${title}`, "");
    if (!entry) parts.push(name === "ci" ? "Not recorded yet: `npm run bench -- --ci` (or `--only ci`) measures it." : "Not measured yet.");
    else if (entry.unavailable) parts.push(`Not measured (${entry.date}): ${entry.unavailable}`);
    else if (entry.error) parts.push(`Failed (${entry.date}): ${entry.error}`);
    else parts.push(loadNote(name, entry), "", renderSection(name, body, entry.data));
  }
  parts.push("", NOTES_MARKER, notes.trim() ? notes.trim() : "## Notes\n\nNone yet.", "");
  return parts.join("\n");
}

// Main -------------------------------------------------------------------------

async function main() {
  const { values } = parseArgs({
    options: {
      only: { type: "string" },
      ci: { type: "boolean", default: false },
      runs: { type: "string", default: "3" },
      "source-dir": { type: "string", default: "" },
      "profile-mb": { type: "string", default: "56" },
      render: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  if (values.render) {
    if (!existsSync(RESULTS)) throw new Error(`${relative(repo, RESULTS)} does not exist: run npm run bench first`);
    const notes = readNotes();
    writeFileSync(REPORT, render(JSON.parse(readFileSync(RESULTS, "utf8")), notes));
    console.log(`wrote ${relative(repo, REPORT)}`);
    return;
  }
  const only = values.only ? values.only.split(",").map((name) => name.trim()) : SECTIONS.filter((name) => name !== "ci");
  const unknown = only.filter((name) => !SECTIONS.includes(name));
  if (unknown.length > 0) throw new Error(`unknown section ${unknown.join(", ")}: sections are ${SECTIONS.join(", ")}\n${USAGE}`);
  if (values.ci && !only.includes("ci")) only.push("ci");
  const context = {
    runs: Math.max(1, Number.parseInt(values.runs, 10) || 1),
    sourceDir: values["source-dir"].replace(/^\/+|\/+$/g, ""),
    profileMb: Math.max(1, Number.parseInt(values["profile-mb"], 10) || 56),
    ran: new Set(),
  };
  if (!existsSync(CLI)) throw new Error(`${relative(repo, CLI)} is missing: run npm run build --workspace action`);

  const results = existsSync(RESULTS) ? JSON.parse(readFileSync(RESULTS, "utf8")) : { sections: {} };
  const notes = readNotes();
  results.machine = machine();
  results.date = new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC";
  for (const name of SECTIONS.filter((section) => only.includes(section))) {
    const before = loadavg()[0];
    const started = Date.now();
    console.log(`== ${name} (load ${before.toFixed(2)})`);
    const entry = { date: new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC" };
    try {
      entry.data = await RUNNERS[name](context);
    } catch (error) {
      if (error instanceof Unavailable) entry.unavailable = error.message;
      else entry.error = error instanceof Error ? error.message : String(error);
      console.error(`${name}: ${entry.unavailable ?? entry.error}`);
    }
    const after = loadavg()[0];
    const during = loadSamples.filter((sample) => sample.at >= started).map((sample) => sample.load);
    entry.load = { before, after, max: Math.max(before, after, ...during) };
    entry.loaded = !LOAD_FREE.has(name) && (before > QUIET_LOAD || entry.load.max > CORES + QUIET_LOAD);
    context.ran.add(name);
    results.sections[name] = entry;
    // Written after every section, so an interrupted run keeps what it measured.
    writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(REPORT, render(results, notes));
  }
  console.log(`wrote ${relative(repo, RESULTS)} and ${relative(repo, REPORT)}`);
}

try {
  await main();
} catch (error) {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  clearInterval(sampler);
  rmSync(scratch, { recursive: true, force: true });
}
