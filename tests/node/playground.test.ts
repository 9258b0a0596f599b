// The playground's pure parts, in Node: the workspace model (txtar, the
// go.mod go line, registry examples), share links, positions, the Markdown
// of findings and of rule docs' tables, the flame graph layout, and which
// open file a path recorded in an artifact names.

import { describe, expect, test } from "vitest";
import type { Finding, RuleInfo } from "../../action/src/client/report";
import { layoutFrames } from "../../web/src/flame-graph";
import { findingsMarkdown, byDisplayOrder } from "../../web/src/findings-panel";
import { utf16OffsetOfByte } from "../../web/src/positions";
import { decodeShareFragment, encodeShareFragment } from "../../web/src/share";
import {
  exampleFiles,
  fileNameProblem,
  filesFromTxtar,
  goLineVersion,
  looksLikeTxtar,
  newGoMod,
  readRuleChoices,
  toTxtar,
  withGoLine,
  withoutGoLine,
  writeRuleChoices,
} from "../../web/src/workspace";
import { core } from "./wasm-core";

describe("the go.mod go line", () => {
  test("is read, replaced keeping its comment, added after the module line, and removed", () => {
    expect(goLineVersion("module m\n\ngo 1.21 // old\n")).toBe("1.21");
    expect(goLineVersion("module m\n")).toBeNull();
    expect(withGoLine("module m\n\ngo 1.21 // old\nrequire x v1\n", "1.23")).toBe("module m\n\ngo 1.23 // old\nrequire x v1\n");
    expect(withGoLine("module m\nrequire x v1\n", "1.22")).toBe("module m\n\ngo 1.22\nrequire x v1\n");
    expect(withGoLine("", "1.22")).toBe("go 1.22\n");
    expect(withoutGoLine("module m\n\ngo 1.22\ntoolchain go1.22.3\n")).toBe("module m\n\ntoolchain go1.22.3\n");
    // `godebug` and `toolchain` lines are not the go line.
    expect(goLineVersion("module m\ngodebug asynctimerchan=1\n")).toBeNull();
  });
});

describe("txtar", () => {
  test("round-trips files, adding a final newline where one is missing", () => {
    const files = [
      { name: "go.mod", text: newGoMod("1.22") },
      { name: "main.go", text: "package main" },
    ];
    const archive = toTxtar(files);
    expect(archive).toBe("-- go.mod --\nmodule example.com/m\n\ngo 1.22\n-- main.go --\npackage main\n");
    expect(filesFromTxtar(archive)).toEqual([files[0], { name: "main.go", text: "package main\n" }]);
    expect(looksLikeTxtar(archive)).toBe(true);
    expect(looksLikeTxtar("package main\n-- x --\n")).toBe(false);
  });

  test("a later section of the same name wins", () => {
    expect(filesFromTxtar("-- a.go --\none\n-- a.go --\ntwo\n")).toEqual([{ name: "a.go", text: "two\n" }]);
  });
});

test("new file names are relative, unique paths", () => {
  const open = [{ name: "main.go", text: "" }];
  expect(fileNameProblem("util.go", open)).toBeNull();
  expect(fileNameProblem("pkg/util.go", open)).toBeNull();
  expect(fileNameProblem("main.go", open)).toBe("main.go is already open");
  expect(fileNameProblem("../x.go", open)).toBe("use a relative path such as pkg/util.go");
  expect(fileNameProblem("/x.go", open)).toBe("use a relative path such as pkg/util.go");
  expect(fileNameProblem("a b.go", open)).toBe("a file name has no spaces or backslashes");
  expect(fileNameProblem("", open)).toBe("a file needs a name");
});

test("every registry example becomes a workspace with its Go version, as the core's own example test reads it", () => {
  const rules = JSON.parse(core.rules()) as RuleInfo[];
  const gt101 = rules.find((rule) => rule.id === "GT101")!.examples[0]!;
  expect(exampleFiles(gt101).map((file) => file.name)).toEqual(["main.go", "go.mod"]);
  expect(exampleFiles(gt101)[1]!.text).toBe("module example.com/m\n\ngo 1.21\n");
  const gt504 = rules.find((rule) => rule.id === "GT504")!.examples[0]!;
  expect(exampleFiles(gt504).map((file) => file.name)).toEqual(["go.mod", "go.sum", "main.go"]);
  const gt501 = rules.find((rule) => rule.id === "GT501")!.examples[0]!;
  expect(exampleFiles(gt501).map((file) => file.name)).toEqual(["go.mod"]);
  // Each bad example, opened as the playground opens it, yields its rule.
  for (const rule of rules) {
    for (const example of rule.examples.filter((candidate) => candidate.kind === "bad" && rule.family !== "runtime")) {
      const session = new core.Session();
      session.setOptions(JSON.stringify({ select: [rule.id] }));
      for (const file of exampleFiles(example)) session.setFile(file.name, new TextEncoder().encode(file.text));
      const report = JSON.parse(session.analyze()) as { findings: Finding[] };
      expect(report.findings.map((finding) => finding.rule), `${rule.id} bad example`).toContain(rule.id);
    }
  }
});

