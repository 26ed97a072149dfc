/**
 * The apache-arrow objects a read hands over keep a leading U+FEFF too: `result.table`, each
 * `batch.batch` of `readTableBatches`, and the containers in `result.columns` are apache-arrow's
 * own Vectors, StructRows and MapRows, which decode text when they are read. apache-arrow 21
 * decodes with a default TextDecoder, which drops a leading U+FEFF as a byte order mark;
 * ipc/arrow-text.ts makes them decode with columns/utf8.ts's `decodeUtf8`. Each table has two
 * batches, so a whole-table column is a chunked Vector and a batch's column is not.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type DataType,
  Field,
  LargeUtf8,
  makeData,
  List,
  MapRow,
  Struct,
  StructRow,
  Table,
  tableToIPC,
  Utf8,
  Utf8View,
  Vector,
  vectorFromArray,
} from "apache-arrow";
import { decodeUtf8 as arrowDecodeUtf8 } from "apache-arrow/util/utf8";
import { GetVisitor } from "apache-arrow/visitor/get";
import fc from "fast-check";
import { afterAll, describe, expect, test } from "vitest";
import { readTableBatches, readTableBytes } from "legolas-ts";
import { useUtf8DecoderInArrow } from "../../../runtime/arrow/ipc/arrow-text.js";
import { ChildV1SchemaVersion } from "../../generated/index.js";
import { childTable, LONG, mapOf, SHORT } from "./helpers/leading-bom-tables.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-bom-arrow-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/**
 * A value as plain data, read through apache-arrow's own accessors: a Vector's entries by
 * `get(i)`, a StructRow's fields by spreading it, a MapRow's entries by iterating it.
 */
function readWhole(value: unknown): unknown {
  if (value instanceof Vector) return Array.from({ length: value.length }, (_, i) => readWhole(value.get(i)));
  if (value instanceof StructRow)
    return Object.fromEntries(Object.entries({ ...value }).map(([key, field]) => [key, readWhole(field)]));
  if (value instanceof MapRow) return Object.fromEntries([...value].map(([key, item]) => [key, readWhole(item)]));
  return value;
}

/** A value as its `toJSON()` gives it, all the way down (a bigint as its digits). */
const asJSON = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value, (_, item) => (typeof item === "bigint" ? String(item) : item)));

const CASES: readonly { what: string; type: () => DataType; values: unknown[]; plain: unknown[] }[] = [
  { what: "Utf8", type: () => new Utf8(), values: [SHORT, LONG, null], plain: [SHORT, LONG, null] },
  { what: "LargeUtf8", type: () => new LargeUtf8(), values: [SHORT, LONG, null], plain: [SHORT, LONG, null] },
  { what: "Utf8View", type: () => new Utf8View(), values: [SHORT, LONG, null], plain: [SHORT, LONG, null] },
  {
    what: "List<Utf8>",
    type: () => new List(new Field("item", new Utf8(), false)),
    values: [[SHORT, LONG], [], [LONG]],
    plain: [[SHORT, LONG], [], [LONG]],
  },
  {
    what: "Struct<a: Utf8, b: LargeUtf8>",
    type: () => new Struct([new Field("a", new Utf8(), false), new Field("b", new LargeUtf8(), true)]),
    values: [
      { a: SHORT, b: LONG },
      { a: LONG, b: null },
    ],
    plain: [
      { a: SHORT, b: LONG },
      { a: LONG, b: null },
    ],
  },
  {
    what: "Map<Utf8, Utf8>",
    type: () => mapOf(new Utf8(), new Utf8()),
    values: [new Map([[SHORT, LONG]]), new Map([[LONG, SHORT]])],
    plain: [{ [SHORT]: LONG }, { [LONG]: SHORT }],
  },
];

/** childTable's file, its one batch written twice. */
function childFile(type: DataType, values: readonly unknown[]): Uint8Array {
  const { batches } = childTable(new Utf8(), type, values);
  return tableToIPC(new Table([...batches, ...batches]), "file");
}

