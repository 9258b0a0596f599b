// Which files a CLI run reads, and the workspace root it addresses them from.

import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { collectWorkspace, findConfigFile, goModIgnoredDirectories } from "../../action/src/workspace";

const trees: string[] = [];
afterAll(() => {
  for (const tree of trees) rmSync(tree, { recursive: true, force: true });
});

/** A temporary git root holding the given (empty unless stated) files. */
function tree(files: string[] | Record<string, string>): string {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), "gotrap-walk-")));
  trees.push(root);
  mkdirSync(path.join(root, ".git"));
  const entries = Array.isArray(files) ? files.map((file) => [file, ""] as const) : Object.entries(files);
  for (const [file, content] of entries) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  return root;
}

function collected(argumentsToCheck: string[], cwd: string, noTests = false) {
  const workspace = collectWorkspace(argumentsToCheck, { cwd, noTests });
  return {
    root: workspace.root,
    paths: workspace.files.map((file) => file.path),
    errors: workspace.errors.map((error) => `${path.relative(cwd, error.absolutePath)}: ${error.message}`),
  };
}

describe("collectWorkspace", () => {
  it("collects Go, module and CI files by name, and skips vendor/, testdata/, _* and .* folders", () => {
    const root = tree([
      "go.mod",
      "go.sum",
      "go.work",
      "main.go",
      "main_test.go",
      "README.md",
      "cpu.pprof",
      "notes.txt",
      "Dockerfile",
      "Dockerfile.dev",
      "Makefile",
      "rules.mk",
      ".envrc",
      "deploy.sh",
      ".gitlab-ci.yml",
      ".github/workflows/ci.yml",
      ".github/workflows/release.yaml",
      ".github/workflows/README.md",
      ".github/workflows/nested/x.yml",
      ".github/dependabot.yml",
      ".github/scripts/x.sh",
      "cmd/tool/tool.go",
      "cmd/tool/Makefile",
      "vendor/a/a.go",
      "cmd/vendor/b.go",
      "testdata/t.go",
      "_old/o.go",
      ".cache/c.go",
      ".git/hooks/pre-commit.sh",
    ]);
    expect(collected(["./..."], root)).toEqual({
      root,
      paths: [
        ".envrc",
        ".github/workflows/ci.yml",
        ".github/workflows/release.yaml",
        ".gitlab-ci.yml",
        "Dockerfile",
        "Dockerfile.dev",
        "Makefile",
        "cmd/tool/Makefile",
        "cmd/tool/tool.go",
        "deploy.sh",
        "go.mod",
        "go.sum",
        "go.work",
        "main.go",
        "main_test.go",
        "rules.mk",
      ],
      errors: [],
    });
    expect(collected(["."], root, true).paths).not.toContain("main_test.go");
  });

  it("roots a subfolder at its module and brings in its go.mod, go.sum and go.work", () => {
    const root = tree(["go.work", "mod/go.mod", "mod/go.sum", "mod/pkg/a.go", "mod/pkg/deep/b.go", "mod/other/c.go"]);
    const inside = path.join(root, "mod", "pkg");
    expect(collected(["."], inside)).toEqual({
      root,
      paths: ["go.work", "mod/go.mod", "mod/go.sum", "mod/pkg/a.go", "mod/pkg/deep/b.go"],
      errors: [],
    });
    expect(collected(["a.go"], inside).paths).toEqual(["go.work", "mod/go.mod", "mod/go.sum", "mod/pkg/a.go"]);
  });

  it("roots files with no module at their common folder", () => {
    const root = tree(["a/x.go", "b/y.go"]);
    expect(collected(["a/x.go", "b/..."], root)).toEqual({ root, paths: ["a/x.go", "b/y.go"], errors: [] });
    expect(collected(["a"], root).root).toBe(path.join(root, "a"));
  });

  it("reads any named file, and reports missing arguments", () => {
    const root = tree(["main.go", "cpu.pprof"]);
    expect(collected(["cpu.pprof", "main.go", "missing", "gone/..."], root)).toEqual({
      root,
      paths: ["cpu.pprof", "main.go"],
      errors: ["missing: no such file or directory", "gone: no such file or directory"],
    });
  });

  it("does not walk into go.mod ignore directories", () => {
    const root = tree({
      "go.mod": "module m\n\ngo 1.25\n\nignore ./web/node_modules\nignore (\n\tstatic // built\n\t\"gen/out\"\n)\n",
      "a.go": "",
      "web/node_modules/x/x.go": "",
      "web/app.go": "",
      "static/s.go": "",
      "sub/static/s.go": "",
      "sub/gen/out/o.go": "",
      "sub/gen/keep.go": "",
    });
    expect(collected(["./..."], root).paths).toEqual(["a.go", "go.mod", "sub/gen/keep.go", "web/app.go"]);
    expect(collected(["./..."], path.join(root, "sub")).paths).toEqual(["go.mod", "sub/gen/keep.go"]);
  });

  it("follows file symlinks only inside the workspace and never folder symlinks", () => {
    const outside = tree(["far.go", "dir/d.go"]);
    const root = tree(["go.mod", "real/r.go"]);
    symlinkSync(path.join(outside, "far.go"), path.join(root, "far.go"));
    symlinkSync(path.join(outside, "dir"), path.join(root, "dir"));
    symlinkSync(path.join(root, "real"), path.join(root, "loop"));
    symlinkSync(path.join(root, "real", "r.go"), path.join(root, "alias.go"));
    expect(collected(["."], root).paths).toEqual(["alias.go", "go.mod", "real/r.go"]);
  });
});

describe("goModIgnoredDirectories", () => {
  it("roots ./ paths at the module and matches other paths at any level", () => {
    const [rooted, anywhere] = goModIgnoredDirectories("ignore ./a/b\nignore `c/d`\n");
    expect(["a/b", "a/b/x", "x/a/b", "a"].map((dir) => rooted!.matches(dir))).toEqual([true, true, false, false]);
    expect(["c/d", "x/c/d", "x/c/d/y", "c", "xc/d"].map((dir) => anywhere!.matches(dir))).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});

describe("findConfigFile", () => {
  it("finds the nearest gotrap.toml up to the git root", () => {
    const root = tree(["gotrap.toml", "a/b/.keep", "a/gotrap.toml"]);
    expect(findConfigFile(path.join(root, "a", "b"))).toBe(path.join(root, "a", "gotrap.toml"));
    expect(findConfigFile(root)).toBe(path.join(root, "gotrap.toml"));
    const repo = path.join(tree(["gotrap.toml", "repo/.git/HEAD"]), "repo");
    expect(findConfigFile(repo)).toBeNull();
  });
});
