// <gotrap-snippet>: a Go example on any page that gotrap checks in place.
// Progressive enhancement: the element wraps a plain <pre><code
// class="language-go"> (or holds the code as text), which reads fine without
// JS; once defined it renders into a shadow root the code with each finding
// under its line, rule ids linking to the docs and an "open in playground"
// link. Every snippet of the page shares one core instance, in a worker when
// the widget is served from the page's origin and on the page's thread when
// not (snippet-client.ts), fetched when the first snippet scrolls into view.
// All text is set as text nodes, never parsed as HTML.
//
// Attributes: go-version (the go.mod `go` line), rules (comma-separated ids
// to select), expect (comma-separated ids, or "none": a check mark when
// exactly those rules fire), theme (light|dark), editable (a CodeMirror
// editor, loaded on demand, re-checked as you type), docs and playground
// (base URLs; by default the site this module is served from).

import type { Finding, Report } from "../../../action/src/client/report";
import { h } from "../dom";
import { encodeShareFragment } from "../share";
import type { TextFile } from "../workspace";
import { newGoMod } from "../workspace";
import { snippetClient } from "./snippet-client";
import snippetStyles from "./snippet.css?inline";

const SNIPPET_FILE = "main.go";
const RECHECK_DELAY_MS = 250;

let styleSheet: CSSStyleSheet | null = null;

/** Constructed once and adopted by every snippet: no <style> element, so a strict style-src holds. */
function sharedStyleSheet(): CSSStyleSheet {
  if (styleSheet === null) {
    styleSheet = new CSSStyleSheet();
    styleSheet.replaceSync(snippetStyles);
  }
  return styleSheet;
}

const whenVisible = new Map<Element, () => void>();
let visibilityObserver: IntersectionObserver | null = null;

function onFirstVisible(element: Element, callback: () => void): void {
  visibilityObserver ??= new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      visibilityObserver!.unobserve(entry.target);
      const run = whenVisible.get(entry.target);
      whenVisible.delete(entry.target);
      run?.();
    }
  });
  whenVisible.set(element, callback);
  visibilityObserver.observe(element);
}

function idList(value: string | null): string[] | null {
  if (value === null) return null;
  const ids = value.trim() === "none" ? [] : value.split(/[\s,]+/).filter((id) => id !== "");
  return [...new Set(ids)].sort();
}

export class GotrapSnippet extends HTMLElement {
  static readonly observedAttributes = ["go-version", "rules", "expect"];

