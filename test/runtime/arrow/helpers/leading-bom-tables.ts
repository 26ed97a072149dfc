/**
 * Tables of text that begins with U+FEFF, for the tests that read it back whole
 * (leading-bom.test.ts through legolas-ts's decoders, leading-bom-arrow.test.ts through
 * apache-arrow's objects).
 */
import { type DataType, Field, Int64, List, Map_, Struct, type Table, vectorFromArray } from "apache-arrow";
import { legolasTable } from "./legolas-table.js";

/** Short enough to sit inside a Utf8View's 16-byte view, and long enough to need a data buffer. */
export const SHORT = "\uFEFFa";
export const LONG = "\uFEFFlonger than twelve bytes";

/** A test.child@1 table whose `y` (a declared string) and `z` (`any`) are stored as given. */
export function childTable(y: DataType, z: DataType, zValues: readonly unknown[]): Table {
  const x = vectorFromArray(
    zValues.map(() => [1n]),
    new List(new Field("", new Int64(), false)),
  );
  const yData = vectorFromArray(
    zValues.map((_, i) => (i % 2 === 0 ? SHORT : LONG)),
    y,
  ).data[0]!;
  const zData = vectorFromArray(zValues as unknown[], z).data[0]!;
  const fields = [new Field("x", x.type, false), new Field("y", y, false), new Field("z", z, true)];
  return legolasTable("test.child@1>test.parent@1", fields, [x.data[0]!, yData, zData]);
}

/** A Map of `key` to (nullable) `value`, laid out as Arrow writes one. */
export function mapOf<Key extends DataType, Value extends DataType>(key: Key, value: Value): Map_<Key, Value> {
  const entries = new Struct<{ key: Key; value: Value }>([
    new Field("key", key, false),
    new Field("value", value, true),
  ]);
  return new Map_(new Field("entries", entries, false));
}
