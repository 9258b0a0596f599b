// Runs one analysis on several worker_threads, each with its own wasm
// instance, and merges their Reports into the Report one run would give.
//
// The workspace is cut into parts of whole packages (directories), each
// small enough for its worker's time budget and memory. Every part also
// carries every go.mod, go.sum and go.work (so go versions, replacements and
// sibling modules resolve as in one run) and every Go file with a
// `//go:debug` line (the main module's GODEBUG settings); findings are kept
// from the part that owns their file, and findings on the shared module
// files once. A module with requirements stays in one part: go.sum checks
// report a missing checksum once, at the first import in the module. A run
// that names artifacts is not split: they map frames onto the whole
// workspace.

import type { Client } from "./client/client.js";
import type { Finding, Options, Report } from "./client/report.js";

export interface WorkspaceContent {
  path: string;
  content: Uint8Array;
}

const MODULE_FILE_NAMES = new Set(["go.mod", "go.sum", "go.work"]);

function baseName(filePath: string): string {
  return filePath.slice(filePath.lastIndexOf("/") + 1);
}

function directoryOf(filePath: string): string {
  const slash = filePath.lastIndexOf("/");
  return slash < 0 ? "" : filePath.slice(0, slash);
}

/** Parts are filled up to this many bytes of owned files, a unit at a time. */
export const PART_BYTES = 4 * 1024 * 1024;

export interface WorkspacePart {
  owned: WorkspaceContent[];
  /** Files every part carries for context; findings on them come from whichever part owns them, or once. */
  shared: WorkspaceContent[];
}

/** The nearest go.mod directory at or above a directory, if any. */
function moduleOf(directory: string, modDirectories: Set<string>): string | null {
  for (let current = directory; ; current = directoryOf(current)) {
    if (modDirectories.has(current)) return current;
    if (current === "") return null;
  }
}

/**
 * Splits a workspace into parts of whole units (a directory, or a whole
 * module that has requirements, or a whole go.work workspace), largest first,
 * each up to `partBytes` unless one unit is larger.
 */
export function partitionWorkspace(files: WorkspaceContent[], partBytes = PART_BYTES): WorkspacePart[] {
  const decoder = new TextDecoder();
  const moduleFiles = files.filter((file) => MODULE_FILE_NAMES.has(baseName(file.path)));
  const goMods = moduleFiles.filter((file) => baseName(file.path) === "go.mod");
  const modDirectories = new Set(goMods.map((file) => directoryOf(file.path)));
  const wholeModules = new Set(goMods.filter((file) => /^\s*require\b/m.test(decoder.decode(file.content))).map((file) => directoryOf(file.path)));
  const workDirectories = moduleFiles.filter((file) => baseName(file.path) === "go.work").map((file) => directoryOf(file.path));
  const unitOf = (filePath: string): string => {
    const directory = directoryOf(filePath);
    const work = workDirectories.find((root) => root === "" || directory === root || directory.startsWith(`${root}/`));
    if (work !== undefined) return `work:${work}`;
    const module = moduleOf(directory, modDirectories);
    return module !== null && wholeModules.has(module) ? `mod:${module}` : `dir:${directory}`;
  };
  const debugFiles = files.filter((file) => file.path.endsWith(".go") && decoder.decode(file.content).includes("//go:debug"));

  const units = new Map<string, { files: WorkspaceContent[]; bytes: number }>();
  for (const file of files) {
    if (MODULE_FILE_NAMES.has(baseName(file.path))) continue;
    const key = unitOf(file.path);
    const unit = units.get(key) ?? { files: [], bytes: 0 };
    unit.files.push(file);
    unit.bytes += file.content.byteLength;
    units.set(key, unit);
  }
  const parts: { owned: WorkspaceContent[]; bytes: number }[] = [];
  let current: { owned: WorkspaceContent[]; bytes: number } | null = null;
  for (const unit of [...units.values()].sort((a, b) => b.bytes - a.bytes)) {
    if (current === null || current.bytes + unit.bytes > partBytes) {
      current = { owned: [], bytes: 0 };
      parts.push(current);
    }
    current.owned.push(...unit.files);
    current.bytes += unit.bytes;
  }
  if (parts.length === 0) parts.push({ owned: [], bytes: 0 });
  return parts.map((part) => {
    const owned = new Set(part.owned);
    return { owned: part.owned, shared: [...moduleFiles, ...debugFiles.filter((file) => !owned.has(file))] };
  });
}

function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** The core's canonical order: path, line, column, rule. */
function compareFindings(a: Finding, b: Finding): number {
  return compareUtf8(a.path, b.path) || a.line - b.line || a.column - b.column || compareUtf8(a.rule, b.rule);
}

/**
 * Merges the Reports of the parts: a file's findings from the part that owns
 * it, findings on files no part owns (module files) once.
 */
export function mergeReports(reports: { report: Report; owned: Set<string> }[]): Report {
  const first = reports[0]!.report;
  const ownedAnywhere = new Set(reports.flatMap(({ owned }) => [...owned]));
  const findings: Finding[] = [];
  const seen = { findings: new Set<string>(), skipped: new Set<string>(), errors: new Set<string>() };
  const once = (kind: keyof typeof seen, value: unknown): boolean => {
    const key = JSON.stringify(value);
    if (seen[kind].has(key)) return false;
    seen[kind].add(key);
    return true;
  };
  const merged: Report = { ...first, findings, analyses: [], skipped: [], errors: [] };
  for (const { report, owned } of reports) {
    for (const finding of report.findings) {
      if (owned.has(finding.path) || (!ownedAnywhere.has(finding.path) && once("findings", finding))) findings.push(finding);
    }
    merged.analyses.push(...report.analyses);
    merged.skipped.push(...report.skipped.filter((skipped) => once("skipped", skipped)));
    merged.errors.push(...report.errors.filter((error) => once("errors", error)));
  }
  findings.sort(compareFindings);
  merged.skipped.sort((a, b) => compareUtf8(a.path, b.path));
  return merged;
}

/**
 * Analyses a workspace on up to `jobs` clients at once, each taking the next
 * part when it finishes one. With artifacts among the files, it is a single
 * request.
 */
export async function checkInParallel(
  files: WorkspaceContent[],
  options: Options,
  { jobs, hasArtifacts, createClient, partBytes }: { jobs: number; hasArtifacts: boolean; createClient: () => Client; partBytes?: number },
): Promise<Report> {
  const parts: WorkspacePart[] = hasArtifacts ? [{ owned: files, shared: [] }] : partitionWorkspace(files, partBytes);
  const results: { report: Report; owned: Set<string> }[] = new Array(parts.length);
  let next = 0;
  const clients = Array.from({ length: Math.max(1, Math.min(jobs, parts.length)) }, () => createClient());
  try {
    await Promise.all(
      clients.map(async (client) => {
        for (let index = next++; index < parts.length; index = next++) {
          const part = parts[index]!;
          const report = await client.check({ files: [...part.shared, ...part.owned], options });
          results[index] = { report, owned: new Set(part.owned.map((file) => file.path)) };
        }
      }),
    );
  } finally {
    for (const client of clients) client.close();
  }
  return results.length === 1 ? results[0]!.report : mergeReports(results);
}
