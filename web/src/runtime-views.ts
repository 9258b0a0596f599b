// Views of the text artifacts the core groups and compares: goroutine dumps
// and crash output (groups by state and stack, sortable, each stack
// expandable), benchmark outputs (benchstat's comparison, worse red and
// better green, said in words too) and escape reports (decisions grouped by
// source line). Places recorded in them that name an open file are links to
// the line in the editor.

import {
  benchBaseText,
  benchChange,
  benchDeltaText,
  benchSignificance,
  benchValue,
  crashTitle,
  escapeHeadline,
  goroutinesHeadline,
  groupTitle,
  plural,
  userFrameOf,
  waitText,
} from "../../action/src/client/format";
import type { Analysis, BenchAnalysis, EscapeAnalysis, EscapeEntry, Finding, GoroutineAnalysis, GoroutineGroup, StackFrame } from "../../action/src/client/report";
import { h, markSorted } from "./dom";
import type { LineMark } from "./editor";

/** How a view reaches the editor. */
export interface SourceLinks {
  /** The open workspace files, by path. */
  files(): readonly string[];
  open(path: string, line: number): void;
}

/**
 * Sent to an artifact's view when a finding about it is opened from the
 * findings panel: the view shows and selects what the finding is about.
 */
const REVEAL_EVENT = "gotrap-reveal";

/** Asks `view` to show what `finding` is about; false when it had nothing to select (then the view itself is shown). */
export function revealFinding(view: HTMLElement, finding: Finding): boolean {
  const event = new CustomEvent<Finding>(REVEAL_EVENT, { detail: finding, cancelable: true });
  view.dispatchEvent(event);
  if (event.defaultPrevented) return true;
  view.scrollIntoView({ block: "start" });
  return false;
}

/** Makes `reveal` the view's answer to a finding opened from the findings panel. */
export function onReveal(view: HTMLElement, reveal: (finding: Finding) => boolean): void {
  view.addEventListener(REVEAL_EVENT, (event) => {
    if (reveal((event as CustomEvent<Finding>).detail)) event.preventDefault();
  });
}

/** Marks `item` as the one selected in `view` (the only one), scrolls to it and moves the focus there. */
export function selectItem(view: HTMLElement, item: HTMLElement, focus: HTMLElement): void {
  for (const previous of view.querySelectorAll("[aria-current]")) previous.removeAttribute("aria-current");
  item.setAttribute("aria-current", "true");
  item.scrollIntoView({ block: "center" });
  focus.focus({ preventScroll: true });
}

/**
 * `file:line` as recorded, a link to the line when the core mapped it to a
 * workspace file (`workspacePath`) that is still open.
 */
function sourcePlace(file: string, line: number, workspacePath: string | null | undefined, links: SourceLinks): HTMLElement {
  const text = `${file}:${line}`;
  const open = workspacePath && links.files().includes(workspacePath) ? workspacePath : null;
  if (open === null) return h("span", { className: "place" }, text);
  return h(
    "button",
    { className: "source-link", title: `Open ${open} at line ${line}`, attrs: { type: "button" }, dataset: { path: open, line: String(line) }, on: { click: () => links.open(open, line) } },
    text,
  );
}

function frameCell(frame: StackFrame | null | undefined, links: SourceLinks): HTMLTableCellElement {
  if (!frame) return h("td");
  return h("td", { className: "frame" }, h("span", { className: "function" }, frame.function), " ", sourcePlace(frame.file, frame.line, frame.workspacePath, links));
}

// Goroutines ---------------------------------------------------------------

type GroupSort = "count" | "state" | "wait";

const groupOrder: Record<GroupSort, (a: GoroutineGroup, b: GoroutineGroup) => number> = {
  count: (a, b) => b.count - a.count,
  state: (a, b) => (a.state ?? "").localeCompare(b.state ?? ""),
  wait: (a, b) => (b.waitMinutes?.max ?? -1) - (a.waitMinutes?.max ?? -1),
};

/** The columns a dump fills: a `debug=1` profile has no states, waits or creating frames. */
interface GroupColumns {
  states: boolean;
  createdBy: boolean;
}

