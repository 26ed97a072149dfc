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
 * never settle. The Node layer (ipc/node-zstd.ts) installs a start whose failure rejects.
 */

/** How `init()` is started where no `unhandledrejection` event reports an abort: as it is, unless the Node layer installed its own. */
let startOutsideBrowsers: (init: () => Promise<void>) => Promise<void> = (init) => init();

/** Makes `start` the way `init()` is started outside browsers (ipc/node-zstd.ts, when the Node layer loads). */
export function useZstdStart(start: (init: () => Promise<void>) => Promise<void>): void {
  startOutsideBrowsers = start;
}

/** `init()`'s promise, rejected with the abort's own words (`failed to load wasm binary file at 'https://...'`) when the module aborts instead. */
export function untilWasmLoaded(init: () => Promise<void>): Promise<void> {
  if (typeof globalThis.addEventListener !== "function") return startOutsideBrowsers(init);
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
