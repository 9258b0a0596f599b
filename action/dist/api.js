import { createRequire as __gotrapCreateRequire } from "node:module";
const require = __gotrapCreateRequire(import.meta.url);

// src/client/examples.ts
var EXAMPLE_FILE = "example.go";
var RULE_ID = /^GT\d{3}$/;
function parseGoExamples(markdown, source = "markdown") {
  const lines = markdown.split(/\r?\n/);
  const examples = [];
  for (let index = 0; index < lines.length; index++) {
    const opening = /^ {0,3}(`{3,}|~{3,})\s*(.*)$/.exec(lines[index]);
    if (opening === null) continue;
    const fence = opening[1];
    const info = opening[2].trim();
    const body = [];
    let closing = index + 1;
    const closes = (line) => line.trimStart().startsWith(fence) && line.trim().replace(/[`~]/g, "") === "";
    for (; closing < lines.length && !closes(lines[closing]); closing++) body.push(lines[closing]);
    const words = info.split(/\s+/);
    if (words[0] === "go" && words.some((word) => word.startsWith("expect="))) {
      examples.push(annotatedExample(source, index + 1, info, words.slice(1), body.join("\n") + "\n"));
    }
    index = closing;
  }
  return examples;
}
function annotatedExample(source, line, info, attributes, code) {
  let expectedRules = [];
  let goVersion = null;
  for (const attribute of attributes) {
    const [key, value = ""] = attribute.split("=", 2);
    if (key === "expect") {
      expectedRules = value === "none" ? [] : value.split(",");
      const bad = expectedRules.find((rule) => !RULE_ID.test(rule));
      if (bad !== void 0 || value === "") {
        throw new Error(`${source}:${line}: expect= takes rule ids like GT101 (comma-separated) or none, not "${value}"`);
      }
    } else if (key === "go") {
      if (!/^1\.\d+(\.\d+)?$/.test(value)) throw new Error(`${source}:${line}: go= takes a Go version like 1.22, not "${value}"`);
      goVersion = value;
    } else {
      throw new Error(`${source}:${line}: unknown annotation "${attribute}" (expected expect= or go=)`);
    }
  }
  return { line, info, code, expectedRules: [...new Set(expectedRules)].sort(), goVersion };
}
function exampleInput(example) {
  const files = [{ path: EXAMPLE_FILE, content: example.code }];
  if (example.goVersion !== null) files.unshift({ path: "go.mod", content: `module example.com/example

go ${example.goVersion}
` });
  return { files };
}
function compareExample(example, report) {
  const findings = report.findings.filter((finding) => finding.path === EXAMPLE_FILE);
  const fired = new Set(findings.map((finding) => finding.rule));
  const missing = example.expectedRules.filter((rule) => !fired.has(rule));
  const unexpected = findings.filter((finding) => !example.expectedRules.includes(finding.rule));
  if (missing.length === 0 && unexpected.length === 0 && report.errors.length === 0) return null;
  return { example, missing, unexpected, errors: report.errors };
}
function formatMismatches(mismatches, total, source = "markdown") {
  const parts = mismatches.map(({ example, missing, unexpected, errors }) => {
    const lines = [`${source}:${example.line}: \`\`\`${example.info}`];
    for (const rule of missing) lines.push(`  - ${rule} (expected, did not fire)`);
    for (const finding of unexpected) lines.push(`  + ${finding.rule} at ${finding.line}:${finding.column}: ${finding.message}`);
    for (const error of errors) lines.push(`  ! ${error.line == null ? "" : `line ${error.line}: `}${error.message}`);
    return lines.join("\n");
  });
  return `${mismatches.length} of ${total} Go examples in ${source} differ from their expected findings:

${parts.join("\n\n")}
`;
}
var ExampleMismatchError = class extends Error {
  constructor(message, mismatches) {
    super(message);
    this.mismatches = mismatches;
    this.name = "ExampleMismatchError";
  }
  mismatches;
};
async function verifyExamplesWith(check2, markdown, options = {}) {
  const source = options.source ?? "markdown";
  const examples = parseGoExamples(markdown, source);
  const mismatches = [];
  for (const example of examples) {
    const mismatch = compareExample(example, await check2(exampleInput(example)));
    if (mismatch !== null) mismatches.push(mismatch);
  }
  if (mismatches.length > 0) throw new ExampleMismatchError(formatMismatches(mismatches, examples.length, source), mismatches);
  return examples.length;
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
  const check2 = (input, stages, failed) => {
    const files = input.files.map(workspaceFile);
    const inputBytes = files.reduce((total, file) => total + file.content.byteLength, 0);
    return ask({ type: "check", files, optionsJson: JSON.stringify(input.options ?? {}), stages, keepTrees }, inputBytes, failed);
  };
  return {
    check(input) {
      const stages = input.imports === void 0 ? { kind: "all" } : { kind: "with-imports", importsJson: JSON.stringify(input.imports) };
      return check2(input, stages, internalErrorReport);
    },
    checkSources(input) {
      return check2(input, { kind: "sources" }, (core, message) => ({ report: internalErrorReport(core, message), imports: [] }));
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

// src/client/txtar.ts
var NEWLINE = 10;
var markerStart = new TextEncoder().encode("-- ");
var markerEnd = new TextEncoder().encode(" --");
function parseTxtar(archive) {
  const data = typeof archive === "string" ? new TextEncoder().encode(archive) : archive;
  let section = nextSection(data, 0);
  const comment = section.data;
  const files = [];
  while (section.marker !== null) {
    const name = section.marker.name;
    section = nextSection(data, section.marker.next);
    files.push({ name, data: section.data });
  }
  return { comment, files };
}
function nextSection(data, start) {
  for (let lineStart = start; ; ) {
    const marker = markerAt(data, lineStart);
    if (marker !== null) return { data: data.slice(start, lineStart), marker };
    const newline = data.indexOf(NEWLINE, lineStart);
    if (newline < 0) return { data: withFinalNewline(data.slice(start)), marker: null };
    lineStart = newline + 1;
  }
}
function markerAt(data, lineStart) {
  if (!startsWith(data, lineStart, markerStart)) return null;
  const newline = data.indexOf(NEWLINE, lineStart);
  const lineEnd = newline < 0 ? data.length : newline;
  const next = newline < 0 ? data.length : newline + 1;
  if (lineEnd - lineStart < markerStart.length + markerEnd.length) return null;
  if (!startsWith(data, lineEnd - markerEnd.length, markerEnd)) return null;
  const name = trimGoSpace(
    new TextDecoder().decode(data.subarray(lineStart + markerStart.length, lineEnd - markerEnd.length))
  );
  return name === "" ? null : { name, next };
}
function startsWith(data, offset, prefix) {
  if (offset + prefix.length > data.length) return false;
  return prefix.every((byte, index) => data[offset + index] === byte);
}
function withFinalNewline(data) {
  if (data.length === 0 || data[data.length - 1] === NEWLINE) return data;
  const fixed = new Uint8Array(data.length + 1);
  fixed.set(data);
  fixed[data.length] = NEWLINE;
  return fixed;
}
function trimGoSpace(text) {
  return text.replace(
    /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/gu,
    ""
  );
}

// src/api.ts
var sharedClient = null;
function client() {
  sharedClient ??= createNodeClient();
  return sharedClient;
}
function check(input) {
  return client().check(input);
}
function compare(input) {
  return client().compare(input);
}
function rules() {
  return client().rules();
}
function verifyExamples(markdown, options) {
  return verifyExamplesWith(check, markdown, options);
}
export {
  ExampleMismatchError,
  check,
  compare,
  createNodeClient,
  parseGoExamples,
  parseTxtar,
  rules,
  verifyExamples
};
