/**
 * Node's file-system errors as `FileAccessError`s: the path the user gave (Node's message may
 * name a temporary file, or no file at all), the operation, the system code, and what to do.
 * The one table of advice for every reader and writer of legolas-ts.
 */
import { FileAccessError, LegolasError, type FileOperation } from "./errors.js";
import { suggesting } from "./did-you-mean.js";
import { isPattern } from "./glob.js";
import { isHttpUrl, shownUrl } from "./urls.js";
import { describeValue } from "./violations.js";

/** What to do about a system code; some depend on whether the file was being read or written. */
function adviceFor(systemCode: string, operation: FileOperation): string | undefined {
  const reading = operation === "read";
  switch (systemCode) {
    case "ENOENT":
      return reading ? "no such file or folder; check the path" : "its folder does not exist; create it first";
    case "EACCES":
    case "EPERM":
      return reading
        ? "permission denied; check the permissions of the file and of its folders"
        : "permission denied; a file is replaced by writing a new file beside it and renaming it over the old one, so its folder must be writable";
    case "ENOSPC":
      return "the file system is full; free some space or write to another disk (the previous file, if any, is unchanged)";
    case "EFBIG":
      return "the file is larger than this process or file system may write (a file-size limit, ulimit -f, or the file system's largest file, such as FAT32's 4 GiB); raise the limit or write elsewhere (the previous file, if any, is unchanged)";
    case "EDQUOT":
      return "the disk quota is exhausted; free some space or write elsewhere (the previous file, if any, is unchanged)";
    case "EROFS":
      return "the file system is read-only; write to another location";
    case "EISDIR":
      return "it is a folder, not a file; name a file inside it";
    case "ENOTDIR":
      return "a part of the path is not a folder; check the path";
    case "ENAMETOOLONG":
      return "the path or a name in it is longer than the file system allows";
    case "ELOOP":
      return "too many symbolic links (a link that points to itself?); check the path";
    case "EMFILE":
      return "this process has too many open files; close some, or raise the limit (ulimit -n)";
    case "ENFILE":
      return "the system has too many open files; try again later";
    case "EIO":
      return "the device reported an input/output error; check the disk";
    case "EBUSY":
      // rename(2) refuses a mount point so: a file bind-mounted on its own (docker -v f:/app/f).
      if (operation === "replace")
        return "the file is busy: a mount point (a file mounted on its own, as docker -v file:/path mounts it), which a rename cannot replace, or a file another program holds locked; mount its folder instead, or write elsewhere and copy the file over it";
      return "the file is busy (in use by another process)";
    case "ETXTBSY":
      return "the file is busy (in use by another process)";
    default:
      return undefined;
  }
}

/** What to do when a URL was given where a path goes: the calls that take one, or none. */
const URL_AS_PATH = {
  read: "it is a URL, and this call reads a local file; read a URL with openTableFile, readTableFrom or readModelRowFrom (loadModelRowFrom for a tfjs model)",
  write:
    "it is a URL, and legolas-ts writes local files only; write to a local path, or upload the bytes writeTableBytes or writeModelRowBytes give",
};

/** What to do when a glob pattern was given to a call that reads one file, and no file has that name. */
const PATTERN_AS_PATH =
  "no such file or folder; the path holds a wildcard (* or ?), and this call reads one file: read the files a pattern matches with readTableBatches(pattern), as one table";

/**
 * Throws a `TypeError` that says what to pass when a call that reads or writes a file is given
 * something other than its path (`undefined`, a number, a read's options), where Node would
 * speak of its own `"path"` or `"paths[0]"` argument.
 */
export function checkPathArgument(path: unknown, operation: FileOperation): asserts path is string {
  // An empty path names no file; the system's refusal ("cannot write  (EISDIR)") would name none either.
  if (path === "") throw new TypeError("the path given is empty: pass a file's path");
  if (typeof path === "string") return;
  if (path instanceof URL && path.protocol === "file:")
    throw new TypeError("the path given is a file: URL: pass its path as a string, fileURLToPath(url) (node:url)");
  const instead =
    operation === "read"
      ? "; bytes, a Blob or a URL are read with readTableFrom or readModelRowFrom"
      : operation === "remove"
        ? ""
        : "; writeTableBytes and writeModelRowBytes give the bytes without a file";
  throw new TypeError(`the path given is ${describeValue(path)}: pass a file's path as a string${instead}`);
}

