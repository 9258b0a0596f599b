// A flame graph of one sample type's call tree, drawn on a canvas: callers
// on top, callees below, widths by cumulative value. Click a frame to zoom
// into it, search to highlight frames by function name, hover for details.
// Function names from the profile are painted with fillText, never as HTML.

import type { CallTreeNode } from "./analysis-types";
import { formatValue } from "./analysis-types";
import { h } from "./dom";

const ROW_HEIGHT = 18;

interface Frame {
  node: CallTreeNode;
  depth: number;
  /** Offset from the left in the same unit as `cum` (the tree's total spans the width). */
  start: number;
}

/** Positions every node: children sit side by side under their parent, heaviest first. */
export function layoutFrames(tree: readonly CallTreeNode[]): { frames: Frame[]; total: number } {
  const children = new Map<number | null, CallTreeNode[]>();
  for (const node of tree) {
    const siblings = children.get(node.parent) ?? [];
    siblings.push(node);
    children.set(node.parent, siblings);
  }
  for (const siblings of children.values()) siblings.sort((a, b) => b.cum - a.cum || a.function.localeCompare(b.function));
  const frames: Frame[] = [];
  const roots = children.get(null) ?? [];
  let total = 0;
  // Breadth-first with an explicit queue: the depth of a profile's stacks is the input's to choose.
  const queue: Frame[] = [];
  for (const root of roots) {
    queue.push({ node: root, depth: 0, start: total });
    total += root.cum;
  }
  for (let index = 0; index < queue.length; index++) {
    const frame = queue[index]!;
    frames.push(frame);
    let start = frame.start;
    for (const child of children.get(frame.node.id) ?? []) {
      queue.push({ node: child, depth: frame.depth + 1, start });
      start += child.cum;
    }
  }
  return { frames, total };
}

/** A stable colour per package, warm like pprof's. */
function colour(name: string, dimmed: boolean): string {
  const pkg = name.replace(/\.[^./]*$/, "");
  let hash = 0;
  for (let i = 0; i < pkg.length; i++) hash = (hash * 31 + pkg.charCodeAt(i)) >>> 0;
  return dimmed ? `hsl(0 0% ${70 + (hash % 15)}%)` : `hsl(${(hash % 50) + 5} 75% ${55 + (hash % 15)}%)`;
}

export class FlameGraph {
  readonly root: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly details: HTMLElement;
  private readonly search: HTMLInputElement;
  /** What the graph is zoomed into, in words: the canvas's state for those who cannot see it. */
  private readonly zoomLabel: HTMLElement;
  private readonly resetButton: HTMLButtonElement;
  /** How many frames the search matches and their share of the total. */
  private readonly matches: HTMLElement;
  private frames: Frame[] = [];
  private total = 0;
  private unit = "";
  private zoom: Frame | null = null;

  constructor() {
    this.canvas = h("canvas", {
      className: "flame",
      attrs: { role: "img", tabindex: "0", "aria-label": "flame graph: arrow keys move into, out of and across frames, Escape resets" },
    });
    this.details = h("p", { className: "flame-details", attrs: { "aria-live": "polite" } }, "Hover over a frame for details; click to zoom.");
    this.search = h("input", { attrs: { type: "search", placeholder: "Search functions", "aria-label": "Search functions in the flame graph" } });
    this.search.addEventListener("input", () => {
      this.countMatches();
      this.draw();
    });
    this.resetButton = h("button", { attrs: { type: "button" }, on: { click: () => this.resetZoom() } }, "Reset zoom");
    this.zoomLabel = h("p", { className: "flame-zoom", attrs: { "aria-live": "polite" } });
    this.matches = h("span", { className: "flame-matches", attrs: { "aria-live": "polite" } });
    this.canvas.addEventListener("mousemove", (event) => this.hover(event));
    this.canvas.addEventListener("click", (event) => this.zoomTo(this.frameAt(event)));
    this.canvas.addEventListener("keydown", (event) => this.key(event));
    this.root = h("div", { className: "flame-graph" }, h("div", { className: "flame-tools" }, this.search, this.matches, this.resetButton), this.zoomLabel, this.canvas, this.details);
    new ResizeObserver(() => this.draw()).observe(this.canvas);
  }

  show(tree: readonly CallTreeNode[], unit: string): void {
    ({ frames: this.frames, total: this.total } = layoutFrames(tree));
    this.unit = unit;
    this.countMatches();
    this.zoomTo(null);
  }

  /** The button is disabled once the zoom is reset, which would drop the focus: it goes to the graph. */
  private resetZoom(): void {
    const hadFocus = document.activeElement === this.resetButton;
    this.zoomTo(null);
    if (hadFocus) this.canvas.focus();
  }

  private zoomTo(frame: Frame | null): void {
    this.zoom = frame;
    this.resetButton.disabled = frame === null;
    this.zoomLabel.textContent =
      frame === null
        ? `Whole profile: ${formatValue(this.total, this.unit)}.`
        : `Zoomed into ${frame.node.function}: ${formatValue(frame.node.cum, this.unit)} of ${formatValue(this.total, this.unit)} (${this.percent(frame.node.cum)}), at depth ${frame.depth}.`;
    this.draw();
    if (frame !== null) this.describe(frame);
  }

  private query(): string {
    return this.search.value.trim().toLowerCase();
  }

  private isMatch(frame: Frame, query: string): boolean {
    return query !== "" && frame.node.function.toLowerCase().includes(query);
  }

