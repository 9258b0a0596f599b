// The playground: a workspace of text files in tabs (CodeMirror), runtime
// artifacts dropped beside it, and the core analysing both in a module Web
// Worker a moment after the last edit. Nothing leaves the page: share links
// live in the URL fragment, autosave in localStorage. User text reaches the
// page only as text (see dom.ts).

// First: the worker starts before the editor's modules are evaluated.
import { client, rulesPromise } from "./boot";
import { plural } from "../../action/src/client/format";
import { internalErrorReport } from "../../action/src/client/client";
import type { Finding, Report, RuleInfo } from "../../action/src/client/report";
import goroutineLeakProfileUrl from "../../tests/artifacts/profiles/goroutineleak.pb.gz?url";
import gcPressureLogUrl from "../../tests/artifacts/gctrace/pressure.log?url";
import goroutineDumpUrl from "../../tests/artifacts/dumps/goroutine-debug2.txt?url";
import deadlockCrashUrl from "../../tests/artifacts/crashes/deadlock.txt?url";
import benchBeforeUrl from "../../tests/artifacts/bench/before.txt?url";
import benchAfterUrl from "../../tests/artifacts/bench/after.txt?url";
import escapeReportUrl from "../../tests/artifacts/escape/escape-m.txt?url";
import { ArtifactShelf } from "./artifacts";
import { download, element, h } from "./dom";
import { CodeEditor } from "./editor";
import { FindingsPanel } from "./findings-panel";
import { MenuButton, type MenuGroup } from "./menu";
import { RulePicker } from "./rule-picker";
import { enableOffline } from "./offline";
import { profileDiffView, type CompareArtifacts } from "./profile-diff";
import { analysisView } from "./profile-view";
import { escapeLineMarks, revealFinding, type SourceLinks } from "./runtime-views";
import { decodeShareFragment, encodeShareFragment, MAX_SHARE_URL_LENGTH } from "./share";
import { initTheme } from "./theme";
import {
  CONFIG_FILE,
  exampleWorkspace,
  fileNameProblem,
  filesFromTxtar,
  goLineVersion,
  looksLikeTxtar,
  newGoMod,
  starterWorkspace,
  toTxtar,
  withGoLine,
  withoutGoLine,
  type Workspace,
} from "./workspace";

/** Long enough to skip analyses of half-typed words, short enough to feel live. */
const DEBOUNCE_MS = 250;
const AUTOSAVE_KEY = "gotrap.workspace.v1";
/** Go releases the version selector offers; a go.mod naming another one adds it. */
const GO_VERSIONS = ["1.21", "1.22", "1.23", "1.24", "1.25", "1.26"];
const NEW_CONFIG = `# gotrap.toml: see the rules page for ids and options
select = []
ignore = []

[severity]
`;

const status = element<HTMLElement>("#status");
const workerNotice = element<HTMLElement>("#worker-notice");
const tabs = element<HTMLElement>("#tabs");
const versionSelect = element<HTMLSelectElement>("#go-version");
const examplesButton = element<HTMLButtonElement>("#examples");
const views = element<HTMLElement>("#analysis-views");
const shareStatus = element<HTMLElement>("#share-status");

let fileNames: string[] = [];
let latestAnalysis = 0;
let debounceTimer: ReturnType<typeof setTimeout> | undefined;
let autosaveTimer: ReturnType<typeof setTimeout> | undefined;
let firstFindingsShown = false;
/** The latest report and the text of each file it was computed from. */
let shown: { report: Report; texts: Map<string, string> } | null = null;

const editor = new CodeEditor(element("#editor"), {
  changed(name) {
    if (name === "go.mod") syncVersionSelect();
    if (name === CONFIG_FILE) rulePicker.sync();
    workspaceEdited();
  },
  pastedTxtar(text) {
    if (!looksLikeTxtar(text)) return false;
    const files = filesFromTxtar(text);
    if (files.length === 0) return false;
    loadWorkspace({ files, active: files.find((file) => file.name.endsWith(".go"))?.name ?? files[0]!.name });
    return true;
  },
});

const findingsPanel = new FindingsPanel(element("#findings-panel"), {
  open: openFinding,
  applyFix(finding) {
    const analysed = shown?.texts.get(finding.path);
    if (finding.fix && analysed !== undefined && editor.applyFix(finding.path, finding.fix, analysed)) return;
    status.textContent = `${finding.path} changed since it was analysed; apply the fix after the next analysis.`;
  },
});

