// The rule pages' checked examples, shared by the page (which examples become
// <gotrap-snippet>s) and the site build (vite.config.ts), which verifies them
// with verifyExamples before it writes the pages: a bad example must draw its
// own rule and nothing else, a good one nothing, at the Go version it states.

import type { CheckInput } from "../../action/src/client/client";
import { ExampleMismatchError, verifyExamplesWith } from "../../action/src/client/examples";
import type { Report, RuleExample, RuleInfo } from "../../action/src/client/report";

/** Go source examples are checked snippets; go.mod and txtar examples, and runtime programs (whose trap shows when run), stay plain code. */
export function isCheckedExample(rule: RuleInfo, example: RuleExample): boolean {
  return rule.family !== "runtime" && example.code.startsWith("package ");
}

/** The rule ids a checked example expects (`expect=`): its rule when bad, none when good. */
export function expectedRules(rule: RuleInfo, example: RuleExample): string {
  return example.kind === "bad" ? rule.id : "none";
}

/** One rule's checked examples as annotated ```go blocks, as verifyExamples reads them. */
export function ruleExamplesMarkdown(rule: RuleInfo): string {
  return rule.examples
    .filter((example) => isCheckedExample(rule, example))
    .map((example) => `\`\`\`\`go expect=${expectedRules(rule, example)} go=${example.goVersion}\n${example.code}\`\`\`\`\n`)
    .join("\n");
}

/**
 * Verifies every checked example of every rule; rejects with the diffs of all
 * rules whose examples differ (each named `rules.html#<slug>`), resolves with
 * the number of examples checked.
 */
export async function verifyRuleExamples(rules: RuleInfo[], check: (input: CheckInput) => Promise<Report>): Promise<number> {
  let checked = 0;
  const diffs: string[] = [];
  for (const rule of rules) {
    try {
      checked += await verifyExamplesWith(check, ruleExamplesMarkdown(rule), { source: `rules.html#${rule.slug}` });
    } catch (error) {
      if (!(error instanceof ExampleMismatchError)) throw error;
      diffs.push(error.message);
    }
  }
  if (diffs.length > 0) throw new Error(`the rule docs' examples differ from what gotrap reports:\n\n${diffs.join("\n")}`);
  return checked;
}
