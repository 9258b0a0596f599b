// Hostile inputs built alike by the wasm suite (tests/node/hostile.test.ts)
// and the playground's browser tests.

import { readFileSync } from "node:fs";
import { repoRoot } from "../paths";

/** A committed gzip member of tests/hostile repeated `count` times: gunzip reads the members as one stream. */
export function repeatedGzip(member: string, count: number): Buffer {
  const bytes = readFileSync(`${repoRoot}tests/hostile/${member}`);
  return Buffer.concat(Array.from({ length: count }, () => bytes));
}

/** 1 GiB of zeros as 1,024 gzip members of 1 MiB each (1,051 bytes apiece). */
export function gzipBomb(): Buffer {
  return repeatedGzip("zeros-1mib.gz", 1024);
}

/** A Go file of package `pkg` whose one expression is `depth` parentheses deep. */
export function nestedParentheses(depth: number, pkg = "p"): string {
  return `package ${pkg}\n\nfunc f() {\n\t_ = ${"(".repeat(depth)}1${")".repeat(depth)}\n}\n`;
}