export function goroutinesView(path: string, data: GoroutineAnalysis, links: SourceLinks): HTMLElement {
  const columns: GroupColumns = { states: data.groups.some((group) => group.state), createdBy: data.groups.some((group) => group.createdBy) };
  let sortBy: GroupSort = "count";
  const groups = data.groups.map((group) => ({ group, body: groupBody(group, links, columns) }));
  const table = h("table", { className: "goroutine-table" });
  const sortKeys: GroupSort[] = columns.states ? ["count", "state", "wait"] : ["count"];
  const sortButtons = sortKeys.map((key) =>
    h("button", { className: "sort", attrs: { type: "button", "data-sort": key }, on: { click: () => ((sortBy = key), render()) } }, { count: "goroutines", state: "state", wait: "waiting (minutes)" }[key]),
  );
  const head = h(
    "thead",
    {},
    h(
      "tr",
      {},
      ...sortButtons.map((button) => h("th", { attrs: { scope: "col" } }, button)),
      h("th", { attrs: { scope: "col" } }, "user frame"),
      columns.createdBy ? h("th", { attrs: { scope: "col" } }, "created by") : null,
    ),
  );
  const caption = h("caption");
  table.append(caption, head);
  const render = (): void => {
    markSorted(sortButtons, sortBy, sortBy === "state" ? "ascending" : "descending");
    // Ties keep the core's order (most goroutines first).
    const sorted = [...groups].sort((a, b) => groupOrder[sortBy](a.group, b.group) || groups.indexOf(a) - groups.indexOf(b));
    caption.textContent = `Groups by ${columns.states ? "state and " : ""}stack, sorted by ${sortBy === "wait" ? "waiting time" : sortBy}${data.groupsDropped > 0 ? ` (first ${groups.length} of ${groups.length + data.groupsDropped})` : ""}`;
    // The caption and the head stay in place: the focus may be on a sorting button.
    for (const entry of groups) entry.body.remove();
    table.append(...sorted.map((entry) => entry.body));
  };
  render();
  const facts = [goroutinesHeadline(data)];
  if (data.states.length > 0) facts.push(`States: ${data.states.map((state) => `${state.count} ${state.state}`).join(", ")}.`);
  if (data.longestWait) facts.push(`Longest wait: goroutine ${data.longestWait.goroutine} in ${data.longestWait.state} at ${data.longestWait.function}, ${plural(data.longestWait.minutes, "minute")}.`);
  const section = h(
    "section",
    { className: "artifact-view goroutines-view", dataset: { path } },
    h("h3", {}, path),
    data.crash ? h("p", { className: "crash" }, h("strong", {}, crashTitle(data.crash)), ": ", h("code", {}, data.crash.message)) : null,
    h("p", { className: "facts" }, facts.join(" ")),
    table,
  );
  // A finding names its group's frame among its related places; in a dump it
  // is also on a line of the group's first goroutine, which tells apart
  // groups at the same frame (a profile is binary: its findings are at 1:1).
  onReveal(section, (finding) => {
    const atFrame = (frame: StackFrame): boolean => finding.related.some((place) => place.path === frame.file && place.line === frame.line);
    const candidates = groups.filter(({ group }) => group.stack.some(atFrame));
    const entry = candidates.filter(({ group }) => group.line <= finding.line).sort((a, b) => b.group.line - a.group.line)[0] ?? candidates[0];
    if (entry === undefined) return false;
    const toggle = entry.body.querySelector<HTMLButtonElement>("button.expand")!;
    if (toggle.getAttribute("aria-expanded") !== "true") toggle.click();
    selectItem(section, entry.body, toggle);
    return true;
  });
  return section;
}

