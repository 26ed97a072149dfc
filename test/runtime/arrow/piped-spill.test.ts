/**
 * `openPipedTable` under Node, of an IPC file whose stream holds no Schema message (apache-arrow's
 * file writer writes none), which can be read only from its footer, once it has all come: its
 * bytes go to a temporary file in TMPDIR as they come, not into memory, and that file is read as
 * a path is. It reads what a read by its path reads, refuses a damaged one with that read's
 * error, and leaves no file behind, read or refused; a temporary file that cannot be written is
 * a `SourceReadError` that says to pass the path instead. The file's name is removed before a byte
 * is written to it, so that a reader killed outright (SIGKILL, which runs no code) leaves nothing.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readlinkSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RecordBatchFileWriter, tableFromIPC } from "apache-arrow";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { openPipedTable, openTableFile, type TableFile, writeTableBytes } from "legolas-ts";
import { AllTypesV1SchemaVersion } from "../../generated/index.js";
import { bundleChild } from "../../helpers/bundled-child.js";
import { allTypesRows } from "../../hostile/helpers/outcomes.js";

const inject = vi.hoisted(() => ({ fullDiskAfterWrites: null as number | null }));

vi.mock("node:fs/promises", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs/promises")>();
  return {
    ...actual,
    open: async (...args: Parameters<typeof actual.open>) => {
      const handle = await actual.open(...args);
      const writesLeft = inject.fullDiskAfterWrites;
      if (writesLeft !== null && String(args[0]).includes(".legolas-tmp-")) {
        let writes = 0;
        const write = handle.write.bind(handle) as (...a: unknown[]) => Promise<unknown>;
        handle.write = (async (...a: unknown[]) => {
          if (writes++ >= writesLeft)
            throw Object.assign(new Error("ENOSPC: injected, write"), { code: "ENOSPC", syscall: "write" });
          return write(...a);
        }) as typeof handle.write;
      }
      return handle;
    },
  };
});

const root = mkdtempSync(join(tmpdir(), "legolas-piped-spill-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The temporary folder of each test, TMPDIR meanwhile: empty unless a read left a file there. */
let spillFolder: string;
const previousTmpdir = process.env.TMPDIR;
beforeEach(() => {
  spillFolder = mkdtempSync(join(root, "tmp-"));
  process.env.TMPDIR = spillFolder;
});
afterEach(() => {
  if (previousTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = previousTmpdir;
  inject.fullDiskAfterWrites = null;
});

/** The every-type table in batches of 2 rows, as apache-arrow's file writer writes it: no Schema message before its footer. */
function apacheArrowFile(): Uint8Array {
  const table = tableFromIPC(writeTableBytes(allTypesRows(), AllTypesV1SchemaVersion, { batchSize: 2 }));
  const bytes = RecordBatchFileWriter.writeAll(table).toUint8Array(true);
  // The magic and its padding, then a message that is no Schema message: a record batch.
  expect(bytes.length).toBeGreaterThan(4096);
  return bytes;
}

/**
 * The sizes of the temporary files in `folder` that process `pid` holds open with their names
 * removed, each once (it holds each open twice, to write and to read). Linux only: its /proc
 * shows such a file as its former path followed by " (deleted)".
 */
function unnamedFilesOpen(pid: number | "self", folder: string): number[] {
  const fds = `/proc/${pid}/fd`;
  const sizes = new Map<bigint, number>();
  for (const fd of readdirSync(fds)) {
    const target = (() => {
      try {
        return readlinkSync(join(fds, fd));
      } catch {
        return ""; // closed meanwhile (the listing's own descriptor)
      }
    })();
    if (!target.startsWith(join(folder, ".legolas-tmp-")) || !target.endsWith(" (deleted)")) continue;
    const { ino, size } = statSync(join(fds, fd), { bigint: true });
    sizes.set(ino, Number(size));
  }
  return [...sizes.values()];
}

const onLinux = process.platform === "linux";

/** `bytes` in pieces of 1,000 bytes; before each, `beforePiece(bytes given so far)` runs. */
async function* inPieces(bytes: Uint8Array, beforePiece: (given: number) => void = () => {}) {
  for (let at = 0; at < bytes.length; at += 1000) {
    beforePiece(at);
    yield bytes.slice(at, at + 1000);
  }
}

/** Every batch's rows as JSON (bigints as text), after the file's schema version. */
async function rowsOf(file: TableFile): Promise<string[]> {
  const read = [file.metadata.identifier ?? ""];
  for await (const { rows } of file.readBatches())
    read.push(JSON.stringify(rows, (_, value) => (typeof value === "bigint" ? `${value}n` : value)));
  return read;
}

const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error as { name: string; code: string; message: string },
  );

