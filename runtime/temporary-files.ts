/**
 * The temporary files of replace-file.ts (Node only): short names beside the files they replace,
 * each removed if the process ends before it is renamed into place or removed. An exit removes
 * them, and so does a signal that ends the process (Ctrl-C's SIGINT, SIGTERM, SIGHUP, ...):
 * signal-exit (what write-file-atomic uses for the same) removes them, then lets the signal end
 * the process as it would have, with its exit code (130 for SIGINT, 143 for SIGTERM). It listens
 * only while a temporary file exists, and a program with a listener of its own for a signal
 * decides what that signal does (its `process.exit` removes them too).
 *
 * Nothing runs at SIGKILL or a power loss, nor in a worker thread ended from outside
 * (`worker.terminate()`, or the process ending by a signal or the main thread's `process.exit`:
 * Node delivers no signal to a worker, and each set of temporary files is one thread's): what
 * they leave is recognised by
 * {@link isTemporaryFileName}. Such files are not removed by a later process: one whose process
 * id is not running here may be another machine's or another container's, writing to a shared
 * folder now.
 */
import { randomBytes } from "node:crypto";
import { readFileSync, unlinkSync } from "node:fs";
import { resolve } from "node:path";
import { onExit } from "signal-exit";

/**
 * The temporary files that exist now, to remove at exit, each with the text it must hold to be
 * removed, if any; keyed by both, as two runs of this process may wait for one lock's name.
 */
const pending = new Map<string, { readonly path: string; readonly content: string | undefined }>();
const keyOf = (path: string, content: string | undefined) => (content === undefined ? path : `${path}\0${content}`);
let stopListening: (() => void) | null = null;

/** `true` for a file name this module gives (`.legolas-tmp-<pid>-<8 hex>`, to find what a killed writer left). */
export function isTemporaryFileName(name: string): boolean {
  return /^\.legolas-tmp-\d+-[0-9a-f]{8}$/.test(name);
}

/**
 * A new temporary path in `folder`, its name short and fixed in length (at most 33 bytes), so
 * that it fits wherever a name of the file it stands beside fits. Not every path: a shorter name
 * (`a.ts`) in a folder near the limit on a path's length fits where this one does not
 * (replace-file.ts says so in its error). It is removed at exit until {@link settleTemporary}.
 */
export function temporaryPath(folder: string): string {
  const path = resolve(folder, `.legolas-tmp-${process.pid}-${randomBytes(4).toString("hex")}`);
  removeAtExit(path);
  return path;
}

/**
 * Removes `path` (absolute) if the process ends, by an exit or a signal, before
 * {@link settleTemporary}: a temporary file, or a lock this process holds or is taking
 * (generator/write/output-lock.ts). With `content`, only while the file holds that text: a lock
 * registered before it is created, whose name another run may hold, is never the other's to remove.
 */
export function removeAtExit(path: string, content?: string): void {
  pending.set(keyOf(path, content), { path, content });
  stopListening ??= onExit(removePending);
}

/**
 * `path` no longer names a file of this process's (it was renamed into place, or removed): nothing
 * to remove at exit; `content` as given to {@link removeAtExit}.
 */
export function settleTemporary(path: string, content?: string): void {
  pending.delete(keyOf(path, content));
  if (pending.size === 0 && stopListening !== null) {
    stopListening();
    stopListening = null;
  }
}

/** Runs as the process ends, so synchronously; a file already gone (renamed a moment before) is no error. */
function removePending(): void {
  for (const { path, content } of pending.values()) {
    try {
      if (content === undefined || readFileSync(path, "utf8") === content) unlinkSync(path);
    } catch {
      // gone already, or its folder is
    }
  }
  pending.clear();
}
