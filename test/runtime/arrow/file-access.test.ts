/**
 * File-system failures on read are `FileAccessError`s (code `file_access_failed`) that name the
 * user's path, the operation and the system code, and say what to do; tables too large for one
 * buffer are refused by name with a pointer to readTableBatches, and read whole (in chunks) below
 * that. The platform's limit (4 GiB on 64-bit Node 20) is injectable, so no test writes gigabytes.
 */
import { constants as bufferConstants } from "node:buffer";
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import {
  type FileAccessError,
  ModelV1SchemaVersion,
  readModelRow,
  readTable,
  readTableBatches,
  writeTable,
} from "legolas-ts";
import { asFileAccessError } from "../../../runtime/file-errors.js";
import { ReadableFile, readFileBytes } from "../../../runtime/arrow/guard/checked-file.js";
import { runCli } from "../../cli/helpers.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-file-access-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const READERS: [string, (path: string) => Promise<unknown>][] = [
  ["readTable", (path) => readTable(path)],
  [
    "readTableBatches",
    async (path) => {
      for await (const batch of readTableBatches(path)) void batch;
    },
  ],
  ["readModelRow", (path) => readModelRow(path)],
];

test.each(READERS)(
  "%s: a missing file and a folder are FileAccessErrors naming the path, the operation and the system code",
  async (_, read) => {
    const missing = join(folder, "missing.arrow");
    await expect(read(missing)).rejects.toMatchObject({
      name: "FileAccessError",
      code: "file_access_failed",
      path: missing,
      operation: "read",
      systemCode: "ENOENT",
      message: `cannot read ${missing} (ENOENT): no such file or folder; check the path`,
    });
    const aFolder = join(folder, "a-folder.arrow");
    mkdirSync(aFolder, { recursive: true });
    await expect(read(aFolder)).rejects.toMatchObject({
      name: "FileAccessError",
      path: aFolder,
      systemCode: "EISDIR",
      message: `cannot read ${aFolder} (EISDIR): it is a folder, not a regular file; Legolas tables are read from regular files only: to read the tables in it as one, give readTableBatches a pattern, such as "${aFolder}/*.arrow"`,
    });
    // The advice read as it says: the folder's tables, by that pattern.
    await writeTable(join(aFolder, "a.arrow"), [{ weights: null }], ModelV1SchemaVersion);
    const advised = /such as "(.+)"$/.exec(
      ((await read(aFolder).catch((error: Error) => error)) as Error).message,
    )![1]!;
    let rows = 0;
    for await (const batch of readTableBatches(advised)) rows += batch.rows.length;
    expect(rows).toBe(1);
  },
);

test.each(READERS)(
  "%s: a missing path beside a file of a close name, or in a misspelt folder, names the file that exists",
  async (_, read) => {
    const runs = join(folder, "typos", "data");
    mkdirSync(runs, { recursive: true });
    await writeTable(join(runs, "runs.arrow"), [{ weights: null }], ModelV1SchemaVersion);
    const near = (given: string, meant: string) => ({
      name: "FileAccessError",
      path: given,
      systemCode: "ENOENT",
      message: `cannot read ${given} (ENOENT): no such file or folder; check the path (did you mean ${meant}?)`,
    });
    await expect(read(join(runs, "runs.arow"))).rejects.toMatchObject(
      near(join(runs, "runs.arow"), join(runs, "runs.arrow")),
    );
    const misspeltFolder = join(folder, "typos", "dat", "runs.arrow");
    await expect(read(misspeltFolder)).rejects.toMatchObject(near(misspeltFolder, join(runs, "runs.arrow")));
    // A close folder without the file, and a name close to nothing: the path alone is to check.
    for (const far of [join(folder, "typos", "dat", "x.arrow"), join(runs, "evaluations.arrow")])
      await expect(read(far)).rejects.toMatchObject({
        message: `cannot read ${far} (ENOENT): no such file or folder; check the path`,
      });
  },
);

