/**
 * One `legolas generate` at a time writes an output folder. A run changes its folder all or
 * nothing (runtime/replace-file.ts), and a failed run puts back the files it replaced: were two
 * runs writing one folder at once (a `--watch` and a build step, two terminals), the failed one's
 * undo would put its old files back over what the other had just written, and the other would
 * report files written that are gone. So a run holds a lock file in the folder while it compares
 * and writes, `.legolas-generate.lock`, created whole or not at all (`createFile`: linked into
 * place, which fails if the name is taken), naming its holder (`{"pid", "host", "token"}`).
 *
 * A run that finds the lock held waits for it, and after `waitMs` gives up with a
 * `FileAccessError` naming the holder. A lock is removed when its run ends, by an exit or a signal
 * too (temporary-files.ts); one left by a run killed outright (SIGKILL, a power loss) is taken
 * over when it names a process of this host that is not running. A lock of another host (a
 * shared folder, a container) cannot be judged from here: it is waited for, then named. A
 * container may share the host's name (`--network host`, the containers of a Kubernetes pod)
 * but not its process ids, so on Linux a holder is also named by its pid namespace, and a lock of
 * another namespace is another host's. Runs that find one dead lock at once take it over one at a
 * time ({@link removeDead}): none removes a lock another has created since.
 */
