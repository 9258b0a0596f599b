// A wasm Session edited file by file (as the playground's worker does) reports
// byte for byte what a fresh Session given the same files reports: random
// edits to each rule fixture's files, seeded so a failure repeats.

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseTxtar } from "../../action/src/client/txtar";
import { ruleFixturesDir } from "../paths";
import { core } from "./wasm-core";

const EDITS_PER_FIXTURE = 12;
/** Text an edit inserts: brackets and quotes that break the syntax, comments, code that trips rules. */
const INSERTS = ["", "\n", "{", "}", "(", '"', "`", "// edit\n", "/*", "x", "é😀", "\tgo func() { <-done }()\n", "\tch := make(chan int)\n\tch <- 1\n", "\r\n"];

const fixtures = readdirSync(ruleFixturesDir)
  .filter((name) => name.endsWith(".txtar"))
  .sort();

/** xorshift32: the same edits on every run. */
function randomFrom(seed: number): (n: number) => number {
  let state = seed || 1;
  return (n) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % n;
  };
}

function freshReport(files: Map<string, string>): string {
  const session = new core.Session();
  try {
    for (const [name, text] of files) session.setFile(name, new TextEncoder().encode(text));
    return session.analyze();
  } finally {
    session.free();
  }
}

describe("a wasm Session edited file by file", () => {
  it.each(fixtures)("reports what a fresh Session reports after each edit of %s", (fixture) => {
    const archive = parseTxtar(readFileSync(path.join(ruleFixturesDir, fixture)));
    const files = new Map(archive.files.map((file) => [file.name, new TextDecoder().decode(file.data)]));
    const goFiles = [...files.keys()].filter((name) => name.endsWith(".go"));
    const random = randomFrom(fixtures.indexOf(fixture) + 1);
    const session = new core.Session();
    try {
      for (const [name, text] of files) session.setFile(name, new TextEncoder().encode(text));
      expect(session.analyze()).toBe(freshReport(files));
      for (let edit = 0; edit < EDITS_PER_FIXTURE && goFiles.length > 0; edit++) {
        const name = goFiles[random(goFiles.length)]!;
        // Code points, not UTF-16 units: edits keep the text well-formed.
        const text = [...files.get(name)!];
        const at = random(text.length + 1);
        text.splice(at, random(4) === 0 ? random(30) : 0, INSERTS[random(INSERTS.length)]!);
        files.set(name, text.join(""));
        session.setFile(name, new TextEncoder().encode(files.get(name)!));
        expect(session.analyze(), `${fixture}, edit ${edit} of ${name}`).toBe(freshReport(files));
      }
    } finally {
      session.free();
    }
  });
});
