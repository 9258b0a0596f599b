// The playground: the textarea is analysed as main.go (no go.mod, so the Go
// version is unknown) in a Web Worker, a moment after the user stops typing.
// User text reaches the page only through textContent.

import { createBrowserClient } from "../../action/src/client/browser";
import type { Finding, Report, RunError } from "../../action/src/client/report";

/** Long enough to skip analyses of half-typed words, short enough to feel live. */
const DEBOUNCE_MS = 250;

function element<T extends HTMLElement>(selector: string): T {
  const found = document.querySelector<T>(selector);
  if (found === null) throw new Error(`the page has no ${selector}`);
  return found;
}

const source = element<HTMLTextAreaElement>("#source");
const status = element<HTMLParagraphElement>("#status");
const findingsList = element<HTMLUListElement>("#findings");

const client = createBrowserClient();
/** Only the answer to the latest edit is shown; earlier ones may arrive after it. */
let latestAnalysis = 0;
let debounceTimer: ReturnType<typeof setTimeout> | undefined;

function span(className: string, text: string): HTMLSpanElement {
  const node = document.createElement("span");
  node.className = className;
  node.textContent = text;
  return node;
}

function findingItem(finding: Finding): HTMLLIElement {
  const item = document.createElement("li");
  item.className = finding.severity;
  item.dataset.rule = finding.rule;
  item.append(
    span("rule", finding.rule),
    span("severity", finding.severity),
    span("position", `${finding.line}:${finding.column}`),
    span("message", finding.message),
  );
  return item;
}

function runErrorItem(error: RunError): HTMLLIElement {
  const item = document.createElement("li");
  item.className = "error";
  item.append(span("rule", "error"), span("message", error.message));
  return item;
}

/** The core's order is by path then position; one file here, so sort for reading order. */
function byPosition(a: Finding, b: Finding): number {
  return a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule);
}

function render(report: Report): void {
  const findings = [...report.findings].sort(byPosition);
  findingsList.replaceChildren(...report.errors.map(runErrorItem), ...findings.map(findingItem));
  status.textContent =
    findings.length === 0 ? "No findings." : `${findings.length} finding${findings.length === 1 ? "" : "s"}.`;
}

async function analyze(): Promise<void> {
  const analysis = ++latestAnalysis;
  status.textContent = "Analysing…";
  try {
    const report = await client.check({ files: [{ path: "main.go", content: source.value }] });
    if (analysis === latestAnalysis) render(report);
  } catch (error) {
    if (analysis !== latestAnalysis) return;
    findingsList.replaceChildren();
    status.textContent = error instanceof Error ? error.message : String(error);
  }
}

source.addEventListener("input", () => {
  clearTimeout(debounceTimer);
  debounceTimer = setTimeout(() => void analyze(), DEBOUNCE_MS);
});

void analyze();
