/**
 * The row encoder's numeric list column (rows/column-writers.ts) against `encodeColumn`, on random
 * rows: lists of their own, plain arrays, views of one or two shared buffers (consecutive, with a
 * gap, repeated, empty), missing and empty lists, in chunks of random sizes, for every element
 * kind it writes. Its buffers must be `encodeColumn`'s; and a table written from such rows
 * (writeTableBytes, random batch sizes) reads back to the values given.
 */
import fc from "fast-check";
import type { Data } from "apache-arrow";
import { expect, test } from "vitest";
import { readTableBytes, writeTableBytes } from "legolas-ts";
import { encodeColumn } from "../../../runtime/arrow/columns/encode.js";
import { columnWriter } from "../../../runtime/arrow/rows/column-writers.js";
import { AllTypesV1, AllTypesV1SchemaVersion } from "../../generated/index.js";

type Typed = Float32Array | Float64Array | BigInt64Array | Uint8Array;
interface Kind {
  readonly name: "floats" | "ints" | "bytes" | "samples";
  readonly make: (length: number) => Typed;
  readonly element: fc.Arbitrary<number | bigint>;
}
const KINDS: readonly Kind[] = [
  { name: "floats", make: (n) => new Float32Array(n), element: fc.float() },
  {
    name: "ints",
    make: (n) => new BigInt64Array(n),
    element: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }) as fc.Arbitrary<number | bigint>,
  },
  { name: "bytes", make: (n) => new Uint8Array(n), element: fc.integer({ min: 0, max: 255 }) },
  { name: "samples", make: (n) => new Float64Array(n), element: fc.double() },
];

/** How a row's list is made: its own array, a plain array, a view of shared buffer 0 or 1 (after `gap` elements), missing. */
type Source =
  | { kind: "own" | "plain"; length: number }
  | { kind: "view"; buffer: 0 | 1; gap: 0 | 1 | -1; length: number }
  | { kind: "missing" };
const source: fc.Arbitrary<Source> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom("own" as const, "plain" as const), length: fc.nat(5) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("view" as const),
      buffer: fc.constantFrom(0 as const, 1 as const),
      // Mostly consecutive (gap 0); a gap, or the previous view's elements again (-1), breaks the run.
      gap: fc.constantFrom(0 as const, 0 as const, 0 as const, 1 as const, -1 as const),
      length: fc.nat(5),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "missing" as const }) },
);

const BUFFER = 6 * 4000;

/** The values of the rows `sources` describe, elements drawn from `pool` in turn. */
function valuesOf(kind: Kind, sources: readonly Source[], pool: readonly (number | bigint)[]): (Typed | null)[] {
  const buffers = [kind.make(BUFFER), kind.make(BUFFER)];
  for (const buffer of buffers)
    for (let i = 0; i < BUFFER; i++) (buffer as Float64Array)[i] = pool[i % pool.length] as number;
  const cursors = [0, 0];
  const previous = [0, 0];
  let next = 0;
  const elements = (length: number) => Array.from({ length }, () => pool[next++ % pool.length]!);
  return sources.map((s) => {
    if (s.kind === "missing") return null;
    if (s.kind === "own") {
      const own = kind.make(s.length);
      own.set(elements(s.length) as never);
      return own;
    }
    if (s.kind !== "view") return elements(s.length) as unknown as Typed; // as a plain object's row may hold it
    const start = s.gap === -1 ? previous[s.buffer]! : cursors[s.buffer]! + s.gap;
    previous[s.buffer] = start;
    cursors[s.buffer] = start + s.length;
    return buffers[s.buffer]!.subarray(start, start + s.length);
  });
}

const bytesOf = (array: ArrayBufferView | null | undefined) =>
  array == null ? "" : Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString("hex");

test("the numeric list column writes encodeColumn's buffers from any mix of lists, in chunks of any size", () => {
  fc.assert(
    fc.property(
      fc
        .constantFrom(...KINDS)
        .chain((kind) =>
          fc.tuple(
            fc.constant(kind),
            fc.array(source, { minLength: 1, maxLength: 300 }),
            fc.array(kind.element, { minLength: 1, maxLength: 16 }),
            fc.array(fc.integer({ min: 1, max: 80 }), { minLength: 1, maxLength: 8 }),
          ),
        ),
      ([kind, sources, pool, chunkSizes]) => {
        const k = AllTypesV1SchemaVersion.fields.findIndex((field) => field.name === kind.name);
        const descriptor = AllTypesV1SchemaVersion.fields[k]!;
        const field = AllTypesV1SchemaVersion.arrowSchema.fields[k]!;
        const values = valuesOf(kind, sources, pool).map((v) => (v === null && !field.nullable ? kind.make(0) : v));
        const writer = columnWriter(descriptor, field, values.length);
        for (let at = 0, c = 0; at < values.length; c++) {
          const count = Math.min(chunkSizes[c % chunkSizes.length]!, values.length - at);
          writer.write(
            values.slice(at, at + count).map((value) => ({ [kind.name]: value })),
            count,
            at,
          );
          at += count;
        }
        const data: Data = writer.finish();
        const expected = encodeColumn(descriptor.type, field, values);
        expect(data.length).toBe(expected.length);
        expect(data.nullCount).toBe(expected.nullCount);
        if (expected.nullCount > 0) expect(bytesOf(data.nullBitmap)).toBe(bytesOf(expected.nullBitmap));
        expect(bytesOf(data.valueOffsets)).toBe(bytesOf(expected.valueOffsets));
        expect(bytesOf(data.children[0]!.values)).toBe(bytesOf(expected.children[0]!.values));
      },
    ),
    { numRuns: 300 },
  );
});

test("a table written from views of one buffer, lists of their own and missing lists reads back to those values", () => {
  const base = { flag: true, small: -3, ubyte: 7, uint: 4_000_000_000, double: 0.5 };
  fc.assert(
    fc.property(
      fc.array(source, { minLength: 1, maxLength: 2600 }),
      fc.array(fc.float({ noNaN: true }), { minLength: 1, maxLength: 16 }),
      fc.option(fc.integer({ min: 1, max: 1500 }), { nil: undefined }),
      (sources, pool, batchSize) => {
        const floats = valuesOf(KINDS[0]!, sources, pool);
        const rows = floats.map(
          (value) => new AllTypesV1({ ...base, floats: (value ?? undefined) as Float32Array | undefined }),
        );
        const read = readTableBytes(writeTableBytes(rows, AllTypesV1SchemaVersion, { batchSize }), {
          schemaVersion: AllTypesV1SchemaVersion,
        });
        expect(read.rows.map((row) => (row.floats == null ? null : Array.from(row.floats)))).toEqual(
          rows.map((row) => (row.floats == null ? null : Array.from(row.floats))),
        );
      },
    ),
    { numRuns: 25 },
  );
});