  private readonly shadow: ShadowRoot;
  private readonly body: HTMLDivElement;
  private readonly status: HTMLSpanElement;
  private readonly playgroundLink: HTMLAnchorElement;
  private code = "";
  private started = false;
  private checkGeneration = 0;
  private recheckTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.shadow = this.attachShadow({ mode: "open" });
    this.shadow.adoptedStyleSheets = [sharedStyleSheet()];
    this.body = h("div", { className: "body", attrs: { part: "body" } });
    this.status = h("span", { className: "status", attrs: { role: "status", part: "status" } });
    this.playgroundLink = h("a", { className: "playground", attrs: { target: "_blank", rel: "noopener", part: "playground-link" } }, "Open in playground");
    this.shadow.append(this.body, h("div", { className: "footer" }, this.status, this.playgroundLink));
  }

  connectedCallback(): void {
    if (this.started) return;
    this.started = true;
    const source = this.querySelector("pre code") ?? this.querySelector("pre") ?? this;
    this.code = (source.textContent ?? "").replace(/^\n/, "");
    if (!this.code.endsWith("\n")) this.code += "\n";
    this.renderLines([]);
    this.status.textContent = "gotrap: waiting";
    void this.updatePlaygroundLink();
    onFirstVisible(this, () => {
      if (this.hasAttribute("editable")) void this.startEditor();
      void this.check();
    });
  }

  attributeChangedCallback(): void {
    if (!this.started) return;
    void this.updatePlaygroundLink();
    if (!whenVisible.has(this)) void this.check();
  }

  /** The snippet's code as it is now (edited, for an editable snippet). */
  get value(): string {
    return this.code;
  }

  private files(): TextFile[] {
    const goVersion = this.getAttribute("go-version");
    const files = [{ name: SNIPPET_FILE, text: this.code }];
    if (goVersion !== null) files.unshift({ name: "go.mod", text: newGoMod(goVersion) });
    return files;
  }

  private async check(): Promise<void> {
    const generation = ++this.checkGeneration;
    this.status.textContent = "gotrap: checking…";
    const select = idList(this.getAttribute("rules"));
    let report: Report;
    try {
      report = await snippetClient().check({
        files: this.files().map((file) => ({ path: file.name, content: file.text })),
        options: select === null ? {} : { select },
      });
    } catch (error) {
      if (generation === this.checkGeneration) this.status.textContent = `gotrap: ${error instanceof Error ? error.message : String(error)}`;
      return;
    }
    if (generation !== this.checkGeneration) return;
    const findings = report.findings.filter((finding) => finding.path === SNIPPET_FILE);
    this.renderFindings(findings);
    this.renderStatus(findings, report);
  }

  private renderStatus(findings: Finding[], report: Report): void {
    const fired = [...new Set(findings.map((finding) => finding.rule))].sort();
    const expected = idList(this.getAttribute("expect"));
    const count = `${findings.length} finding${findings.length === 1 ? "" : "s"}`;
    const errors = report.errors.map((error) => error.message).join("; ");
    this.status.replaceChildren();
    this.status.className = "status";
    if (expected !== null) {
      const matches = errors === "" && expected.join() === fired.join();
      this.status.classList.add(matches ? "expected" : "unexpected");
      const named = (ids: string[]) => (ids.length === 0 ? "nothing" : ids.join(", "));
      this.status.append(matches ? `✓ ${named(expected)} as expected` : `✗ expected ${named(expected)}, got ${named(fired)}`);
    } else {
      this.status.append(`gotrap: ${count}`);
    }
    if (errors !== "") this.status.append(` (${errors})`);
  }

  private renderFindings(findings: Finding[]): void {
    if (this.hasAttribute("editable")) {
      const list = this.findingList();
      list.replaceChildren(...findings.map((finding) => this.findingRow(finding, true)));
    } else {
      this.renderLines(findings);
    }
  }

  /** The code line by line, each line's findings below it. */
  private renderLines(findings: Finding[]): void {
    const lines = this.code.replace(/\n$/, "").split("\n");
    const code = h("div", { className: "code", attrs: { part: "code" } });
    lines.forEach((text, index) => {
      const number = index + 1;
      code.append(h("div", { className: "line" }, h("span", { className: "number", attrs: { "aria-hidden": "true" } }, String(number)), h("span", { className: "text" }, text)));
      for (const finding of findings.filter((candidate) => Math.min(candidate.line, lines.length) === number)) code.append(this.findingRow(finding, false));
    });
    this.body.replaceChildren(code);
  }

  private findingRow(finding: Finding, withLine: boolean): HTMLElement {
    return h(
      "div",
      { className: `finding ${finding.severity}`, attrs: { part: "finding" }, dataset: { line: String(finding.line), rule: finding.rule } },
      withLine ? h("span", { className: "where" }, `line ${finding.line}`) : null,
      h("a", { className: "rule", attrs: { href: this.docsHref(finding.slug), target: "_blank", rel: "noopener" } }, finding.rule),
      h("span", { className: "message" }, finding.message),
    );
  }

  private findingList(): HTMLElement {
    return this.shadow.querySelector<HTMLElement>(".findings") ?? this.body.appendChild(h("div", { className: "findings" }));
  }

  private async startEditor(): Promise<void> {
    const { createSnippetEditor } = await import("./snippet-editor");
    const host = h("div", { className: "editor" });
    // The first check may have answered while the editor loaded: keep its findings.
    this.body.replaceChildren(host, this.findingList());
    createSnippetEditor(host, this.shadow, this.code, (text) => {
      this.code = text;
      clearTimeout(this.recheckTimer);
      this.recheckTimer = setTimeout(() => {
        void this.check();
        void this.updatePlaygroundLink();
      }, RECHECK_DELAY_MS);
    });
  }

  private docsHref(slug: string): string {
    const base = this.getAttribute("docs") ?? new URL(/* @vite-ignore */ "../rules.html", import.meta.url).href;
    return `${base}#${encodeURIComponent(slug)}`;
  }

  private async updatePlaygroundLink(): Promise<void> {
    const base = this.getAttribute("playground") ?? new URL(/* @vite-ignore */ "../", import.meta.url).href;
    const fragment = await encodeShareFragment({ files: this.files(), active: SNIPPET_FILE });
    this.playgroundLink.href = `${base}${fragment}`;
  }
}

if (customElements.get("gotrap-snippet") === undefined) customElements.define("gotrap-snippet", GotrapSnippet);

declare global {
  interface HTMLElementTagNameMap {
    "gotrap-snippet": GotrapSnippet;
  }
}
