/**
 * The temporary files of replace-file.ts (Node only): short names beside the files they replace,
 * each removed if the process ends before it is renamed into place or removed. An exit removes
 * them, and so does a signal that ends the process (Ctrl-C's SIGINT, SIGTERM, SIGHUP, ...):
 * signal-exit (what write-file-atomic uses for the same) removes them, then lets the signal end
 * the process as it would have, with its exit code (130 for SIGINT, 143 for SIGTERM). It listens
 * only while a temporary file exists, and a program with a listener of its own for a signal
 * decides what that signal does (its `process.exit` removes them too). During a set of renames
 * that must not be cut in two (replace-file.ts's `replaceFiles`), such a signal is held until
 * they are done ({@link holdingSignals}). The folders a write created (create-folder.ts's
 * `fillNewFolder`) are removed the same way after the files, while empty: the write did not finish.
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
import { readFileSync, rmdirSync, unlinkSync, writeSync } from "node:fs";
import { resolve } from "node:path";
import { onExit } from "signal-exit";
import { printable } from "./terminal-text.js";

/**
 * The temporary files that exist now, to remove at exit, each with the text it must hold to be
 * removed, if any; keyed by both, as two runs of this process may wait for one lock's name.
 */
const pending = new Map<string, { readonly path: string; readonly content: string | undefined }>();
const keyOf = (path: string, content: string | undefined) => (content === undefined ? path : `${path}\0${content}`);
/**
 * Folders created for a write that has not finished (create-folder.ts's `fillNewFolder`), to
 * remove at exit after the files, each only while empty; deepest first, as they were listed.
 */
const pendingFolders = new Set<string>();
let stopListening: (() => void) | null = null;

/** The signals {@link holdingSignals} holds: those that ask a process to stop (Ctrl-C, `kill`, a closed terminal). */
const HELD_SIGNALS: readonly NodeJS.Signals[] =
  process.platform === "win32" ? ["SIGINT", "SIGTERM"] : ["SIGINT", "SIGTERM", "SIGHUP"];

/**
 * How many listeners signal-exit has on each signal it handles, whatever copies installed them:
 * one per loaded copy of v4, whose copies count themselves on one emitter shared through a global
 * symbol, plus v3's count (one emitter on `process`). signal-exit's own listener counts so to
 * decide whether a signal ends the process (no other listener) or is the program's to handle.
 * Which functions they are cannot be known: another copy (another package's, loaded first, or
 * the same copy loaded by another caller's `onExit`) installs its own, or none new at all.
 */
function signalExitListenerCount(): number {
  const count = (emitter: unknown) => {
    const value = (emitter as { count?: unknown } | undefined)?.count;
    return typeof value === "number" ? value : 0;
  };
  const v4 = (globalThis as Record<symbol, unknown>)[Symbol.for("signal-exit emitter")];
  return count(v4) + count((process as { __signal_exit_emitter__?: unknown }).__signal_exit_emitter__);
}

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
  listen();
}

/**
 * Removes `folder` (absolute) if the process ends, by an exit or a signal, before
 * {@link settleFolder}, and only while it is empty then (the files above removed first): a folder
 * created for output a run did not finish. A folder listed after another is removed after it.
 */
export function removeFolderAtExit(folder: string): void {
  pendingFolders.add(folder);
  listen();
}

/** `folder` is no longer one to remove at exit: its write is done (or the folder removed). */
export function settleFolder(folder: string): void {
  pendingFolders.delete(folder);
  stopIfIdle();
}

function listen(): void {
  if (stopListening === null) stopListening = onExit(removePending);
}

function stopIfIdle(): void {
  if (pending.size === 0 && pendingFolders.size === 0 && stopListening !== null) {
    stopListening();
    stopListening = null;
  }
}

/**
 * `path` no longer names a file of this process's (it was renamed into place, or removed): nothing
 * to remove at exit; `content` as given to {@link removeAtExit}.
 */
export function settleTemporary(path: string, content?: string): void {
  pending.delete(keyOf(path, content));
  stopIfIdle();
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
  for (const folder of pendingFolders) {
    try {
      rmdirSync(folder);
    } catch {
      // not empty (the output was written), or gone already
    }
  }
  pendingFolders.clear();
}

/** How many {@link holdingSignals} phases run now (sets of renames of this process, at once or not). */
let holders = 0;
/** The signal held since the first holder began, if one came. */
let held: NodeJS.Signals | null = null;
/** The failures of the phases that ended since the first holder began: the held signal would hide them. */
let failures: unknown[] = [];

/**
 * Runs `run` (a short phase that must not be cut in two: the renames of a set of files) with
 * SIGINT, SIGTERM and SIGHUP held: one that comes meanwhile, and would end the process (no
 * listener of the program's own, only signal-exit's), is delivered again once `run` (and every
 * other such phase of this process) has settled, so the process still ends by it, with its exit
 * code (130, 143), and its temporary files and locks are removed as at any signal; a second one
 * meanwhile is delivered at once (Ctrl-C twice: the process ends where the phase was). A signal
 * the program listens for itself (`--watch`'s Ctrl-C) is left to the program.
 *
 * A phase that fails while a signal is held would end the process before its caller could say
 * why (the signal is delivered as the phase settles, before the rejection reaches anyone): its
 * error is written to stderr first, with the signal that ends the process, so that the user of
 * `legolas generate` or of a program calling `replaceFiles` learns what failed.
 */
export async function holdingSignals<T>(run: () => Promise<T>): Promise<T> {
  // First, so that a `once` listener of the program's is still listed when `hold` asks.
  if (holders++ === 0) for (const signal of HELD_SIGNALS) process.prependListener(signal, hold);
  try {
    return await run();
  } catch (error) {
    failures.push(error);
    throw error;
  } finally {
    if (--holders === 0) {
      stopHolding();
      const signal = held;
      held = null;
      if (signal !== null) deliver(signal);
      failures = [];
    }
  }
}

function hold(signal: NodeJS.Signals): void {
  // More listeners than signal-exit's: the program listens itself, and decides.
  if (process.listeners(signal).filter((listener) => listener !== hold).length > signalExitListenerCount()) return;
  if (held === null) {
    held = signal;
    return;
  }
  stopHolding();
  deliver(signal);
}

function stopHolding(): void {
  for (const signal of HELD_SIGNALS) process.removeListener(signal, hold);
}

/**
 * Delivers `signal` now, as it would have been: to signal-exit's listeners, which remove what is
 * pending and end the process by it (at once, not once the event loop gets to it, by which time
 * the caller might have settled its lock and signal-exit stopped listening); with none, the kill
 * ends the process. The phases' failures are written to stderr first: no caller will see them.
 */
function deliver(signal: NodeJS.Signals): void {
  reportFailures(signal);
  process.emit(signal, signal);
  process.kill(process.pid, signal);
}

/**
 * Writes the held phases' failures to stderr, synchronously (the process ends next): each
 * error's message (a `FileAccessError` names the file, what failed and what to do), then which
 * signal ends the process.
 */
function reportFailures(signal: NodeJS.Signals): void {
  if (failures.length === 0) return;
  const lines = failures.map((error) => `legolas-ts: ${printable(String((error as Error)?.message ?? error))}`);
  lines.push(`legolas-ts: ${signal} came during these renames and ends the process now, after the failure above`);
  try {
    writeSync(2, `${lines.join("\n")}\n`);
  } catch {
    // No stderr to write to (closed): the signal still ends the process.
  }
}