/** A group's row and, below it, its stack, shown by the row's button. */
function groupBody(group: GoroutineGroup, links: SourceLinks, columns: GroupColumns): HTMLTableSectionElement {
  const cells = [
    columns.states ? h("td", {}, group.state ?? "") : null,
    columns.states ? h("td", {}, waitText(group.waitMinutes)) : null,
    frameCell(userFrameOf(group), links),
    columns.createdBy ? frameCell(group.createdBy, links) : null,
  ].filter((cell) => cell !== null);
  const stackRow = h("tr", { className: "stack-row" }, h("td", { attrs: { colspan: String(cells.length + 1) } }, stackList(group, links)));
  stackRow.hidden = true;
  const toggle = h("button", {
    className: "expand",
    title: `Stack of ${groupTitle(group)}`,
    attrs: { type: "button", "aria-expanded": "false", "aria-label": `Stack of ${groupTitle(group)}` },
    on: {
      click: () => {
        stackRow.hidden = !stackRow.hidden;
        toggle.setAttribute("aria-expanded", String(!stackRow.hidden));
      },
    },
  });
  return h("tbody", { className: "group" }, h("tr", { className: "group-row" }, h("td", { className: "count" }, toggle, String(group.count)), ...cells), stackRow);
}

function stackList(group: GoroutineGroup, links: SourceLinks): HTMLElement {
  const user = userFrameOf(group);
  return h(
    "div",
    { className: "stack" },
    h(
      "ol",
      {},
      ...group.stack.map((frame) =>
        h("li", { className: frame === user ? "user-frame" : "" }, h("span", { className: "function" }, frame.function), " ", sourcePlace(frame.file, frame.line, frame.workspacePath, links)),
      ),
    ),
    group.framesElided ? h("p", {}, "The runtime left frames out of the middle of this stack.") : null,
    group.createdBy ? h("p", {}, "created by ", h("span", { className: "function" }, group.createdBy.function), " ", sourcePlace(group.createdBy.file, group.createdBy.line, group.createdBy.workspacePath, links)) : null,
    group.goroutineIds.length > 0 ? h("p", { className: "ids" }, `${group.count === 1 ? "Goroutine" : "Goroutines"} ${group.goroutineIds.join(", ")}${group.count > group.goroutineIds.length ? ", …" : ""}.`) : null,
    h("p", { className: "dump-line" }, `First of them at line ${group.line} of the dump.`),
  );
}

// Benchmarks ---------------------------------------------------------------

export function benchView(path: string, data: BenchAnalysis): HTMLElement {
  const compared = data.rows.some((row) => row.comparison);
  const headings = compared ? ["benchmark", "unit", "base", "median", "delta", "significance"] : ["benchmark", "unit", "median"];
  const rows = data.rows.map((row) => {
    const comparison = row.comparison;
    const change = comparison ? benchChange(comparison) : "same";
    const cells = compared
      ? [row.name, row.unit, comparison ? benchValue(comparison.base) : "", benchValue(row.summary), comparison ? benchDeltaText(comparison) : "", comparison ? benchSignificance(comparison, row.summary) : ""]
      : [row.name, row.unit, benchValue(row.summary)];
    return h("tr", { className: `bench-${change}`, dataset: { change } }, ...cells.map((cell, index) => h("td", { className: index < 2 ? "" : "number" }, cell)));
  });
  const config = ["pkg", "goos", "goarch", "cpu"].flatMap((key) => (data.config[key] ? [`${key}: ${data.config[key]}`] : []));
  return h(
    "section",
    { className: "artifact-view bench-view", dataset: { path } },
    h("h3", {}, path),
    h("p", { className: "facts" }, benchBaseText(data.base)),
    config.length > 0 ? h("p", { className: "facts config" }, config.join(" · ")) : null,
    h(
      "table",
      { className: "bench-table" },
      h("caption", {}, `${plural(new Set(data.rows.map((row) => row.name)).size, "benchmark")}, ${plural(data.rows.length, "row")} by unit${data.rowsDropped > 0 ? ` (${data.rowsDropped} more not shown)` : ""}`),
      h("thead", {}, h("tr", {}, ...headings.map((heading, index) => h("th", { className: index < 2 ? "" : "number", attrs: { scope: "col" } }, heading)))),
      h("tbody", {}, ...rows),
    ),
  );
}

// Escape reports -----------------------------------------------------------

const HEAP_KINDS: readonly EscapeEntry["kind"][] = ["movedToHeap", "escapesToHeap"];

