/**
 * runtime/file-errors.ts: every reader and writer turns Node's file-system errors into a
 * `FileAccessError` (code `file_access_failed`) that names the path the user gave, the
 * operation and the system code, and says what to do; advice differs for reads and writes where
 * the fix does. Errors that are not the file system's pass through unchanged.
 */
import { describe, expect, test } from "vitest";
import { FileAccessError, openTableFile, readModelRow, readTable, RowValidationError, writeTable } from "legolas-ts";
import { TrainingLogV1SchemaVersion } from "../generated/index.js";
import { asFileAccessError, fileAccessRefusal, notRegularFile } from "../../runtime/file-errors.js";
import { describeValue } from "../../runtime/violations.js";

/** An error as Node's fs raises it, naming a path the user never gave. */
const nodeError = (code: string, message = `${code}: failed, open '/tmp/.x.arrow.tmp-123'`) =>
  Object.assign(new Error(message), { code, syscall: "open", path: "/tmp/.x.arrow.tmp-123" });

describe("asFileAccessError", () => {
  test.each([
    ["ENOENT", "read", "no such file or folder; check the path"],
    ["ENOENT", "write", "its folder does not exist; create it first"],
    ["EACCES", "read", "permission denied; check the permissions of the file and of its folders"],
    [
      "EPERM",
      "replace",
      "permission denied; a file is replaced by writing a new file beside it and renaming it over the old one, so its folder must be writable",
    ],
    [
      "ENOSPC",
      "write",
      "the file system is full; free some space or write to another disk (the previous file, if any, is unchanged)",
    ],
    [
      "EFBIG",
      "write",
      "the file is larger than this process or file system may write (a file-size limit, ulimit -f, or the file system's largest file, such as FAT32's 4 GiB); raise the limit or write elsewhere (the previous file, if any, is unchanged)",
    ],
    [
      "EDQUOT",
      "write",
      "the disk quota is exhausted; free some space or write elsewhere (the previous file, if any, is unchanged)",
    ],
    ["EROFS", "write", "the file system is read-only; write to another location"],
    ["EISDIR", "read", "it is a folder, not a file; name a file inside it"],
    ["ENOTDIR", "read", "a part of the path is not a folder; check the path"],
    ["ENAMETOOLONG", "write", "the path or a name in it is longer than the file system allows"],
    ["ELOOP", "read", "too many symbolic links (a link that points to itself?); check the path"],
    ["EMFILE", "read", "this process has too many open files; close some, or raise the limit (ulimit -n)"],
    ["ENFILE", "read", "the system has too many open files; try again later"],
    ["EIO", "read", "the device reported an input/output error; check the disk"],
    ["EBUSY", "remove", "the file is busy (in use by another process)"],
    [
      "EBUSY",
      "replace",
      "the file is busy: a mount point (a file mounted on its own, as docker -v file:/path mounts it), which a rename cannot replace, or a file another program holds locked; mount its folder instead, or write elsewhere and copy the file over it",
    ],
    ["ETXTBSY", "replace", "the file is busy (in use by another process)"],
  ] as const)("%s on %s: the user's path, the code and what to do", (systemCode, operation, advice) => {
    const cause = nodeError(systemCode);
    const error = asFileAccessError(cause, "tables/x.arrow", operation) as FileAccessError;
    expect(error).toBeInstanceOf(FileAccessError);
    expect(error).toMatchObject({
      code: "file_access_failed",
      path: "tables/x.arrow",
      operation,
      systemCode,
      advice,
      cause,
    });
    expect(error.message).toBe(`cannot ${operation} tables/x.arrow (${systemCode}): ${advice}`);
    expect(error.message).not.toContain(".tmp-123");
  });

  test("an unknown system code keeps Node's own words", () => {
    expect(
      asFileAccessError(nodeError("EXDEV", "EXDEV: cross-device link not permitted"), "a.arrow", "replace"),
    ).toMatchObject({
      systemCode: "EXDEV",
      advice: "EXDEV: cross-device link not permitted",
    });
    expect(
      asFileAccessError(
        Object.assign(new RangeError("File size is greater than 2 GiB"), { code: "ERR_FS_FILE_TOO_LARGE" }),
        "big.arrow",
        "read",
      ),
    ).toMatchObject({
      name: "FileAccessError",
      systemCode: "ERR_FS_FILE_TOO_LARGE",
    });
  });

  test("a URL given where a path goes names the calls that read one, without its password or query", async () => {
    const url = "https://alice:hunter2@example.com/run.arrow?token=secret";
    const shown = "https://example.com/run.arrow?…";
    // Each read starts when awaited: a second promise rejecting while the first is awaited would be unhandled.
    for (const attempt of [() => readTable(url), () => readModelRow(url)]) {
      const error: FileAccessError = await attempt().catch((thrown) => thrown);
      expect(error).toMatchObject({ name: "FileAccessError", path: shown, systemCode: "ENOENT" });
      expect(error.advice).toContain("read a URL with openTableFile, readTableFrom");
      expect(`${error.message} ${error.cause}`).not.toMatch(/hunter2|secret/);
    }
    await expect(writeTable(url, [], TrainingLogV1SchemaVersion)).rejects.toMatchObject({
      path: shown,
      advice: expect.stringContaining("legolas-ts writes local files only"),
    });
  });

  test("something other than a path, where a path goes, is a TypeError that says what to pass", async () => {
    const notPaths = [undefined, 42, { schemaVersion: TrainingLogV1SchemaVersion }, new URL("https://example.com/a")];
    for (const notPath of notPaths) {
      for (const attempt of [() => readTable(notPath as never), () => readModelRow(notPath as never)])
        await expect(attempt()).rejects.toThrow(
          new TypeError(
            `the path given is ${describeValue(notPath)}: pass a file's path as a string; bytes, a Blob or a URL are read with readTableFrom or readModelRowFrom`,
          ),
        );
      await expect(writeTable(notPath as never, [], TrainingLogV1SchemaVersion)).rejects.toThrow(
        /^the path given is .*; writeTableBytes and writeModelRowBytes give the bytes without a file$/,
      );
    }
    // An empty path (an unset environment variable, say) names no file: said so, before any file is touched.
    for (const attempt of [() => readTable(""), () => readModelRow(""), () => openTableFile("")])
      await expect(attempt()).rejects.toThrow(new TypeError("the path given is empty: pass a file's path"));
    await expect(writeTable("", [], TrainingLogV1SchemaVersion)).rejects.toThrow(
      new TypeError("the path given is empty: pass a file's path"),
    );
    await expect(readTable(new URL("file:///tmp/run.arrow") as never)).rejects.toThrow(
      "the path given is a file: URL: pass its path as a string, fileURLToPath(url) (node:url)",
    );
    // The batch readers take URLs and bytes as well, and say so.
    await expect(openTableFile(undefined as never)).rejects.toThrow(
      "undefined: not a source of bytes; pass a file's path, a URL, a Request or Response, a Blob, or bytes",
    );
  });

  test("errors that are not the file system's pass through unchanged", () => {
    const typed = new RowValidationError("a@1", []);
    const plain = new Error("boom");
    const coded = Object.assign(new Error("not fs"), { code: "not_a_system_code" });
    for (const error of [typed, plain, coded, "a string", null])
      expect(asFileAccessError(error, "a.arrow", "read")).toBe(error);
  });
});

