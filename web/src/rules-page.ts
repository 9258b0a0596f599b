// The rule docs pages: one section per rule, rendered from the registry of the
// very core the playground runs (read from it when the site is built:
// virtual:gotrap-rules in vite.config.ts), so the docs cannot drift from the
// rules, and the build fails when an example does. Each example opens in the
// playground through a share link; Go examples are <gotrap-snippet>s
// expecting exactly their rule (bad) or nothing (good), checked live by the
// widget's core, the only one this page loads.

import type { RuleExample, RuleInfo } from "../../action/src/client/report";
import rules from "virtual:gotrap-rules";
import { element, h } from "./dom";
import { markdown } from "./markdown";
import { expectedRules, isCheckedExample } from "./rule-docs";
import { encodeShareFragment } from "./share";
import { initTheme } from "./theme";
import { exampleWorkspace } from "./workspace";

initTheme(element("#theme"));
const container = element<HTMLElement>("#rules");
const index = element<HTMLElement>("#rule-index");

function exampleCode(rule: RuleInfo, example: RuleExample): HTMLElement {
  const code = h("pre", {}, h("code", { className: "language-go" }, example.code));
  if (!isCheckedExample(rule, example)) return code;
  return h("gotrap-snippet", { attrs: { "go-version": example.goVersion, expect: expectedRules(rule, example) } }, code);
}

async function ruleSection(rule: RuleInfo): Promise<HTMLElement> {
  const examples = await Promise.all(
    rule.examples.map(async (example) =>
      h(
        "figure",
        { className: `example ${example.kind}` },
        h(
          "figcaption",
          {},
          `${example.kind === "bad" ? "Reported" : "Not reported"} (go ${example.goVersion}) `,
          h("a", { className: "open-example", attrs: { href: `./${await encodeShareFragment(exampleWorkspace(example))}` } }, "open in playground"),
        ),
        exampleCode(rule, example),
      ),
    ),
  );
  const options = rule.options.length === 0 ? null : h(
    "table",
    { className: "options" },
    h("caption", {}, "Options (gotrap.toml)"),
    h("tbody", {}, ...rule.options.map((option) => h("tr", {}, h("th", { attrs: { scope: "row" } }, h("code", {}, option.name)), h("td", {}, JSON.stringify(option.default)), h("td", {}, option.description)))),
  );
  return h(
    "section",
    { className: "rule-doc", attrs: { id: rule.slug }, dataset: { rule: rule.id } },
    h("h2", {}, `${rule.id} ${rule.name}`),
    h("p", { className: "rule-facts" }, `${rule.family} · ${rule.severity} · Go versions: ${rule.versions}`),
    h("p", { className: "summary" }, rule.summary),
    ...markdown(rule.docs),
    options,
    examples.length > 0 ? h("h3", {}, "Examples") : null,
    ...examples,
  );
}

const families = [...new Set(rules.map((rule) => rule.family))];
index.replaceChildren(
  ...families.map((family) =>
    h(
      "div",
      { className: "family" },
      h("h2", {}, family),
      h("ul", {}, ...rules.filter((rule) => rule.family === family).map((rule) => h("li", {}, h("a", { attrs: { href: `#${rule.slug}` } }, `${rule.id} ${rule.name}`)))),
    ),
  ),
);
container.replaceChildren(...(await Promise.all(rules.map(ruleSection))));
// The widget is a separate build (vite.widget.config.ts) beside the site; without it the code stays plain.
import(/* @vite-ignore */ new URL("widget/gotrap-snippet.js", document.baseURI).href).catch(() => {});
// The sections exist only now: follow the fragment the page was opened with.
if (location.hash.length > 1) document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
