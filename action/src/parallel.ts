// Runs one analysis on several worker_threads, each with its own wasm
// instance, and merges their Reports into the Report one run would give.
//
// The Go files are cut into parts of whole packages (directories), each
// small enough for its worker's time budget and memory, and analysed without
// the workspace rules (the core's `sources` stages). Every part also carries
// every go.mod, go.sum and go.work (so go versions, replacements and ignored
// directories resolve as in one run) and every Go file with a `//go:debug`
// line (the main module's GODEBUG settings); a part's findings are kept on
// the files it owns. The workspace rules then run once, over the module and
// CI files and the imports every part returned: GT504 reports a missing
// checksum once, at the first import in the module, wherever its packages
// were analysed. A run that names artifacts is not split: they map frames
// onto the whole workspace.

import type { Client, ImportSite } from "./client/client.js";
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

const GO_DEBUG = Buffer.from("//go:debug ");

/**
 * Whether a line of a Go file starts with a `//go:debug` directive: the core
 * reads those of the header of package main files, so every part needs
 * these files. Tested on bytes, without decoding every file. Anything but
 * ASCII before the directive may be whitespace to the core, so it counts
 * as such here.
 */
function hasGoDebugLine(content: Uint8Array): boolean {
  const bytes = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  for (let at = bytes.indexOf(GO_DEBUG); at >= 0; at = bytes.indexOf(GO_DEBUG, at + 1)) {
    let start = at;
    while (start > 0 && isLeadingSpace(bytes[start - 1]!)) start--;
    if (start === 0 || bytes[start - 1] === 0x0a) return true;
  }
  return false;
}

/** Space, tab, vertical tab, form feed, carriage return, or a byte of a non-ASCII character. */
function isLeadingSpace(byte: number): boolean {
  return byte === 0x20 || (byte >= 0x09 && byte <= 0x0d && byte !== 0x0a) || byte >= 0x80;
}

/** Parts are filled up to this many bytes of owned files, a package at a time. */
export const PART_BYTES = 4 * 1024 * 1024;

export interface WorkspacePart {
  /** Go files of whole packages; the part's findings on them are kept. */
  owned: WorkspaceContent[];
  /** Files every part carries for context; findings on them come from whichever part owns them, or from the workspace stage. */
  shared: WorkspaceContent[];
}

export interface WorkspaceSplit {
  parts: WorkspacePart[];
  /** Module and CI files: the workspace rules' own input, besides the parts' imports. */
  workspace: WorkspaceContent[];
}

/**
 * Splits a workspace into parts of whole packages (the Go files of one
 * directory), largest first, each up to `partBytes` unless one package is
 * larger, and the files of the workspace stage.
 */
export function partitionWorkspace(files: WorkspaceContent[], partBytes = PART_BYTES): WorkspaceSplit {
  const goFiles = files.filter((file) => file.path.endsWith(".go"));
  const moduleFiles = files.filter((file) => MODULE_FILE_NAMES.has(baseName(file.path)));
  const debugFiles = goFiles.filter((file) => hasGoDebugLine(file.content));

  const packages = new Map<string, { files: WorkspaceContent[]; bytes: number }>();
  for (const file of goFiles) {
    const directory = directoryOf(file.path);
    const unit = packages.get(directory) ?? { files: [], bytes: 0 };
    unit.files.push(file);
    unit.bytes += file.content.byteLength;
    packages.set(directory, unit);
  }
  const parts: { owned: WorkspaceContent[]; bytes: number }[] = [];
  let current: { owned: WorkspaceContent[]; bytes: number } | null = null;
  for (const unit of [...packages.values()].sort((a, b) => b.bytes - a.bytes)) {
    if (current === null || current.bytes + unit.bytes > partBytes) {
      current = { owned: [], bytes: 0 };
      parts.push(current);
    }
    current.owned.push(...unit.files);
    current.bytes += unit.bytes;
  }
  return {
    parts: parts.map((part) => {
      const owned = new Set(part.owned);
      return { owned: part.owned, shared: [...moduleFiles, ...debugFiles.filter((file) => !owned.has(file))] };
    }),
    workspace: files.filter((file) => !file.path.endsWith(".go")),
  };
}

