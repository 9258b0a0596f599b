// The rule docs pages: one section per rule, rendered from the registry of the
// very core the playground runs (the wasm `rules()`), so the docs cannot drift
// from the rules. Each example opens in the playground through a share link;
// Go examples are <gotrap-snippet>s expecting exactly their rule (bad) or
// nothing (good), checked live when the site's widget build is there.

import { createBrowserClient } from "../../action/src/client/browser";
import type { RuleExample, RuleInfo } from "../../action/src/client/report";
import { element, h } from "./dom";
import { markdown } from "./markdown";
import { encodeShareFragment } from "./share";
import { initTheme } from "./theme";
import { exampleWorkspace } from "./workspace";

initTheme(element("#theme"));
const client = createBrowserClient();
const container = element<HTMLElement>("#rules");
const index = element<HTMLElement>("#rule-index");

/** Go source examples as checked snippets; go.mod and txtar examples, and runtime programs (whose trap shows when run), as plain code. */
function exampleCode(rule: RuleInfo, example: RuleExample): HTMLElement {
  const code = h("pre", {}, h("code", { className: "language-go" }, example.code));
  if (rule.family === "runtime" || !example.code.startsWith("package ")) return code;
  return h("gotrap-snippet", { attrs: { "go-version": example.goVersion, expect: example.kind === "bad" ? rule.id : "none" } }, code);
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

try {
  const rules = await client.rules();
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
} catch (error) {
  element("#rules-status").textContent = `Cannot load the rule registry: ${error instanceof Error ? error.message : String(error)}`;
} finally {
  client.close();
}
