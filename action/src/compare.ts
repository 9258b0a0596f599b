// How `gotrap compare BASE NEW` shows a Comparison as text: for profiles, a
// `pprof -top -diff_base` style table of one sample type (NEW minus BASE,
// percentages of BASE's total, as pprof gives them); for goroutine
// snapshots, the stacks whose goroutines grew.

import type { Comparison, GoroutineGrowth, ProfileDiff, StackFrame } from "./client/report.js";

export interface CompareTextOptions {
  /** Sample type to show; default the last one (pprof's choice when a profile names none). */
  sampleType: string | null;
  /** Rows shown per table. */
  rows: number;
}

/** `+12` or `-12` (0 as `0`). */
function signed(value: number): string {
  return value > 0 ? `+${value}` : String(value);
}

/** A share of `total` as pprof prints it: two decimals and a percent sign. */
function percent(value: number, total: number): string {
  return total === 0 ? "-" : `${((value / total) * 100).toFixed(2)}%`;
}

/** Columns right-aligned to their widest cell, the last one left as is. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]): string =>
    cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padStart(widths[column]!))).join("  ").trimEnd();
  return [line(header), ...rows.map(line)];
}

/** The sample type `wanted` (or the last) of a profile diff, or an error naming the types there are. */
export function pickSampleType(diff: ProfileDiff, wanted: string | null): ProfileDiff["types"][number] | string {
  const found = wanted === null ? diff.types.at(-1) : diff.types.find((type) => type.type === wanted);
  if (found !== undefined) return found;
  const names = diff.types.map((type) => type.type).join(", ");
  return wanted === null ? "the profiles have no sample types" : `no sample type ${JSON.stringify(wanted)} in these profiles (they have ${names})`;
}

function profileText(comparison: Comparison, diff: ProfileDiff, options: CompareTextOptions): string[] {
  const type = pickSampleType(diff, options.sampleType);
  if (typeof type === "string") throw new Error(type);
  const changed = type.rows.filter((row) => row.flatDelta !== 0 || row.cumDelta !== 0);
  const shown = changed.slice(0, options.rows);
  const normalized = diff.normalized ? `; new scaled by ${type.scale.toPrecision(6)} (-normalize)` : "";
  const lines = [
    `Profile: ${diff.profile}, ${comparison.new} against base ${comparison.base}`,
    `Type: ${type.type} (${type.unit})${normalized}`,
    `Total: base ${type.baseTotal}, new ${type.newTotal} (${signed(type.newTotal - type.baseTotal)})`,
    `Showing ${shown.length} of ${changed.length + type.rowsDropped} functions that changed; percentages of the base total`,
  ];
  const rows = shown.map((row) => [
    signed(row.flatDelta),
    percent(row.flatDelta, type.baseTotal),
    signed(row.cumDelta),
    percent(row.cumDelta, type.baseTotal),
    String(row.cumBase),
    String(row.cumNew),
    row.function,
  ]);
  return [...lines, ...table(["flat", "flat%", "cum", "cum%", "cum base", "cum new", "function"], rows)];
}

function frameText(frame: StackFrame): string {
  return `${frame.function} ${frame.file}:${frame.line}`;
}

function growthText(comparison: Comparison, growth: GoroutineGrowth, options: CompareTextOptions): string[] {
  const lines = [
    `Goroutines: base ${growth.base.goroutines} (${growth.base.format}, ${comparison.base}), new ${growth.new.goroutines} (${growth.new.format}, ${comparison.new})`,
    `${signed(growth.grew)} in ${growth.groups.length + growth.groupsDropped} ${growth.groups.length + growth.groupsDropped === 1 ? "stack" : "stacks"} that grew, -${growth.shrank} in stacks that shrank or ended`,
  ];
  const shown = growth.groups.slice(0, options.rows);
  if (shown.length === 0) return lines;
  const rows = shown.map((group) => {
    const user = group.userFrame === null || group.userFrame === undefined ? group.stack[0] : group.stack[group.userFrame];
    return [
      signed(group.delta),
      String(group.baseCount),
      String(group.newCount),
      ...(growth.byState ? [group.state ?? ""] : []),
      `${user === undefined ? "(no frames)" : frameText(user)}${group.createdBy ? `, created by ${frameText(group.createdBy)}` : ""}`,
    ];
  });
  const header = ["grew", "base", "new", ...(growth.byState ? ["state"] : []), "user frame"];
  return [...lines, ...table(header, rows)];
}

/** The comparison as text; throws when `options.sampleType` names no type of the profiles. */
export function formatComparison(comparison: Comparison, options: CompareTextOptions): string {
  const sections: string[][] = [];
  if (comparison.profile) sections.push(profileText(comparison, comparison.profile, options));
  if (comparison.goroutines) sections.push(growthText(comparison, comparison.goroutines, options));
  return sections.map((lines) => lines.join("\n")).join("\n\n");
}