test("the bytes go to a temporary file as they come, whose name is removed before they do; the rows are a path read's", async () => {
  const bytes = apacheArrowFile();
  const named: string[][] = [];
  const spilled: number[][] = [];
  const file = await openPipedTable(
    inPieces(bytes, (given) => {
      // Before the last piece, the file holds what came before it, under no name.
      if (given + 1000 < bytes.length) return;
      named.push(readdirSync(spillFolder));
      if (onLinux) spilled.push(unnamedFilesOpen("self", spillFolder));
    }),
    "bytes",
  );
  expect(named).toEqual([[]]);
  if (onLinux) expect(spilled).toEqual([[bytes.length - (bytes.length % 1000 || 1000)]]);
  expect(readdirSync(spillFolder)).toEqual([]);
  expect(file.byteLength).toBe(bytes.length);
  expect(await rowsOf(file)).toEqual(await rowsOf(await openTableFile(bytes)));
});

test("a damaged file is refused with the error of a read by its path, and no file is left", async () => {
  const bytes = apacheArrowFile();
  // The footer's length, the end's magic, the first message's metadata length.
  for (const at of [bytes.length - 10, bytes.length - 3, 12]) {
    const damaged = bytes.slice();
    damaged[at]! ^= 0x5a;
    const path = join(root, "damaged.arrow");
    writeFileSync(path, damaged);
    const byPath = await errorOf(openTableFile(path).then(rowsOf));
    expect(byPath, `byte ${at}`).toMatchObject({ code: expect.any(String) });
    const piped = await errorOf(openPipedTable(inPieces(damaged), path).then(rowsOf));
    expect({ name: piped!.name, code: piped!.code, message: piped!.message }, `byte ${at}`).toEqual({
      name: byPath!.name,
      code: byPath!.code,
      message: byPath!.message,
    });
    expect(readdirSync(spillFolder)).toEqual([]);
  }
});

test("a read left early, and an input that fails while it is written, leave no file", async () => {
  const bytes = apacheArrowFile();
  const file = await openPipedTable(inPieces(bytes), "bytes");
  for await (const _ of file.readBatches()) break;
  expect(readdirSync(spillFolder)).toEqual([]);

  async function* broken() {
    yield* inPieces(bytes.subarray(0, 3000));
    throw new Error("the connection was reset");
  }
  expect(await errorOf(openPipedTable(broken(), "bytes"))).toMatchObject({ message: "the connection was reset" });
  expect(readdirSync(spillFolder)).toEqual([]);
});

test.each([
  ["a temporary folder that is missing", "ENOENT", null],
  ["a disk that fills up while it is written", "ENOSPC", 2],
] as const)(
  "%s is a SourceReadError saying to pass the path; no file is left, the input is let go",
  async (_, systemCode, writes) => {
    const bytes = apacheArrowFile();
    if (writes === null) process.env.TMPDIR = join(spillFolder, "missing");
    inject.fullDiskAfterWrites = writes;
    let closed = false;
    async function* input() {
      try {
        yield* inPieces(bytes);
      } finally {
        closed = true;
      }
    }
    const error = await errorOf(openPipedTable(input(), "-"));
    expect(error).toMatchObject({ name: "SourceReadError", code: "source_unreadable" });
    expect(error!.message).toBe(
      `-: it is an Arrow IPC file whose stream holds no Schema message (apache-arrow's file writer writes none), so it is read from its footer, which comes last, and its bytes are kept until then in a temporary file in ${process.env.TMPDIR}, which could not be written (${systemCode}). Pass the table's path instead of piping it, or set TMPDIR to a folder with room for it`,
    );
    expect(closed).toBe(true);
    expect(readdirSync(spillFolder)).toEqual([]);
  },
);

describe("a reader killed mid-spill", () => {
  let child: string;
  beforeAll(async () => {
    child = join(root, "child-spill.mjs");
    await bundleChild("test/runtime/arrow/helpers/child-spill.ts", child);
  });

  test("by SIGKILL, which runs no code, leaves no file in its TMPDIR", async () => {
    const bytes = apacheArrowFile();
    // Half the file, more than the piece the reader takes to know it has no Schema message.
    const given = bytes.subarray(0, bytes.length >> 1);
    const reader = spawn(process.execPath, [child, String(given.length)], {
      env: { ...process.env, TMPDIR: spillFolder },
      stdio: ["pipe", "pipe", "inherit"],
    });
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
      reader.on("exit", (code, signal) => resolve(signal ?? code)),
    );
    reader.stdin.write(given);
    await new Promise<void>((resolve, reject) => {
      reader.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("spilling") && resolve());
      reader.on("exit", () => reject(new Error("the reader exited before it spilled")));
    });
    // Mid-spill: what came is in the temporary file, which has no name.
    if (onLinux) expect(unnamedFilesOpen(reader.pid!, spillFolder)).toEqual([given.length]);
    reader.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    expect(readdirSync(spillFolder)).toEqual([]);
  });
});