describe("apache-arrow objects from a read keep a leading U+FEFF", () => {
  test.each(CASES.map(({ what, type, values, plain }) => [what, type, values, plain] as const))(
    "%s: the table, its rows, each batch and result.columns",
    async (_, type, values, plain) => {
      const bytes = childFile(type(), values);
      const ys = values.map((_, i) => (i % 2 === 0 ? SHORT : LONG));
      const rows = plain.map((z, i) => ({ x: ["1"], y: ys[i], z }));
      const { table, columns } = readTableBytes(bytes, { schemaVersion: ChildV1SchemaVersion });

      expect(readWhole(table.getChild("y"))).toEqual([...ys, ...ys]);
      expect(readWhole(table.getChild("z"))).toEqual([...plain, ...plain]);
      expect(readWhole(table.getChild("z")?.memoize())).toEqual([...plain, ...plain]);
      expect([...table].map((row) => asJSON(row?.toJSON()))).toEqual([...rows, ...rows]);
      expect(asJSON(table.getChild("z")?.toArray())).toEqual([...plain, ...plain]);
      expect(Array.from(columns.z!, readWhole)).toEqual([...plain, ...plain]);

      const path = join(folder, `${Math.random().toString(36).slice(2)}.arrow`);
      writeFileSync(path, bytes);
      const batches: unknown[] = [];
      for await (const { batch } of readTableBatches(path, { schemaVersion: ChildV1SchemaVersion }))
        batches.push({ z: readWhole(batch.getChild("z")), rows: [...batch].map((row) => asJSON(row)) });
      expect(batches).toEqual([
        { z: plain, rows },
        { z: plain, rows },
      ]);
    },
  );
});

describe("apache-arrow's text, decoded by legolas-ts", () => {
  /** apache-arrow's own decoding of `bytes`, but for a leading U+FEFF, which it drops. */
  const arrowsAnswer = (bytes: Uint8Array): string =>
    bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
      ? `\uFEFF${arrowDecodeUtf8(bytes)}`
      : arrowDecodeUtf8(bytes);

  test("is apache-arrow's answer for any bytes and offsets, in Utf8 and LargeUtf8", () => {
    useUtf8DecoderInArrow();
    // Bytes where decoders differ (a byte order mark, truncated and overlong sequences, an
    // encoded surrogate) are drawn often; offsets may run past the values, as hand-made data's can.
    const byte = fc.oneof(
      fc.constantFrom(0xef, 0xbb, 0xbf, 0xe2, 0x82, 0xed, 0xa0, 0xc0, 0x80, 0xf0, 0x9f, 0x61),
      fc.nat(255),
    );
    const column = fc.array(byte, { maxLength: 40 }).chain((values) =>
      fc.record({
        values: fc.constant(Uint8Array.from(values)),
        offsets: fc.array(fc.nat(values.length + 4), { minLength: 1, maxLength: 8 }),
      }),
    );
    fc.assert(
      fc.property(column, fc.boolean(), ({ values, offsets }, large) => {
        const length = offsets.length - 1;
        const data = makeData({
          type: large ? new LargeUtf8() : new Utf8(),
          length,
          data: values,
          valueOffsets: large ? BigInt64Array.from(offsets, BigInt) : Int32Array.from(offsets),
        } as never);
        const read = Array.from({ length }, (_, i) => new Vector([data]).get(i));
        const expected = Array.from({ length }, (_, i) => arrowsAnswer(values.subarray(offsets[i], offsets[i + 1])));
        expect(read).toEqual(expected);
      }),
    );
  });

  test("is installed once: installing again changes nothing", () => {
    useUtf8DecoderInArrow();
    const installed = [
      Object.getOwnPropertyDescriptor(Vector.prototype, "data"),
      ...["visitUtf8", "visitLargeUtf8", "visitUtf8View"].map((name) => Reflect.get(GetVisitor.prototype, name)),
    ];
    useUtf8DecoderInArrow();
    expect([
      Object.getOwnPropertyDescriptor(Vector.prototype, "data"),
      ...["visitUtf8", "visitLargeUtf8", "visitUtf8View"].map((name) => Reflect.get(GetVisitor.prototype, name)),
    ]).toEqual(installed);
    expect(vectorFromArray([SHORT, LONG], new Utf8()).toArray()).toEqual([SHORT, LONG]);
  });
});