test("a missing path's near names are looked for when its message is first read, so a caller testing its code lists no folder", async () => {
  const daily = join(folder, "daily");
  mkdirSync(daily);
  const given = join(daily, "2024-01-02.arow");
  const error = (await readTable(given).then(
    () => null,
    (caught: unknown) => caught,
  )) as FileAccessError;
  expect([error.name, error.systemCode]).toEqual(["FileAccessError", "ENOENT"]);
  // The folder is listed only now: the file written after the failed read is the one named.
  writeFileSync(join(daily, "2024-01-02.arrow"), "");
  const meant = join(daily, "2024-01-02.arrow");
  expect(error.message).toBe(
    `cannot read ${given} (ENOENT): no such file or folder; check the path (did you mean ${meant}?)`,
  );
  expect(error.advice).toBe(`no such file or folder; check the path (did you mean ${meant}?)`);
  expect(JSON.parse(JSON.stringify(error))).toMatchObject({ advice: error.advice });
  // Writable, as an error's message is: a wrapper may reword it.
  error.message = "reworded";
  expect(error.message).toBe("reworded");
});

test("a missing path in a folder of over 10,000 names gets no suggestion: one from part of them could name a far file", async () => {
  const crowded = join(folder, "crowded");
  mkdirSync(crowded);
  for (let i = 0; i <= 10_000; i++) writeFileSync(join(crowded, `run-${String(i).padStart(6, "0")}.arrow`), "");
  const given = join(crowded, "run-000001.arow");
  await expect(readTable(given)).rejects.toMatchObject({
    message: `cannot read ${given} (ENOENT): no such file or folder; check the path`,
  });
});

test("legolas validate of a misspelt path names the file that exists", async () => {
  const runs = join(folder, "cli-typos", "data");
  mkdirSync(runs, { recursive: true });
  await writeTable(join(runs, "runs.arrow"), [{ weights: null }], ModelV1SchemaVersion);
  const validate = await runCli("validate", join(folder, "cli-typos", "dat", "runs.arrow"));
  expect(validate.code).not.toBe(0);
  expect(validate.out).toContain(`check the path (did you mean ${join(runs, "runs.arrow")}?)`);
});

test("readTable and readModelRow given a glob pattern, which no file is named, say that readTableBatches reads patterns", async () => {
  const pattern = join(folder, "runs", "*.arrow");
  mkdirSync(join(folder, "runs"), { recursive: true });
  await writeTable(join(folder, "runs", "a.arrow"), [{ weights: null }], ModelV1SchemaVersion);
  const refusal = {
    name: "FileAccessError",
    path: pattern,
    systemCode: "ENOENT",
    message: `cannot read ${pattern} (ENOENT): no such file or folder; the path holds a wildcard (* or ?), and this call reads one file: read the files a pattern matches with readTableBatches(pattern), as one table`,
  };
  await expect(readTable(pattern)).rejects.toMatchObject(refusal);
  await expect(readModelRow(pattern)).rejects.toMatchObject(refusal);
  let rows = 0;
  for await (const batch of readTableBatches(pattern)) rows += batch.rows.length;
  expect(rows).toBe(1);
});

test.skipIf(process.platform === "win32").each(READERS)(
  "%s: a symbolic link to nothing (a git-annex file not fetched) is said to be one, not a path to check",
  async (_, read) => {
    const link = join(folder, "annexed.arrow");
    if (lstatSync(link, { throwIfNoEntry: false }) === undefined)
      symlinkSync(join(".git", "annex", "objects", "SHA256E-s1--x.arrow"), link);
    await expect(read(link)).rejects.toMatchObject({
      name: "FileAccessError",
      path: link,
      operation: "read",
      systemCode: "ENOENT",
      message: `cannot read ${link} (ENOENT): it is a symbolic link to ${join(".git", "annex", "objects", "SHA256E-s1--x.arrow")}, which leads to no file (a git-annex file not fetched? get it, e.g. git annex get); fetch the file or fix the link`,
    });
  },
);

test.skipIf(process.getuid?.() === 0 || process.platform === "win32")(
  "a file without read permission is a FileAccessError with EACCES",
  async () => {
    const path = join(folder, "secret.arrow");
    await writeTable(path, [{ weights: null }], ModelV1SchemaVersion);
    chmodSync(path, 0o000);
    for (const [, read] of READERS) await expect(read(path)).rejects.toMatchObject({ path, systemCode: "EACCES" });
  },
);