/** The system code of a Node error (`error.code`), or `null` when it has none. */
export function systemCodeOf(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : null;
}

/** `true` for an error Node's file system raised (it names the system call). */
export function isSystemError(error: unknown): boolean {
  return typeof (error as { syscall?: unknown } | null)?.syscall === "string";
}

/** What `fs.stat` says of a path; plain or bigint stats alike. */
interface PathKind {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
}

function kindOf(stats: PathKind): string {
  if (stats.isDirectory()) return "a folder";
  if (stats.isFIFO()) return "a FIFO (named pipe)";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isSocket()) return "a socket";
  return "of an unknown kind";
}

/** legolas-ts reads and replaces regular files only: the refusal of anything else, saying what it is. */
export function notRegularFile(path: string, operation: FileOperation, stats: PathKind): FileAccessError {
  const rule =
    operation === "read" ? "Legolas tables are read from regular files only" : "legolas-ts only replaces regular files";
  // A folder of tables is what readTableBatches reads, by a pattern: said where a read meets one.
  const folderRead =
    operation === "read" && stats.isDirectory()
      ? `: to read the tables in it as one, give readTableBatches a pattern, such as "${path.replace(/[\\/]+$/, "")}/*.arrow"`
      : "";
  return new FileAccessError(
    path,
    operation,
    stats.isDirectory() ? "EISDIR" : null,
    `it is ${kindOf(stats)}, not a regular file; ${rule}${folderRead}`,
  );
}

/** A refusal with a known system code (`EISDIR`, `ELOOP`, ...) that Node did not raise itself. */
export function fileAccessRefusal(path: string, operation: FileOperation, systemCode: string): FileAccessError {
  return new FileAccessError(
    path,
    operation,
    systemCode,
    adviceFor(systemCode, operation) ?? `the file system refused with ${systemCode}`,
  );
}

/**
 * `error`, a failed `operation` on `path`, as a `FileAccessError` when Node's file system raised
 * it; any other error, a legolas-ts one included, unchanged. `nearPaths` finds the existing paths
 * a missing one may have meant, offered after the advice of an ENOENT once it is first read.
 */
export function asFileAccessError(
  error: unknown,
  path: string,
  operation: FileOperation,
  nearPaths?: () => readonly string[],
): unknown {
  if (error instanceof LegolasError) return error;
  const systemCode = systemCodeOf(error);
  const fromFileSystem = isSystemError(error) || (systemCode !== null && /^E[A-Z0-9]+$|^ERR_FS_/.test(systemCode));
  if (!fromFileSystem || systemCode === null) return error;
  // Named as a URL is (no password, no query), without Node's error, whose message holds the path whole.
  if (systemCode === "ENOENT" && isHttpUrl(path))
    return new FileAccessError(
      shownUrl(path),
      operation,
      systemCode,
      operation === "read" ? URL_AS_PATH.read : URL_AS_PATH.write,
    );
  // `readTable("runs/*.arrow")`: one file's readers take a path; readTableBatches takes patterns.
  if (systemCode === "ENOENT" && operation === "read" && isPattern(path))
    return new FileAccessError(path, operation, systemCode, PATTERN_AS_PATH, { cause: error });
  const advice = adviceFor(systemCode, operation) ?? (error as Error).message;
  const made = new FileAccessError(path, operation, systemCode, advice, { cause: error });
  return systemCode === "ENOENT" && nearPaths !== undefined ? namingNearPaths(made, nearPaths) : made;
}

/**
 * `error` whose advice, and so its message, ends with the paths `nearPaths` finds, looked for when
 * either is first read: a caller that only tests the error's `systemCode` (a file that may be
 * missing, a folder polled until one comes) lists no folder, which costs 9 ms at 1,000 names.
 * Each stays writable, as an error's message is.
 */
function namingNearPaths(error: FileAccessError, nearPaths: () => readonly string[]): FileAccessError {
  let suggestion: string | undefined;
  const suggested = () => (suggestion ??= suggesting(nearPaths()));
  for (const [key, plain, enumerable] of [
    ["advice", error.advice, true],
    ["message", error.message, false],
  ] as const)
    Object.defineProperty(error, key, {
      get: () => plain + suggested(),
      set: (value: unknown) =>
        Object.defineProperty(error, key, { value, writable: true, enumerable, configurable: true }),
      enumerable,
      configurable: true,
    });
  return error;
}
