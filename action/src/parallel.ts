// Runs one analysis on several worker_threads, each with its own wasm
// instance, and merges their Reports into the Report one run would give.
//
// The unit of work is a module (or a go.work workspace): module-wide checks
// (go.sum entries reported at the first import of a module, the main
// module's `//go:debug` settings) see all of a module's Go files together.
// Every go.mod, go.sum and go.work travels with every part, so go versions,
// replacements and sibling modules resolve as in one run; findings on those
// shared files are kept once. Artifacts map their frames onto the whole
// workspace, so a run that names artifacts is not split.

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

/** The go.work directory, else the go.mod directory, governing a directory; else the directory itself. */
function unitOf(directory: string, workDirectories: Set<string>, modDirectories: Set<string>): string {
  let nearestMod: string | null = null;
  for (let current = directory; ; current = directoryOf(current)) {
    if (workDirectories.has(current)) return `work:${current}`;
    if (nearestMod === null && modDirectories.has(current)) nearestMod = current;
    if (current === "") break;
  }
  return nearestMod === null ? `dir:${directory}` : `mod:${nearestMod}`;
}

/**
 * Splits a workspace into at most `parts` groups of whole modules, balanced
 * by bytes. Each part lists the files it owns; module files are shared by all.
 */
export function partitionWorkspace(files: WorkspaceContent[], parts: number): { owned: WorkspaceContent[]; shared: WorkspaceContent[] }[] {
  const shared = files.filter((file) => MODULE_FILE_NAMES.has(baseName(file.path)));
  const workDirectories = new Set(shared.filter((file) => baseName(file.path) === "go.work").map((file) => directoryOf(file.path)));
  const modDirectories = new Set(shared.filter((file) => baseName(file.path) === "go.mod").map((file) => directoryOf(file.path)));
  const units = new Map<string, { files: WorkspaceContent[]; bytes: number }>();
  for (const file of files) {
    if (MODULE_FILE_NAMES.has(baseName(file.path))) continue;
    const key = unitOf(directoryOf(file.path), workDirectories, modDirectories);
    const unit = units.get(key) ?? { files: [], bytes: 0 };
    unit.files.push(file);
    unit.bytes += file.content.byteLength;
    units.set(key, unit);
  }
  // Largest unit first onto the lightest part: the classic greedy balance.
  const buckets = Array.from({ length: Math.max(1, Math.min(parts, units.size)) }, () => ({ owned: [] as WorkspaceContent[], bytes: 0 }));
  for (const unit of [...units.values()].sort((a, b) => b.bytes - a.bytes)) {
    const lightest = buckets.reduce((min, bucket) => (bucket.bytes < min.bytes ? bucket : min));
    lightest.owned.push(...unit.files);
    lightest.bytes += unit.bytes;
  }
  return buckets.map((bucket) => ({ owned: bucket.owned, shared }));
}

function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** The core's canonical order: path, line, column, rule. */
function compareFindings(a: Finding, b: Finding): number {
  return compareUtf8(a.path, b.path) || a.line - b.line || a.column - b.column || compareUtf8(a.rule, b.rule);
}

/** Merges the Reports of the parts: owned files' findings as they are, shared files' findings once. */
export function mergeReports(reports: { report: Report; owned: Set<string> }[]): Report {
  const first = reports[0]!.report;
  const findings: Finding[] = [];
  const seenShared = new Set<string>();
  const seenSkipped = new Set<string>();
  const seenErrors = new Set<string>();
  const merged: Report = { ...first, findings, analyses: [], skipped: [], errors: [] };
  for (const { report, owned } of reports) {
    for (const finding of report.findings) {
      if (owned.has(finding.path)) {
        findings.push(finding);
      } else {
        const key = JSON.stringify(finding);
        if (!seenShared.has(key)) {
          seenShared.add(key);
          findings.push(finding);
        }
      }
    }
    merged.analyses.push(...report.analyses);
    for (const skipped of report.skipped) {
      const key = JSON.stringify(skipped);
      if (!seenSkipped.has(key)) {
        seenSkipped.add(key);
        merged.skipped.push(skipped);
      }
    }
    for (const error of report.errors) {
      const key = JSON.stringify(error);
      if (!seenErrors.has(key)) {
        seenErrors.add(key);
        merged.errors.push(error);
      }
    }
  }
  findings.sort(compareFindings);
  merged.skipped.sort((a, b) => compareUtf8(a.path, b.path));
  return merged;
}

/**
 * Analyses a workspace on up to `jobs` clients at once. With one job, or with
 * artifacts among the files, it is a single request.
 */
export async function checkInParallel(
  files: WorkspaceContent[],
  options: Options,
  { jobs, hasArtifacts, createClient }: { jobs: number; hasArtifacts: boolean; createClient: () => Client },
): Promise<Report> {
  const parts = jobs <= 1 || hasArtifacts ? [{ owned: files, shared: [] }] : partitionWorkspace(files, jobs);
  const clients = parts.map(() => createClient());
  try {
    const reports = await Promise.all(
      parts.map(async (part, index) => ({
        report: await clients[index]!.check({ files: [...part.shared, ...part.owned], options }),
        owned: new Set(part.owned.map((file) => file.path)),
      })),
    );
    return reports.length === 1 ? reports[0]!.report : mergeReports(reports);
  } finally {
    for (const client of clients) client.close();
  }
}