function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** The core's canonical order (`Report::sort`): path, line, column, rule, then end and message. */
function compareFindings(a: Finding, b: Finding): number {
  return (
    compareUtf8(a.path, b.path) ||
    a.line - b.line ||
    a.column - b.column ||
    compareUtf8(a.rule, b.rule) ||
    a.byteEnd - b.byteEnd ||
    compareUtf8(a.message, b.message)
  );
}

/**
 * Merges the parts' Reports and the workspace stage's: each part's findings
 * on the files it owns, every finding of the workspace stage, skipped files
 * and errors once each.
 */
export function mergeReports(parts: { report: Report; owned: Set<string> }[], workspace: Report): Report {
  const findings: Finding[] = [];
  const seen = { skipped: new Set<string>(), errors: new Set<string>() };
  const once = (kind: keyof typeof seen, value: unknown): boolean => {
    const key = JSON.stringify(value);
    if (seen[kind].has(key)) return false;
    seen[kind].add(key);
    return true;
  };
  const merged: Report = { ...workspace, findings, analyses: [], skipped: [], errors: [] };
  for (const { report, owned } of [...parts, { report: workspace, owned: null }]) {
    findings.push(...(owned === null ? report.findings : report.findings.filter((finding) => owned.has(finding.path))));
    merged.analyses.push(...report.analyses);
    merged.skipped.push(...report.skipped.filter((skipped) => once("skipped", skipped)));
    merged.errors.push(...report.errors.filter((error) => once("errors", error)));
  }
  findings.sort(compareFindings);
  merged.skipped.sort((a, b) => compareUtf8(a.path, b.path));
  return merged;
}

/** How a parallel run was spread, for callers that show or test it. */
export interface ParallelStats {
  parts: number;
  /** Parts each worker analysed; one worker means the run was not split. */
  partsPerWorker: number[];
}

/**
 * Analyses a workspace on up to `jobs` clients at once, each taking the next
 * part when it finishes one, then runs the workspace rules on one of them.
 * With artifacts among the files, or a single part, it is a single request.
 */
export async function checkInParallel(
  files: WorkspaceContent[],
  options: Options,
  {
    jobs,
    hasArtifacts,
    createClient,
    partBytes,
    onStats,
  }: { jobs: number; hasArtifacts: boolean; createClient: () => Client; partBytes?: number; onStats?: (stats: ParallelStats) => void },
): Promise<Report> {
  const split = hasArtifacts ? null : partitionWorkspace(files, partBytes);
  if (split === null || split.parts.length <= 1) {
    onStats?.({ parts: 1, partsPerWorker: [1] });
    const client = createClient();
    try {
      return await client.check({ files, options });
    } finally {
      client.close();
    }
  }
  const { parts, workspace } = split;
  const results: { report: Report; owned: Set<string> }[] = new Array(parts.length);
  const imports: ImportSite[][] = new Array(parts.length);
  let next = 0;
  const clients = Array.from({ length: Math.max(1, Math.min(jobs, parts.length)) }, () => createClient());
  const partsPerWorker = clients.map(() => 0);
  try {
    await Promise.all(
      clients.map(async (client, worker) => {
        for (let index = next++; index < parts.length; index = next++) {
          const part = parts[index]!;
          const owned = new Set(part.owned.map((file) => file.path));
          const result = await client.checkSources({ files: [...part.shared, ...part.owned], options });
          results[index] = { report: result.report, owned };
          imports[index] = result.imports.filter((site) => owned.has(site.file));
          partsPerWorker[worker]! += 1;
        }
      }),
    );
    const workspaceReport = await clients[0]!.check({ files: workspace, options, imports: imports.flat() });
    onStats?.({ parts: parts.length, partsPerWorker });
    return mergeReports(results, workspaceReport);
  } finally {
    for (const client of clients) client.close();
  }
}
