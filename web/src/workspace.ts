// The playground's workspace: the text files open in tabs (Go files, go.mod,
// gotrap.toml, ...) in the Go playground's txtar form, and the go.mod `go`
// line the Go-version selector edits. Pure functions, no DOM.

import { parseTxtar } from "../../action/src/client/txtar";
import type { RuleExample } from "../../action/src/client/report";

export interface TextFile {
  name: string;
  text: string;
}

export interface Workspace {
  files: TextFile[];
  /** Name of the file shown in the editor. */
  active: string;
}

export const CONFIG_FILE = "gotrap.toml";

/** A new playground: one main.go, no go.mod, so the Go version is unknown. */
export function starterWorkspace(): Workspace {
  return {
    files: [
      {
        name: "main.go",
        text: `package main

import "fmt"

func main() {
	var printers []func()
	for i := 0; i < 3; i++ {
		printers = append(printers, func() { fmt.Println(&i) })
	}
	for _, p := range printers {
		p()
	}
}
`,
      },
    ],
    active: "main.go",
  };
}

const textDecoder = new TextDecoder();

/** The files of a txtar archive, in the archive's order; a later duplicate name wins. */
export function filesFromTxtar(archive: string): TextFile[] {
  const byName = new Map<string, string>();
  for (const file of parseTxtar(archive).files) byName.set(file.name, textDecoder.decode(file.data));
  return [...byName].map(([name, text]) => ({ name, text }));
}

export function looksLikeTxtar(text: string): boolean {
  return /^-- \S.* --$/m.test(text.split("\n", 1)[0] ?? "");
}

export function toTxtar(files: readonly TextFile[]): string {
  return files.map((file) => `-- ${file.name} --\n${file.text.endsWith("\n") || file.text === "" ? file.text : `${file.text}\n`}`).join("");
}

/** Why a new file name cannot be used, or null when it can. */
export function fileNameProblem(name: string, files: readonly TextFile[]): string | null {
  if (name === "") return "a file needs a name";
  if (name.startsWith("/") || name.split("/").some((part) => part === "" || part === "." || part === "..")) {
    return "use a relative path such as pkg/util.go";
  }
  if (/[\s\\]/.test(name)) return "a file name has no spaces or backslashes";
  if (files.some((file) => file.name === name)) return `${name} is already open`;
  return null;
}

const GO_LINE = /^go[ \t]+([^\s/]+)[ \t]*(\/\/.*)?$/m;

/** The version on go.mod's `go` line, or null without one. */
export function goLineVersion(goMod: string): string | null {
  return GO_LINE.exec(goMod)?.[1] ?? null;
}

/** go.mod with its `go` line set to `version`, added after the module line when missing. */
export function withGoLine(goMod: string, version: string): string {
  if (GO_LINE.test(goMod)) return goMod.replace(GO_LINE, (_line, _old, comment?: string) => `go ${version}${comment ? ` ${comment}` : ""}`);
  const moduleLine = /^module[ \t].*$/m.exec(goMod);
  if (moduleLine === null) return `go ${version}\n${goMod}`;
  const end = moduleLine.index + moduleLine[0].length;
  return `${goMod.slice(0, end)}\n\ngo ${version}${goMod.slice(end)}`;
}

export function withoutGoLine(goMod: string): string {
  return goMod.replace(/^go[ \t]+[^\n]*\n?/m, "");
}

/** The go.mod a Go-version choice creates when the workspace has none. */
export function newGoMod(version: string): string {
  return `module example.com/m\n\ngo ${version}\n`;
}

/**
 * The workspace a rule's example stands for, as the core's own test of the
 * examples reads them: a txtar archive, a bare go.mod, or Go code that gets a
 * go.mod with the example's Go version.
 */
export function exampleFiles(example: RuleExample): TextFile[] {
  const code = example.code;
  if (code.startsWith("-- ")) return filesFromTxtar(code);
  if (code.startsWith("module ")) return [{ name: "go.mod", text: code }];
  return [
    { name: "main.go", text: code },
    { name: "go.mod", text: newGoMod(example.goVersion) },
  ];
}

export function exampleWorkspace(example: RuleExample): Workspace {
  const files = exampleFiles(example);
  const first = files.find((file) => file.name.endsWith(".go")) ?? files[0]!;
  return { files, active: first.name };
}

/** What the rule picker sets in gotrap.toml: rules turned off, and severities changed. */
export interface RuleChoices {
  /** Rule ids or names in `ignore`. */
  ignore: string[];
  /** `[severity]` entries, rule name (or id) to level. */
  severity: Map<string, string>;
}

const IGNORE_LINE = /^ignore[ \t]*=[ \t]*\[([^\]\n]*)\][ \t]*(#.*)?$/m;
const SEVERITY_HEADER = /^\[severity\][ \t]*(#.*)?$/m;

/**
 * The picker's part of gotrap.toml: a one-line `ignore = [...]` and the
 * `[severity]` table's `key = "level"` lines. Other keys and tables are left
 * to the text editor (a multi-line `ignore` array is not read here).
 */
export function readRuleChoices(toml: string): RuleChoices {
  const ignore = [...(IGNORE_LINE.exec(toml)?.[1] ?? "").matchAll(/"([^"]*)"/g)].map((match) => match[1]!);
  const severity = new Map<string, string>();
  const header = SEVERITY_HEADER.exec(toml);
  if (header !== null) {
    for (const line of toml.slice(header.index + header[0].length).split("\n")) {
      if (/^\s*\[/.test(line)) break;
      const entry = /^\s*"?([\w-]+)"?\s*=\s*"(\w+)"/.exec(line);
      if (entry !== null) severity.set(entry[1]!, entry[2]!);
    }
  }
  return { ignore, severity };
}

export function writeRuleChoices(toml: string, choices: RuleChoices): string {
  const ignoreLine = `ignore = [${choices.ignore.map((rule) => JSON.stringify(rule)).join(", ")}]`;
  let text = IGNORE_LINE.test(toml) ? toml.replace(IGNORE_LINE, ignoreLine) : `${ignoreLine}\n${toml}`;
  const entries = [...choices.severity].map(([rule, level]) => `${rule} = ${JSON.stringify(level)}\n`).join("");
  const header = SEVERITY_HEADER.exec(text);
  if (header === null) return entries === "" ? text : `${text}${text.endsWith("\n") || text === "" ? "" : "\n"}\n[severity]\n${entries}`;
  const bodyStart = header.index + header[0].length + 1;
  const nextTable = text.slice(bodyStart).search(/^\s*\[/m);
  const bodyEnd = nextTable < 0 ? text.length : bodyStart + nextTable;
  // Comments and blank lines of the table stay; its entries are the picker's.
  const kept = text.slice(bodyStart, bodyEnd).split("\n").filter((line) => !/^\s*"?[\w-]+"?\s*=/.test(line)).join("\n");
  return `${text.slice(0, bodyStart)}${entries}${kept}${text.slice(bodyEnd)}`;
}
