// The wasm core instantiated in the test process, as a worker would do it.

import { readFileSync } from "node:fs";
import * as wasm from "../../crate/pkg/gotrap.js";
import { wasmFile } from "../paths";

const instance = wasm.initSync({ module: readFileSync(wasmFile) });

export const core = wasm;
/** The instance's linear memory (it grows and never shrinks). */
export const memory = instance.memory;
