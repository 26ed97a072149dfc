/**
 * Gather writes (ipc/gathered-values.ts): a Weights column whose arrays are not one buffer is
 * written from the arrays themselves, and the file is the one the joined buffer makes, byte for
 * byte: the same buffer regions, padding and body length, to a file and in memory, compressed
 * or not, in one record batch or several, with other columns' buffers after it. The joined side is the column apache-arrow's
 * own writer lays out (arrays that already are one buffer are written as that buffer).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, expect, test } from "vitest";
import {
  FlatArray,
  ModelV1SchemaVersion,
  prepareCompression,
  readTableBytes,
  Weights,
  writeTable,
  writeTableBytes,
} from "legolas-ts";
import { gatheredTyped } from "../../../runtime/arrow/columns/buffers.js";
import { ipcFileChunks } from "../../../runtime/arrow/ipc/file-writer.js";
import { gatheredParts } from "../../../runtime/arrow/ipc/gathered-values.js";
import { checkOptions } from "../../../runtime/arrow/options.js";
import { tableBatches } from "../../../runtime/arrow/write-bytes.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-gathered-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
beforeAll(async () => {
  await prepareCompression("lz4");
  await prepareCompression("zstd");
});

/** Element types of different widths: an odd count of Int8 values leaves a buffer to pad. */
const ELEMENT_TYPES = { float32: Float32Array, float64: Float64Array, int8: Int8Array } as const;
type ElementType = keyof typeof ELEMENT_TYPES;

/**
 * A model row's arrays, each a few elements or a little over 128 KiB (an odd count, so Int8's
 * buffer needs padding); arrays of 64 KiB or more on average are gathered, others joined.
 */
const arrayLengthOf = (small: fc.Arbitrary<number>) =>
  fc.oneof({ weight: 3, arbitrary: fc.constant("large" as const) }, { weight: 1, arbitrary: small });
// The first array holds a value: LegolasFlux.jl cannot read Weights whose first array is empty (julia-readable-weights.ts).
const rowArrays = fc.option(
  fc
    .tuple(arrayLengthOf(fc.constantFrom(1, 3)), fc.array(arrayLengthOf(fc.constantFrom(0, 1, 3)), { maxLength: 3 }))
    .map(([first, rest]) => [first, ...rest]),
  { nil: null },
);

/** Rows whose Weights arrays are separate arrays (gathered), or views of one buffer in column order (joined). */
function modelRows(elementType: ElementType, rows: readonly (readonly (number | "large")[] | null)[], joined: boolean) {
  const Type = ELEMENT_TYPES[elementType];
  const large = (128 * 1024) / Type.BYTES_PER_ELEMENT + 1;
  const lengthsOf = (row: readonly (number | "large")[]) => row.map((length) => (length === "large" ? large : length));
  const total = rows.reduce((sum, row) => sum + (row === null ? 0 : lengthsOf(row).reduce((a, b) => a + b, 0)), 0);
  const all = new Type(total);
  for (let i = 0; i < total; i++) all[i] = (i * 7919) % 113;
  let at = 0;
  return rows.map((lengths, k) => ({
    weights:
      lengths === null
        ? null
        : new Weights(
            lengthsOf(lengths).map((length) => {
              const view = all.subarray(at, (at += length));
              return new FlatArray(joined ? view : view.slice(), [length]);
            }),
          ),
    architecture_version: BigInt(k),
  }));
}

test("a gathered Weights column writes the same bytes as the joined one, to a file and in memory", async () => {
  let gathered = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...(Object.keys(ELEMENT_TYPES) as ElementType[])),
      fc.array(rowArrays, { minLength: 1, maxLength: 3 }),
      fc.constantFrom(undefined, "lz4", "zstd"),
      fc.constantFrom(undefined, 1, 2),
      async (elementType, rows, compression, batchSize) => {
        // A batch of only null Weights is float32, which another element type's table refuses (write-bytes.ts).
        fc.pre(batchSize === undefined || elementType === "float32");
        const options = { ...(compression === undefined ? {} : { compression }), ...(batchSize && { batchSize }) };
        const separate = modelRows(elementType, rows, false);
        const arrays = separate.flatMap((row) => row.weights?.arrays.map((a) => a.vec) ?? []);
        if (gatheredParts(gatheredTyped(arrays, ELEMENT_TYPES[elementType] as never)) !== undefined) gathered++;
        const expected = writeTableBytes(modelRows(elementType, rows, true), ModelV1SchemaVersion, options);
        expect(sameBytes(writeTableBytes(separate, ModelV1SchemaVersion, options), expected)).toBe(true);
        const path = join(folder, "row.arrow");
        await writeTable(path, separate, ModelV1SchemaVersion, options);
        expect(sameBytes(readFileSync(path), expected)).toBe(true);
        const read = readTableBytes(expected, { schemaVersion: ModelV1SchemaVersion }).rows;
        read.forEach((row, k) => {
          const written = separate[k]!.weights?.arrays ?? [];
          expect(row.weights?.arrays.length ?? 0).toBe(written.length);
          written.forEach((array, j) => expect(sameBytes(row.weights!.arrays[j]!.vec, array.vec)).toBe(true));
        });
      },
    ),
    { numRuns: 40 },
  );
  // The property is about the gathered path: most draws take it.
  expect(gathered).toBeGreaterThan(10);
});

/** Byte-for-byte equality of two arrays' memory (vitest's deep equality is slow on megabytes). */
function sameBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

test("large arrays are gathered in a placeholder of no size; small ones and one buffer's views are not", () => {
  const large = [new Float32Array(16_384).fill(1), new Float32Array(16_384).fill(2)];
  const placeholder = gatheredTyped(large, Float32Array);
  expect(placeholder.buffer.byteLength).toBe(0);
  expect(gatheredParts(placeholder)).toEqual(large);
  expect(gatheredParts(placeholder.subarray(0, 10))).toEqual(large);
  const one = new Float32Array(32_768);
  const views = [one.subarray(0, 16_384), one.subarray(16_384)];
  expect(gatheredParts(gatheredTyped(views, Float32Array))).toBeUndefined();
  const joined = gatheredTyped([Float32Array.of(1, 2), Float32Array.of(3)], Float32Array);
  expect(gatheredParts(joined)).toBeUndefined();
  expect([...joined]).toEqual([1, 2, 3]);
});

test("a model row's small pieces are written together, its large arrays one by one", async () => {
  // Ten 400 KB arrays, each followed by a 4 KB one, as a Dense stack's kernels and biases.
  const arrays = Array.from({ length: 20 }, (_, k) => {
    const length = k % 2 === 0 ? 100_000 : 1000;
    return new FlatArray(new Float32Array(length), [length]);
  });
  const rows = [{ weights: new Weights(arrays), architecture_version: 1n }];
  const { schema, batches } = tableBatches(rows, ModelV1SchemaVersion, checkOptions({}, "writeTableBytes"));
  const chunks: Uint8Array[] = [];
  for await (const chunk of ipcFileChunks(schema, batches)) chunks.push(chunk);
  // Each chunk is a write call: one per array, the batch's small buffers around them in one, the
  // footer (written after the last batch) in another; ~100 if every piece were its own chunk.
  expect(chunks.length).toBeLessThanOrEqual(20 + 2);
  expect(sameBytes(Buffer.concat(chunks), writeTableBytes(rows, ModelV1SchemaVersion))).toBe(true);
});
