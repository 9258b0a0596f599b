// The request loop every worker runs, whatever its environment: instantiate the
// core once, keep one Session (the core reuses its parser between analyses),
// and answer requests one at a time.

import type { Core } from "./core.js";
import type { CheckStages, WorkerRequest, WorkerResponse, WorkspaceFile } from "./protocol.js";

/** How a worker script talks to its client. */
export interface WorkerChannel {
  post(response: WorkerResponse): void;
  listen(handler: (request: WorkerRequest) => void): void;
}

export async function serveRequests(loadCore: () => Promise<Core>, channel: WorkerChannel): Promise<void> {
  let core: Core;
  try {
    core = await loadCore();
  } catch (error) {
    channel.post({ type: "load-failed", message: describeError(error) });
    return;
  }
  const answer = createRequestHandler(core);
  channel.listen((request) => channel.post(answer(request)));
  channel.post({ type: "ready", toolVersion: core.version(), schemaVersion: core.schemaVersion() });
}

export function createRequestHandler(core: Core): (request: WorkerRequest) => WorkerResponse {
  const session = new core.Session();
  let sessionPaths = new Set<string>();

  const analyze = (files: WorkspaceFile[], optionsJson: string, stages: CheckStages, keepTrees: boolean): string => {
    session.setOptions(optionsJson);
    session.setKeepTrees(keepTrees);
    const requestPaths = new Set(files.map((file) => file.path));
    for (const path of sessionPaths) {
      if (!requestPaths.has(path)) session.removeFile(path);
    }
    // Recorded before the calls that may trap: a crashed worker is discarded anyway.
    sessionPaths = requestPaths;
    for (const file of files) session.setFile(file.path, file.content);
    switch (stages.kind) {
      case "all":
        return session.analyze();
      case "sources":
        return session.analyzeSources();
      case "with-imports":
        return session.analyzeWithImports(stages.importsJson);
    }
  };

  return (request) => {
    try {
      const json =
        request.type === "check"
          ? analyze(request.files, request.optionsJson, request.stages, request.keepTrees)
          : request.type === "compare"
            ? core.compare(request.base.path, request.base.content, request.new.path, request.new.content, request.optionsJson)
            : core.rules();
      return { type: "result", id: request.id, json };
    } catch (error) {
      return { type: "crashed", id: request.id, message: describeError(error) };
    }
  };
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
