/**
 * readTable(path)'s pipelined read (runtime/arrow/pipelined-read.ts), forced on small files with
 * small pieces and a buffer of random bytes before any read (helpers/pipelined-read.ts): it gives
 * exactly what the sequential path gives (the same rows, or the same error class and message) on
 * random tables and corruptions of them, hands over what it does not take, and ends a file
 * changed while it is read with FileChangedError.
 */
import { mkdtempSync, readFileSync, rmSync, truncateSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Field, Float64, makeData, RecordBatch, Schema, Struct, Table, tableToIPC } from "apache-arrow";
import fc from "fast-check";
import { afterAll, afterEach, expect, test, vi } from "vitest";
import {
  ModelV1SchemaVersion,
  readTable,
  readTableBytes,
  type SchemaVersion,
  writeTable,
  writeTableBytes,
} from "legolas-ts";
import { FinitePositiveV1SchemaVersion } from "../../generated/index.js";
import { ReadableFile } from "../../../runtime/arrow/guard/checked-file.js";
import { BodyReader, pipelineSettings } from "../../../runtime/arrow/pipelined-read.js";
import * as readBytes from "../../../runtime/arrow/read-bytes.js";
import { MUTATIONS, Random } from "../../hostile/helpers/fuzz.js";
import { defaultPipeline, forcePipeline, forceSequential } from "./helpers/pipelined-read.js";
import { loadSchemaSpec, randomTable, schemaSpec } from "./helpers/random-tables.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-pipelined-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
afterEach(() => {
  vi.restoreAllMocks();
  defaultPipeline();
});

type Outcome = { rows: readonly object[] } | { error: Record<string, unknown> };

/** readTable(path)'s rows, or its error as comparable data. */
async function outcome(path: string, schemaVersion?: SchemaVersion): Promise<Outcome> {
  try {
    return { rows: (await readTable(path, schemaVersion === undefined ? {} : { schemaVersion })).rows };
  } catch (error) {
    const { name, message, code, rowIndex, violations } = error as Record<string, unknown>;
    return { error: { name, message, code, rowIndex, violations } };
  }
}

/**
 * How a pipelined read ended, seen from read-bytes.ts's exports: "pipelined" when the pipeline
 * gave the result (or a row's error) itself, through `readResult`; "handed over" when it gave the
 * file to the sequential path, `readCheckedBytes` of the whole bytes; "neither" when it threw first
 * (a file changed while read).
 */
type Taken = "pipelined" | "handed over" | "neither";

/** `read`'s value, and how the pipeline ended it. */
async function watched<T>(read: () => Promise<T>): Promise<{ value: T; taken: Taken }> {
  const result = vi.spyOn(readBytes, "readResult");
  const sequential = vi.spyOn(readBytes, "readCheckedBytes");
  try {
    const value = await read();
    const calls = [result.mock.calls.length, sequential.mock.calls.length];
    expect(calls, "one way to end a read").not.toStrictEqual([1, 1]);
    return { value, taken: calls[0] === 1 ? "pipelined" : calls[1] === 1 ? "handed over" : "neither" };
  } finally {
    result.mockRestore();
    sequential.mockRestore();
  }
}

/** The outcome of the sequential path, then of the pipeline (`pieceBytes` a read): they must be equal. */
async function bothPaths(path: string, schemaVersion?: SchemaVersion, pieceBytes = 64, depth = 2) {
  forceSequential();
  const sequential = await outcome(path, schemaVersion);
  forcePipeline(pieceBytes, depth);
  const { value: pipelined, taken } = await watched(() => outcome(path, schemaVersion));
  return { sequential, pipelined, taken };
}

const MODEL_ROWS = Array.from({ length: 40 }, (_, k) => ({
  weights: { arrays: [{ vec: new Float32Array(50).fill(k), size: [50] }] },
  architecture_version: BigInt(k),
}));

test("a table of several batches reads through the pipeline as through the sequential path", async () => {
  const path = join(folder, "model.arrow");
  await writeTable(path, MODEL_ROWS, ModelV1SchemaVersion, { batchSize: 7 });
  for (const [pieceBytes, depth] of [
    [8, 1],
    [64, 2],
    [1000, 3],
    [2 ** 20, 2],
  ] as const) {
    const { sequential, pipelined, taken } = await bothPaths(path, undefined, pieceBytes, depth);
    expect(taken).toBe("pipelined");
    expect("rows" in sequential && sequential.rows.length).toBe(40);
    expect(pipelined).toStrictEqual(sequential);
  }
});

test("a file whose batches average less than minBlockBytes is handed to the sequential path, one of larger batches is not", async () => {
  const path = join(folder, "small-batches.arrow");
  await writeTable(path, MODEL_ROWS, ModelV1SchemaVersion, { batchSize: 7 });
  const perBatch = readFileSync(path).length / 6; // 40 rows in 6 batches
  forceSequential();
  const sequential = await outcome(path);
  for (const [minBlockBytes, pipelined] of [
    [Math.ceil(perBatch * 1.5), false],
    [Math.floor(perBatch / 2), true],
  ] as const) {
    forcePipeline();
    pipelineSettings.minBlockBytes = minBlockBytes;
    const { value, taken } = await watched(() => outcome(path));
    expect(value).toStrictEqual(sequential);
    expect(taken).toBe(pipelined ? "pipelined" : "handed over");
  }
});