const shelf = new ArtifactShelf(element("#drop-zone"), element("#choose-artifacts"), element("#artifact-input"), element("#artifact-panel"), {
  changed: scheduleAnalysis,
  openText(name, text) {
    if (name.endsWith(".txtar")) {
      const files = filesFromTxtar(text);
      if (files.length > 0) loadWorkspace({ files, active: files[0]!.name });
      return;
    }
    if (fileNames.includes(name)) editor.setText(name, text);
    else addFile(name, text);
    showFile(name);
  },
});

const rulePicker = new RulePicker(
  element("#rule-picker"),
  () => (fileNames.includes(CONFIG_FILE) ? editor.text(CONFIG_FILE) : ""),
  (toml) => (fileNames.includes(CONFIG_FILE) ? editor.setText(CONFIG_FILE, toml) : addFile(CONFIG_FILE, toml)),
);
void rulesPromise.then((rules) => rulePicker.setRules(rules), () => {});

function currentWorkspace(): Workspace {
  return { files: fileNames.map((name) => ({ name, text: editor.text(name) })), active: editor.activeName };
}

function loadWorkspace(workspace: Workspace): void {
  fileNames = workspace.files.map((file) => file.name);
  editor.load(workspace.files, workspace.active);
  renderTabs();
  syncVersionSelect();
  rulePicker.sync();
  // A whole new workspace is not typing: no reason to wait.
  workspaceChanged();
  clearTimeout(debounceTimer);
  void analyze();
}

/**
 * After an edit the page no longer shows what its share link holds: drop the
 * fragment, or a reload would bring back the shared state instead of the
 * autosaved edits.
 */
function workspaceEdited(): void {
  if (location.hash !== "") history.replaceState(null, "", `${location.pathname}${location.search}`);
  workspaceChanged();
}

function workspaceChanged(): void {
  scheduleAnalysis();
  clearTimeout(autosaveTimer);
  autosaveTimer = setTimeout(autosave, 500);
}

