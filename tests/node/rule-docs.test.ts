// The rule pages' examples verified as the site build verifies them
// (web/src/rule-docs.ts, run by vite.config.ts): every checked example of the
// registry draws exactly what it expects, and a wrong one fails with a
// readable diff naming the page and the example.

import { afterAll, expect, test } from "vitest";
import { createInThreadClient } from "../../action/src/client/in-thread";
import type { RuleInfo } from "../../action/src/client/report";
import { ruleExamplesMarkdown, verifyRuleExamples } from "../../web/src/rule-docs";
import { core } from "./wasm-core";

const client = createInThreadClient(async () => core);
afterAll(() => client.close());
const check = client.check.bind(client);
const rules = JSON.parse(core.rules()) as RuleInfo[];
const loopvarCapture = rules.find((rule) => rule.id === "GT101")!;

const closure = "package main\n\nfunc pointers() []*int {\n\tvar ptrs []*int\n\tfor i := 0; i < 3; i++ {\n\t\tptrs = append(ptrs, &i)\n\t}\n\treturn ptrs\n}\n";

test("every checked example of the rule pages draws exactly its rule (bad) or nothing (good)", async () => {
  const checkedPerRule = rules.map((rule) => ruleExamplesMarkdown(rule).match(/^````go /gm)?.length ?? 0);
  const total = checkedPerRule.reduce((sum, count) => sum + count, 0);
  expect(total).toBeGreaterThan(40);
  expect(await verifyRuleExamples(rules, check)).toBe(total);
});

test("a wrong example fails the verification with a readable diff", async () => {
  const wrong: RuleInfo = {
    ...loopvarCapture,
    examples: [
      // From go 1.22 each iteration has its own i: nothing fires.
      { kind: "bad", goVersion: "1.22", code: closure },
      { kind: "good", goVersion: "1.21", code: closure },
    ],
  };
  await expect(verifyRuleExamples([wrong], check)).rejects.toThrow(
    "the rule docs' examples differ from what gotrap reports:\n\n" +
      "2 of 2 Go examples in rules.html#loopvar-capture differ from their expected findings:\n\n" +
      "rules.html#loopvar-capture:1: ```go expect=GT101 go=1.22\n" +
      "  - GT101 (expected, did not fire)\n\n" +
      "rules.html#loopvar-capture:13: ```go expect=none go=1.21\n" +
      "  + GT101 at 6:23: loop variable i captured by &i, stored in ptrs, which outlives the iteration: before go1.22 every iteration shares one i\n",
  );
});
