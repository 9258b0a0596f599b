// The difference between two analysed profiles of one sample type, function
// by function (as `go tool pprof -diff_base`, at function granularity, over
// the top tables the core reports): growth in red, shrinkage in green.

import type { Analysis } from "../../action/src/client/report";
import { formatValue, type ProfileAnalysis, type ProfileType } from "./analysis-types";
import { h } from "./dom";

export interface DiffRow {
  function: string;
  base: number;
  current: number;
  delta: number;
}

/** Per function, the flat values of both profiles and their difference, largest change first. */
export function diffFlat(base: ProfileType, current: ProfileType): DiffRow[] {
  const byFunction = new Map<string, DiffRow>();
  const row = (name: string): DiffRow => {
    let found = byFunction.get(name);
    if (found === undefined) byFunction.set(name, (found = { function: name, base: 0, current: 0, delta: 0 }));
    return found;
  };
  for (const entry of base.top) row(entry.function).base = entry.flat;
  for (const entry of current.top) row(entry.function).current = entry.flat;
  for (const entry of byFunction.values()) entry.delta = entry.current - entry.base;
  return [...byFunction.values()].filter((entry) => entry.delta !== 0).sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta) || a.function.localeCompare(b.function));
}

const DIFF_ROWS_SHOWN = 30;

/** A comparison view when two or more profiles share a sample type; null otherwise. */
export function profileDiffView(analyses: readonly Analysis[]): HTMLElement | null {
  const profiles = analyses.filter((analysis) => analysis.kind === "profile").map((analysis) => ({ path: analysis.path, data: analysis.data as ProfileAnalysis }));
  const comparable = (a: (typeof profiles)[number], b: (typeof profiles)[number]): ProfileType[] =>
    a.data.types.filter((type) => b.data.types.some((other) => other.type === type.type && other.unit === type.unit));
  const pairs = profiles.flatMap((base, i) => profiles.slice(i + 1).filter((current) => comparable(base, current).length > 0).map((current) => ({ base, current })));
  if (pairs.length === 0) return null;
  const pairSelect = h(
    "select",
    { attrs: { "aria-label": "Profiles to compare" } },
    ...pairs.map((pair, index) => h("option", { attrs: { value: String(index) } }, `${pair.current.path} against ${pair.base.path}`)),
  );
  const typeSelect = h("select", { attrs: { "aria-label": "Sample type to compare" } });
  const body = h("tbody");
  const caption = h("caption");
  const render = (): void => {
    const pair = pairs[Number(pairSelect.value)]!;
    const types = comparable(pair.base, pair.current);
    if (![...typeSelect.options].some((option) => option.value === typeSelect.value) || typeSelect.dataset.pair !== pairSelect.value) {
      typeSelect.replaceChildren(...types.map((type) => h("option", { attrs: { value: type.type } }, `${type.type} (${type.unit})`)));
      typeSelect.value = types.at(-1)!.type;
      typeSelect.dataset.pair = pairSelect.value;
    }
    const current = pair.current.data.types.find((type) => type.type === typeSelect.value)!;
    const base = pair.base.data.types.find((type) => type.type === typeSelect.value)!;
    const rows = diffFlat(base, current);
    caption.textContent = `Flat ${current.type} of ${pair.current.path} minus ${pair.base.path}: total ${formatValue(base.total, base.unit)} → ${formatValue(current.total, current.unit)}; ${rows.length} functions changed`;
    body.replaceChildren(
      ...rows.slice(0, DIFF_ROWS_SHOWN).map((row) =>
        h(
          "tr",
          { className: row.delta > 0 ? "grew" : "shrank" },
          h("td", {}, `${row.delta > 0 ? "+" : "−"}${formatValue(Math.abs(row.delta), current.unit)}`),
          h("td", {}, formatValue(row.base, base.unit)),
          h("td", {}, formatValue(row.current, current.unit)),
          h("td", { className: "function" }, row.function),
        ),
      ),
    );
  };
  pairSelect.addEventListener("change", render);
  typeSelect.addEventListener("change", render);
  pairSelect.value = "0";
  render();
  return h(
    "section",
    { className: "artifact-view profile-diff" },
    h("h3", {}, "Compare profiles"),
    h("p", {}, pairSelect, " ", typeSelect),
    h(
      "table",
      { className: "top-table diff-table" },
      caption,
      h("thead", {}, h("tr", {}, ...["change", "base", "new", "function"].map((name) => h("th", { attrs: { scope: "col" } }, name)))),
      body,
    ),
  );
}