describe("refusals of legolas-ts's own", () => {
  const stats = (kind: "dir" | "fifo" | "char" | "block" | "socket" | "other") => ({
    isDirectory: () => kind === "dir",
    isFIFO: () => kind === "fifo",
    isCharacterDevice: () => kind === "char",
    isBlockDevice: () => kind === "block",
    isSocket: () => kind === "socket",
  });

  test.each([
    [
      "dir",
      "read",
      "EISDIR",
      'it is a folder, not a regular file; Legolas tables are read from regular files only: to read the tables in it as one, give readTableBatches a pattern, such as "p/*.arrow"',
    ],
    [
      "fifo",
      "read",
      null,
      "it is a FIFO (named pipe), not a regular file; Legolas tables are read from regular files only",
    ],
    [
      "char",
      "read",
      null,
      "it is a character device, not a regular file; Legolas tables are read from regular files only",
    ],
    ["block", "replace", null, "it is a block device, not a regular file; legolas-ts only replaces regular files"],
    ["socket", "write", null, "it is a socket, not a regular file; legolas-ts only replaces regular files"],
    ["other", "write", null, "it is of an unknown kind, not a regular file; legolas-ts only replaces regular files"],
  ] as const)("a %s path on %s says what it is", (kind, operation, systemCode, advice) => {
    expect(notRegularFile("p", operation, stats(kind))).toMatchObject({
      name: "FileAccessError",
      path: "p",
      operation,
      systemCode,
      advice,
    });
  });

  test("a refusal by code gets the same advice as Node's error would, or names the code", () => {
    expect(fileAccessRefusal("link", "read", "ELOOP").advice).toBe(
      "too many symbolic links (a link that points to itself?); check the path",
    );
    expect(fileAccessRefusal("x", "read", "EWHATEVER").advice).toBe("the file system refused with EWHATEVER");
  });
});
