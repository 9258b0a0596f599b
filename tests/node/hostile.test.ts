// Hostile inputs through the wasm build, the same cases and expected
// outcomes as crate/tests/hostile.rs natively, each beside a Go file whose
// one finding must survive; and the memory the instance needs for them.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Options, Report } from "../../action/src/client/report";
import { core, memory } from "./wasm-core";
import { gzipBomb, nestedParentheses, repeatedGzip } from "../hostile/inputs";
import { repoRoot } from "../paths";

const BAD_CLOSURE =
  "package main\n\nfunc badClosure() []*int {\n\tvar ptrs []*int\n\tfor i := 0; i < 3; i++ {\n\t\tptrs = append(ptrs, &i)\n\t}\n\treturn ptrs\n}\n";
const BESIDE =
  "main.go:6:23 GT101 loop variable i captured by &i, stored in ptrs, which outlives the iteration: before go1.22 every iteration shares one i";
const GO_121: Options = { goVersion: "1.21" };
const TOO_DEEP = "GT002 syntax tree nested deeper than 2000 levels (limits.max-tree-depth); the deepest parts were not analysed";
const encoder = new TextEncoder();
const MiB = 1024 * 1024;

function analyze(files: [string, Uint8Array | string][], options: Options): Report {
  const session = new core.Session();
  try {
    session.setOptions(JSON.stringify(options));
    for (const [name, content] of files) session.setFile(name, typeof content === "string" ? encoder.encode(content) : content);
    return JSON.parse(session.analyze()) as Report;
  } finally {
    session.free();
  }
}

function beside(name: string, content: Uint8Array | string, options: Options): Report {
  const report = analyze([[name, content], ["main.go", BAD_CLOSURE]], options);
  expect(report.errors).toEqual([]);
  return report;
}

function summary(report: Report): string[] {
  return report.findings.map((f) => `${f.path}:${f.line}:${f.column} ${f.rule} ${f.message}`);
}

/** A profile's protobuf: the empty string every string table starts with, then `fields`. */
function rawProfile(fields: number[]): Uint8Array {
  return new Uint8Array([0x32, 0x00, ...fields]);
}

/**
 * A goroutine dump as the runtime prints it, written goroutine by goroutine
 * into one buffer: `main` and `count - 1` workers blocked on a channel send.
 */
function goroutineDump(count: number): Uint8Array {
  const worker = (id: number) =>
    `\ngoroutine ${id} [chan send, 1 minutes]:\nmain.fetch.func1()\n\texample.com/app/main.go:27 +0x36\ncreated by main.fetch in goroutine 1\n\texample.com/app/main.go:25 +0x66\n`;
  const head = "goroutine 1 [running]:\nmain.main()\n\texample.com/app/main.go:12 +0x24f\n";
  let size = head.length;
  for (let id = 2; id <= count; id++) size += worker(id).length;
  const dump = new Uint8Array(size);
  let at = encoder.encodeInto(head, dump).written;
  for (let id = 2; id <= count; id++) at += encoder.encodeInto(worker(id), dump.subarray(at)).written;
  return dump;
}

