// Hostile inputs built alike by the wasm suite (tests/node/hostile.test.ts)
// and the playground's browser tests.

import { readFileSync } from "node:fs";
import { repoRoot } from "../paths";

/** 1 GiB of zeros as 1,024 gzip members of 1 MiB each (1,051 bytes apiece), which gunzip reads as one stream. */
export function gzipBomb(): Buffer {
  const member = readFileSync(`${repoRoot}tests/hostile/zeros-1mib.gz`);
  return Buffer.concat(Array.from({ length: 1024 }, () => member));
}

/** A Go file of package `pkg` whose one expression is `depth` parentheses deep. */
export function nestedParentheses(depth: number, pkg = "p"): string {
  return `package ${pkg}\n\nfunc f() {\n\t_ = ${"(".repeat(depth)}1${")".repeat(depth)}\n}\n`;
}
