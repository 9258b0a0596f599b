// The findings panel: every finding of the workspace sorted by severity then
// location, filtered by rule and severity, with counts per severity, a click
// that jumps to the place, and the list as Markdown for an issue or a review.

import type { Finding, Severity } from "../../action/src/client/report";
import { plural } from "../../action/src/client/format";
import { h, ruleDocsHref } from "./dom";

export const SEVERITIES: readonly Severity[] = ["error", "warning", "info"];
const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function byDisplayOrder(a: Finding, b: Finding): number {
  return (
    severityRank[a.severity] - severityRank[b.severity] ||
    a.path.localeCompare(b.path) ||
    a.line - b.line ||
    a.column - b.column ||
    a.rule.localeCompare(b.rule)
  );
}

/** `|` and line breaks would end a Markdown table cell; backticks are escaped so code stays literal. */
function markdownCell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/`/g, "\\`").replace(/\r?\n/g, " ");
}

export function findingsMarkdown(findings: readonly Finding[]): string {
  const rows = findings.map(
    (finding) =>
      `| ${finding.severity} | ${finding.rule} ${finding.name} | ${markdownCell(`${finding.path}:${finding.line}:${finding.column}`)} | ${markdownCell(finding.message)} |`,
  );
  return ["| severity | rule | location | message |", "|---|---|---|---|", ...rows].join("\n") + "\n";
}

export interface FindingsPanelEvents {
  open(finding: Finding): void;
  applyFix(finding: Finding): void;
}

export class FindingsPanel {
  private findings: Finding[] = [];
  private readonly ruleFilter: HTMLSelectElement;
  private readonly severityFilters = new Map<Severity, HTMLInputElement>();
  private readonly counts: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly copyStatus: HTMLElement;

  constructor(root: HTMLElement, private readonly events: FindingsPanelEvents) {
    this.ruleFilter = h("select", { attrs: { "aria-label": "Filter by rule", id: "rule-filter" }, on: { change: () => this.render() } });
    const severityBoxes = SEVERITIES.map((severity) => {
      const box = h("input", { attrs: { type: "checkbox", checked: "", id: `show-${severity}` }, on: { change: () => this.render() } });
      this.severityFilters.set(severity, box);
      return h("label", { className: `severity-toggle ${severity}` }, box, ` ${severity}`);
    });
    this.counts = h("p", { className: "counts", attrs: { id: "counts", "aria-live": "polite" } });
    this.list = h("ol", { attrs: { id: "findings", tabindex: "-1", "aria-label": "Findings" } });
    this.copyStatus = h("span", { className: "copy-status", attrs: { role: "status" } });
    const copy = h("button", { attrs: { type: "button", id: "copy-markdown" }, on: { click: () => void this.copyMarkdown() } }, "Copy as Markdown");
    root.append(h("div", { className: "filters" }, this.ruleFilter, ...severityBoxes, copy, this.copyStatus), this.counts, this.list);
  }

  set(findings: readonly Finding[]): void {
    this.findings = [...findings].sort(byDisplayOrder);
    const chosen = this.ruleFilter.value;
    const rules = [...new Set(this.findings.map((finding) => finding.rule))].sort();
    this.ruleFilter.replaceChildren(
      h("option", { attrs: { value: "" } }, "all rules"),
      ...rules.map((rule) => h("option", { attrs: { value: rule } }, rule)),
    );
    this.ruleFilter.value = rules.includes(chosen) ? chosen : "";
    this.render();
  }

  visible(): Finding[] {
    const rule = this.ruleFilter.value;
    return this.findings.filter((finding) => (rule === "" || finding.rule === rule) && this.severityFilters.get(finding.severity)!.checked);
  }

  private render(): void {
    const shown = this.visible();
    const perSeverity = SEVERITIES.map((severity) => `${this.findings.filter((finding) => finding.severity === severity).length} ${severity}`);
    this.counts.textContent = `${plural(this.findings.length, "finding")}: ${perSeverity.join(", ")}${shown.length === this.findings.length ? "" : ` (${shown.length} shown)`}`;
    // A new analysis redraws the list under the focus (after "Apply fix", say): it goes to the finding now in the same place.
    const focused = [...this.list.children].findIndex((item) => item.contains(document.activeElement));
    this.list.replaceChildren(...shown.map((finding) => this.item(finding)));
    if (focused >= 0) (this.list.querySelectorAll<HTMLElement>(".jump")[Math.min(focused, shown.length - 1)] ?? this.list).focus();
  }

  private item(finding: Finding): HTMLLIElement {
    const fix = finding.fix;
    return h(
      "li",
      { className: finding.severity, dataset: { rule: finding.rule, path: finding.path, line: String(finding.line) } },
      h(
        "button",
        { className: "jump", attrs: { type: "button" }, title: "Show in the editor", on: { click: () => this.events.open(finding) } },
        h("span", { className: "position" }, `${finding.path}:${finding.line}:${finding.column}`),
        h("span", { className: "severity" }, finding.severity),
        h("span", { className: "message" }, finding.message),
      ),
      h("a", { className: "rule", attrs: { href: ruleDocsHref(finding.slug), target: "_blank", rel: "noopener" } }, `${finding.rule} ${finding.name}`),
      finding.weight === undefined || finding.weight === null ? null : h("span", { className: "weight" }, `${(finding.weight * 100).toFixed(1)}% of the profile`),
      fix === undefined || fix === null
        ? null
        : h("button", { className: "apply-fix", attrs: { type: "button" }, on: { click: () => this.events.applyFix(finding) } }, fix.applicability === "safe" ? "Apply fix" : "Apply fix (unsafe)"),
    );
  }

  private async copyMarkdown(): Promise<void> {
    try {
      await navigator.clipboard.writeText(findingsMarkdown(this.visible()));
      this.copyStatus.textContent = "copied";
    } catch (error) {
      this.copyStatus.textContent = `cannot copy: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
}