test("every system code gets the user's path and advice (EACCES as root cannot be produced: translated directly)", () => {
  const error = Object.assign(new Error("EACCES: permission denied, open '/tmp/.x.legolas-tmp-1'"), {
    code: "EACCES",
    syscall: "open",
  });
  expect(asFileAccessError(error, "data/table.arrow", "read")).toMatchObject({
    path: "data/table.arrow",
    systemCode: "EACCES",
    message:
      "cannot read data/table.arrow (EACCES): permission denied; check the permissions of the file and of its folders",
  });
  const unknown = Object.assign(new Error("EWEIRD: something"), { code: "EWEIRD", syscall: "read" });
  expect((asFileAccessError(unknown, "t.arrow", "read") as Error).message).toBe(
    "cannot read t.arrow (EWEIRD): EWEIRD: something",
  );
  const ours = new RangeError("not a file-system error");
  expect(asFileAccessError(ours, "t.arrow", "read")).toBe(ours);
});

test("a file larger than one buffer holds: refused by name, pointing to readTableBatches (readTable, readModelRow)", async () => {
  const path = join(folder, "huge.arrow");
  writeFileSync(path, "");
  truncateSync(path, bufferConstants.MAX_LENGTH + 1); // sparse: no disk space used
  const refusal = {
    name: "FileAccessError",
    path,
    systemCode: "ERR_FS_FILE_TOO_LARGE",
    message: expect.stringContaining(
      `it is ${bufferConstants.MAX_LENGTH + 1} bytes, more than one buffer holds on this platform (${bufferConstants.MAX_LENGTH} bytes); read it batch by batch with readTableBatches(path)`,
    ),
  };
  await expect(readTable(path)).rejects.toMatchObject(refusal);
  await expect(readModelRow(path)).rejects.toMatchObject(refusal);
  // readTableBatches, and inspect which reads through openTableFile, read its ends first: not Arrow, said at once, whatever the size
  await expect(READERS[1]![1](path)).rejects.toMatchObject({ code: "not_arrow_file" });
  const inspect = await runCli("inspect", path);
  expect(inspect.code).toBe(2);
  expect(inspect.err).toContain(`${path}: not a readable Arrow IPC file: it does not start with the Arrow magic`);
});

test("whole-file reads go chunk by chunk up to the limit: the same bytes, and the limit is the file's size", async () => {
  const path = join(folder, "chunked.arrow");
  await writeTable(
    path,
    Array.from({ length: 50 }, (_, k) => ({ weights: null, architecture_version: BigInt(k) })),
    ModelV1SchemaVersion,
  );
  const expected = new Uint8Array(readFileSync(path));
  for (const chunkBytes of [7, 4096, expected.length, expected.length + 1]) {
    expect(await readFileBytes(path, { chunkBytes, maxBytes: expected.length })).toEqual(expected);
  }
  await expect(readFileBytes(path, { maxBytes: expected.length - 1 })).rejects.toMatchObject({
    systemCode: "ERR_FS_FILE_TOO_LARGE",
    path,
  });
});

test("positioned reads, small and large and many at once, each return their own bytes", async () => {
  const path = join(folder, "positioned.bin");
  const expected = new Uint8Array(9 * 2 ** 20 + 12_345);
  for (let i = 0; i < expected.length; i++) expected[i] = (i * 2_654_435_761) >>> 24;
  writeFileSync(path, expected);
  const ranges: [number, number][] = [
    [0, 100],
    [3, 64 * 1024 - 1],
    [5, 64 * 1024],
    [1_000_001, 4 * 2 ** 20],
    [17, 4 * 2 ** 20 + 1],
    [2 ** 20, 8 * 2 ** 20 + 7],
    [expected.length - 70_000, 70_000],
  ];
  const file = await ReadableFile.open(path);
  try {
    for (let round = 0; round < 2; round++) {
      const read = await Promise.all(ranges.map(([at, length]) => file.readAt(at, length)));
      read.forEach((bytes, k) => {
        const [at, length] = ranges[k]!;
        expect(bytes.length).toBe(length);
        expect(Buffer.compare(bytes, expected.subarray(at, at + length)), `range ${k}`).toBe(0);
      });
    }
  } finally {
    await file.close();
  }
});
