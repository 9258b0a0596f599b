// The npm package as users get it: `npm pack`, installed from the tarball
// into a fresh project, run with `npx --no-install gotrap` and imported.

import { execFileSync, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { repoRoot } from "../paths";
import { closureFile, GT101_MESSAGE, goMod, tempDirectory } from "./harness";

it("installs from its tarball (without the action's bundle), runs as npx gotrap and imports as gotrap", () => {
  const packDirectory = tempDirectory("gotrap-pack-");
  const packed = JSON.parse(
    execFileSync("npm", ["pack", "--json", "--pack-destination", packDirectory], { cwd: path.join(repoRoot, "action"), encoding: "utf8" }),
  ) as { filename: string; files: { path: string }[] }[];
  expect(packed[0]!.files.map((file) => file.path).sort()).toEqual([
    "dist/api.js",
    "dist/browser.js",
    "dist/cli.js",
    "dist/gotrap_bg.wasm",
    "dist/node-worker.js",
    "dist/types/api.d.ts",
    "dist/types/browser-api.d.ts",
    "dist/types/client/client.d.ts",
    "dist/types/client/core.d.ts",
    "dist/types/client/examples.d.ts",
    "dist/types/client/in-thread.d.ts",
    "dist/types/client/node.d.ts",
    "dist/types/client/protocol.d.ts",
    "dist/types/client/report.d.ts",
    "dist/types/client/txtar.d.ts",
    "dist/types/client/worker-core.d.ts",
    "package.json",
  ]);

  const project = tempDirectory("gotrap-user-");
  writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "user-project", private: true, type: "module" }));
  writeFileSync(path.join(project, "go.mod"), goMod("1.21"));
  writeFileSync(path.join(project, "closure.go"), closureFile);
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--offline", path.join(packDirectory, packed[0]!.filename)], { cwd: project, stdio: "pipe" });

  const cli = spawnSync("npx", ["--no-install", "gotrap", "check", "--select", "GT101"], { cwd: project, encoding: "utf8" });
  expect(cli.stdout).toBe(`closure.go:6:23: GT101 ${GT101_MESSAGE}\n`);
  expect(cli.status).toBe(1);

  const script = `
    import { check } from "gotrap";
    const report = await check({ files: [{ path: "go.mod", content: ${JSON.stringify(goMod("1.21"))} }, { path: "closure.go", content: ${JSON.stringify(closureFile)} }], options: { select: ["GT101"] } });
    console.log(report.findings.map((f) => f.rule + " " + f.path + ":" + f.line).join(","));
    process.exit(0);
  `;
  const api = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: project, encoding: "utf8" });
  expect(api.stderr).toBe("");
  expect(api.stdout).toBe("GT101 closure.go:6\n");
});
