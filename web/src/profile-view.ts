// Views of one analysed artifact: for a pprof profile, a sample-type switcher,
// the top table (sortable by flat or cum) and a flame graph; for a gctrace
// log, its summary and a chart of the heap and the pauses over time; the
// text artifacts' views are in runtime-views.ts.

import type { Analysis, BenchAnalysis, EscapeAnalysis, GoroutineAnalysis } from "../../action/src/client/report";
import { formatValue, type GctraceAnalysis, type GctraceRow, type ProfileAnalysis, type ProfileType, type TopRow } from "./analysis-types";
import { plural } from "../../action/src/client/format";
import { h, markSorted } from "./dom";
import { FlameGraph } from "./flame-graph";
import { benchView, escapeView, goroutinesView, onReveal, revealFinding, selectItem, type SourceLinks } from "./runtime-views";

/** Rows of the top table drawn at once; the core keeps up to 1,000. */
const TOP_ROWS_SHOWN = 50;

export function analysisView(analysis: Analysis, links: SourceLinks): HTMLElement {
  switch (analysis.kind) {
    case "goroutines":
      return goroutinesView(analysis.path, analysis.data as GoroutineAnalysis, links);
    case "bench":
      return benchView(analysis.path, analysis.data as BenchAnalysis);
    case "escape":
      return escapeView(analysis.path, analysis.data as EscapeAnalysis, links);
    case "profile":
      return profileView(analysis.path, analysis.data as ProfileAnalysis, links);
    case "gctrace":
      return gctraceView(analysis.path, analysis.data as GctraceAnalysis);
    default:
      return h("section", { className: "artifact-view" }, h("h3", {}, analysis.path), h("p", {}, `${analysis.kind} analysis (no view for it yet)`));
  }
}

function profileView(path: string, profile: ProfileAnalysis, links: SourceLinks): HTMLElement {
  const types = profile.types;
  const preferred = types.findIndex((type) => type.type === profile.defaultSampleType);
  // pprof shows the last sample type unless the profile names a default.
  let chosen = preferred >= 0 ? preferred : types.length - 1;
  let sortBy: "flat" | "cum" = "flat";
  const tableBody = h("tbody");
  const caption = h("caption");
  const flame = new FlameGraph();
  const sortButtons = (["flat", "cum"] as const).map((key) =>
    h(
      "button",
      {
        className: "sort",
        attrs: { type: "button", "data-sort": key },
        on: {
          click: () => {
            sortBy = key;
            render();
          },
        },
      },
      key,
    ),
  );
  const table = h(
    "table",
    { className: "top-table" },
    caption,
    h(
      "thead",
      {},
      h("tr", {}, h("th", { attrs: { scope: "col" } }, sortButtons[0]!), h("th", { attrs: { scope: "col" } }, "flat%"), h("th", { attrs: { scope: "col" } }, sortButtons[1]!), h("th", { attrs: { scope: "col" } }, "cum%"), h("th", { attrs: { scope: "col" } }, "function")),
    ),
    tableBody,
  );
  const switcher = h(
    "select",
    { attrs: { "aria-label": "Sample type" }, on: { change: () => ((chosen = Number(switcher.value)), render()) } },
    ...types.map((type, index) => h("option", { attrs: { value: String(index) } }, `${type.type} (${type.unit})`)),
  );
  switcher.value = String(chosen);

  const render = (): void => {
    const type: ProfileType | undefined = types[chosen];
    if (type === undefined) return;
    markSorted(sortButtons, sortBy, "descending");
    const rows = [...type.top].sort((a, b) => b[sortBy] - a[sortBy] || a.function.localeCompare(b.function)).slice(0, TOP_ROWS_SHOWN);
    caption.textContent = `Top of ${type.type}: total ${formatValue(type.total, type.unit)}, sorted by ${sortBy}${type.top.length + type.topDropped > rows.length ? ` (first ${rows.length} of ${type.top.length + type.topDropped} functions)` : ""}`;
    tableBody.replaceChildren(...rows.map((row) => topRow(row, type.unit)));
    flame.show(type.callTree.tree, type.unit);
  };
  render();

  const facts = [
    `${profile.profile} profile`,
    plural(profile.samples, "sample"),
    profile.durationNanos > 0 ? `${formatValue(profile.durationNanos, "nanoseconds")} long` : null,
    `${formatValue(profile.decodedBytes, "bytes")} decoded${profile.compressed ? " from gzip" : ""}`,
  ].filter((fact) => fact !== null);
  const goroutines = profile.goroutines ? goroutinesView(`${path}: goroutines by stack`, profile.goroutines, links) : null;
  const section = h(
    "section",
    { className: "artifact-view profile-view", dataset: { path } },
    h("h3", {}, path),
    h("p", { className: "facts" }, facts.join(" · ")),
    h("label", {}, "Sample type ", switcher),
    table,
    h("h4", {}, "Flame graph"),
    flame.root,
    goroutines,
  );
  // A goroutine profile's finding is about one of its groups.
  onReveal(section, (finding) => goroutines !== null && revealFinding(goroutines, finding));
  return section;
}

