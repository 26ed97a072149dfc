/**
 * The row encoder's numeric list column (rows/column-writers.ts) copies each chunk's elements as
 * the rows come, except while the lists are consecutive views of one buffer (as lists read from a
 * file are), which it keeps as one view, no copy; its buffers equal those `encodeColumn` makes
 * from the same values (joined by `concatTyped`), across chunks and where a run of views breaks.
 */
import type { Data } from "apache-arrow";
import { expect, test } from "vitest";
import { encodeColumn } from "../../../runtime/arrow/columns/encode.js";
import { columnWriter } from "../../../runtime/arrow/rows/column-writers.js";
import { AllTypesV1SchemaVersion } from "../../generated/index.js";

const k = AllTypesV1SchemaVersion.fields.findIndex((field) => field.name === "floats");
const descriptor = AllTypesV1SchemaVersion.fields[k]!;
const field = AllTypesV1SchemaVersion.arrowSchema.fields[k]!;
const CHUNK = 1024;

/** The column as the row encoder writes it, `CHUNK` rows a step. */
function written(values: readonly unknown[]): Data {
  const writer = columnWriter(descriptor, field, values.length);
  for (let at = 0; at < values.length; at += CHUNK) {
    const rows = values.slice(at, at + CHUNK).map((floats) => ({ floats }));
    writer.write(rows, rows.length, at);
  }
  return writer.finish();
}

function expectSameColumn(data: Data, values: readonly unknown[]): void {
  const expected = encodeColumn(descriptor.type, field, values);
  expect(data.nullCount).toBe(expected.nullCount);
  expect(bytesOf(data.valueOffsets).equals(bytesOf(expected.valueOffsets))).toBe(true);
  expect(bytesOf(data.children[0]!.values).equals(bytesOf(expected.children[0]!.values))).toBe(true);
}

function bytesOf(array: ArrayBufferView): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

/** Lengths 0-6 by row, a missing list every seventh row. */
const lengthOf = (i: number) => (i % 7 === 3 ? -1 : i % 6);

test("consecutive views of one buffer are kept as one view, missing and empty lists between them too", () => {
  const rows = 3000;
  const buffer = new Float32Array(6 * rows).map((_, i) => i / 4);
  let at = 0;
  const values = Array.from({ length: rows }, (_, i) => {
    const length = lengthOf(i);
    if (length < 0) return null;
    const view = buffer.subarray(at, at + length);
    at += length;
    return view;
  });
  const data = written(values);
  expectSameColumn(data, values);
  const elements = data.children[0]!.values as Float32Array;
  expect(elements.buffer).toBe(buffer.buffer);
  expect(elements.byteOffset).toBe(0);
});

test("a run of views that breaks is copied, and the lists after it, across chunks and growing lists", () => {
  const rows = 5000;
  const buffer = new Float32Array(40 * rows).map((_, i) => i);
  let at = 0;
  const values = Array.from({ length: rows }, (_, i) => {
    // Rows after the first chunk hold up to eight times more: the copy grows past what the first projected.
    const length = lengthOf(i) < 0 ? -1 : lengthOf(i) * (i < CHUNK ? 1 : 8);
    if (length < 0) return undefined;
    if (i === 1502) return Float32Array.from({ length }, (_, e) => -e);
    const view = buffer.subarray(at, at + length);
    at += length;
    return view;
  });
  const data = written(values);
  expectSameColumn(data, values);
  expect((data.children[0]!.values as Float32Array).buffer).not.toBe(buffer.buffer);
});

test("lists of their own are copied into one array", () => {
  const values = Array.from({ length: 2500 }, (_, i) =>
    lengthOf(i) < 0 ? null : Float32Array.from({ length: lengthOf(i) }, (_, e) => i + e / 8),
  );
  expectSameColumn(written(values), values);
});