describe("hostile inputs through wasm", () => {
  it("cuts nesting 100,000 deep at the tree-depth cap", () => {
    const parentheses = nestedParentheses(100_000);
    const blocks = `package p\n\nfunc f() {\n${"{\n".repeat(100_000)}${"}\n".repeat(100_000)}}\n`;
    for (const deep of [parentheses, blocks]) {
      expect(summary(beside("deep.go", deep, GO_121))).toEqual([`deep.go:1:1 ${TOO_DEEP}`, BESIDE]);
    }
    expect(memory.buffer.byteLength).toBeLessThan(256 * MiB);
  }, 120_000);

  it("cuts composite literals 100,000 deep at the tree-depth cap within 5 M work units", () => {
    const deep = `package p\n\nvar x = ${"[]any{".repeat(100_000)}${"}".repeat(100_000)}\n`;
    expect(summary(beside("deep.go", deep, { ...GO_121, limits: { "max-file-work": 5_000_000 } }))).toEqual([`deep.go:1:1 ${TOO_DEEP}`, BESIDE]);
  }, 120_000);

  it("stops a 50 MB line at the file-size cap", () => {
    expect(summary(beside("big.go", new Uint8Array(50 * MiB).fill(0x78), GO_121))).toEqual([
      "big.go:1:1 GT002 file is 52428800 bytes, over the 8388608-byte limit for Go files (limits.max-file-bytes); not analysed",
      BESIDE,
    ]);
    // The file is copied in once; nothing is built from it.
    expect(memory.buffer.byteLength).toBeLessThan(256 * MiB);
  }, 120_000);

  it("reports NUL bytes named .go as a syntax error", () => {
    const report = beside("nul.go", new Uint8Array(4096), GO_121);
    expect(report.findings.length).toBe(2);
    const nul = report.findings[1]!;
    expect([nul.path, nul.rule, nul.line, nul.column]).toEqual(["nul.go", "GT000", 1, 1]);
    expect(nul.message.startsWith("syntax error: unexpected \\0\\0")).toBe(true);
  });

  it("reports invalid UTF-8 and lone surrogates where they are", () => {
    const notUtf8 = Buffer.from(
      "package p\n\nvar caf\xe9 = \"\xff\xfe\"\nvar s\xed\xa0\x80x = \"\xed\xb0\x80\"\n\nfunc f() {\n\tfor i := 0; i < 3; i++ {\n\t\tgo func() { println(&i, \"\xc3\") }()\n\t}\n}\n",
      "latin1",
    );
    const report = beside("bad.go", notUtf8, GO_121);
    expect(summary(report)).toEqual([
      "bad.go:3:8 GT000 syntax error: unexpected \u{fffd}",
      "bad.go:4:6 GT000 syntax error: unexpected \u{fffd}\u{fffd}\u{fffd}",
      "bad.go:8:24 GT101 loop variable i captured by a func literal started by a go statement, which outlives the iteration: before go1.22 every iteration shares one i",
      BESIDE,
    ]);
    expect([report.findings[2]!.columnUtf16, report.findings[2]!.endColumnUtf16]).toEqual([24, report.findings[2]!.endColumn]);
  });

  it("stops a 1 GiB gzip bomb at the decompression cap", () => {
    const bomb = new Uint8Array(gzipBomb());
    expect(bomb.byteLength).toBe(1024 * 1051);
    expect(summary(beside("heap.pb.gz", bomb, GO_121))).toEqual([
      "heap.pb.gz:1:1 GT002 profile inflates to more than 67108864 bytes (limits.max-decompressed-bytes); stopped after 67353 compressed bytes; not analysed",
      BESIDE,
    ]);
    // The cap bounds the buffer: 64 MiB inflated, not 1 GiB.
    expect(memory.buffer.byteLength).toBeLessThan(384 * MiB);
  }, 120_000);

  it("reports a string table claiming 2^31 bytes as malformed at its length", () => {
    // Field 6 (string_table), length-delimited, length 2^31 as a varint at byte 3.
    const claim = rawProfile([0x32, 0x80, 0x80, 0x80, 0x80, 0x08, 0x67, 0x6f]);
    expect(summary(beside("cpu.pb", claim, GO_121))).toEqual([
      "cpu.pb:1:1 GT003 not a readable pprof profile: bad protobuf at byte offset 3: length 2147483648 runs past the end of its message (2 bytes left)",
      BESIDE,
    ]);
  });

  it("reports a string index of 2^31 as malformed where it is", () => {
    // Field 1 (sample_type) at byte 2: a ValueType whose type is string 2^31.
    const claim = rawProfile([0x0a, 0x06, 0x08, 0x80, 0x80, 0x80, 0x80, 0x08]);
    expect(summary(beside("cpu.pb", claim, GO_121))).toEqual([
      "cpu.pb:1:1 GT003 not a readable pprof profile: bad protobuf at byte offset 2: string index 2147483648 is out of the string table (1 strings)",
      BESIDE,
    ]);
  });

  it("stops a gzipped string table of 2^31 entries at the decompression cap", () => {
    // 2^31 empty strings: 4 GiB of protobuf, one 1 MiB gzip member repeated 4,096 times.
    const bomb = new Uint8Array(repeatedGzip("empty-strings-1mib.gz", 4096));
    expect(bomb.byteLength).toBe(4096 * 1053);
    expect(summary(beside("heap.pb.gz", bomb, GO_121))).toEqual([
      "heap.pb.gz:1:1 GT002 profile inflates to more than 67108864 bytes (limits.max-decompressed-bytes); stopped after 67484 compressed bytes; not analysed",
      BESIDE,
    ]);
    expect(memory.buffer.byteLength).toBeLessThan(384 * MiB);
  }, 120_000);

  it("stops a dump of a million goroutines at the artifact size cap", () => {
    const dump = goroutineDump(1_000_000);
    const calm = readFileSync(`${repoRoot}tests/artifacts/gctrace/calm.log`);
    const report = analyze([["goroutines.txt", dump], ["gc.log", calm], ["main.go", BAD_CLOSURE]], GO_121);
    expect(report.errors).toEqual([]);
    expect(summary(report)).toEqual([
      "goroutines.txt:1:1 GT002 file is 165888805 bytes, over the 67108864-byte limit for runtime artifacts (limits.max-artifact-bytes); not analysed",
      BESIDE,
    ]);
    expect(report.analyses.map((analysis) => [analysis.path, analysis.kind])).toEqual([["gc.log", "gctrace"]]);
    // The dump (158 MiB) is copied in once and never read.
    expect(memory.buffer.byteLength).toBeLessThan(512 * MiB);
  }, 120_000);

  it("reads a go.mod of 100,000 requirements in linear time", () => {
    let goMod = "module example.com/m\n\ngo 1.23\n\nrequire (\n\texample.com/dep1/v2 v2.0.0\n";
    let goSum = "example.com/dep1/v2 v2.0.0/go.mod h1:x=\n";
    for (let index = 0; index < 100_000; index++) {
      goMod += `\texample.com/dep${index} v1.0.${index}\n`;
      goSum += `example.com/dep${index} v1.0.${index}/go.mod h1:x=\n`;
    }
    goMod += ")\n";
    const report = analyze([["go.mod", goMod], ["go.sum", goSum], ["main.go", 'package main\n\nimport "example.com/dep7/x"\n']], {});
    expect(report.errors).toEqual([]);
    expect(summary(report)).toEqual([
      "go.mod:8:2 GT503 example.com/dep1 (v1) and example.com/dep1/v2 are both required: two copies of the module are built, with separate types and package state; finish the migration to example.com/dep1/v2",
      'main.go:3:8 GT504 go.sum has no checksum of example.com/dep7 v1.0.7, the module providing example.com/dep7/x: the build stops with "missing go.sum entry for module providing package"; run `go mod tidy`',
    ]);
  }, 120_000);

  it("keeps positions right with CRLF and mixed line endings", () => {
    // go/token counts lines at `\n` only: a lone `\r` is white space.
    const crlf = BAD_CLOSURE.replaceAll("\n", "\r\n");
    const mixed =
      "package main\r\n\nfunc badClosure() []*int {\r\tvar ptrs []*int\n\tfor i := 0; i < 3; i++ {\r\n\t\tptrs = append(ptrs, &i)\n\t}\r\n\treturn ptrs\n}\n";
    for (const [content, line] of [[crlf, 6], [mixed, 5]] as const) {
      const report = analyze([["main.go", content]], GO_121);
      expect(report.findings.length).toBe(1);
      const finding = report.findings[0]!;
      expect([finding.line, finding.column, finding.endLine, finding.endColumn]).toEqual([line, 23, line, 25]);
      expect(content.slice(finding.byteStart, finding.byteEnd)).toBe("&i");
    }
  });
});