  /**
   * Counts the frames the search matches, over the whole graph whatever the
   * zoom, and their share of the total: a match inside another match's
   * subtree is already in that one's cumulative value and is not added twice.
   */
  private countMatches(): void {
    const query = this.query();
    if (query === "") {
      this.matches.textContent = "";
      return;
    }
    const insideMatch = new Set<number>();
    let count = 0;
    let matched = 0;
    // Parents come before their children in layout order.
    for (const frame of this.frames) {
      const parentInside = frame.node.parent !== null && insideMatch.has(frame.node.parent);
      if (this.isMatch(frame, query)) {
        count++;
        if (!parentInside) matched += frame.node.cum;
        insideMatch.add(frame.node.id);
      } else if (parentInside) insideMatch.add(frame.node.id);
    }
    this.matches.textContent = count === 0 ? "No frame matches." : `${count === 1 ? "1 frame matches" : `${count} frames match`}: ${formatValue(matched, this.unit)}, ${this.percent(matched)} of the total.`;
  }

  /** Keyboard use: Down zooms into the heaviest callee, Up to the caller, Left and Right to siblings. */
  private key(event: KeyboardEvent): void {
    const current = this.zoom;
    const childrenOf = (parent: Frame | null): Frame[] =>
      this.frames.filter((frame) => (parent === null ? frame.node.parent === null : frame.node.parent === parent.node.id));
    let next: Frame | null | undefined;
    if (event.key === "ArrowDown") next = childrenOf(current).reduce<Frame | undefined>((heaviest, frame) => (heaviest === undefined || frame.node.cum > heaviest.node.cum ? frame : heaviest), undefined);
    else if (event.key === "ArrowUp") next = current === null ? undefined : (this.frames.find((frame) => frame.node.id === current.node.parent) ?? null);
    else if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
      if (current === null) return;
      const siblings = childrenOf(this.frames.find((frame) => frame.node.id === current.node.parent) ?? null).sort((a, b) => a.start - b.start);
      next = siblings[siblings.indexOf(current) + (event.key === "ArrowRight" ? 1 : -1)];
    } else if (event.key === "Escape") next = null;
    if (next === undefined) return;
    event.preventDefault();
    this.zoomTo(next);
  }

  /** The horizontal window shown: the zoomed frame's span, or everything. */
  private span(): { start: number; width: number } {
    return this.zoom === null ? { start: 0, width: this.total } : { start: this.zoom.start, width: this.zoom.node.cum };
  }

  private isVisible(frame: Frame): boolean {
    if (this.zoom === null) return true;
    const { start, width } = this.span();
    // The zoomed frame's ancestors stay on screen across the whole width.
    if (frame.depth < this.zoom.depth) return frame.start <= start && frame.start + frame.node.cum >= start + width;
    return frame.start >= start && frame.start + frame.node.cum <= start + width && frame.node.cum > 0;
  }

  private box(frame: Frame, width: number): { x: number; w: number; y: number } {
    const span = this.span();
    if (this.zoom !== null && frame.depth < this.zoom.depth) return { x: 0, w: width, y: frame.depth * ROW_HEIGHT };
    const scale = span.width === 0 ? 0 : width / span.width;
    return { x: (frame.start - span.start) * scale, w: frame.node.cum * scale, y: frame.depth * ROW_HEIGHT };
  }

  private draw(): void {
    const width = this.canvas.clientWidth;
    const depth = this.frames.reduce((deepest, frame) => Math.max(deepest, frame.depth + 1), 0);
    const height = Math.max(1, depth) * ROW_HEIGHT;
    const ratio = window.devicePixelRatio || 1;
    this.canvas.style.height = `${height}px`;
    this.canvas.width = Math.round(width * ratio);
    this.canvas.height = Math.round(height * ratio);
    const context = this.canvas.getContext("2d");
    if (context === null || width === 0) return;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.font = "12px ui-monospace, monospace";
    context.textBaseline = "middle";
    const query = this.query();
    for (const frame of this.frames) {
      if (!this.isVisible(frame)) continue;
      const { x, w, y } = this.box(frame, width);
      if (w < 0.5) continue;
      const hit = this.isMatch(frame, query);
      context.fillStyle = hit ? "hsl(280 70% 60%)" : colour(frame.node.function, query !== "");
      context.fillRect(x, y, Math.max(0.5, w - 1), ROW_HEIGHT - 1);
      if (w > 24) {
        context.fillStyle = "#111";
        const label = fitText(context, frame.node.function, w - 6);
        context.fillText(label, x + 3, y + ROW_HEIGHT / 2);
      }
    }
  }

  private percent(value: number): string {
    return this.total === 0 ? "0%" : `${((value / this.total) * 100).toFixed(1)}%`;
  }

  private frameAt(event: MouseEvent): Frame | null {
    const rect = this.canvas.getBoundingClientRect();
    const x = event.clientX - rect.left;
    const y = event.clientY - rect.top;
    for (const frame of this.frames) {
      if (!this.isVisible(frame)) continue;
      const box = this.box(frame, rect.width);
      if (x >= box.x && x < box.x + box.w && y >= box.y && y < box.y + ROW_HEIGHT) return frame;
    }
    return null;
  }

  private hover(event: MouseEvent): void {
    const frame = this.frameAt(event);
    if (frame !== null) this.describe(frame);
  }

  private describe(frame: Frame): void {
    const { node } = frame;
    this.details.textContent = `${node.function}: ${formatValue(node.cum, this.unit)} cumulative (${this.percent(node.cum)}), ${formatValue(node.self, this.unit)} self`;
  }
}

function fitText(context: CanvasRenderingContext2D, text: string, width: number): string {
  if (context.measureText(text).width <= width) return text;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (context.measureText(`${text.slice(0, middle)}…`).width <= width) low = middle;
    else high = middle - 1;
  }
  return low === 0 ? "" : `${text.slice(0, low)}…`;
}