test("an invalid row is the sequential path's RowValidationError, found by the pipeline", async () => {
  const path = join(folder, "invalid.arrow");
  // Its row check `a > 0` fails on row 23, and on no row before.
  const rows = Array.from({ length: 40 }, (_, k) => ({ a: k === 23 || k === 31 ? -k : k + 0.5 }));
  await writeTable(path, rows, FinitePositiveV1SchemaVersion, { batchSize: 7, validate: false });
  const { sequential, pipelined, taken } = await bothPaths(path);
  expect(taken).toBe("pipelined");
  expect(sequential).toMatchObject({ error: { name: "RowValidationError", rowIndex: 23 } });
  expect(pipelined).toStrictEqual(sequential);
});

/** example.finite-positive@1's column a and `columns - 1` others, float64, 4 rows each. */
function wideTable(columns: number): Table {
  const fields = Array.from({ length: columns }, (_, k) => new Field(k === 0 ? "a" : `c${k}`, new Float64(), false));
  const children = fields.map((_, k) =>
    makeData({ type: new Float64(), length: 4, nullCount: 0, data: Float64Array.of(k + 0.5, 1, 2, 3) }),
  );
  return new Table([
    new RecordBatch(new Schema(fields), makeData({ type: new Struct(fields), length: 4, nullCount: 0, children })),
  ]);
}

test("a wide table: each column's wait looks at its own pieces, not at every piece of the file", async () => {
  // 2,000 columns of 4 rows, 8,000 pieces of 8 bytes.
  const columns = 2000;
  const path = join(folder, "wide.arrow");
  writeFileSync(path, writeTableBytes(wideTable(columns), FinitePositiveV1SchemaVersion, { validate: false }));
  // The pieces' states each wait looks at: from its first piece not known to be in, to the first unread one.
  const firstUnread = vi.spyOn(
    BodyReader.prototype as unknown as { firstUnread(from: number, last: number): number },
    "firstUnread",
  );
  const { sequential, pipelined, taken } = await bothPaths(path, FinitePositiveV1SchemaVersion, 8, 2);
  expect(taken).toBe("pipelined");
  expect("rows" in sequential && sequential.rows.length).toBe(4);
  expect(pipelined).toStrictEqual(sequential);
  const looked = firstUnread.mock.calls.reduce((sum, [from], k) => {
    const result = firstUnread.mock.results[k]!;
    return sum + (result.type === "return" ? result.value - from + 1 : 0);
  }, 0);
  // Linear in the pieces and columns (a few per piece), not their product (16 million: seconds at 40,000 columns).
  expect(looked).toBeGreaterThan(columns);
  expect(looked).toBeLessThan(20 * columns);
});

test("small columns one after the other are read together, not one read each", async () => {
  const path = join(folder, "wide-reads.arrow");
  writeFileSync(path, writeTableBytes(wideTable(2000), FinitePositiveV1SchemaVersion, { validate: false }));
  const readInto = vi.spyOn(ReadableFile.prototype, "readInto");
  forcePipeline(2 ** 20, 2);
  const {
    value: { rows },
    taken,
  } = await watched(() => readTable(path, { schemaVersion: FinitePositiveV1SchemaVersion }));
  expect(taken).toBe("pipelined");
  expect(rows.length).toBe(4);
  // 64 KB of bodies, pieces of 1 MiB: one read, and the metadata's few (footer, file start, block, end).
  expect(readInto.mock.calls.length).toBeLessThan(10);
});

test("a stream and a compressed table are handed to the sequential path, with its results", async () => {
  const stream = join(folder, "model.arrows");
  const { table } = readTableBytes(writeTableBytes(MODEL_ROWS, ModelV1SchemaVersion, { batchSize: 7 }));
  writeFileSync(stream, tableToIPC(table, "stream"));
  const compressed = join(folder, "compressed.arrow");
  await writeTable(compressed, MODEL_ROWS, ModelV1SchemaVersion, { compression: "lz4", batchSize: 7 });
  for (const path of [stream, compressed]) {
    const { sequential, pipelined, taken } = await bothPaths(path);
    expect(taken).toBe("handed over");
    expect("rows" in sequential && sequential.rows.length).toBe(40);
    expect(pipelined).toStrictEqual(sequential);
  }
});