/** A decision in the words of the compiler's report. */
function decisionText(entry: EscapeEntry): string {
  const detail = entry.detail ? `: ${entry.detail}` : "";
  switch (entry.kind) {
    case "movedToHeap":
      return `moved to heap: ${entry.subject}`;
    case "escapesToHeap":
      return `${entry.subject} escapes to heap`;
    case "doesNotEscape":
      return `${entry.subject} does not escape`;
    case "leakingParam":
      return `leaking param${entry.detail ? ` ${entry.detail}` : ""}: ${entry.subject}`;
    case "canInline":
      return `can inline ${entry.subject}`;
    case "cannotInline":
      return `cannot inline ${entry.subject}${detail}`;
    case "inliningCall":
      return `inlining call to ${entry.subject}`;
    default:
      return `${entry.subject}${detail}`;
  }
}

interface EscapeLine {
  file: string;
  line: number;
  /** The workspace file the core mapped `file` to. */
  workspacePath: string | null;
  entries: EscapeEntry[];
  heap: boolean;
}

/** The decisions by recorded file and line, in file then line order. */
function escapeLines(data: EscapeAnalysis): EscapeLine[] {
  const byPlace = new Map<string, EscapeLine>();
  for (const entry of data.entries) {
    const key = `${entry.file}\n${entry.line}`;
    const place = byPlace.get(key) ?? { file: entry.file, line: entry.line, workspacePath: entry.workspacePath ?? null, entries: [], heap: false };
    place.entries.push(entry);
    place.heap ||= HEAP_KINDS.includes(entry.kind);
    byPlace.set(key, place);
  }
  return [...byPlace.values()].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

export function escapeView(path: string, data: EscapeAnalysis, links: SourceLinks): HTMLElement {
  const lines = escapeLines(data);
  const heapLines = lines.filter((line) => line.heap);
  const body = h("tbody");
  const caption = h("caption");
  const heapOnly = h("input", { attrs: { type: "checkbox", checked: "" }, on: { change: () => render() } });
  const render = (): void => {
    const shown = heapOnly.checked ? heapLines : lines;
    caption.textContent = heapOnly.checked
      ? `${plural(heapLines.length, "line")} with heap allocations (of ${plural(lines.length, "line")} with ${plural(data.entries.length, "decision")})`
      : `${plural(lines.length, "line")} with ${plural(data.entries.length, "decision")}${data.entriesDropped > 0 ? ` (${data.entriesDropped} more not shown)` : ""}`;
    body.replaceChildren(
      ...shown.map((line) =>
        h(
          "tr",
          { className: line.heap ? "heap" : "" },
          h("td", { className: "place-cell" }, sourcePlace(line.file, line.line, line.workspacePath, links)),
          h("td", {}, h("ul", { className: "decisions" }, ...line.entries.map((entry) => h("li", { className: HEAP_KINDS.includes(entry.kind) ? "heap" : "" }, decisionText(entry))))),
        ),
      ),
    );
  };
  render();
  return h(
    "section",
    { className: "artifact-view escape-view", dataset: { path } },
    h("h3", {}, path),
    h("p", { className: "facts" }, escapeHeadline(data.counts), data.packages.length > 0 ? ` Packages: ${data.packages.join(", ")}.` : ""),
    h("label", {}, heapOnly, " only lines with heap allocations"),
    h("table", { className: "escape-table" }, caption, h("thead", {}, h("tr", {}, h("th", { attrs: { scope: "col" } }, "line"), h("th", { attrs: { scope: "col" } }, "decisions"))), body),
  );
}

/** The lines of `path` (an open file) that the escape reports say allocate on the heap. */
export function escapeLineMarks(analyses: readonly Analysis[], path: string): LineMark[] {
  const marks: LineMark[] = [];
  for (const analysis of analyses) {
    if (analysis.kind !== "escape") continue;
    for (const line of escapeLines(analysis.data as EscapeAnalysis)) {
      if (!line.heap || line.workspacePath !== path) continue;
      const heap = line.entries.filter((entry) => HEAP_KINDS.includes(entry.kind)).map(decisionText);
      marks.push({ line: line.line, className: "cm-escape-line", noteClassName: "cm-escape-note", text: `${heap.join("; ")} (${analysis.path})` });
    }
  }
  return marks;
}
