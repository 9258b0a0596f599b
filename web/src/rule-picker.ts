// The rule picker: every rule of the registry grouped by family, with a
// switch and a severity each, written to and read from gotrap.toml (the
// file stays the one source of the run's configuration).

import type { RuleInfo } from "../../action/src/client/report";
import { h, ruleDocsHref } from "./dom";
import { readRuleChoices, writeRuleChoices } from "./workspace";

const LEVELS = ["", "error", "warning", "info"];

export class RulePicker {
  private rules: RuleInfo[] = [];
  private readonly body: HTMLElement;
  /** Set while the picker writes gotrap.toml, so the echo does not rebuild the rows under the user's hand. */
  private writing = false;

  /** `config` gives gotrap.toml's text ("" when there is none); `write` replaces it. */
  constructor(root: HTMLDetailsElement, private readonly config: () => string, private readonly write: (toml: string) => void) {
    this.body = h("div", { className: "rule-picker-body" });
    root.append(this.body);
    // Escape folds the picker away again, the focus back on its summary.
    root.addEventListener("keydown", (event) => {
      if (event.key !== "Escape" || !root.open) return;
      root.open = false;
      root.querySelector("summary")!.focus();
    });
  }

  setRules(rules: RuleInfo[]): void {
    this.rules = rules.filter((rule) => rule.family !== "core");
    this.sync();
  }

  /** Shows what gotrap.toml says now. */
  sync(): void {
    if (this.writing) return;
    const choices = readRuleChoices(this.config());
    const families = [...new Set(this.rules.map((rule) => rule.family))];
    this.body.replaceChildren(
      ...families.map((family) =>
        h(
          "fieldset",
          {},
          h("legend", {}, family),
          ...this.rules.filter((rule) => rule.family === family).map((rule) => this.row(rule, choices)),
        ),
      ),
    );
  }

  private row(rule: RuleInfo, choices: ReturnType<typeof readRuleChoices>): HTMLElement {
    const named = (key: string): boolean => key === rule.id || key === rule.name;
    const enabled = h("input", { attrs: { type: "checkbox", "aria-label": `Enable ${rule.id} ${rule.name}` }, dataset: { rule: rule.id } });
    enabled.checked = !choices.ignore.some(named);
    const level = h(
      "select",
      { attrs: { "aria-label": `Severity of ${rule.id} ${rule.name}` }, dataset: { rule: rule.id } },
      ...LEVELS.map((value) => h("option", { attrs: { value } }, value === "" ? `default (${rule.severity})` : value)),
    );
    level.value = [...choices.severity].find(([key]) => named(key))?.[1] ?? "";
    const update = (): void => {
      const current = readRuleChoices(this.config());
      const ignore = current.ignore.filter((key) => !named(key));
      if (!enabled.checked) ignore.push(rule.id);
      const severity = new Map([...current.severity].filter(([key]) => !named(key)));
      if (level.value !== "") severity.set(rule.name, level.value);
      this.writing = true;
      try {
        this.write(writeRuleChoices(this.config(), { ignore, severity }));
      } finally {
        this.writing = false;
      }
    };
    enabled.addEventListener("change", update);
    level.addEventListener("change", update);
    return h(
      "div",
      { className: "rule-choice" },
      h("label", {}, enabled, ` ${rule.id} `),
      h("a", { attrs: { href: ruleDocsHref(rule.slug), target: "_blank", rel: "noopener" } }, rule.name),
      " ",
      level,
    );
  }
}
