/**
 * The reads of tables larger than the machine (docs/scale.md) held to Polars, Arrow's Rust
 * implementation, on random tables of the plain columns of test.all-types@1
 * (helpers/polars-columns.ts: nulls, empty and 12-byte strings, long strings that fill Polars'
 * string buffers, bytes, 64-bit integers, lists, a struct). Tables Polars writes in many record
 * batches (frames joined without rechunking), uncompressed, LZ4 or ZSTD, in the file format, or
 * the stream format with dictionary columns or without, are read by ours whole, by some
 * columns, in order from a file, a URL in small ranges and a Blob, and some batches by their
 * index: each read gives what Polars reads of the table. Tables we write, in batches of any size,
 * compressed or not, Polars reads as we wrote them.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import fc from "fast-check";
import pl from "nodejs-polars";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  openTableFile,
  prepareCompression,
  readTable,
  readTableBatches,
  type TableCompression,
  writeTable,
} from "legolas-ts";
import { AllTypesV1SchemaVersion } from "../../generated/index.js";
import { type RangeServer, startRangeServer } from "../../helpers/range-server.js";
import { POLARS_COLUMNS, type PolarsColumn, type PolarsColumnName } from "./helpers/polars-columns.js";

type Row = Record<string, unknown>;
type Columns = Record<string, unknown[]>;

const folder = mkdtempSync(join(tmpdir(), "legolas-polars-reads-"));
let server: RangeServer;
beforeAll(async () => {
  server = await startRangeServer();
  await Promise.all([prepareCompression("lz4"), prepareCompression("zstd")]);
});
afterAll(async () => {
  await server.close();
  rmSync(folder, { recursive: true, force: true });
});

/** Runs of each property: a few seconds' worth by default, more for a longer hunt. */
const RUNS = Number(process.env.LEGOLAS_POLARS_RUNS ?? 10);

const NAMES = Object.keys(POLARS_COLUMNS) as PolarsColumnName[];
const column = (name: PolarsColumnName): PolarsColumn => POLARS_COLUMNS[name];

/** A table's columns: every required one, and some others. */
const tableColumns = fc
  .subarray(NAMES.filter((name) => !column(name).required))
  .map((optional) => NAMES.filter((name) => column(name).required || optional.includes(name)));

function rowOf(names: readonly PolarsColumnName[]): fc.Arbitrary<Row> {
  const values = names.map((name) => {
    const { required, values } = column(name);
    return [name, required ? values : fc.option(values, { nil: null, freq: 3 })] as const;
  });
  return fc.record(Object.fromEntries(values));
}

/** Our rows' values of `names`, column by column, comparable. */
function ours(rows: readonly object[], names: readonly PolarsColumnName[]): Columns {
  return Object.fromEntries(
    names.map((name) => [name, rows.map((row) => column(name).comparable((row as Row)[name]))]),
  );
}

/** The values Polars read of `names`, comparable. */
function polars(frame: pl.DataFrame, names: readonly PolarsColumnName[]): Columns {
  return Object.fromEntries(names.map((name) => [name, column(name).fromPolars(frame.getColumn(name))]));
}

function sliced(columns: Columns, names: readonly PolarsColumnName[], start: number, end: number): Columns {
  return Object.fromEntries(names.map((name) => [name, columns[name]!.slice(start, end)]));
}

let tables = 0;
const nextPath = () => join(folder, `table-${tables++}.arrow`);