function topRow(row: TopRow, unit: string): HTMLTableRowElement {
  return h(
    "tr",
    {},
    h("td", {}, formatValue(row.flat, unit)),
    h("td", {}, `${row.flatPercent.toFixed(2)}%`),
    h("td", {}, formatValue(row.cum, unit)),
    h("td", {}, `${row.cumPercent.toFixed(2)}%`),
    h("td", { className: "function" }, row.function),
  );
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

function gctraceView(path: string, trace: GctraceAnalysis): HTMLElement {
  const summary = trace.summary;
  const facts: [string, string][] = [
    ["collections", `${summary.gcs} in ${summary.durationS.toFixed(3)} s (${summary.gcRatePerS.toFixed(1)}/s)${summary.forced > 0 ? `, ${summary.forced} forced` : ""}`],
    ["GC CPU", `${percent(summary.gcCpuFraction)} of the CPU (from the cpu fields, idle mark excluded)`],
    ["mark assist", `${percent(summary.markAssistShare)} of the GC CPU`],
    ["stop-the-world pauses", `p50 ${summary.stwPauseMs.p50} ms, p99 ${summary.stwPauseMs.p99} ms, max ${summary.stwPauseMs.max} ms, total ${summary.stwPauseMs.total.toFixed(2)} ms`],
    ["live heap", `${summary.heapLiveMb.min}–${summary.heapLiveMb.max} MB (goal ${summary.goalMb.min}–${summary.goalMb.max} MB)`],
    ["lines", `${trace.gcLines} gctrace lines of ${trace.lines}${trace.malformedLines > 0 ? `, ${trace.malformedLines} malformed` : ""}`],
  ];
  const scales = gctraceScales(trace.rows);
  const rows = trace.rows;
  const chart = h("canvas", {
    className: "gctrace-chart",
    attrs: {
      role: "img",
      "aria-label":
        rows.length === 0
          ? "no collections to chart"
          : `live heap and heap goal (0–${scales.maxMb} MB), stop-the-world pauses (0–${scales.maxPauseMs} ms) and mark assist share over ${plural(rows.length, "collection")}, ${rows[0]!.timeS.toFixed(3)}–${rows.at(-1)!.timeS.toFixed(3)} s; its data is in the table below it`,
    },
  });
  const keys = {
    live: h("span", { className: "key live" }, "live heap"),
    goal: h("span", { className: "key goal" }, "heap goal"),
    pause: h("span", { className: "key pause" }, "STW pause (ms, right axis)"),
    assist: h("span", { className: "key assist" }, "mark assist share of each collection's GC CPU (0–100%)"),
  };
  new ResizeObserver(() => drawGctrace(chart, rows, scales, keys)).observe(chart);
  const data = gctraceDataTable(trace);
  const section = h(
    "section",
    { className: "artifact-view gctrace-view", dataset: { path } },
    h("h3", {}, path),
    h("table", { className: "gctrace-summary" }, h("tbody", {}, ...facts.map(([name, value]) => h("tr", {}, h("th", { attrs: { scope: "row" } }, name), h("td", {}, value))))),
    h("h4", {}, "Heap and pauses over time"),
    h("p", { className: "legend" }, keys.live, " ", keys.goal, " ", keys.pause, " ", keys.assist),
    chart,
    data,
  );
  // A finding about a run of collections is at the log line of its first one.
  onReveal(section, (finding) => {
    const row = [...data.querySelectorAll<HTMLTableRowElement>("tbody tr")].find((candidate) => candidate.dataset.line === String(finding.line));
    if (row === undefined) return false;
    data.open = true;
    row.tabIndex = -1;
    selectItem(section, row, row);
    return true;
  });
  return section;
}

/** A collection's stop-the-world time: its sweep termination and mark termination phases. */
const stwPauseMs = (row: GctraceRow): number => row.clockMs.sweepTermination + row.clockMs.markTermination;

/** The assist share of a collection's own GC CPU (idle mark included, as the core's share is). */
function assistShare(row: GctraceRow): number {
  const gcCpu = Object.values(row.cpuMs).reduce((total, value) => total + value, 0);
  return gcCpu === 0 ? 0 : row.cpuMs.assist / gcCpu;
}

interface GctraceScales {
  /** The top of the heap axis (MB). */
  maxMb: number;
  /** The top of the pause axis (ms). */
  maxPauseMs: number;
}

function gctraceScales(rows: readonly GctraceRow[]): GctraceScales {
  return {
    maxMb: Math.max(1, ...rows.map((row) => Math.max(row.goalMb, row.heapStartMb))),
    maxPauseMs: Number(Math.max(1e-3, ...rows.map(stwPauseMs)).toFixed(3)),
  };
}

/** The chart's points as a table: what it shows, readable without seeing it. */
function gctraceDataTable(trace: GctraceAnalysis): HTMLDetailsElement {
  const headings = ["collection", "log line", "time (s)", "live heap (MB)", "heap goal (MB)", "STW pause (ms)", "mark assist share"];
  return h(
    "details",
    { className: "gctrace-data" },
    h("summary", {}, `Chart data: ${plural(trace.rows.length, "collection")}${trace.rowsDropped > 0 ? ` (${trace.rowsDropped} more not charted)` : ""}`),
    h(
      "table",
      {},
      h("thead", {}, h("tr", {}, ...headings.map((heading) => h("th", { attrs: { scope: "col" } }, heading)))),
      h(
        "tbody",
        {},
        ...trace.rows.map((row) =>
          h(
            "tr",
            { dataset: { line: String(row.line) } },
            ...[String(row.n), String(row.line), row.timeS.toFixed(3), String(row.heapLiveMb), String(row.goalMb), stwPauseMs(row).toFixed(3), percent(assistShare(row))].map((cell) => h("td", {}, cell)),
          ),
        ),
      ),
    ),
  );
}

/** Draws the chart in the colours of its legend's keys (so the theme applies). */
function drawGctrace(canvas: HTMLCanvasElement, rows: readonly GctraceRow[], { maxMb, maxPauseMs }: GctraceScales, keys: Record<"live" | "goal" | "pause" | "assist", HTMLElement>): void {
  const width = canvas.clientWidth;
  const height = 180;
  const ratio = window.devicePixelRatio || 1;
  canvas.style.height = `${height}px`;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const context = canvas.getContext("2d");
  if (context === null || rows.length === 0 || width === 0) return;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  const first = rows[0]!.timeS;
  const span = Math.max(rows[rows.length - 1]!.timeS - first, 1e-9);
  const x = (time: number): number => 4 + ((time - first) / span) * (width - 8);
  const y = (value: number, max: number): number => height - 4 - (value / max) * (height - 20);
  context.fillStyle = getComputedStyle(keys.pause).color;
  for (const row of rows) context.fillRect(x(row.timeS) - 1, y(stwPauseMs(row), maxPauseMs), 2, height - 4 - y(stwPauseMs(row), maxPauseMs));
  const line = (key: HTMLElement, value: (row: GctraceRow) => number, max: number): void => {
    context.strokeStyle = getComputedStyle(key).color;
    context.lineWidth = 1.5;
    context.beginPath();
    rows.forEach((row, index) => (index === 0 ? context.moveTo(x(row.timeS), y(value(row), max)) : context.lineTo(x(row.timeS), y(value(row), max))));
    context.stroke();
  };
  line(keys.goal, (row) => row.goalMb, maxMb);
  line(keys.live, (row) => row.heapLiveMb, maxMb);
  line(keys.assist, assistShare, 1);
  context.fillStyle = getComputedStyle(canvas).color;
  context.font = "11px system-ui, sans-serif";
  context.fillText(`${maxMb} MB`, 6, 12);
  context.fillText(`${maxPauseMs} ms`, width - 60, 12);
}
