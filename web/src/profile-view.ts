// Views of one analysed artifact: for a pprof profile, a sample-type switcher,
// the top table (sortable by flat or cum) and a flame graph; for a gctrace
// log, its summary and a chart of the heap and the pauses over time; the
// text artifacts' views are in runtime-views.ts.

import type { Analysis, BenchAnalysis, EscapeAnalysis, GoroutineAnalysis } from "../../action/src/client/report";
import { formatValue, type GctraceAnalysis, type ProfileAnalysis, type ProfileType, type TopRow } from "./analysis-types";
import { plural } from "../../action/src/client/format";
import { h } from "./dom";
import { FlameGraph } from "./flame-graph";
import { benchView, escapeView, goroutinesView, type SourceLinks } from "./runtime-views";

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
    for (const button of sortButtons) button.setAttribute("aria-pressed", String(button.dataset.sort === sortBy));
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
  return h(
    "section",
    { className: "artifact-view profile-view", dataset: { path } },
    h("h3", {}, path),
    h("p", { className: "facts" }, facts.join(" · ")),
    h("label", {}, "Sample type ", switcher),
    table,
    h("h4", {}, "Flame graph"),
    flame.root,
    profile.goroutines ? goroutinesView(`${path}: goroutines by stack`, profile.goroutines, links) : null,
  );
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
  const chart = h("canvas", { className: "gctrace-chart", attrs: { role: "img", "aria-label": "live heap, heap goal and pauses over time" } });
  const keys = {
    live: h("span", { className: "key live" }, "live heap"),
    goal: h("span", { className: "key goal" }, "heap goal"),
    pause: h("span", { className: "key pause" }, "STW pause (ms, right axis)"),
    assist: h("span", { className: "key assist" }, "mark assist share of each collection's GC CPU (0–100%)"),
  };
  new ResizeObserver(() => drawGctrace(chart, trace, keys)).observe(chart);
  return h(
    "section",
    { className: "artifact-view gctrace-view", dataset: { path } },
    h("h3", {}, path),
    h("table", { className: "gctrace-summary" }, h("tbody", {}, ...facts.map(([name, value]) => h("tr", {}, h("th", { attrs: { scope: "row" } }, name), h("td", {}, value))))),
    h("h4", {}, "Heap and pauses over time"),
    h("p", { className: "legend" }, keys.live, " ", keys.goal, " ", keys.pause, " ", keys.assist),
    chart,
  );
}

/** Draws the chart in the colours of its legend's keys (so the theme applies). */
function drawGctrace(canvas: HTMLCanvasElement, trace: GctraceAnalysis, keys: Record<"live" | "goal" | "pause" | "assist", HTMLElement>): void {
  const width = canvas.clientWidth;
  const height = 180;
  const ratio = window.devicePixelRatio || 1;
  canvas.style.height = `${height}px`;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const context = canvas.getContext("2d");
  const rows = trace.rows;
  if (context === null || rows.length === 0 || width === 0) return;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  const first = rows[0]!.timeS;
  const span = Math.max(rows[rows.length - 1]!.timeS - first, 1e-9);
  const maxMb = Math.max(1, ...rows.map((row) => Math.max(row.goalMb, row.heapStartMb)));
  const pause = (row: (typeof rows)[number]): number => row.clockMs.sweepTermination + row.clockMs.markTermination;
  const maxPause = Math.max(1e-3, ...rows.map(pause));
  const x = (time: number): number => 4 + ((time - first) / span) * (width - 8);
  const y = (value: number, max: number): number => height - 4 - (value / max) * (height - 20);
  context.fillStyle = getComputedStyle(keys.pause).color;
  for (const row of rows) context.fillRect(x(row.timeS) - 1, y(pause(row), maxPause), 2, height - 4 - y(pause(row), maxPause));
  const line = (key: HTMLElement, value: (row: (typeof rows)[number]) => number, max: number): void => {
    context.strokeStyle = getComputedStyle(key).color;
    context.lineWidth = 1.5;
    context.beginPath();
    rows.forEach((row, index) => (index === 0 ? context.moveTo(x(row.timeS), y(value(row), max)) : context.lineTo(x(row.timeS), y(value(row), max))));
    context.stroke();
  };
  line(keys.goal, (row) => row.goalMb, maxMb);
  line(keys.live, (row) => row.heapLiveMb, maxMb);
  // The assist share of a collection's own GC CPU (idle mark included, as the core's share is).
  const gcCpu = (row: (typeof rows)[number]): number => Object.values(row.cpuMs).reduce((total, value) => total + value, 0);
  line(keys.assist, (row) => (gcCpu(row) === 0 ? 0 : row.cpuMs.assist / gcCpu(row)), 1);
  context.fillStyle = getComputedStyle(canvas).color;
  context.font = "11px system-ui, sans-serif";
  context.fillText(`${maxMb} MB`, 6, 12);
  context.fillText(`${maxPause} ms`, width - 60, 12);
}
