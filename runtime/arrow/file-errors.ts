/**
 * Node's file-system errors as `FileAccessError`s: the path the user gave (Node's message may
 * name a temporary file, or no file at all), the operation, the system code, and what to do.
 */
import { FileAccessError } from "../errors.js";

const ADVICE: Record<string, string> = {
  ENOENT: "no such file or folder; check the path",
  EACCES: "permission denied; check the permissions of the file and of its folders",
  EPERM: "the operation is not permitted; check the file's permissions and attributes",
  EISDIR: "it is a folder, not a file; name a file inside it",
  ENOTDIR: "a part of the path is not a folder; check the path",
  ELOOP: "too many symbolic links (a link that points to itself?); check the path",
  ENAMETOOLONG: "the path or a name in it is too long for this file system",
  EMFILE: "this process has too many open files; close some, or raise the limit (ulimit -n)",
  ENFILE: "the system has too many open files; try again later",
  ENOSPC: "the disk is full; free some space and try again",
  EDQUOT: "the disk quota is exhausted; free some space and try again",
  EROFS: "the file system is read-only",
  EIO: "the device reported an input/output error; check the disk",
  EBUSY: "the file is busy (in use by another process)",
  ETXTBSY: "the file is busy (in use by another process)",
};

/** The system code of a Node error (`error.code`), or `null` when it has none. */
export function systemCodeOf(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : null;
}

/** `true` for an error Node's file system raised (it names the system call). */
export function isSystemError(error: unknown): boolean {
  return typeof (error as { syscall?: unknown } | null)?.syscall === "string";
}

/** `error`, a failed `operation` on `path`, as a `FileAccessError`; a legolas-ts error passes through. */
export function fileAccessError(path: string, operation: string, error: unknown): Error {
  if (!isSystemError(error) && systemCodeOf(error) !== "ERR_FS_FILE_TOO_LARGE") return error as Error;
  const code = systemCodeOf(error);
  const reason = (code === null ? undefined : ADVICE[code]) ?? (error as Error).message;
  return new FileAccessError(path, operation, code, reason, { cause: error });
}
