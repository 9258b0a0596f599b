// The shapes of the core's `analyses` the views read (crate/src/profile/mod.rs
// and crate/src/gctrace.rs document them). The Report types `data` as
// unknown; these name the fields used here.

import type { GoroutineAnalysis } from "../../action/src/client/report";

export interface TopRow {
  function: string;
  flat: number;
  flatPercent: number;
  cum: number;
  cumPercent: number;
}

export interface CallTreeNode {
  id: number;
  parent: number | null;
  function: string;
  self: number;
  cum: number;
}

export interface ProfileType {
  type: string;
  unit: string;
  total: number;
  top: TopRow[];
  topDropped: number;
  callTree: { tree: CallTreeNode[]; nodes: number; nodesDropped: number; truncatedSamples: number };
}

export interface ProfileAnalysis {
  format: "pprof";
  profile: string;
  compressed: boolean;
  decodedBytes: number;
  samples: number;
  durationNanos: number;
  defaultSampleType: string;
  types: ProfileType[];
  /** A goroutine or goroutineleak profile's goroutines grouped by stack. */
  goroutines?: GoroutineAnalysis;
}

export interface GctraceRow {
  n: number;
  line: number;
  timeS: number;
  percent: number;
  procs: number;
  forced: boolean;
  heapStartMb: number;
  heapEndMb: number;
  heapLiveMb: number;
  goalMb: number;
  clockMs: { sweepTermination: number; mark: number; markTermination: number };
  cpuMs: { sweepTermination: number; assist: number; background: number; idle: number; markTermination: number };
}

export interface GctraceAnalysis {
  format: "gctrace";
  lines: number;
  gcLines: number;
  malformedLines: number;
  rows: GctraceRow[];
  rowsDropped: number;
  summary: {
    gcs: number;
    durationS: number;
    gcRatePerS: number;
    gcCpuFraction: number;
    markAssistShare: number;
    forced: number;
    stwPauseMs: { count: number; total: number; p50: number; p99: number; max: number };
    heapLiveMb: { min: number; max: number };
    goalMb: { min: number; max: number };
  };
}

/** A value in its sample unit, as pprof prints it. */
export function formatValue(value: number, unit: string): string {
  if (unit === "nanoseconds") {
    const abs = Math.abs(value);
    if (abs >= 1e9) return `${(value / 1e9).toFixed(2)}s`;
    if (abs >= 1e6) return `${(value / 1e6).toFixed(2)}ms`;
    if (abs >= 1e3) return `${(value / 1e3).toFixed(2)}µs`;
    return `${value}ns`;
  }
  if (unit === "bytes") {
    const abs = Math.abs(value);
    if (abs >= 2 ** 30) return `${(value / 2 ** 30).toFixed(2)}GB`;
    if (abs >= 2 ** 20) return `${(value / 2 ** 20).toFixed(2)}MB`;
    if (abs >= 2 ** 10) return `${(value / 2 ** 10).toFixed(2)}kB`;
    return `${value}B`;
  }
  return String(value);
}
