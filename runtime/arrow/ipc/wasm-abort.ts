/**
 * The WebAssembly zstd's loading in a browser, made to end when it fails.
 *
 * @bokuweb/zstd-wasm's browser build fetches `zstd.wasm` from beside the script that holds it
 * (`new URL("./zstd.wasm", import.meta.url)`): Vite and webpack 5 copy the file there,
 * esbuild and a plain Rollup build do not. When the fetch or the compile fails, the library aborts
 * inside a promise it never hands out: its `init()` stays pending for good, and the page only sees
 * an unhandled rejection, a `WebAssembly.RuntimeError` whose message starts with "Aborted(". While
 * `init()` is pending, that rejection is taken as its failure.
 *
 * Node's build reads the file from disk and rejects `init()` when it is missing, but hands its
 * bytes to Emscripten, which only logs a failed instantiation ("wasm compile failed: RangeError:
 * ... Out of memory", where `ulimit -v` leaves no address space for a WebAssembly memory: V8
 * reserves ~10 GB for each) and leaves `init()` pending for good, so a compressed write would
 * never settle. There the module is instantiated through Emscripten's `instantiateWasm` hook,
 * whose failure rejects.
 */

/** `init()`'s promise, rejected with the abort's own words (`failed to load wasm binary file at 'https://...'`) when the module aborts instead. */
export function untilWasmLoaded(init: () => Promise<void>): Promise<void> {
  if (typeof globalThis.addEventListener !== "function") return untilInstantiated(init);
  let onRejection: (event: PromiseRejectionEvent) => void = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onRejection = (event) => {
      const abort = wasmAbortReason(event.reason);
      if (abort === null) return;
      event.preventDefault(); // it is reported as the load's failure instead
      reject(new Error(abort));
    };
  });
  globalThis.addEventListener("unhandledrejection", onRejection);
  return Promise.race([init(), aborted]).finally(() =>
    globalThis.removeEventListener("unhandledrejection", onRejection),
  );
}

/** What an Emscripten module's abort says (`Aborted(<reason>). Build with -sASSERTIONS ...`): its reason, else `null`. */
function wasmAbortReason(reason: unknown): string | null {
  if (!(reason instanceof WebAssembly.RuntimeError)) return null;
  return /^Aborted\((.*)\)/s.exec(reason.message)?.[1] ?? null;
}

/** The part of @bokuweb/zstd-wasm's Emscripten module (dist/common/module.js) that instantiates it. */
interface EmscriptenModule {
  instantiateWasm?: (
    imports: WebAssembly.Imports,
    receiveInstance: (instance: WebAssembly.Instance) => void,
  ) => Record<string, never>;
}

/**
 * `init()`'s promise in Node, rejected when the module's instantiation fails. The hook goes on the
 * module that `import("@bokuweb/zstd-wasm")` loaded (the same file in Node's module cache); where
 * that module cannot be found (a bundle that holds its own copy), `init()` runs as it is.
 */
async function untilInstantiated(init: () => Promise<void>): Promise<void> {
  const packageFiles = zstdPackageFiles();
  if (packageFiles === null) return init();
  const wasm = await packageFiles.readFile("zstd.wasm");
  let failed: (reason: unknown) => void = () => {};
  const instantiation = new Promise<never>((_, reject) => {
    failed = reject;
  });
  packageFiles.module.instantiateWasm = (imports, receiveInstance) => {
    WebAssembly.instantiate(wasm as BufferSource, imports).then(({ instance }) => receiveInstance(instance), failed);
    return {};
  };
  return Promise.race([init(), instantiation]);
}

/** @bokuweb/zstd-wasm's Emscripten module in Node, and a reader of the files beside it; `null` outside Node or where the package cannot be resolved. */
function zstdPackageFiles(): { module: EmscriptenModule; readFile: (name: string) => Promise<Uint8Array> } | null {
  // getBuiltinModule, not `import "node:module"`: bundlers for browsers would have to resolve the import.
  const builtin = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
    ?.getBuiltinModule;
  if (typeof builtin !== "function") return null;
  try {
    const { createRequire } = builtin("node:module") as typeof import("node:module");
    const { dirname, join } = builtin("node:path") as typeof import("node:path");
    const { readFile } = builtin("node:fs/promises") as typeof import("node:fs/promises");
    const require = createRequire(import.meta.url);
    const folder = dirname(require.resolve("@bokuweb/zstd-wasm"));
    const { Module } = require(join(folder, "module.js")) as { Module: EmscriptenModule };
    return { module: Module, readFile: (name) => readFile(join(folder, name)) };
  } catch {
    return null;
  }
}