test("random tables and corruptions of them: the pipeline gives exactly the sequential path's rows or error", async () => {
  const kinds = ["none", "none", ...Object.keys(MUTATIONS)];
  const seen = { rows: 0, errors: 0, pipelined: 0 };
  const runs = Number(process.env.LEGOLAS_PROPERTY_RUNS ?? 30);
  let file = 0;
  await fc.assert(
    fc.asyncProperty(schemaSpec, fc.gen(), async (spec, gen) => {
      const schemaVersion = await loadSchemaSpec(spec);
      for (let t = 0; t < 4; t++) {
        // Mostly as legolas-ts writes it (with the stream's Schema message, which apache-arrow's file writer
        // leaves out, and so the pipeline hands over), else as apache-arrow does.
        // Each run's first table is sound and as legolas-ts writes it, so that every run has the
        // pipeline read one itself (by chance alone, some runs of 120 tables had it read 10).
        const table = randomTable(gen, schemaVersion);
        const written =
          t === 0 || gen(() => fc.integer({ min: 0, max: 3 })) > 0 ? ourBytes(table, schemaVersion) : null;
        const ours = written !== null;
        let bytes = written ?? tableToIPC(table, "file");
        const kind = t === 0 ? "none" : gen(() => fc.constantFrom(...kinds));
        const random = new Random(gen(() => fc.integer({ min: 1, max: 2 ** 31 - 1 })));
        if (kind !== "none") bytes = MUTATIONS[kind]!(bytes, random).bytes;
        const path = join(folder, `random-${file++}.arrow`);
        writeFileSync(path, bytes);
        const pieceBytes = gen(() => fc.constantFrom(1, 8, 64, 4096));
        const depth = gen(() => fc.integer({ min: 1, max: 3 }));
        const { sequential, pipelined, taken } = await bothPaths(path, schemaVersion, pieceBytes, depth);
        expect(pipelined, `${kind}, ${bytes.length} bytes, pieces of ${pieceBytes}`).toStrictEqual(sequential);
        if (taken === "pipelined") seen.pipelined++;
        // A sound file legolas-ts wrote is read by the pipeline itself, each column once its bytes are in.
        if (ours && kind === "none" && "rows" in sequential) expect(taken).toBe("pipelined");
        if ("rows" in sequential) seen.rows++;
        else seen.errors++;
        rmSync(path);
      }
    }),
    {
      numRuns: runs,
      interruptAfterTimeLimit: 150_000,
      markInterruptAsFailure: true,
    },
  );
  // The property means something only if the pipeline ended reads, and both outcomes were seen.
  // (A run's first table falls back to apache-arrow's bytes where the writer refuses its Weights.)
  expect(seen.pipelined).toBeGreaterThan(runs / 2);
  expect(seen.rows).toBeGreaterThan(0);
  expect(seen.errors).toBeGreaterThan(0);
}, 180_000);

/** readTable through the pipeline, `change` acting on the file before the body read at `position` (the first past 2 KiB). */
async function readChangedAt(path: string, change: () => void): Promise<unknown> {
  const readInto = ReadableFile.prototype.readInto;
  let changed = false;
  vi.spyOn(ReadableFile.prototype, "readInto").mockImplementation(async function (this: ReadableFile, target, at) {
    if (!changed && at > 2048 && target.byteLength === 1024) {
      changed = true;
      change();
    }
    return readInto.call(this, target, at);
  });
  forcePipeline(1024, 1);
  const result = vi.spyOn(readBytes, "readResult");
  try {
    await readTable(path);
    return null;
  } catch (error) {
    expect(changed).toBe(true);
    // The pipeline gave no result from what it read.
    expect(result).not.toHaveBeenCalled();
    return error;
  }
}

test("a file cut while the pipeline reads it: FileChangedError", async () => {
  const path = join(folder, "cut.arrow");
  await writeTable(path, MODEL_ROWS, ModelV1SchemaVersion, { batchSize: 7 });
  const error = await readChangedAt(path, () => truncateSync(path, 4000));
  expect(error).toMatchObject({ name: "FileChangedError", code: "file_changed", path });
});

test("a file rewritten in place while the pipeline reads it: FileChangedError, not the corruption it reads", async () => {
  const path = join(folder, "rewritten.arrow");
  await writeTable(path, MODEL_ROWS, ModelV1SchemaVersion, { batchSize: 7 });
  const error = await readChangedAt(path, () => {
    // Offsets and values of every body after the first KiBs made 0xff: a corrupt table, were it read as it stands.
    const bytes = new Uint8Array(readFileSync(path));
    bytes.fill(0xff, 2048, bytes.length - 2048);
    writeFileSync(path, bytes);
    utimesSync(path, new Date(2001, 1, 1), new Date(2001, 1, 1));
  });
  expect(error).toMatchObject({ name: "FileChangedError", code: "file_changed", path });
});

/**
 * `table` as legolas-ts writes it; `null` when it holds Weights LegolasFlux.jl cannot read (none,
 * or an empty first array), which legolas-ts refuses to write and apache-arrow writes as it is.
 */
function ourBytes(table: Table, schemaVersion: SchemaVersion): Uint8Array | null {
  try {
    return writeTableBytes(table, schemaVersion, { validate: false });
  } catch (error) {
    if ((error as { code?: unknown }).code === "weights_julia_unreadable") return null;
    throw error;
  }
}
