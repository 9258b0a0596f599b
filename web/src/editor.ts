// The code editor: one CodeMirror view whose state is swapped per tab (each
// file keeps its own undo history), Go highlighting for .go files, and the
// core's findings as lint diagnostics with the rule id linking to its docs
// page and the finding's fix as a quick fix; lines the artifacts name are
// shaded with a note.

import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { go } from "@codemirror/lang-go";
import { bracketMatching, HighlightStyle, indentOnInput, syntaxHighlighting } from "@codemirror/language";
import { lintGutter, lintKeymap, setDiagnostics, type Diagnostic } from "@codemirror/lint";
import { highlightSelectionMatches, searchKeymap } from "@codemirror/search";
import { EditorState, StateEffect, StateField, type Extension, type Range } from "@codemirror/state";
import {
  Decoration,
  type DecorationSet,
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
  WidgetType,
} from "@codemirror/view";
import { tags } from "@lezer/highlight";
import type { Finding, Fix, RunError } from "../../action/src/client/report";
import { h, ruleDocsHref } from "./dom";
import { utf16OffsetOfByte } from "./positions";

const highlightStyle = HighlightStyle.define([
  { tag: tags.keyword, color: "var(--syntax-keyword)" },
  { tag: [tags.string, tags.character], color: "var(--syntax-string)" },
  { tag: [tags.number, tags.bool, tags.null], color: "var(--syntax-number)" },
  { tag: tags.comment, color: "var(--syntax-comment)", fontStyle: "italic" },
  { tag: [tags.function(tags.variableName), tags.definition(tags.function(tags.variableName))], color: "var(--syntax-function)" },
  { tag: [tags.typeName, tags.standard(tags.typeName)], color: "var(--syntax-type)" },
]);

/** Colours come from CSS variables, so the light and dark themes restyle the editor too. */
const theme = EditorView.theme({
  "&": { backgroundColor: "var(--surface)", color: "var(--text)", height: "100%" },
  ".cm-content": { caretColor: "var(--text)", fontFamily: "var(--mono)" },
  ".cm-gutters": { backgroundColor: "var(--surface-2)", color: "var(--muted)", border: "none" },
  ".cm-activeLine": { backgroundColor: "var(--active-line)" },
  ".cm-activeLineGutter": { backgroundColor: "var(--active-line)" },
  "&.cm-focused .cm-selectionBackground, .cm-selectionBackground": { backgroundColor: "var(--selection)" },
  ".cm-tooltip": { backgroundColor: "var(--surface)", color: "var(--text)", border: "1px solid var(--border)" },
  ".cm-scroller": { overflow: "auto" },
});

/**
 * A note an artifact makes on a line of an open file (a profile's weight, an
 * escape report's heap allocations): the line shaded by `className`, the
 * note's text at the line's end.
 */
export interface LineMark {
  line: number;
  className: string;
  noteClassName: string;
  text: string;
}

/** A line mark's text, shown at the line's end. */
class LineNoteWidget extends WidgetType {
  constructor(
    private readonly className: string,
    private readonly text: string,
  ) {
    super();
  }
  override eq(other: LineNoteWidget): boolean {
    return other.text === this.text && other.className === this.className;
  }
  toDOM(): HTMLElement {
    return h("span", { className: this.className }, this.text);
  }
}

const setLineMarks = StateEffect.define<DecorationSet>();