function autosave(): void {
  try {
    localStorage.setItem(AUTOSAVE_KEY, JSON.stringify(currentWorkspace()));
  } catch (error) {
    // Quota exceeded or storage disabled: the workspace still works, unsaved.
    shareStatus.textContent = `Autosave is off: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function savedWorkspace(): Workspace | null {
  try {
    const saved = JSON.parse(localStorage.getItem(AUTOSAVE_KEY) ?? "null") as Workspace | null;
    if (saved && Array.isArray(saved.files) && saved.files.length > 0 && saved.files.every((file) => typeof file.name === "string" && typeof file.text === "string")) {
      return { files: saved.files, active: saved.files.some((file) => file.name === saved.active) ? saved.active : saved.files[0]!.name };
    }
  } catch {
    // A damaged autosave is ignored.
  }
  return null;
}

// Tabs --------------------------------------------------------------------

/**
 * The WAI-ARIA tabs pattern: only the open file's tab is in the Tab order;
 * Left and Right (Home, End) open the previous and next file, Delete closes
 * the focused one. The tabs are drawn again on every change, so the focus,
 * when it was on them, goes to the open file's tab.
 */
function renderTabs(): void {
  const hadFocus = tabs.contains(document.activeElement);
  tabs.replaceChildren(
    ...fileNames.map((name, index) => {
      const selected = name === editor.activeName;
      return h(
        "span",
        { className: `tab${selected ? " selected" : ""}`, attrs: { role: "presentation" } },
        h(
          "button",
          {
            className: "tab-name",
            attrs: { type: "button", role: "tab", id: `tab-${index}`, "aria-selected": String(selected), "aria-controls": "editor", tabindex: selected ? "0" : "-1" },
            dataset: { name },
            on: { click: () => showFile(name) },
          },
          name,
        ),
        fileNames.length > 1
          ? h("button", { className: "tab-close", attrs: { type: "button", "aria-label": `Close ${name}`, tabindex: selected ? "0" : "-1" }, on: { click: () => closeFile(name) } }, "×")
          : null,
      );
    }),
  );
  element("#editor").setAttribute("aria-labelledby", `tab-${fileNames.indexOf(editor.activeName)}`);
  if (hadFocus) element<HTMLElement>("#tabs [aria-selected=true]").focus();
}

tabs.addEventListener("keydown", (event) => {
  const focused = (event.target as HTMLElement).closest<HTMLElement>("[role=tab]");
  if (focused === null) return;
  const index = fileNames.indexOf(focused.dataset.name!);
  const moves: Record<string, number> = { ArrowLeft: index - 1, ArrowRight: index + 1, Home: 0, End: fileNames.length - 1 };
  const target = moves[event.key];
  if (target !== undefined) showFile(fileNames[(target + fileNames.length) % fileNames.length]!);
  else if (event.key === "Delete") closeFile(fileNames[index]!);
  else return;
  event.preventDefault();
});

function showFile(name: string): void {
  editor.show(name);
  renderTabs();
  showDiagnostics();
}

function addFile(name: string, text: string): void {
  fileNames.push(name);
  editor.add(name, text);
  renderTabs();
  if (name === "go.mod") syncVersionSelect();
  workspaceEdited();
}

function closeFile(name: string): void {
  if (fileNames.length <= 1) return;
  const index = fileNames.indexOf(name);
  fileNames.splice(index, 1);
  if (editor.activeName === name) editor.show(fileNames[Math.max(0, index - 1)]!);
  editor.remove(name);
  renderTabs();
  showDiagnostics();
  if (name === "go.mod") syncVersionSelect();
  if (name === CONFIG_FILE) rulePicker.sync();
  workspaceEdited();
}

element<HTMLFormElement>("#new-file").addEventListener("submit", (event) => {
  event.preventDefault();
  const input = element<HTMLInputElement>("#new-file-name");
  const name = input.value.trim();
  const problem = fileNameProblem(name, currentWorkspace().files);
  input.setCustomValidity(problem ?? "");
  if (problem !== null) {
    input.reportValidity();
    return;
  }
  addFile(name, name.endsWith(".go") ? `package ${name.includes("/") ? name.split("/").at(-2) : "main"}\n` : name === CONFIG_FILE ? NEW_CONFIG : "");
  showFile(name);
  input.value = "";
});
element<HTMLInputElement>("#new-file-name").addEventListener("input", (event) => (event.target as HTMLInputElement).setCustomValidity(""));

// Go version ---------------------------------------------------------------

function syncVersionSelect(): void {
  const version = fileNames.includes("go.mod") ? goLineVersion(editor.text("go.mod")) : null;
  const versions = version !== null && !GO_VERSIONS.includes(version) ? [...GO_VERSIONS, version] : GO_VERSIONS;
  versionSelect.replaceChildren(
    h("option", { attrs: { value: "" } }, fileNames.includes("go.mod") ? "no go line" : "unknown (no go.mod)"),
    ...versions.map((v) => h("option", { attrs: { value: v } }, `go ${v}`)),
  );
  versionSelect.value = version ?? "";
}

versionSelect.addEventListener("change", () => {
  const version = versionSelect.value;
  if (!fileNames.includes("go.mod")) {
    if (version !== "") addFile("go.mod", newGoMod(version));
    return;
  }
  const goMod = editor.text("go.mod");
  const previous = goLineVersion(goMod);
  if (version !== "") editor.setText("go.mod", withGoLine(goMod, version));
  // Back to "unknown": a go.mod the selector made goes away again.
  else if (previous !== null && goMod === newGoMod(previous)) closeFile("go.mod");
  else editor.setText("go.mod", withoutGoLine(goMod));
});

// Analysis -----------------------------------------------------------------

function scheduleAnalysis(): void {
  clearTimeout(debounceTimer);
  debounceTimer = setTimeout(() => void analyze(), DEBOUNCE_MS);
}

/**
 * The analysis of the artifacts, by what it depends on (the artifacts and the
 * config). Decoding a large profile takes seconds, so an edit to a text file
 * re-analyses only the text files and keeps the artifacts' findings and
 * views from this run (made with the text files as they were then).
 */
let artifactRun: { key: string; report: Promise<Report> } | null = null;

/** Findings of runtime rules point into Go files too; they come from the artifacts' run. */
const runtimeRuleIds = rulesPromise.then(
  (rules) => new Set(rules.filter((rule) => rule.family === "runtime").map((rule) => rule.id)),
  () => new Set<string>(),
);

/**
 * The client's answer when its worker trapped, died or overran its time
 * budget: it has terminated that worker, and its next request starts a fresh one.
 */
function workerFailure(report: Report): string | null {
  const failure = report.errors.find((error) => (error.path ?? null) === null && error.message.startsWith("internal error: "));
  return failure === undefined ? null : failure.message.slice("internal error: ".length);
}

/**
 * A worker failure not told yet: the analysis that met it may have been
 * superseded by a newer one, which the client ran in a fresh worker.
 */
let untoldFailure: string | null = null;
/** The artifacts' run (by key) that stopped a fresh worker too: kept as it is until the artifacts or the config change. */
let failedArtifactsKey: string | null = null;

/**
 * Analyses the workspace (and the artifacts, when they changed). `retried`:
 * this run repeats one whose worker failed, in a fresh worker.
 */
async function analyze(retried = false): Promise<void> {
  const analysis = ++latestAnalysis;
  const texts = new Map(fileNames.map((name) => [name, editor.text(name)]));
  const config = texts.get(CONFIG_FILE);
  const artifactsKey = JSON.stringify([shelf.generation, config ?? null]);
  if (shelf.artifacts.size === 0) artifactRun = null;
  const withArtifacts = shelf.artifacts.size > 0 && artifactRun?.key !== artifactsKey;
  const files = [
    ...[...texts].filter(([name]) => name !== CONFIG_FILE).map(([path, content]) => ({ path, content })),
    ...(withArtifacts ? [...shelf.artifacts.values()].map((artifact) => ({ path: artifact.name, content: artifact.bytes })) : []),
  ];
  status.textContent = "Analysing…";
  if (withArtifacts) shelf.setAnalysing(true);
  performance.mark("gotrap:request");
  const request = client
    .check({ files, options: config === undefined ? {} : { config, configPath: CONFIG_FILE } })
    // A worker whose core cannot load answers nothing (Contract v1; no version to give): a failure like a crash.
    .catch((error: unknown) => internalErrorReport({ schemaVersion: 1, toolVersion: "" }, error instanceof Error ? error.message : String(error)));
  if (withArtifacts) artifactRun = { key: artifactsKey, report: request };
  const run = artifactRun;
  const report = await request;
  const artifactReport = run === null ? null : await run.report;
  const artifactsFailure = run === null || artifactReport === null || run.key === failedArtifactsKey ? null : workerFailure(artifactReport);
  const failure = workerFailure(report) ?? artifactsFailure;
  // The next analysis runs the artifacts again, in the fresh worker.
  if (artifactsFailure !== null && artifactRun === run) artifactRun = null;
  if (failure !== null) untoldFailure = failure;
  if (analysis !== latestAnalysis) return;
  shelf.setAnalysing(false);
  if (failure !== null && !retried) {
    // Once: input that stops every worker would stop the next one too.
    workerNotice.textContent = `The analysis worker stopped (${failure}); a new one was started and is analysing again.`;
    void analyze(true);
    return;
  }
  if (failure !== null && artifactsFailure !== null) {
    workerNotice.textContent = `The analysis worker stopped again (${failure}) on the dropped files; they are not analysed again until they or gotrap.toml change.`;
    failedArtifactsKey = run!.key;
    artifactRun = run;
    untoldFailure = null;
    // The Go files went down with them: they are analysed again without the dropped files, in a fresh worker.
    void analyze(true);
    return;
  }
  if (failure !== null) workerNotice.textContent = `The analysis worker stopped again (${failure}) on the same files; the next edit starts a new one.`;
  else if (untoldFailure !== null) workerNotice.textContent = `The analysis worker stopped (${untoldFailure}); a new one was started and analysed the files again.`;
  // The views still come from an artifacts' run that failed: its notice stays.
  else if (run === null || run.key !== failedArtifactsKey) workerNotice.textContent = "";
  untoldFailure = null;
  const combined = artifactReport === null || artifactReport === report ? report : withArtifactFindings(report, artifactReport, await runtimeRuleIds);
  shown = { report: combined, texts };
  render(combined, run?.key ?? "");
  performance.measure("gotrap:request-to-diagnostics", "gotrap:request");
  if (!firstFindingsShown) {
    firstFindingsShown = true;
    performance.mark("gotrap:first-findings");
  }
}

/** The text files' report with the artifacts' findings, analyses and skipped files from their own run. */
function withArtifactFindings(source: Report, artifacts: Report, runtimeRules: Set<string>): Report {
  const artifactPaths = new Set(shelf.artifacts.keys());
  const fromArtifacts = (path: string, rule?: string): boolean => artifactPaths.has(path) || (rule !== undefined && runtimeRules.has(rule));
  return {
    ...source,
    findings: [...source.findings, ...artifacts.findings.filter((finding) => fromArtifacts(finding.path, finding.rule))],
    analyses: artifacts.analyses,
    skipped: [...source.skipped, ...artifacts.skipped.filter((skipped) => fromArtifacts(skipped.path))],
  };
}

/** The core's comparison of two dropped artifacts (by name), in the worker. */
const compareArtifacts: CompareArtifacts = (basePath, newPath, normalize) => {
  const file = (path: string) => ({ path, content: shelf.artifacts.get(path)?.bytes ?? new Uint8Array() });
  return client.compare({ base: file(basePath), new: file(newPath), options: { normalize } });
};

/** What the artifact views were drawn from; typing in a Go file leaves them (and their zoom and sorting) alone. */
let viewsDrawnFor: string | null = null;

/** Places recorded in the artifacts open in the editor when they name an open Go file. */
const sourceLinks: SourceLinks = {
  files: () => fileNames.filter((name) => name.endsWith(".go")),
  open(path, line) {
    if (!fileNames.includes(path)) return;
    showFile(path);
    editor.reveal(line, 1, line, 1);
  },
};

function render(report: Report, artifactsKey: string): void {
  findingsPanel.set(report.findings);
  showDiagnostics();
  // The views link to the open files, so a file opened or closed redraws them.
  const viewsKey = JSON.stringify([artifactsKey, sourceLinks.files()]);
  if (viewsKey !== viewsDrawnFor) {
    viewsDrawnFor = viewsKey;
    views.replaceChildren(...report.analyses.map((analysis) => analysisView(analysis, sourceLinks)), profileDiffView(report.analyses, compareArtifacts) ?? "");
  }
  const artifactPaths = new Set(shelf.artifacts.keys());
  shelf.setAnalysisErrors([
    ...report.errors.map((error) => ({ path: error.path ?? "run", message: error.line ? `line ${error.line}: ${error.message}` : error.message })),
    ...report.findings.filter((finding) => artifactPaths.has(finding.path) && ["GT002", "GT003"].includes(finding.rule)).map((finding) => ({ path: finding.path, message: `${finding.line}:${finding.column}: ${finding.message}` })),
    // A malformed artifact or one over a limit is both a GT003 or GT002 and skipped: say it once.
    ...report.skipped
      .filter((skipped) => artifactPaths.has(skipped.path) && !report.findings.some((finding) => finding.path === skipped.path && ["GT002", "GT003"].includes(finding.rule)))
      .map((skipped) => ({ path: skipped.path, message: `was not analysed: ${skipped.reason}` })),
  ]);
  const counts = report.findings.length === 0 ? "No findings." : `${plural(report.findings.length, "finding")}.`;
  status.textContent = report.errors.length > 0 ? `${counts} ${plural(report.errors.length, "error")}: ${report.errors[0]!.message}` : counts;
}

/** The open file's findings as diagnostics, unless it changed since the analysis (a new one is on its way). */
function showDiagnostics(): void {
  if (shown === null) return;
  const name = editor.activeName;
  const analysed = shown.texts.get(name);
  if (analysed === undefined || analysed !== editor.text(name)) return;
  editor.showFindings(
    shown.report.findings.filter((finding) => finding.path === name),
    analysed,
    shown.report.errors.filter((error) => error.path === name),
    escapeLineMarks(shown.report.analyses, name),
  );
}

function openFinding(finding: Finding): void {
  if (fileNames.includes(finding.path)) {
    showFile(finding.path);
    editor.reveal(finding.line, finding.columnUtf16, finding.endLine, finding.endColumnUtf16);
    return;
  }
  const view = [...views.querySelectorAll<HTMLElement>(".artifact-view")].find((candidate) => candidate.dataset.path === finding.path);
  if (view !== undefined) revealFinding(view, finding);
}

// Examples -----------------------------------------------------------------

/** Real runtime artifacts (tests/artifacts), bundled as static assets of this site. */
const ARTIFACT_EXAMPLES: { label: string; files: { name: string; url: string }[] }[] = [
  { label: "a leaking goroutine profile (goroutineleak.pb.gz)", files: [{ name: "goroutineleak.pb.gz", url: goroutineLeakProfileUrl }] },
  { label: "a gctrace log under GC pressure (pressure.log)", files: [{ name: "pressure.log", url: gcPressureLogUrl }] },
  { label: "a goroutine dump with 150 stuck senders (goroutine-debug2.txt)", files: [{ name: "goroutine-debug2.txt", url: goroutineDumpUrl }] },
  { label: "a deadlock crash (deadlock.txt)", files: [{ name: "deadlock.txt", url: deadlockCrashUrl }] },
  {
    label: "benchmarks before and after a regression (before.txt, after.txt)",
    files: [
      { name: "before.txt", url: benchBeforeUrl },
      { name: "after.txt", url: benchAfterUrl },
    ],
  },
  { label: "an escape report (escape-m.txt)", files: [{ name: "escape-m.txt", url: escapeReportUrl }] },
];

const examplesMenu = new MenuButton(examplesButton, element("#examples-menu"), (value) => void openExample(value));

async function openExample(value: string): Promise<void> {
  const [group, indexText] = value.split("/");
  const index = Number(indexText);
  if (group === "artifact") return openArtifactExample(ARTIFACT_EXAMPLES[index]!);
  const example = (await rulesPromise).find((rule) => rule.id === group)?.examples[index];
  if (example !== undefined) loadWorkspace(exampleWorkspace(example));
}

async function fillExamples(): Promise<void> {
  let rules: RuleInfo[];
  try {
    rules = await rulesPromise;
  } catch (error) {
    examplesButton.textContent = "Examples unavailable";
    status.textContent = error instanceof Error ? error.message : String(error);
    return;
  }
  const byFamily = new Map<string, MenuGroup>();
  for (const rule of rules) {
    rule.examples.forEach((example, index) => {
      const group = byFamily.get(rule.family) ?? { label: rule.family, items: [] };
      byFamily.set(rule.family, group);
      group.items.push({ value: `${rule.id}/${index}`, label: `${rule.id} ${rule.name}: ${example.kind} (go ${example.goVersion})` });
    });
  }
  examplesMenu.setGroups([
    ...byFamily.values(),
    { label: "runtime artifacts", items: ARTIFACT_EXAMPLES.map((artifact, index) => ({ value: `artifact/${index}`, label: artifact.label })) },
  ]);
  // Disabled until now: opened before, the menu would be empty.
  examplesButton.disabled = false;
}

async function openArtifactExample(example: (typeof ARTIFACT_EXAMPLES)[number]): Promise<void> {
  const files = await Promise.all(example.files.map(async (file) => new File([await (await fetch(file.url)).arrayBuffer()], file.name)));
  await shelf.addFiles(files);
}

// Share, txtar, autosave ---------------------------------------------------

element("#share").addEventListener("click", () => void share());

async function share(): Promise<void> {
  const fragment = await encodeShareFragment(currentWorkspace());
  const url = `${location.origin}${location.pathname}${fragment}`;
  const linkField = element<HTMLInputElement>("#share-link");
  const note = shelf.artifacts.size > 0 ? " Profiles and logs are not in the link (too large): share them separately." : "";
  if (url.length > MAX_SHARE_URL_LENGTH) {
    linkField.value = "";
    shareStatus.replaceChildren(
      `The workspace is too large for a link (${url.length} characters). `,
      h("button", { attrs: { type: "button" }, on: { click: exportTxtar } }, "Download it as txtar"),
    );
    return;
  }
  history.replaceState(null, "", fragment);
  linkField.value = url;
  linkField.select();
  try {
    await navigator.clipboard.writeText(url);
    shareStatus.textContent = `Link copied; everything is in its fragment, nothing was uploaded.${note}`;
  } catch {
    shareStatus.textContent = `Copy the link above; everything is in its fragment, nothing was uploaded.${note}`;
  }
}

function exportTxtar(): void {
  download("playground.txtar", toTxtar(currentWorkspace().files));
}

element("#export-txtar").addEventListener("click", exportTxtar);
element("#import-txtar").addEventListener("click", () => element<HTMLInputElement>("#txtar-input").click());
element<HTMLInputElement>("#txtar-input").addEventListener("change", async (event) => {
  const input = event.target as HTMLInputElement;
  const file = input.files?.[0];
  input.value = "";
  if (file === undefined) return;
  const files = filesFromTxtar(await file.text());
  if (files.length === 0) {
    status.textContent = `${file.name} holds no -- name -- sections`;
    return;
  }
  loadWorkspace({ files, active: files.find((entry) => entry.name.endsWith(".go"))?.name ?? files[0]!.name });
});

async function openFromFragment(): Promise<boolean> {
  try {
    const workspace = await decodeShareFragment(location.hash);
    if (workspace === null) return false;
    shelf.clear();
    loadWorkspace(workspace);
    return true;
  } catch (error) {
    shareStatus.textContent = `Cannot open this link: ${error instanceof Error ? error.message : String(error)}`;
    return false;
  }
}

window.addEventListener("hashchange", () => void openFromFragment());

initTheme(element("#theme"));
if (!(await openFromFragment())) loadWorkspace(savedWorkspace() ?? starterWorkspace());
void fillExamples();
enableOffline();
