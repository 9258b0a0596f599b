// verifyExamples: annotated ```go blocks of Markdown checked by the package's
// Node API (its real worker and wasm), with the exact diff when they differ.

import { pathToFileURL } from "node:url";
import { expect, it } from "vitest";
import type * as Api from "../../action/src/api";
import { badClosure, packageEntry } from "../paths";

const api = (await import(pathToFileURL(packageEntry).href)) as typeof Api;

const GT101_MESSAGE = "loop variable i captured by &i, stored in ptrs, which outlives the iteration: before go1.22 every iteration shares one i";
const closure = `package main\n\n${badClosure}`;

const passing = `# Loop variables

Before Go 1.22 this captures one shared variable:

\`\`\`go expect=GT101 go=1.21
${closure}\`\`\`

From Go 1.22 each iteration has its own:

\`\`\`go expect=none go=1.22
${closure}\`\`\`

A block without \`expect=\` is prose, not checked:

\`\`\`go
this is not Go
\`\`\`
`;

it("checks every annotated block and resolves with how many it checked", async () => {
  expect(await api.verifyExamples(passing, { source: "loops.md" })).toBe(2);
});

it("rejects with a readable diff: expected rules that did not fire, findings nobody expected", async () => {
  const failing = `Intro.

\`\`\`go expect=GT202 go=1.21
${closure}\`\`\`

\`\`\`go expect=GT101 go=1.22
${closure}\`\`\`

\`\`\`go expect=none
package main

func broken( {
\`\`\`
`;
  const error = await api.verifyExamples(failing, { source: "traps.md" }).then(
    () => null,
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(api.ExampleMismatchError);
  expect((error as Error).message).toBe(
    [
      "3 of 3 Go examples in traps.md differ from their expected findings:",
      "",
      "traps.md:3: ```go expect=GT202 go=1.21",
      "  - GT202 (expected, did not fire)",
      `  + GT101 at 6:21: ${GT101_MESSAGE}`,
      "",
      "traps.md:15: ```go expect=GT101 go=1.22",
      "  - GT101 (expected, did not fire)",
      "",
      "traps.md:27: ```go expect=none",
      "  + GT000 at 3:1: syntax error: unexpected func",
      "",
    ].join("\n"),
  );
});

it("names a malformed annotation with its line", async () => {
  await expect(api.verifyExamples("x\n```go expect=gt101\npackage main\n```\n", { source: "a.md" })).rejects.toThrow(
    'a.md:2: expect= takes rule ids like GT101 (comma-separated) or none, not "gt101"',
  );
  await expect(api.verifyExamples("```go expect=none go=latest\n```\n", { source: "a.md" })).rejects.toThrow(
    'a.md:1: go= takes a Go version like 1.22, not "latest"',
  );
});

it("verifies the rule docs: every Go example of the registry as an annotated block", async () => {
  const rules = await api.rules();
  const blocks = rules
    .filter((rule) => rule.family !== "runtime")
    .flatMap((rule) =>
      rule.examples
        .filter((example) => example.code.startsWith("package "))
        .map((example) => `## ${rule.id} ${example.kind}\n\n\`\`\`go expect=${example.kind === "bad" ? rule.id : "none"} go=${example.goVersion}\n${example.code}\`\`\`\n`),
    );
  // Every source rule has at least a bad and a good Go example.
  expect(blocks.length).toBeGreaterThanOrEqual(2 * rules.filter((rule) => rule.family !== "runtime" && /^GT[1-3]/.test(rule.id)).length);
  expect(await api.verifyExamples(blocks.join("\n"), { source: "rules" })).toBe(blocks.length);
});
