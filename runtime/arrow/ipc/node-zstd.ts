/**
 * How Node starts the WebAssembly zstd so that a failed instantiation rejects. @bokuweb/zstd-wasm's
 * Node build hands zstd.wasm's bytes to Emscripten, which only logs a failed instantiation ("wasm
 * compile failed: RangeError: ... Out of memory", where `ulimit -v` leaves no address space for a
 * WebAssembly memory: V8 reserves ~10 GB for each) and leaves `init()` pending for good, so a
 * compressed write would never settle. Here the module is instantiated through Emscripten's
 * `instantiateWasm` hook, whose failure rejects. The Node layer installs it when it loads
 * (arrow/table-files.ts); browsers report an abort their own way (ipc/wasm-abort.ts).
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { useZstdStart } from "./wasm-abort.js";

/** The part of @bokuweb/zstd-wasm's Emscripten module (dist/common/module.js) that instantiates it. */
interface EmscriptenModule {
  instantiateWasm?: (
    imports: WebAssembly.Imports,
    receiveInstance: (instance: WebAssembly.Instance) => void,
  ) => Record<string, never>;
}

export function installNodeZstdStart(): void {
  useZstdStart(untilInstantiated);
}

/**
 * `init()`'s promise, rejected when the module's instantiation fails. The hook goes on the module
 * that `import("@bokuweb/zstd-wasm")` loaded (the same file in Node's module cache); where that
 * module cannot be found (a bundle that holds its own copy), `init()` runs as it is.
 */
async function untilInstantiated(init: () => Promise<void>): Promise<void> {
  const zstd = zstdPackage();
  if (zstd === null) return init();
  const wasm = await readFile(join(zstd.folder, "zstd.wasm"));
  let failed: (reason: unknown) => void = () => {};
  const instantiation = new Promise<never>((_, reject) => {
    failed = reject;
  });
  zstd.module.instantiateWasm = (imports, receiveInstance) => {
    WebAssembly.instantiate(wasm, imports).then(({ instance }) => receiveInstance(instance), failed);
    return {};
  };
  return Promise.race([init(), instantiation]);
}

/** @bokuweb/zstd-wasm's Emscripten module and the folder of its files; `null` where the package cannot be resolved. */
function zstdPackage(): { module: EmscriptenModule; folder: string } | null {
  try {
    const require = createRequire(import.meta.url);
    const folder = dirname(require.resolve("@bokuweb/zstd-wasm"));
    return { module: (require(join(folder, "module.js")) as { Module: EmscriptenModule }).Module, folder };
  } catch {
    return null;
  }
}