describe("share links", () => {
  test("round-trip files and the open tab through a compressed fragment", async () => {
    const workspace = { files: [{ name: "main.go", text: "package main\n// ünïcode ✓\n" }, { name: "go.mod", text: newGoMod("1.21") }], active: "go.mod" };
    const fragment = await encodeShareFragment(workspace);
    expect(fragment).toMatch(/^#1\.[A-Za-z0-9_-]+$/);
    expect(await decodeShareFragment(fragment)).toEqual(workspace);
  });

  test("compress: 3,000 repetitive lines fit in a few kilobytes", async () => {
    const text = "package main\n" + Array.from({ length: 3000 }, (_, i) => `func f${i}() int { return ${i} }\n`).join("");
    const fragment = await encodeShareFragment({ files: [{ name: "main.go", text }], active: "main.go" });
    expect(fragment.length).toBeLessThan(text.length / 4);
  });

  test("say what is wrong with a damaged, newer or foreign fragment", async () => {
    expect(await decodeShareFragment("#section-2")).toBeNull();
    expect(await decodeShareFragment("")).toBeNull();
    await expect(decodeShareFragment("#1.AAAA")).rejects.toThrow("the link is damaged");
    await expect(decodeShareFragment("#1.a+b")).rejects.toThrow("the link is damaged");
    await expect(decodeShareFragment("#2.AAAA")).rejects.toThrow("made by a newer playground (link format 2)");
  });
});

test("UTF-8 byte offsets map to UTF-16 offsets", () => {
  const text = "aé✓😀b";
  expect([0, 1, 3, 6, 10, 11, 99].map((byte) => utf16OffsetOfByte(text, byte))).toEqual([0, 1, 2, 3, 5, 6, 6]);
});

const finding = (overrides: Partial<Finding>): Finding => ({
  rule: "GT101",
  name: "loopvar-capture",
  severity: "warning",
  message: "m",
  path: "main.go",
  byteStart: 0,
  byteEnd: 1,
  line: 1,
  column: 1,
  endLine: 1,
  endColumn: 2,
  columnUtf16: 1,
  endColumnUtf16: 2,
  related: [],
  slug: "loopvar-capture",
  ...overrides,
});

test("findings sort by severity then place, and their Markdown keeps table cells intact", () => {
  const findings = [
    finding({ severity: "info", line: 1 }),
    finding({ severity: "error", path: "b.go", line: 9 }),
    finding({ severity: "warning", line: 7 }),
    finding({ severity: "error", path: "a.go", line: 9 }),
  ].sort(byDisplayOrder);
  expect(findings.map((f) => `${f.severity} ${f.path}:${f.line}`)).toEqual(["error a.go:9", "error b.go:9", "warning main.go:7", "info main.go:1"]);
  expect(findingsMarkdown([finding({ message: "a | b `c`\nd" })])).toBe(
    "| severity | rule | location | message |\n|---|---|---|---|\n| warning | GT101 loopvar-capture | main.go:1:1 | a \\| b \\`c\\` d |\n",
  );
});

test("the flame graph lays children side by side under their parent, heaviest first, without recursion", () => {
  const { frames, total } = layoutFrames([
    { id: 0, parent: null, function: "main", self: 0, cum: 10 },
    { id: 1, parent: 0, function: "small", self: 3, cum: 3 },
    { id: 2, parent: 0, function: "big", self: 7, cum: 7 },
    { id: 3, parent: null, function: "other", self: 2, cum: 2 },
  ]);
  expect(total).toBe(12);
  expect(frames.map((frame) => [frame.node.function, frame.depth, frame.start])).toEqual([
    ["main", 0, 0],
    ["other", 0, 10],
    ["big", 1, 0],
    ["small", 1, 7],
  ]);
  // A stack far deeper than any call stack can recurse lays out all the same (the core keeps at most 1,000 nodes).
  const deep = Array.from({ length: 200_000 }, (_, id) => ({ id, parent: id === 0 ? null : id - 1, function: `f${id}`, self: 0, cum: 1 }));
  expect(layoutFrames(deep).frames.at(-1)!.depth).toBe(199_999);
});

describe("the rule picker's part of gotrap.toml", () => {
  test("is read from a one-line ignore and the [severity] table", () => {
    const choices = readRuleChoices('select = ["GT1"]\nignore = ["GT102", "sprintf-trivial"] # noisy\n\n[severity]\n# stricter\nloopvar-capture = "error"\n\n[limits]\nmax-file-bytes = 1\n');
    expect(choices.ignore).toEqual(["GT102", "sprintf-trivial"]);
    expect([...choices.severity]).toEqual([["loopvar-capture", "error"]]);
  });

  test("is written back leaving the other keys, tables and comments", () => {
    const toml = 'select = ["GT1"]\nignore = ["GT102"]\n\n[severity]\n# stricter\nloopvar-capture = "error"\n\n[limits]\nmax-file-bytes = 1\n';
    expect(writeRuleChoices(toml, { ignore: ["GT102", "GT207"], severity: new Map([["lost-cancel", "info"]]) })).toBe(
      'select = ["GT1"]\nignore = ["GT102", "GT207"]\n\n[severity]\nlost-cancel = "info"\n# stricter\n\n[limits]\nmax-file-bytes = 1\n',
    );
    expect(writeRuleChoices("", { ignore: ["GT101"], severity: new Map() })).toBe('ignore = ["GT101"]\n');
    expect(writeRuleChoices("", { ignore: [], severity: new Map([["lost-cancel", "error"]]) })).toBe('ignore = []\n\n[severity]\nlost-cancel = "error"\n');
  });
});