/** Lines the artifacts name, shaded; they move with edits until the next analysis. */
const lineMarks = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(lines, transaction) {
    let next = lines.map(transaction.changes);
    for (const effect of transaction.effects) if (effect.is(setLineMarks)) next = effect.value;
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

/** The profile weight of findings that carry one: the heaviest per line. */
function profileLineMarks(findings: readonly Finding[]): LineMark[] {
  const heaviest = new Map<number, Finding>();
  for (const finding of findings) {
    if (finding.weight === undefined || finding.weight === null) continue;
    const known = heaviest.get(finding.line);
    if (known === undefined || known.weight! < finding.weight) heaviest.set(finding.line, finding);
  }
  return [...heaviest.values()].map((finding) => {
    const weight = finding.weight!;
    const level = weight >= 0.5 ? 3 : weight >= 0.2 ? 2 : 1;
    return { line: finding.line, className: `cm-profile-line cm-profile-${level}`, noteClassName: "cm-profile-weight", text: `${(weight * 100).toFixed(1)}% of the profile (${finding.rule})` };
  });
}

function lineMarkDecorations(marks: readonly LineMark[], doc: EditorState["doc"]): DecorationSet {
  const ranges: Range<Decoration>[] = [];
  for (const mark of marks) {
    if (mark.line < 1 || mark.line > doc.lines) continue;
    const line = doc.line(mark.line);
    ranges.push(Decoration.line({ class: mark.className }).range(line.from));
    ranges.push(Decoration.widget({ widget: new LineNoteWidget(mark.noteClassName, mark.text), side: 1 }).range(line.to));
  }
  return Decoration.set(ranges, true);
}

export interface EditorEvents {
  /** A file's text changed (typing, paste, a quick fix). */
  changed(name: string, text: string): void;
  /** Text pasted into an editor that is a whole txtar archive; true when taken over. */
  pastedTxtar(text: string): boolean;
}

export class CodeEditor {
  readonly view: EditorView;
  private readonly states = new Map<string, EditorState>();
  private current = "";

  constructor(parent: HTMLElement, private readonly events: EditorEvents) {
    this.view = new EditorView({ parent });
  }

  private extensions(name: string): Extension[] {
    return [
      lineNumbers(),
      highlightActiveLineGutter(),
      history(),
      drawSelection(),
      indentOnInput(),
      bracketMatching(),
      highlightActiveLine(),
      highlightSelectionMatches(),
      syntaxHighlighting(highlightStyle),
      lintGutter(),
      lineMarks,
      keymap.of([indentWithTab, ...defaultKeymap, ...historyKeymap, ...searchKeymap, ...lintKeymap]),
      theme,
      // The page's hint under the editor says how Tab leaves it.
      EditorView.contentAttributes.of({ "aria-label": `${name} editor`, "aria-describedby": "editor-hint" }),
      name.endsWith(".go") ? go() : [],
      EditorView.updateListener.of((update) => {
        if (update.docChanged) this.events.changed(name, update.state.doc.toString());
      }),
      EditorView.domEventHandlers({
        paste: (event) => {
          const text = event.clipboardData?.getData("text/plain") ?? "";
          if (this.events.pastedTxtar(text)) {
            event.preventDefault();
            return true;
          }
          return false;
        },
      }),
    ];
  }

  /** Forgets every file and opens these. */
  load(files: readonly { name: string; text: string }[], active: string): void {
    this.states.clear();
    for (const file of files) this.states.set(file.name, EditorState.create({ doc: file.text, extensions: this.extensions(file.name) }));
    this.current = "";
    this.show(active);
  }

  add(name: string, text: string): void {
    this.states.set(name, EditorState.create({ doc: text, extensions: this.extensions(name) }));
  }

  remove(name: string): void {
    this.states.delete(name);
  }

  get activeName(): string {
    return this.current;
  }

  show(name: string): void {
    if (name === this.current) return;
    if (this.current !== "") this.states.set(this.current, this.view.state);
    const state = this.states.get(name);
    if (state === undefined) throw new Error(`no open file ${name}`);
    this.current = name;
    this.view.setState(state);
  }

  text(name: string): string {
    return (name === this.current ? this.view.state : this.states.get(name))?.doc.toString() ?? "";
  }

  /** Replaces a file's whole text (the Go-version selector editing go.mod). */
  setText(name: string, text: string): void {
    if (name === this.current) {
      this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: text } });
      return;
    }
    const state = this.states.get(name);
    if (state === undefined) return;
    this.states.set(name, state.update({ changes: { from: 0, to: state.doc.length, insert: text } }).state);
    this.events.changed(name, text);
  }

  /**
   * Applies a finding's fix to a file, when the file still holds the text the
   * finding was computed from (its edits are byte offsets into that text).
   */
  applyFix(name: string, fix: Fix, analysedText: string): boolean {
    if (this.text(name) !== analysedText) return false;
    const changes = fixChanges(fix, analysedText);
    if (name === this.current) {
      this.view.dispatch({ changes });
      return true;
    }
    const state = this.states.get(name);
    if (state === undefined) return false;
    const next = state.update({ changes }).state;
    this.states.set(name, next);
    this.events.changed(name, next.doc.toString());
    return true;
  }

  /**
   * Shows the findings of the open file and the lines the artifacts mark in
   * it; `analysedText` is the text they were computed from.
   */
  showFindings(findings: readonly Finding[], analysedText: string, runErrors: readonly RunError[] = [], artifactMarks: readonly LineMark[] = []): void {
    const doc = this.view.state.doc;
    const diagnostics = findings.filter((finding) => finding.line <= doc.lines).map((finding) => diagnosticOf(finding, this.view, analysedText));
    // A run-level error with a line (a bad gotrap.toml) marks that whole line.
    for (const error of runErrors) {
      if (!error.line || error.line > doc.lines) continue;
      const line = doc.line(error.line);
      diagnostics.push({ from: line.from, to: Math.max(line.to, line.from + 1), severity: "error", source: "gotrap", message: error.message });
    }
    const lint = setDiagnostics(this.view.state, diagnostics);
    this.view.dispatch(lint, { effects: setLineMarks.of(lineMarkDecorations([...profileLineMarks(findings), ...artifactMarks], doc)) });
  }

  /** Moves the cursor to a finding's range and scrolls it into view. */
  reveal(line: number, columnUtf16: number, endLine: number, endColumnUtf16: number): void {
    const doc = this.view.state.doc;
    const from = offsetOf(doc, line, columnUtf16);
    const to = Math.max(from, offsetOf(doc, endLine, endColumnUtf16));
    this.view.dispatch({ selection: { anchor: from, head: to }, effects: EditorView.scrollIntoView(from, { y: "center" }) });
    this.view.focus();
  }
}

