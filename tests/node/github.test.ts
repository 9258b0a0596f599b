// Workflow commands as the runner decodes them: `%`, CR and LF escaped in
// messages, and also `:` and `,` in properties.

import { describe, expect, it } from "vitest";
import type { Finding } from "../../action/src/client/report";
import { annotationCommand, escapeData, escapeProperty, workflowCommand } from "../../action/src/github";

describe("workflow command escaping", () => {
  it("escapes messages with %, newlines and ::", () => {
    expect(escapeData("100% of a::b\r\nnext")).toBe("100%25 of a::b%0D%0Anext");
    expect(workflowCommand("warning", [["title", "GT1 x"]], "line 1\nline 2 :: 50%")).toBe("::warning title=GT1 x::line 1%0Aline 2 :: 50%25");
  });

  it("escapes properties with : and , as well", () => {
    expect(escapeProperty("a,b:c%d\ne")).toBe("a%2Cb%3Ac%25d%0Ae");
  });

  it("gives an end column only to a span on one line", () => {
    const finding: Finding = {
      rule: "GT201",
      name: "goroutine-blocked-forever",
      severity: "warning",
      message: "m",
      path: "a.go",
      byteStart: 0,
      byteEnd: 10,
      line: 3,
      column: 2,
      endLine: 5,
      endColumn: 4,
      columnUtf16: 2,
      endColumnUtf16: 4,
      related: [],
      slug: "goroutine-blocked-forever",
    };
    expect(annotationCommand(finding)).toBe("::warning file=a.go,line=3,col=2,endLine=5,title=GT201 goroutine-blocked-forever::m");
    expect(annotationCommand({ ...finding, endLine: 3, severity: "info" })).toBe(
      "::notice file=a.go,line=3,col=2,endLine=3,endColumn=4,title=GT201 goroutine-blocked-forever::m",
    );
  });
});
