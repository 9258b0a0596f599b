// Runs the committed action (action/dist/index.js) as GitHub's runner does:
// `node` on the entry, inputs as INPUT_* variables (the defaults from
// action.yml filled in, as the runner does), the event payload in a file
// named by GITHUB_EVENT_PATH, and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files
// the step appends to. The workspace is a real git repository.

import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { load } from "js-yaml";
import { afterAll } from "vitest";
import { actionEntry, repoRoot } from "../paths";

interface ActionYaml {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { description: string }>;
}

export const actionYaml = load(readFileSync(path.join(repoRoot, "action/action.yml"), "utf8")) as ActionYaml;

const created: string[] = [];
afterAll(() => {
  for (const directory of created) rmSync(directory, { recursive: true, force: true });
});

export function tempDirectory(prefix: string): string {
  const directory = realpathSync(mkdtempSync(path.join(tmpdir(), prefix)));
  created.push(directory);
  return directory;
}

/** A git repository in a new temporary directory, with helpers to build its history. */
export class Repo {
  readonly root: string;

  constructor(root = tempDirectory("gotrap-action-")) {
    this.root = root;
    this.git("init", "-q", "-b", "main");
    this.git("config", "user.email", "dev@example.com");
    this.git("config", "user.name", "dev");
    this.git("config", "commit.gpgsign", "false");
  }

  git(...args: string[]): string {
    return execFileSync("git", args, { cwd: this.root, encoding: "utf8" });
  }

  write(files: Record<string, string>): void {
    for (const [relative, content] of Object.entries(files)) {
      const file = path.join(this.root, relative);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
  }

  /** Writes the files, commits everything and returns the commit id. */
  commit(message: string, files: Record<string, string> = {}): string {
    this.write(files);
    this.git("add", "-A");
    this.git("commit", "-q", "--allow-empty", "-m", message);
    return this.head();
  }

  head(): string {
    return this.git("rev-parse", "HEAD").trim();
  }

  /**
   * A pull request as actions/checkout sees it: `main` holds the base, the
   * branch `feature` the head, and HEAD is checked out (detached) at the merge
   * commit of head into base, whose first parent is the base.
   */
  pullRequest(base: Record<string, string>, head: Record<string, string>): { baseSha: string; headSha: string; mergeSha: string } {
    const baseSha = this.commit("base", base);
    this.git("checkout", "-q", "-b", "feature");
    const headSha = this.commit("change", head);
    this.git("checkout", "-q", "--detach", baseSha);
    this.git("merge", "-q", "--no-ff", "-m", "Merge feature into main", headSha);
    return { baseSha, headSha, mergeSha: this.head() };
  }
}

export interface ActionRun {
  status: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Parses GITHUB_OUTPUT: `name<<delimiter`, value lines, `delimiter`. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[index]!);
    if (match === null) continue;
    const value: string[] = [];
    for (index++; index < lines.length && lines[index] !== match[2]; index++) value.push(lines[index]!);
    outputs[match[1]!] = value.join("\n");
  }
  return outputs;
}

export function runAction(
  workspace: string,
  { eventName, event, inputs = {}, env = {} }: { eventName: string; event: object; inputs?: Record<string, string>; env?: Record<string, string> },
): ActionRun {
  const runner = tempDirectory("gotrap-runner-");
  const eventPath = path.join(runner, "event.json");
  const outputPath = path.join(runner, "output");
  const summaryPath = path.join(runner, "summary.md");
  writeFileSync(eventPath, JSON.stringify(event));
  writeFileSync(outputPath, "");
  writeFileSync(summaryPath, "");
  const inputEnv: Record<string, string> = {};
  for (const [name, spec] of Object.entries(actionYaml.inputs)) {
    inputEnv[`INPUT_${name.toUpperCase()}`] = inputs[name] ?? spec.default ?? "";
  }
  for (const name of Object.keys(inputs)) {
    if (!(name in actionYaml.inputs)) throw new Error(`action.yml has no input ${name}`);
  }
  const result = spawnSync(process.execPath, [actionEntry], {
    cwd: workspace,
    encoding: "utf8",
    timeout: 120_000,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      GITHUB_ACTIONS: "true",
      GITHUB_WORKSPACE: workspace,
      GITHUB_EVENT_NAME: eventName,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_OUTPUT: outputPath,
      GITHUB_STEP_SUMMARY: summaryPath,
      GITHUB_REPOSITORY: "octo/app",
      GITHUB_SERVER_URL: "https://github.com",
      GITHUB_SHA: "0123456789abcdef0123456789abcdef01234567",
      ...inputEnv,
      ...env,
    },
  });
  if (result.error) throw result.error;
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    outputs: parseOutputFile(readFileSync(outputPath, "utf8")),
    summary: readFileSync(summaryPath, "utf8"),
  };
}

export function pullRequestEvent(headSha: string, baseRef = "main"): object {
  return { pull_request: { number: 7, base: { ref: baseRef }, head: { sha: headSha } } };
}

export const goMod = (version: string, module = "example.com/app"): string => `module ${module}\n\ngo ${version}\n`;

/** A function whose `&i` (line 6, column 23 of the file) is GT101 below go1.22. */
export const closureFile = `package main

func pointers() []*int {
	var ptrs []*int
	for i := 0; i < 3; i++ {
		ptrs = append(ptrs, &i)
	}
	return ptrs
}
`;

export const GT101_MESSAGE =
  "loop variable i captured by &i, stored in ptrs, which outlives the iteration: before go1.22 every iteration shares one i";

/** A base holding one GT101 and a pull request adding another in app/closure.go. */
export function pullRequestWithOldAndNewFinding(repo: Repo): ReturnType<Repo["pullRequest"]> {
  return repo.pullRequest(
    { "app/go.mod": goMod("1.21"), "app/old.go": closureFile.replace("pointers", "old") },
    { "app/closure.go": closureFile },
  );
}