import { createHash, randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { readlinkSync } from "node:fs";
import { readFile, unlink } from "node:fs/promises";
import { resolve } from "node:path";
import { FileAccessError } from "legolas-ts/internal/errors";
import { asFileAccessError } from "legolas-ts/internal/file-errors";
import { createFile } from "legolas-ts/internal/replace-file";
import { removeAtExit, settleTemporary } from "legolas-ts/internal/temporary-files";

/** The lock's name in the output folder. */
export const OUTPUT_LOCK_NAME = ".legolas-generate.lock";

/** How long a run waits for another to finish writing, by default. */
const DEFAULT_WAIT_MS = 60_000;
const POLL_MS = 50;

export interface OutputLockOptions {
  /** How long to wait for a run that holds the lock (ms); 0 gives up at once, `Infinity` never. */
  readonly waitMs?: number;
  /** Called once, with the holder in words and the lock's path, when the run starts to wait. */
  readonly onWait?: (holder: string, lock: string) => void;
  /** Ends the wait: the run rejects with the signal's reason (`--watch` stopped while it waits). */
  readonly signal?: AbortSignal;
}

/**
 * The texts of the locks this process holds or is creating (each run's own, with its token): a
 * lock naming this process's id whose text is not here is a dead process's.
 */
const held = new Set<string>();

interface Holder {
  readonly pid: number;
  readonly host: string;
  /** Its pid namespace (Linux's `/proc/self/ns/pid`, e.g. `pid:[4026531836]`); absent elsewhere. */
  readonly ns?: string;
}

/** This process's pid namespace, where the system names one: whose process ids `process.kill` sees. */
const PID_NAMESPACE = (() => {
  try {
    return readlinkSync("/proc/self/ns/pid");
  } catch {
    return undefined;
  }
})();

/** Runs `write` while holding the lock of `outDir` (an existing folder). */
export async function withOutputLock<T>(
  outDir: string,
  write: () => Promise<T>,
  options: OutputLockOptions = {},
): Promise<T> {
  const lock = resolve(outDir, OUTPUT_LOCK_NAME);
  const own = ownText();
  await acquire(outDir, lock, own, options);
  try {
    return await write();
  } finally {
    await release(lock, own);
  }
}

async function acquire(outDir: string, lock: string, own: string, options: OutputLockOptions): Promise<void> {
  const deadline = Date.now() + (options.waitMs ?? DEFAULT_WAIT_MS);
  let waiting = false;
  for (;;) {
    if (await createHeld(lock, own)) return;
    const text = await textOf(lock);
    // Released between the two: try again.
    if (text === null) continue;
    const readable = typeof text === "string";
    const holder = readable ? holderOf(text) : null;
    let who = readable
      ? described(holder)
      : `a process its lock does not name to this run, which cannot read it: ${text.unreadable}`;
    if (readable && holder !== null && isGone(holder, text)) {
      const taker = await removeDead(lock, text);
      // Removed, or no longer the dead holder's: try again.
      if (taker === undefined) continue;
      who = `${described(taker)}, taking over the lock of ${who}, which no longer runs`;
    }
    if (Date.now() >= deadline) {
      throw new FileAccessError(
        outDir,
        "write",
        null,
        `another legolas generate (${who}) is writing this folder and holds its lock ${lock}; let it finish, then run again (if no generate runs there any more, delete ${lock})`,
      );
    }
    options.signal?.throwIfAborted();
    if (!waiting) options.onWait?.(who, lock);
    waiting = true;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function holderOf(text: string): Holder | null {
  try {
    const { pid, host, ns } = JSON.parse(text) as Partial<Holder>;
    if (!Number.isSafeInteger(pid) || pid! <= 0 || typeof host !== "string") return null;
    return typeof ns === "string" ? { pid: pid!, host, ns } : { pid: pid!, host };
  } catch {
    return null;
  }
}

function described(holder: Holder | null): string {
  if (holder === null) return "a process its lock does not name";
  const container = holder.host === hostname() && holder.ns !== PID_NAMESPACE ? ", in another pid namespace" : "";
  return `process ${holder.pid} on ${holder.host}${container}`;
}

/**
 * Whether the holder is a process of this host that no longer runs (this process's own id: a lock
 * it does not hold). One of another pid namespace (a container of this host's name) is not seen
 * by `process.kill`, nor is its id this process's: it cannot be judged.
 */
function isGone(holder: Holder, text: string): boolean {
  if (holder.host !== hostname() || holder.ns !== PID_NAMESPACE) return false;
  if (holder.pid === process.pid) return !held.has(text);
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/**
 * The text of a lock (or a guard), `null` once it is gone, or why it cannot be read (another
 * user's lock this one may not read, a folder of its name): a holder that cannot be judged, waited for.
 */
async function textOf(path: string): Promise<string | null | { readonly unreadable: string }> {
  return readFile(path, "utf8").catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    return code === "ENOENT" ? null : { unreadable: code ?? String(error) };
  });
}

/** A text naming this run, as a lock or a guard holds it: unique by its token. */
function ownText(): string {
  return `${JSON.stringify({ pid: process.pid, host: hostname(), ns: PID_NAMESPACE, token: randomBytes(8).toString("hex") })}\n`;
}

/**
 * Removes `path`, a lock whose holder no longer runs, `stale` its text, unless it holds another
 * text by now. Runs that read one dead lock at once must not each remove what is there: one
 * removes it and creates its own, and a second, acting on its old read, would remove that live
 * lock (moving it aside and back leaves its name free meanwhile, for a third to create). So the
 * removal is done under a guard, a file named after the dead lock's text (`<path>.<16 hex>`)
 * and created whole or not at all: only the run that created it reads the lock again and removes
 * it if it still holds `stale`, and nothing else removes it meanwhile (its holder is gone, and
 * every other remover needs that guard). A guard whose holder no longer runs (killed outright
 * mid-takeover) is removed the same way, under a guard of its own.
 *
 * Returns `undefined` once `path` no longer holds `stale` (removed, by this run or another), or
 * the holder of the guard (`null`: one it does not name) while another run takes it over.
 */
async function removeDead(path: string, stale: string): Promise<Holder | null | undefined> {
  const guard = `${path}.${createHash("sha256").update(stale).digest("hex").slice(0, 16)}`;
  const own = ownText();
  if (!(await createHeld(guard, own))) {
    const text = await textOf(guard);
    if (text === null) return undefined;
    if (typeof text !== "string") return null;
    const taker = holderOf(text);
    if (taker !== null && isGone(taker, text)) return removeDead(guard, text);
    return taker;
  }
  try {
    if ((await readFile(path, "utf8").catch(() => null)) === stale) await removeFile(path);
  } finally {
    await removeFile(guard).finally(() => {
      held.delete(own);
      settleTemporary(guard, own);
    });
  }
  return undefined;
}

/**
 * Creates `path` (a lock or a guard) holding `own`, whole or not at all; `false` when the name is
 * taken. Removed at exit from before it exists: a signal while createFile links it or flushes its
 * folder would otherwise leave it behind; only while it holds `own`, never another run's. Once
 * created, `own` stays in `held` and the file removed at exit until its holder settles them.
 */
async function createHeld(path: string, own: string): Promise<boolean> {
  removeAtExit(path, own);
  held.add(own);
  return createFile(path, own).then(
    () => true,
    (error: unknown) => {
      settleTemporary(path, own);
      held.delete(own);
      if ((error as FileAccessError).systemCode !== "EEXIST") throw error;
      return false;
    },
  );
}

/** Removes `path`, gone already or not: a failure is the FileAccessError of that path. */
async function removeFile(path: string): Promise<void> {
  await unlink(path).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw asFileAccessError(error, path, "remove");
  });
}

/** Removes the lock if it is still this run's; until it is gone, an exit removes it too. */
async function release(lock: string, own: string): Promise<void> {
  try {
    const text = await readFile(lock, "utf8").catch(() => null);
    if (text === own) await unlink(lock).catch(() => undefined);
  } finally {
    held.delete(own);
    settleTemporary(lock, own);
  }
}
