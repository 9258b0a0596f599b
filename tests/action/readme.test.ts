// The README's action documentation matches the action: its inputs and
// outputs tables list action.yml's in order with their defaults, and its
// job summary sample is what the action writes for that pull request.

import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../paths";
import { actionYaml, pullRequestEvent, pullRequestWithOldAndNewFinding, Repo, runAction } from "./harness";

const readme = readFileSync(path.join(repoRoot, "README.md"), "utf8");

/** The rows of the first table after a heading, as arrays of cells. */
function tableAfter(heading: string): string[][] {
  const start = readme.indexOf(`\n${heading}\n`);
  expect(start).toBeGreaterThan(0);
  const lines = readme.slice(start + heading.length + 2).split("\n");
  const first = lines.findIndex((line) => line.startsWith("|"));
  const rows: string[][] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith("|")) break;
    rows.push(line.slice(1, -1).split(/(?<!\\)\|/).map((cell) => cell.trim()));
  }
  return rows;
}

const unquote = (cell: string): string => cell.replace(/^`(.*)`$/, "$1");

describe("README: the GitHub Action", () => {
  it("lists every input of action.yml, in order, with its default", () => {
    expect(tableAfter("### Inputs").map(([name, fallback]) => [unquote(name!), unquote(fallback!)])).toEqual(
      Object.entries(actionYaml.inputs).map(([name, spec]) => [name, spec.default ?? ""]),
    );
  });

  it("lists every output of action.yml, in order", () => {
    expect(tableAfter("### Outputs").map(([name]) => unquote(name!))).toEqual(Object.keys(actionYaml.outputs));
  });

  it("shows the summary the action writes", () => {
    const sample = /\n### The job summary\n[\s\S]*?```markdown\n([\s\S]*?)```\n/.exec(readme)?.[1];
    expect(sample).toBeDefined();
    const repo = new Repo();
    const { headSha } = pullRequestWithOldAndNewFinding(repo);
    const run = runAction(repo.root, { eventName: "pull_request", event: pullRequestEvent(headSha) });
    expect(run.summary.replaceAll(headSha, "<head-sha>")).toBe(`${sample}\n`);
  });

  it("shows the uses: line for the published action and the monorepo path", () => {
    expect(readme).toContain("- uses: <org>/gotrap-action@v1\n");
    expect(readme).toContain("`uses: <org>/gotrap/action@main`");
  });
});
