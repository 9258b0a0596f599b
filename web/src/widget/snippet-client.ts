// The one core every snippet of a page shares. Served from the page's own
// origin, the widget runs it in a module worker (analysis never blocks the
// page); served from another origin (a CDN), it cannot start a worker of that
// origin, so the core runs on the page's thread, fetched on first use. Either
// way the wasm is the source-only core (crate/pkg-source, aliased by
// vite.widget.config.ts), loaded only when the first snippet is checked.

import { createBrowserClient } from "../../../action/src/client/browser";
import type { Client } from "../../../action/src/client/client";
import { createInThreadClient } from "../../../action/src/client/in-thread";

let shared: Client | null = null;

/** Whether this module is served from the page's own origin, so it may start a worker. */
export function servedFromPageOrigin(): boolean {
  return new URL(import.meta.url).origin === location.origin;
}

export function snippetClient(): Client {
  shared ??= servedFromPageOrigin()
    ? createBrowserClient()
    : createInThreadClient(async () => {
        const core = await import("../../../crate/pkg/gotrap.js");
        await core.default();
        return core;
      });
  return shared;
}