function fixChanges(fix: Fix, analysedText: string): { from: number; to: number; insert: string }[] {
  return fix.edits.map((edit) => ({
    from: utf16OffsetOfByte(analysedText, edit.byteStart),
    to: utf16OffsetOfByte(analysedText, edit.byteEnd),
    insert: edit.newText,
  }));
}

function offsetOf(doc: EditorState["doc"], line: number, columnUtf16: number): number {
  if (line > doc.lines) return doc.length;
  const lineInfo = doc.line(Math.max(1, line));
  return Math.min(lineInfo.to, lineInfo.from + Math.max(0, columnUtf16 - 1));
}

function diagnosticOf(finding: Finding, view: EditorView, analysedText: string): Diagnostic {
  const doc = view.state.doc;
  const from = offsetOf(doc, finding.line, finding.columnUtf16);
  let to = offsetOf(doc, finding.endLine, finding.endColumnUtf16);
  // An empty range (a whole-line artifact finding) still gets a visible mark.
  if (to <= from) to = Math.min(doc.line(Math.min(finding.line, doc.lines)).to, from + 1);
  const fix = finding.fix;
  return {
    from,
    to: Math.max(from, to),
    severity: finding.severity,
    source: finding.rule,
    message: `${finding.rule} ${finding.message}`,
    markClass: `finding-${finding.rule}`,
    renderMessage: () =>
      h(
        "span",
        { className: "diagnostic" },
        h("a", { className: "rule-link", attrs: { href: ruleDocsHref(finding.slug), target: "_blank", rel: "noopener" } }, finding.rule),
        ` ${finding.name}: `,
        finding.message,
      ),
    actions:
      fix === undefined || fix === null
        ? []
        : [
            {
              name: fix.applicability === "safe" ? "Apply fix" : "Apply fix (unsafe: check the result)",
              apply: (target) => {
                // Once the text moved on, the edits would land in the wrong place.
                if (target.state.doc.toString() === analysedText) target.dispatch({ changes: fixChanges(fix, analysedText) });
              },
            },
          ],
  };
}
