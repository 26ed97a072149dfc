/**
 * Property: a Utf8 column built value by value (columns/utf8-builder.ts), whether its values are
 * counted all at once (the column encoder) or a chunk at a time (the row encoder's string
 * writer), holds each string's UTF-8 bytes one after the other, with the offsets that delimit
 * them; missing values are empty. Short ASCII, multi-byte text after an ASCII start (which
 * outgrows the buffer the first values projected) and long strings are all drawn.
 */
import fc from "fast-check";
import { expect, test } from "vitest";
import { Utf8ColumnBuilder } from "../../../runtime/arrow/columns/utf8-builder.js";

const utf8 = new TextEncoder();

const value = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ maxLength: 300 }),
  fc.constant(null),
);

/** The column as TextEncoder makes it, one string at a time. */
function expected(values: readonly (string | null)[]): { valueOffsets: number[]; data: number[] } {
  const valueOffsets = [0];
  const data: number[] = [];
  for (const text of values) {
    if (text !== null) data.push(...utf8.encode(text));
    valueOffsets.push(data.length);
  }
  return { valueOffsets, data };
}

test("a column built in chunks of any size holds each value's UTF-8 bytes, delimited by its offsets", () => {
  fc.assert(
    fc.property(fc.array(value, { maxLength: 120 }), fc.integer({ min: 1, max: 40 }), (values, chunk) => {
      const builder = new Utf8ColumnBuilder({ path: "text", rows: values.length }, values.length);
      for (let at = 0; at < values.length; at += chunk) {
        const part = values.slice(at, at + chunk);
        for (const text of part) builder.count(text);
        for (const text of part) builder.append(text);
      }
      const { valueOffsets, data } = builder.finish();
      expect({ valueOffsets: [...valueOffsets], data: [...data] }).toEqual(expected(values));
    }),
    // ASCII first, so the buffer is sized for a byte a code unit, then text of 2-4 bytes a code unit.
    { examples: [[["ab", "c", null, "é".repeat(90), "日本".repeat(50), "😀".repeat(40)], 2]] },
  );
});
