import { createRequire as __gotrapCreateRequire } from "node:module";
const require = __gotrapCreateRequire(import.meta.url);
var __defProp = Object.defineProperty;
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};

// src/client/node-worker.ts
import { readFile } from "node:fs/promises";
import { parentPort } from "node:worker_threads";

// ../crate/pkg/gotrap.js
var gotrap_exports = {};
__export(gotrap_exports, {
  Session: () => Session,
  compare: () => compare,
  default: () => __wbg_init,
  initSync: () => initSync,
  rules: () => rules,
  schemaVersion: () => schemaVersion,
  start: () => start,
  version: () => version
});
var Session = class {
  __destroy_into_raw() {
    const ptr = this.__wbg_ptr;
    this.__wbg_ptr = 0;
    SessionFinalization.unregister(this);
    return ptr;
  }
  free() {
    const ptr = this.__destroy_into_raw();
    wasm.__wbg_session_free(ptr, 0);
  }
  /**
   * Analyses the Go files without the workspace rules, for a host that
   * spreads a workspace over instances: `{"report": Report, "imports": ImportSite[]}`.
   * @returns {string}
   */
  analyzeSources() {
    let deferred1_0;
    let deferred1_1;
    try {
      const ret = wasm.session_analyzeSources(this.__wbg_ptr);
      deferred1_0 = ret[0];
      deferred1_1 = ret[1];
      return getStringFromWasm0(ret[0], ret[1]);
    } finally {
      wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
    }
  }
  /**
   * Analyses the workspace with the imports (JSON `ImportSite[]`) that
   * `analyzeSources` returned for Go files analysed elsewhere; returns the Report as JSON.
   * @param {string} imports_json
   * @returns {string}
   */
  analyzeWithImports(imports_json) {
    let deferred2_0;
    let deferred2_1;
    try {
      const ptr0 = passStringToWasm0(imports_json, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
      const len0 = WASM_VECTOR_LEN;
      const ret = wasm.session_analyzeWithImports(this.__wbg_ptr, ptr0, len0);
      deferred2_0 = ret[0];
      deferred2_1 = ret[1];
      return getStringFromWasm0(ret[0], ret[1]);
    } finally {
      wasm.__wbindgen_free(deferred2_0, deferred2_1, 1);
    }
  }
  /**
   * Analyses the workspace and returns the Report as JSON.
   * @returns {string}
   */
  analyze() {
    let deferred1_0;
    let deferred1_1;
    try {
      const ret = wasm.session_analyze(this.__wbg_ptr);
      deferred1_0 = ret[0];
      deferred1_1 = ret[1];
      return getStringFromWasm0(ret[0], ret[1]);
    } finally {
      wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
    }
  }
  constructor() {
    const ret = wasm.session_new();
    this.__wbg_ptr = ret;
    SessionFinalization.register(this, this.__wbg_ptr, this);
    return this;
  }
  /**
   * @param {string} path
   */
  removeFile(path) {
    const ptr0 = passStringToWasm0(path, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
    const len0 = WASM_VECTOR_LEN;
    wasm.session_removeFile(this.__wbg_ptr, ptr0, len0);
  }
  /**
   * @param {string} path
   * @param {Uint8Array | number[]} content
   */
  setFile(path, content) {
    let ptr0, len0, ptr1, len1;
    try {
      ptr0 = passStringToWasm0(path, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
      len0 = WASM_VECTOR_LEN;
      ptr1 = passArray8ToWasm0(content, wasm.__wbindgen_malloc);
      len1 = WASM_VECTOR_LEN;
    } catch (e) {
      if (ptr1) {
        wasm.__wbindgen_free(ptr1, len1 * 1, 1);
      }
      if (ptr0) {
        wasm.__wbindgen_free(ptr0, len0 * 1, 1);
      }
      throw e;
    }
    wasm.session_setFile(this.__wbg_ptr, ptr0, len0, ptr1, len1);
  }
  /**
   * Whether analyses keep each Go file's syntax tree for the next one (on by default).
   * @param {boolean} keep
   */
  setKeepTrees(keep) {
    wasm.session_setKeepTrees(this.__wbg_ptr, keep);
  }
  /**
   * Options JSON (Contract v1 `Options`); a bad one becomes a run-level error.
   * @param {string} options_json
   */
  setOptions(options_json) {
    const ptr0 = passStringToWasm0(options_json, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
    const len0 = WASM_VECTOR_LEN;
    wasm.session_setOptions(this.__wbg_ptr, ptr0, len0);
  }
};
if (Symbol.dispose) Session.prototype[Symbol.dispose] = Session.prototype.free;
function compare(base_path, base, new_path, _new, options_json) {
  let deferred6_0;
  let deferred6_1;
  try {
    let ptr0, len0, ptr1, len1, ptr2, len2, ptr3, len3, ptr4, len4;
    try {
      ptr0 = passStringToWasm0(base_path, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
      len0 = WASM_VECTOR_LEN;
      ptr1 = passArray8ToWasm0(base, wasm.__wbindgen_malloc);
      len1 = WASM_VECTOR_LEN;
      ptr2 = passStringToWasm0(new_path, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
      len2 = WASM_VECTOR_LEN;
      ptr3 = passArray8ToWasm0(_new, wasm.__wbindgen_malloc);
      len3 = WASM_VECTOR_LEN;
      ptr4 = passStringToWasm0(options_json, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
      len4 = WASM_VECTOR_LEN;
    } catch (e) {
      if (ptr4) {
        wasm.__wbindgen_free(ptr4, len4 * 1, 1);
      }
      if (ptr3) {
        wasm.__wbindgen_free(ptr3, len3 * 1, 1);
      }
      if (ptr2) {
        wasm.__wbindgen_free(ptr2, len2 * 1, 1);
      }
      if (ptr1) {
        wasm.__wbindgen_free(ptr1, len1 * 1, 1);
      }
      if (ptr0) {
        wasm.__wbindgen_free(ptr0, len0 * 1, 1);
      }
      throw e;
    }
    const ret = wasm.compare(ptr0, len0, ptr1, len1, ptr2, len2, ptr3, len3, ptr4, len4);
    deferred6_0 = ret[0];
    deferred6_1 = ret[1];
    return getStringFromWasm0(ret[0], ret[1]);
  } finally {
    wasm.__wbindgen_free(deferred6_0, deferred6_1, 1);
  }
}
function rules() {
  let deferred1_0;
  let deferred1_1;
  try {
    const ret = wasm.rules();
    deferred1_0 = ret[0];
    deferred1_1 = ret[1];
    return getStringFromWasm0(ret[0], ret[1]);
  } finally {
    wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
  }
}
function schemaVersion() {
  const ret = wasm.schemaVersion();
  return ret >>> 0;
}
function start() {
  wasm.start();
}
function version() {
  let deferred1_0;
  let deferred1_1;
  try {
    const ret = wasm.version();
    deferred1_0 = ret[0];
    deferred1_1 = ret[1];
    return getStringFromWasm0(ret[0], ret[1]);
  } finally {
    wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
  }
}
function __wbg_get_imports() {
  const import0 = {
    __proto__: null,
    __wbg___wbindgen_throw_4c88d8bf264fd984: function(arg0, arg1) {
      throw new Error(getStringFromWasm0(arg0, arg1));
    },
    __wbg_error_757e9472f8410341: function(arg0, arg1) {
      let deferred0_0;
      let deferred0_1;
      try {
        deferred0_0 = arg0;
        deferred0_1 = arg1;
        console.error(getStringFromWasm0(arg0, arg1));
      } finally {
        wasm.__wbindgen_free(deferred0_0, deferred0_1, 1);
      }
    },
    __wbg_new_bb74001155cb8ca8: function() {
      const ret = new Error();
      return ret;
    },
    __wbg_stack_575c4e0918581b9c: function(arg0, arg1) {
      const ret = arg1.stack;
      const ptr1 = passStringToWasm0(ret, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
      const len1 = WASM_VECTOR_LEN;
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
    },
    __wbindgen_init_externref_table: function() {
      const table = wasm.__wbindgen_externrefs;
      table.set(0, void 0);
      table.set(1024, void 0);
      table.set(1025, null);
      table.set(1026, true);
      table.set(1027, false);
    }
  };
  return {
    __proto__: null,
    "./gotrap_bg.js": import0
  };
}
var SessionFinalization = typeof FinalizationRegistry === "undefined" ? { register: () => {
}, unregister: () => {
} } : new FinalizationRegistry((ptr) => wasm.__wbg_session_free(ptr, 1));
var cachedDataViewMemory0 = null;
function getDataViewMemory0() {
  if (cachedDataViewMemory0 === null || cachedDataViewMemory0.buffer.detached === true || cachedDataViewMemory0.buffer.detached === void 0 && cachedDataViewMemory0.buffer !== wasm.memory.buffer) {
    cachedDataViewMemory0 = new DataView(wasm.memory.buffer);
  }
  return cachedDataViewMemory0;
}
function getStringFromWasm0(ptr, len) {
  ptr = ptr >>> 0;
  return decodeText(getUint8ArrayMemory0().subarray(ptr, ptr + len));
}
var cachedUint8ArrayMemory0 = null;
function getUint8ArrayMemory0() {
  if (cachedUint8ArrayMemory0 === null || cachedUint8ArrayMemory0.byteLength === 0) {
    cachedUint8ArrayMemory0 = new Uint8Array(wasm.memory.buffer);
  }
  return cachedUint8ArrayMemory0;
}
function passArray8ToWasm0(arg, malloc) {
  const ptr = malloc(arg.length * 1, 1) >>> 0;
  getUint8ArrayMemory0().set(arg, ptr / 1);
  WASM_VECTOR_LEN = arg.length;
  return ptr;
}
function passStringToWasm0(arg, malloc, realloc) {
  if (realloc === void 0) {
    const buf = cachedTextEncoder.encode(arg);
    const ptr2 = malloc(buf.length, 1) >>> 0;
    getUint8ArrayMemory0().subarray(ptr2, ptr2 + buf.length).set(buf);
    WASM_VECTOR_LEN = buf.length;
    return ptr2;
  }
  let len = arg.length;
  let ptr = malloc(len, 1) >>> 0;
  const mem = getUint8ArrayMemory0();
  let offset = 0;
  for (; offset < len; offset++) {
    const code = arg.charCodeAt(offset);
    if (code > 127) break;
    mem[ptr + offset] = code;
  }
  if (offset !== len) {
    if (offset !== 0) {
      arg = arg.slice(offset);
    }
    ptr = realloc(ptr, len, len = offset + arg.length * 3, 1) >>> 0;
    const view = getUint8ArrayMemory0().subarray(ptr + offset, ptr + len);
    const ret = cachedTextEncoder.encodeInto(arg, view);
    offset += ret.written;
    ptr = realloc(ptr, len, offset, 1) >>> 0;
  }
  WASM_VECTOR_LEN = offset;
  return ptr;
}
var cachedTextDecoder = new TextDecoder("utf-8", { ignoreBOM: true });
cachedTextDecoder.decode();
var MAX_SAFARI_DECODE_BYTES = 2146435072;
var numBytesDecoded = 0;
function decodeText(bytes) {
  numBytesDecoded += bytes.length;
  if (numBytesDecoded >= MAX_SAFARI_DECODE_BYTES) {
    cachedTextDecoder = new TextDecoder("utf-8", { ignoreBOM: true });
    cachedTextDecoder.decode();
    numBytesDecoded = bytes.length;
  }
  return cachedTextDecoder.decode(bytes);
}
var cachedTextEncoder = new TextEncoder();
if (!("encodeInto" in cachedTextEncoder)) {
  cachedTextEncoder.encodeInto = function(arg, view) {
    const buf = cachedTextEncoder.encode(arg);
    view.set(buf);
    return {
      read: arg.length,
      written: buf.length
    };
  };
}
var WASM_VECTOR_LEN = 0;
var wasmModule;
var wasmInstance;
var wasm;
function __wbg_finalize_init(instance, module) {
  wasmInstance = instance;
  wasm = instance.exports;
  wasmModule = module;
  cachedDataViewMemory0 = null;
  cachedUint8ArrayMemory0 = null;
  wasm.__wbindgen_start();
  return wasm;
}
async function __wbg_load(module, imports) {
  if (typeof Response === "function" && module instanceof Response) {
    if (!module.ok) {
      throw new Error(`failed to fetch Wasm: ${module.status} ${module.statusText} fetching '${module.url}'`);
    }
    if (typeof WebAssembly.instantiateStreaming === "function") {
      try {
        return await WebAssembly.instantiateStreaming(module, imports);
      } catch (e) {
        const validResponse = expectedResponseType(module.type);
        if (validResponse && module.headers.get("Content-Type") !== "application/wasm") {
          console.warn("`WebAssembly.instantiateStreaming` failed because your server does not serve Wasm with `application/wasm` MIME type. Falling back to `WebAssembly.instantiate` which is slower. Original error:\n", e);
        } else {
          throw e;
        }
      }
    }
    const bytes = await module.arrayBuffer();
    return await WebAssembly.instantiate(bytes, imports);
  } else {
    const instance = await WebAssembly.instantiate(module, imports);
    if (instance instanceof WebAssembly.Instance) {
      return { instance, module };
    } else {
      return instance;
    }
  }
  function expectedResponseType(type) {
    switch (type) {
      case "basic":
      case "cors":
      case "default":
        return true;
    }
    return false;
  }
}
function initSync(module) {
  if (wasm !== void 0) return wasm;
  if (module !== void 0) {
    if (Object.getPrototypeOf(module) === Object.prototype) {
      ({ module } = module);
    } else {
      console.warn("using deprecated parameters for `initSync()`; pass a single object instead");
    }
  }
  const imports = __wbg_get_imports();
  if (!(module instanceof WebAssembly.Module)) {
    module = new WebAssembly.Module(module);
  }
  const instance = new WebAssembly.Instance(module, imports);
  return __wbg_finalize_init(instance, module);
}
var __wbg_init_promise;
async function __wbg_init(module_or_path) {
  if (wasm !== void 0) return wasm;
  if (__wbg_init_promise === void 0) {
    __wbg_init_promise = __wbg_init_once(module_or_path);
    __wbg_init_promise.catch(() => {
      __wbg_init_promise = void 0;
    });
  }
  return __wbg_init_promise;
}
async function __wbg_init_once(module_or_path) {
  if (module_or_path !== void 0) {
    if (Object.getPrototypeOf(module_or_path) === Object.prototype) {
      ({ module_or_path } = module_or_path);
    } else {
      console.warn("using deprecated parameters for the initialization function; pass a single object instead");
    }
  }
  if (module_or_path === void 0) {
    module_or_path = new URL("gotrap_bg.wasm", import.meta.url);
  }
  const imports = __wbg_get_imports();
  if (typeof module_or_path === "string" || typeof Request === "function" && module_or_path instanceof Request || typeof URL === "function" && module_or_path instanceof URL) {
    module_or_path = fetch(module_or_path);
  }
  const { instance, module } = await __wbg_load(await module_or_path, imports);
  return __wbg_finalize_init(instance, module);
}

// src/client/worker-core.ts
async function serveRequests(loadCore, channel) {
  let core;
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
function createRequestHandler(core) {
  const session = new core.Session();
  let sessionPaths = /* @__PURE__ */ new Set();
  const analyze = (files, optionsJson, stages, keepTrees) => {
    session.setOptions(optionsJson);
    session.setKeepTrees(keepTrees);
    const requestPaths = new Set(files.map((file) => file.path));
    for (const path of sessionPaths) {
      if (!requestPaths.has(path)) session.removeFile(path);
    }
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
      const json = request.type === "check" ? analyze(request.files, request.optionsJson, request.stages, request.keepTrees) : request.type === "compare" ? core.compare(request.base.path, request.base.content, request.new.path, request.new.content, request.optionsJson) : core.rules();
      return { type: "result", id: request.id, json };
    } catch (error) {
      return { type: "crashed", id: request.id, message: describeError(error) };
    }
  };
}
function describeError(error) {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

// src/client/node-worker.ts
var port = parentPort;
if (port === null) throw new Error("node-worker.js runs only as a worker thread");
void serveRequests(
  async () => {
    const bytes = await readFile(new URL("./gotrap_bg.wasm", import.meta.url));
    initSync({ module: bytes });
    return gotrap_exports;
  },
  {
    post: (response) => port.postMessage(response),
    listen: (handler) => port.on("message", (request) => handler(request))
  }
);
