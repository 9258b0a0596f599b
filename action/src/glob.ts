// Expands the action's `artifacts` globs (`*`, `?`, `**`) against the files
// under a directory. Symlinks are not followed (they may point outside the
// workspace); a pattern without wildcards names one file as it is.

import { readdirSync } from "node:fs";
import path from "node:path";
import { toPosix } from "./workspace.js";

/** A glob as an anchored regular expression over POSIX relative paths. */
export function globToRegExp(glob: string): RegExp {
  let source = "";
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index]!;
    if (char === "*" && glob[index + 1] === "*") {
      const slashAfter = glob[index + 2] === "/";
      source += slashAfter ? "(?:.*/)?" : ".*";
      index += slashAfter ? 2 : 1;
    } else if (char === "*") {
      source += "[^/]*";
    } else if (char === "?") {
      source += "[^/]";
    } else {
      source += char.replace(/[.+^${}()|[\]\\]/g, "\\$&");
    }
  }
  return new RegExp(`^${source}$`);
}

/** Files under `baseDirectory` matching any glob (relative to it), sorted, as paths relative to it. */
export function expandGlobs(globs: string[], baseDirectory: string): { files: string[]; unmatched: string[] } {
  const files = new Set<string>();
  const unmatched: string[] = [];
  let everyFile: string[] | null = null;
  for (const glob of globs) {
    const normalized = toPosix(glob).replace(/^\.\//, "");
    if (!/[*?]/.test(normalized)) {
      files.add(normalized);
      continue;
    }
    everyFile ??= listFiles(baseDirectory);
    const pattern = globToRegExp(normalized);
    const matches = everyFile.filter((file) => pattern.test(file));
    if (matches.length === 0) unmatched.push(glob);
    for (const match of matches) files.add(match);
  }
  return { files: [...files].sort(), unmatched };
}

function listFiles(baseDirectory: string): string[] {
  const found: string[] = [];
  const pending = [""];
  for (let relative = pending.pop(); relative !== undefined; relative = pending.pop()) {
    let entries;
    try {
      entries = readdirSync(path.join(baseDirectory, relative), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const child = relative === "" ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name !== ".git" && entry.name !== "node_modules") pending.push(child);
      } else if (entry.isFile()) {
        found.push(child);
      }
    }
  }
  return found;
}
