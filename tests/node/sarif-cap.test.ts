// SARIF output keeps at most GitHub code scanning's 25,000 results and says
// how many it left out.

import { expect, it } from "vitest";
import type { Finding, Report } from "../../action/src/client/report";
import { SARIF_MAX_RESULTS, toSarif } from "../../action/src/sarif";

it("caps results at 25,000 with a notification counting the rest", () => {
  const finding = (line: number): Finding => ({
    rule: "GT307",
    name: "sprintf-trivial",
    severity: "info",
    message: "fmt.Sprintf with one verb",
    path: "big.go",
    byteStart: 0,
    byteEnd: 1,
    line,
    column: 1,
    endLine: line,
    endColumn: 2,
    columnUtf16: 1,
    endColumnUtf16: 2,
    related: [],
    slug: "sprintf-trivial",
  });
  const report: Report = {
    schemaVersion: 1,
    toolVersion: "0.1.0",
    findings: Array.from({ length: SARIF_MAX_RESULTS + 7 }, (_, index) => finding(index + 1)),
    analyses: [],
    skipped: [],
    errors: [],
  };
  const { log, omitted } = toSarif(report, { rules: [], toolVersion: "0.1.0", contents: new Map(), sourceRoot: "/work/repo" }) as {
    log: { runs: { results: unknown[]; invocations: { toolExecutionNotifications: { message: { text: string } }[] }[] }[] };
    omitted: number;
  };
  expect(SARIF_MAX_RESULTS).toBe(25_000);
  expect(omitted).toBe(7);
  expect(log.runs[0]!.results.length).toBe(25_000);
  expect(log.runs[0]!.invocations[0]!.toolExecutionNotifications.map((notification) => notification.message.text)).toEqual([
    "7 more findings are not in this file: GitHub code scanning keeps at most 25000 results per run",
  ]);
});
