// The comparison of two dropped profiles with the same sample types, function
// by function, as the core computes it (`go tool pprof -diff_base`, at
// function granularity, optionally `-normalize`d): growth in red, shrinkage
// in green. This view only asks the core (through the worker client) and
// shows its answer.

import type { Analysis, Comparison } from "../../action/src/client/report";
import { formatValue, type ProfileAnalysis } from "./analysis-types";
import { h } from "./dom";

/** Asks the core to compare two dropped artifacts by path. */
export type CompareArtifacts = (basePath: string, newPath: string, normalize: boolean) => Promise<Comparison>;

const DIFF_ROWS_SHOWN = 30;

/** `type/unit` of every sample type, in order: the core compares only profiles where these are equal. */
const typesKey = (profile: ProfileAnalysis): string => profile.types.map((type) => `${type.type}/${type.unit}`).join(",");

/** A comparison view when two or more profiles have the same sample types; null otherwise. */
export function profileDiffView(analyses: readonly Analysis[], compare: CompareArtifacts): HTMLElement | null {
  const profiles = analyses.filter((analysis) => analysis.kind === "profile").map((analysis) => ({ path: analysis.path, data: analysis.data as ProfileAnalysis }));
  const pairs = profiles.flatMap((base, i) =>
    profiles
      .slice(i + 1)
      .filter((current) => typesKey(current.data) === typesKey(base.data))
      .map((current) => ({ base, current })),
  );
  if (pairs.length === 0) return null;
  const pairSelect = h(
    "select",
    { attrs: { "aria-label": "Profiles to compare" } },
    ...pairs.map((pair, index) => h("option", { attrs: { value: String(index) } }, `${pair.current.path} against ${pair.base.path}`)),
  );
  const typeSelect = h("select", { attrs: { "aria-label": "Sample type to compare" } });
  const normalize = h("input", { attrs: { type: "checkbox", "aria-label": "Normalize: scale the new profile to the base's total" } });
  const body = h("tbody");
  const caption = h("caption");
  const comparisons = new Map<string, Promise<Comparison>>();
  let latest = 0;
  const render = async (): Promise<void> => {
    const request = ++latest;
    const pair = pairs[Number(pairSelect.value)]!;
    if (typeSelect.dataset.pair !== pairSelect.value) {
      const types = pair.current.data.types;
      typeSelect.replaceChildren(...types.map((type) => h("option", { attrs: { value: type.type } }, `${type.type} (${type.unit})`)));
      typeSelect.value = types.at(-1)!.type;
      typeSelect.dataset.pair = pairSelect.value;
    }
    const key = `${pairSelect.value}:${normalize.checked}`;
    if (!comparisons.has(key)) comparisons.set(key, compare(pair.base.path, pair.current.path, normalize.checked));
    const comparison = await comparisons.get(key)!;
    if (request !== latest) return;
    const type = comparison.profile?.types.find((candidate) => candidate.type === typeSelect.value);
    if (type === undefined) {
      caption.textContent = `${pair.current.path} cannot be compared with ${pair.base.path}: ${comparison.errors.map((error) => error.message).join("; ")}`;
      body.replaceChildren();
      return;
    }
    const rows = type.rows.filter((row) => row.flatDelta !== 0);
    const scaled = comparison.profile!.normalized ? ` (new scaled by ${type.scale.toPrecision(4)})` : "";
    caption.textContent = `Flat ${type.type} of ${pair.current.path} minus ${pair.base.path}: total ${formatValue(type.baseTotal, type.unit)} → ${formatValue(type.newTotal, type.unit)}${scaled}; ${rows.length} functions changed`;
    body.replaceChildren(
      ...rows.slice(0, DIFF_ROWS_SHOWN).map((row) =>
        h(
          "tr",
          { className: row.flatDelta > 0 ? "grew" : "shrank" },
          h("td", {}, `${row.flatDelta > 0 ? "+" : "−"}${formatValue(Math.abs(row.flatDelta), type.unit)}`),
          h("td", {}, formatValue(row.flatBase, type.unit)),
          h("td", {}, formatValue(row.flatNew, type.unit)),
          h("td", { className: "function" }, row.function),
        ),
      ),
    );
  };
  for (const control of [pairSelect, typeSelect, normalize]) control.addEventListener("change", () => void render());
  pairSelect.value = "0";
  void render();
  return h(
    "section",
    { className: "artifact-view profile-diff" },
    h("h3", {}, "Compare profiles"),
    h("p", {}, pairSelect, " ", typeSelect, " ", h("label", {}, normalize, " normalize")),
    h(
      "table",
      { className: "top-table diff-table" },
      caption,
      h("thead", {}, h("tr", {}, ...["change", "base", "new", "function"].map((name) => h("th", { attrs: { scope: "col" } }, name)))),
      body,
    ),
  );
}
