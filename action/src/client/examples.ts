// Verifies the Go examples of a Markdown document: each ```go block whose
// info string carries `expect=` is checked on its own, and the rules that
// fire must be exactly the ones it names. Docs generators run this at build
// time so an example that drifts from what gotrap reports fails the build.
//
//   ```go expect=GT101 go=1.21      GT101 and nothing else fires, under go 1.21
//   ```go expect=GT101,GT202        both fire, and nothing else
//   ```go expect=none go=1.22       nothing fires
//
// `go=` writes a go.mod with that go line beside the example; without it the
// example is checked alone. Only findings in the example count: the go.mod is
// scaffolding (an old go line would otherwise draw GT505 everywhere). Blocks without `expect=` are not checked.

import type { CheckInput } from "./client.js";
import type { Finding, Report, RunError } from "./report.js";

export interface GoExample {
  /** 1-based line of the opening fence. */
  line: number;
  /** The fence's info string, e.g. `go expect=GT101 go=1.21`. */
  info: string;
  code: string;
  /** Sorted rule ids; empty for `expect=none`. */
  expectedRules: string[];
  goVersion: string | null;
}

export interface ExampleMismatch {
  example: GoExample;
  /** Expected rules that did not fire. */
  missing: string[];
  /** Findings of rules that were not expected. */
  unexpected: Finding[];
  errors: RunError[];
}

export interface VerifyExamplesOptions {
  /** Names the document in the report, e.g. `README.md`. */
  source?: string;
}

const EXAMPLE_FILE = "example.go";
const RULE_ID = /^GT\d{3}$/;

/** The annotated ```go blocks of a Markdown document; throws on a malformed annotation. */
export function parseGoExamples(markdown: string, source = "markdown"): GoExample[] {
  const lines = markdown.split(/\r?\n/);
  const examples: GoExample[] = [];
  for (let index = 0; index < lines.length; index++) {
    const opening = /^ {0,3}(`{3,}|~{3,})\s*(.*)$/.exec(lines[index]!);
    if (opening === null) continue;
    const fence = opening[1]!;
    const info = opening[2]!.trim();
    const body: string[] = [];
    let closing = index + 1;
    const closes = (line: string) => line.trimStart().startsWith(fence) && line.trim().replace(/[`~]/g, "") === "";
    for (; closing < lines.length && !closes(lines[closing]!); closing++) body.push(lines[closing]!);
    const words = info.split(/\s+/);
    if (words[0] === "go" && words.some((word) => word.startsWith("expect="))) {
      examples.push(annotatedExample(source, index + 1, info, words.slice(1), body.join("\n") + "\n"));
    }
    index = closing;
  }
  return examples;
}

function annotatedExample(source: string, line: number, info: string, attributes: string[], code: string): GoExample {
  let expectedRules: string[] = [];
  let goVersion: string | null = null;
  for (const attribute of attributes) {
    const [key, value = ""] = attribute.split("=", 2);
    if (key === "expect") {
      expectedRules = value === "none" ? [] : value.split(",");
      const bad = expectedRules.find((rule) => !RULE_ID.test(rule));
      if (bad !== undefined || value === "") {
        throw new Error(`${source}:${line}: expect= takes rule ids like GT101 (comma-separated) or none, not "${value}"`);
      }
    } else if (key === "go") {
      if (!/^1\.\d+(\.\d+)?$/.test(value)) throw new Error(`${source}:${line}: go= takes a Go version like 1.22, not "${value}"`);
      goVersion = value;
    } else {
      throw new Error(`${source}:${line}: unknown annotation "${attribute}" (expected expect= or go=)`);
    }
  }
  return { line, info, code, expectedRules: [...new Set(expectedRules)].sort(), goVersion };
}

/** The workspace an example is checked as. */
export function exampleInput(example: GoExample): CheckInput {
  const files = [{ path: EXAMPLE_FILE, content: example.code }];
  if (example.goVersion !== null) files.unshift({ path: "go.mod", content: `module example.com/example\n\ngo ${example.goVersion}\n` });
  return { files };
}

export function compareExample(example: GoExample, report: Report): ExampleMismatch | null {
  const findings = report.findings.filter((finding) => finding.path === EXAMPLE_FILE);
  const fired = new Set(findings.map((finding) => finding.rule));
  const missing = example.expectedRules.filter((rule) => !fired.has(rule));
  const unexpected = findings.filter((finding) => !example.expectedRules.includes(finding.rule));
  if (missing.length === 0 && unexpected.length === 0 && report.errors.length === 0) return null;
  return { example, missing, unexpected, errors: report.errors };
}

/** A readable diff: `-` an expected rule that did not fire, `+` a finding nobody expected, `!` an error. */
export function formatMismatches(mismatches: ExampleMismatch[], total: number, source = "markdown"): string {
  const parts = mismatches.map(({ example, missing, unexpected, errors }) => {
    const lines = [`${source}:${example.line}: \`\`\`${example.info}`];
    for (const rule of missing) lines.push(`  - ${rule} (expected, did not fire)`);
    for (const finding of unexpected) lines.push(`  + ${finding.rule} at ${finding.line}:${finding.column}: ${finding.message}`);
    for (const error of errors) lines.push(`  ! ${error.line == null ? "" : `line ${error.line}: `}${error.message}`);
    return lines.join("\n");
  });
  return `${mismatches.length} of ${total} Go examples in ${source} differ from their expected findings:\n\n${parts.join("\n\n")}\n`;
}

export class ExampleMismatchError extends Error {
  constructor(
    message: string,
    readonly mismatches: ExampleMismatch[],
  ) {
    super(message);
    this.name = "ExampleMismatchError";
  }
}

/**
 * Checks every annotated ```go block of `markdown` and resolves with the
 * number checked; rejects with an ExampleMismatchError whose message is the
 * diff when any example's findings differ from its `expect=`.
 */
export async function verifyExamplesWith(
  check: (input: CheckInput) => Promise<Report>,
  markdown: string,
  options: VerifyExamplesOptions = {},
): Promise<number> {
  const source = options.source ?? "markdown";
  const examples = parseGoExamples(markdown, source);
  const mismatches: ExampleMismatch[] = [];
  for (const example of examples) {
    const mismatch = compareExample(example, await check(exampleInput(example)));
    if (mismatch !== null) mismatches.push(mismatch);
  }
  if (mismatches.length > 0) throw new ExampleMismatchError(formatMismatches(mismatches, examples.length, source), mismatches);
  return examples.length;
}