describe("tables Polars writes, read by ours", () => {
  const polarsTable = tableColumns.chain((names) =>
    fc.record({
      names: fc.constant(names),
      // Each frame a record batch of the file (Polars leaves out the empty ones, and writes an empty table as one empty batch).
      frames: fc.array(fc.array(rowOf(names), { maxLength: 5 }), { minLength: 1, maxLength: 6 }),
      compression: fc.constantFrom("uncompressed", "lz4", "zstd") as fc.Arbitrary<"uncompressed" | TableCompression>,
      projection: fc.shuffledSubarray(names, { minLength: 1 }),
      validate: fc.constantFrom("rows", "columns") as fc.Arbitrary<"rows" | "columns">,
      tailBytes: fc.integer({ min: 1, max: 4096 }),
      maxGap: fc.integer({ min: 0, max: 2048 }),
      // Where the batches read by index start and how many, as fractions of the file's batches.
      firstBatch: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
      batchShare: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
  );

  type PolarsTable = typeof polarsTable extends fc.Arbitrary<infer Table> ? Table : never;

  /**
   * How Polars writes a table: the IPC file or stream format, and, in the stream format only,
   * whether its text columns are categorical, which Polars writes as dictionary columns in one
   * batch, its other strings and bytes then LargeUtf8 and LargeBinary rather than views (in the
   * file format it refuses a categorical column of several batches: "Dictionary replacement
   * detected").
   */
  type Layout = { readonly format: "file" } | { readonly format: "stream"; readonly categorical: boolean };

  const CATEGORICAL: Partial<Record<PolarsColumnName, pl.DataType>> = {
    text: pl.Categorical,
    names: pl.List(pl.Categorical),
  };

  /**
   * The table as Polars writes it: each column built once (nodejs-polars takes milliseconds a
   * Series), cut into the frames, which are joined without rechunking, one record batch each.
   */
  function writtenByPolars({ names, frames, compression }: PolarsTable, layout: Layout): string {
    const rows = frames.flat();
    const whole = pl.DataFrame(
      names.map((name) =>
        column(name).series(
          name,
          rows.map((row) => row[name]),
        ),
      ),
    );
    const starts = frames.map((_, k) => frames.slice(0, k).reduce((sum, frame) => sum + frame.length, 0));
    const parts = frames.map((frame, k) => whole.slice(starts[k]!, frame.length));
    const path = nextPath();
    const table = pl.concat(parts, { rechunk: false, how: "vertical" });
    if (layout.format === "file") table.writeIPC(path, { compression });
    else if (!layout.categorical) table.writeIPCStream(path, { compression });
    else {
      const categorical = names.flatMap((name) => {
        const type = CATEGORICAL[name];
        return type === undefined ? [] : [pl.col(name).cast(type)];
      });
      table.withColumns(...categorical).writeIPCStream(path, { compression });
    }
    return path;
  }

  /**
   * Writes `table` with Polars as `layout` says and checks that our reads of all its batches in
   * order give what Polars reads of it: readTable of the file, readTableBatches of its columns in
   * `table.projection` from the file, from a URL and from a Blob. Returns the URL and what
   * Polars read.
   */
  async function readInOrder(table: PolarsTable, layout: Layout): Promise<{ url: string; expected: Columns }> {
    const { names, projection, validate, tailBytes, maxGap } = table;
    const path = writtenByPolars(table, layout);
    const bytes = new Uint8Array(readFileSync(path));
    const read = layout.format === "file" ? pl.readIPC : pl.readIPCStream;
    const expected = polars(read(Buffer.from(bytes)), names);
    // The harness: Polars reads back what it was given.
    expect(expected).toEqual(ours(table.frames.flat(), names));
    const options = { schemaVersion: AllTypesV1SchemaVersion, validate };

    const whole = await readTable(path, options);
    expect(ours(whole.rows, names)).toEqual(expected);

    const url = server.put(`/${basename(path)}`, bytes);
    for (const source of [path, url, new Blob([bytes])]) {
      const rows: object[] = [];
      for await (const batch of readTableBatches(source, { ...options, columns: projection, tailBytes, maxGap })) {
        expect(batch.firstRowIndex).toBe(rows.length);
        rows.push(...batch.rows);
      }
      expect(ours(rows, projection)).toEqual(sliced(expected, projection, 0, Infinity));
    }
    return { url, expected };
  }

  test("in the file format, every reader gives what Polars reads: whole, some columns, in order and by index, from a file, a URL and a Blob", async () => {
    await fc.assert(
      fc.asyncProperty(polarsTable, async (table) => {
        const { url, expected } = await readInOrder(table, { format: "file" });
        const { projection, validate, tailBytes, maxGap } = table;
        const file = await openTableFile(url, { tailBytes, maxGap });
        try {
          const counts = await file.rowCounts();
          const filled = table.frames.map((frame) => frame.length).filter((length) => length > 0);
          expect(counts).toEqual(filled.length > 0 ? filled : [0]);
          const first = Math.floor(table.firstBatch * counts.length);
          const end = first + Math.round(table.batchShare * (counts.length - first));
          let start = counts.slice(0, first).reduce((sum, count) => sum + count, 0);
          for (let index = first; index < end; index++) {
            const batch = await file.readBatch(index, {
              schemaVersion: AllTypesV1SchemaVersion,
              validate,
              columns: projection,
            });
            expect(batch.firstRowIndex).toBe(start);
            expect(ours(batch.rows, projection)).toEqual(sliced(expected, projection, start, start + counts[index]!));
            start += counts[index]!;
          }
        } finally {
          await file.close();
        }
      }),
      { numRuns: RUNS },
    );
  });

  test("in the stream format, dictionary columns or not, the reads in order give what Polars reads, from a file, a URL and a Blob", async () => {
    await fc.assert(
      fc.asyncProperty(polarsTable, fc.boolean(), async (table, categorical) => {
        await readInOrder(table, { format: "stream", categorical });
      }),
      { numRuns: RUNS },
    );
  });
});

describe("tables we write, read by Polars", () => {
  const ourTable = tableColumns.chain((names) =>
    fc.record({
      names: fc.constant(names),
      rows: fc.array(rowOf(names), { maxLength: 24 }),
      batchSize: fc.integer({ min: 1, max: 8 }),
      compression: fc.constantFrom(undefined, "lz4", "zstd") as fc.Arbitrary<TableCompression | undefined>,
    }),
  );

  test("Polars reads every batch with the values we wrote", async () => {
    await fc.assert(
      fc.asyncProperty(ourTable, async ({ names, rows, batchSize, compression }) => {
        const path = nextPath();
        await writeTable(path, rows as never[], AllTypesV1SchemaVersion, { batchSize, compression });
        // Polars cannot represent the schema's JuliaLang.* extension columns: it reads the plain ones.
        const frame = pl.readIPC(readFileSync(path), { columns: names });
        expect(polars(frame, names)).toEqual(ours(rows, names));
      }),
      { numRuns: RUNS },
    );
  });
});
