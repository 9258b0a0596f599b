// Runtime artifacts the user drops or picks (profiles, gctrace logs, dumps,
// escape reports, bench output): read in the browser with progress, kept in
// memory only (never put in share links or autosave), and handed to the core
// with the workspace, which tells their kind by content.

import { plural } from "../../action/src/client/format";
import { h } from "./dom";
import { formatValue } from "./analysis-types";

export interface Artifact {
  name: string;
  bytes: Uint8Array;
}

/** Files that open in the editor rather than as artifacts. */
export function opensInEditor(name: string): boolean {
  return /\.(go|txtar|toml)$/.test(name) || ["go.mod", "go.sum", "go.work"].includes(name) || name.startsWith("Dockerfile");
}

export interface ShelfEvents {
  changed(): void;
  /** A dropped file that belongs in the editor (Go source, go.mod, txtar...). */
  openText(name: string, text: string): void;
}

export class ArtifactShelf {
  readonly artifacts = new Map<string, Artifact>();
  /** Counts changes to the artifacts, so views drawn from them know when they are stale. */
  generation = 0;
  private readonly list: HTMLUListElement;
  private readonly progress: HTMLElement;
  private readonly errors: HTMLUListElement;
  /** Files the browser could not read; they stay listed until the next drop. */
  private readErrors: { path: string; message: string }[] = [];
  private analysisErrors: { path: string; message: string }[] = [];

  /** `chooser` is the drop zone's button that opens the (hidden) file `picker`: the way in without a drag. */
  constructor(dropZone: HTMLElement, private readonly chooser: HTMLButtonElement, picker: HTMLInputElement, root: HTMLElement, private readonly events: ShelfEvents) {
    this.list = h("ul", { className: "artifact-list", attrs: { id: "artifact-list" } });
    this.progress = h("div", { className: "progress", attrs: { id: "artifact-progress", role: "status", "aria-live": "polite" } });
    this.errors = h("ul", { className: "error-panel", attrs: { id: "error-panel", "aria-live": "polite" } });
    root.append(this.progress, this.errors, this.list);
    chooser.addEventListener("click", () => picker.click());
    picker.addEventListener("change", () => {
      void this.addFiles([...(picker.files ?? [])]);
      picker.value = "";
    });
    dropZone.addEventListener("dragover", (event) => {
      event.preventDefault();
      dropZone.classList.add("dragging");
    });
    dropZone.addEventListener("dragleave", () => dropZone.classList.remove("dragging"));
    dropZone.addEventListener("drop", (event) => {
      event.preventDefault();
      dropZone.classList.remove("dragging");
      void this.addFiles([...(event.dataTransfer?.files ?? [])]);
    });
  }

  async addFiles(files: readonly File[]): Promise<void> {
    this.readErrors = [];
    this.renderErrors();
    const read = await Promise.all(files.map((file) => this.read(file)));
    let added = false;
    for (const [file, bytes] of read.map((bytes, index) => [files[index]!, bytes] as const)) {
      if (bytes === null) continue;
      if (opensInEditor(file.name)) {
        const text = new TextDecoder("utf-8", { fatal: true });
        try {
          this.events.openText(file.name, text.decode(bytes));
        } catch {
          this.readFailed(file.name, "is not UTF-8 text, so it cannot be edited");
        }
        continue;
      }
      this.artifacts.set(file.name, { name: file.name, bytes });
      this.generation++;
      added = true;
    }
    if (added) {
      this.renderList();
      this.events.changed();
    }
  }

  /** Reads one file with a progress bar; null (and an error in the panel) when it cannot be read. */
  private read(file: File): Promise<Uint8Array | null> {
    const bar = h("progress", { attrs: { max: String(file.size || 1), value: "0" } });
    const line = h("p", { className: "reading" }, `Reading ${file.name} (${formatValue(file.size, "bytes")}) `, bar);
    this.progress.append(line);
    return new Promise((resolve) => {
      const reader = new FileReader();
      reader.addEventListener("progress", (event) => (bar.value = event.loaded));
      reader.addEventListener("load", () => {
        line.remove();
        resolve(new Uint8Array(reader.result as ArrayBuffer));
      });
      reader.addEventListener("error", () => {
        line.remove();
        this.readFailed(file.name, `cannot be read: ${reader.error?.message ?? "unknown error"}`);
        resolve(null);
      });
      reader.readAsArrayBuffer(file);
    });
  }

  /** Shown while the core decodes and analyses the artifacts. */
  setAnalysing(analysing: boolean): void {
    const bytes = [...this.artifacts.values()].reduce((total, artifact) => total + artifact.bytes.byteLength, 0);
    this.progress.querySelector(".decoding")?.remove();
    if (analysing && bytes > 0) {
      this.progress.append(h("p", { className: "decoding" }, `Decoding ${plural(this.artifacts.size, "artifact")} (${formatValue(bytes, "bytes")}) `, h("progress", { attrs: { "aria-label": "decoding" } })));
    }
  }

  remove(name: string): void {
    const index = [...this.artifacts.keys()].indexOf(name);
    const hadFocus = this.list.contains(document.activeElement);
    this.artifacts.delete(name);
    this.generation++;
    this.renderList();
    // The focus was on the button that went: the next artifact's, or the way to add one.
    if (hadFocus) (this.list.querySelectorAll<HTMLButtonElement>("button")[Math.min(index, this.artifacts.size - 1)] ?? this.chooser).focus();
    this.events.changed();
  }

  clear(): void {
    this.artifacts.clear();
    this.generation++;
    this.renderList();
  }

  private readFailed(path: string, message: string): void {
    this.readErrors.push({ path, message });
    this.renderErrors();
  }

  /** The errors of the latest analysis replace the earlier ones. */
  setAnalysisErrors(errors: readonly { path: string; message: string }[]): void {
    this.analysisErrors = [...errors];
    this.renderErrors();
  }

  private renderErrors(): void {
    this.errors.replaceChildren(
      ...[...this.readErrors, ...this.analysisErrors].map((error) => h("li", { dataset: { path: error.path } }, h("strong", {}, error.path), ` ${error.message}`)),
    );
  }

  private renderList(): void {
    this.list.replaceChildren(
      ...[...this.artifacts.values()].map((artifact) =>
        h(
          "li",
          { dataset: { path: artifact.name } },
          h("span", { className: "name" }, artifact.name),
          ` ${formatValue(artifact.bytes.byteLength, "bytes")} `,
          h("button", { attrs: { type: "button", "aria-label": `Remove ${artifact.name}` }, on: { click: () => this.remove(artifact.name) } }, "Remove"),
        ),
      ),
    );
  }
}
