/**
 * `any` columns on random storages and values: a test.child@1 table whose `z` is one random Arrow
 * type (scalars, lists, structs of them, nullable or not) reads as the values it was built from
 * (its text in any storage, a leading U+FEFF kept), and written back from its rows with
 * `fieldMetadataFrom` holds exactly the column it read, byte for byte; rows of fresh values of
 * one random kind are written with an inferred type that flechette and Polars read back as the
 * values given.
 */
import * as flechette from "@uwdata/flechette";
import { Field, Int64, List, type Table, tableFromIPC, tableToIPC, Utf8, vectorFromArray } from "apache-arrow";
import fc from "fast-check";
import pl from "nodejs-polars";
import { expect, test } from "vitest";
import { readTableBytes, writeTableBytes } from "legolas-ts";
import { ChildV1, ChildV1SchemaVersion } from "../../generated/index.js";
import { columnBytes } from "./helpers/column-bytes.js";
import { legolasTable } from "./helpers/legolas-table.js";
import { readableStorage, storage } from "./helpers/random-storages.js";
import { trimmed } from "./helpers/trimmed-data.js";

/** A test.child@1 table whose `z` has `type`, with Arrow.jl's extension name on it. */
function childTable(z: Field, values: readonly unknown[]): Table {
  const fields = [
    new Field("x", new List(new Field("", new Int64(), false)), false),
    new Field("y", new Utf8(), false),
    z,
  ];
  const children = [
    vectorFromArray(
      values.map(() => [1n]),
      fields[0]!.type,
    ).data[0]!,
    vectorFromArray(
      values.map(() => "y"),
      new Utf8(),
    ).data[0]!,
    trimmed(vectorFromArray(values as unknown[], z.type).data[0]!),
  ];
  return legolasTable("test.child@1>test.parent@1", fields, children);
}

/** A value as compared with the one it was built from: typed arrays as arrays, throughout. */
function plain(value: unknown): unknown {
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<unknown>);
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, plain(entry)]));
  return value;
}

test("a random any column, its text in any storage, reads as the values it was built from, every way", () => {
  fc.assert(
    fc.property(
      readableStorage.chain(({ type, value }) =>
        fc.record({ type: fc.constant(type), values: fc.array(value, { minLength: 1, maxLength: 4 }) }),
      ),
      fc.context(),
      ({ type, values }, context) => {
        context.log(String(type));
        const file = tableToIPC(childTable(new Field("z", type, false), values), "file");
        for (const options of [{ rows: "eager" }, { rows: "lazy" }, { validate: "columns" }] as const) {
          const { rows } = readTableBytes(file, { schemaVersion: ChildV1SchemaVersion, ...options });
          expect(rows.map((row) => plain(row.z))).toEqual(values);
        }
      },
    ),
    { numRuns: 150 },
  );
});

/** Column `z` of a file, alone (helpers/column-bytes.ts). */
const zBytes = (bytes: Uint8Array) => columnBytes(tableFromIPC(bytes), "z");

test("a random any column read and written back with fieldMetadataFrom is the same column, byte for byte", () => {
  fc.assert(
    fc.property(
      storage.chain(({ type, value }) =>
        fc.record({
          type: fc.constant(type),
          nullable: fc.boolean(),
          values: fc.array(value, { minLength: 1, maxLength: 4 }),
        }),
      ),
      fc.context(),
      ({ type, nullable, values }, context) => {
        const metadata = new Map([
          ["ARROW:extension:name", "JuliaLang.Example"],
          ["ARROW:extension:metadata", ""],
        ]);
        const table = childTable(new Field("z", type, nullable, metadata), values);
        // Through a file first, as a table Julia wrote is read: its buffers are the file's.
        const file = tableToIPC(tableFromIPC(tableToIPC(table, "file")), "file");
        const { rows } = readTableBytes(file, { schemaVersion: ChildV1SchemaVersion });
        context.log(String(type));
        const written = writeTableBytes(rows, ChildV1SchemaVersion, { fieldMetadataFrom: tableFromIPC(file) });
        expect(zBytes(written)).toEqual(zBytes(file));
      },
    ),
    { numRuns: 150 },
  );
});

/**
 * Strings flechette reads as they are: it decodes them with a default TextDecoder, which drops a
 * leading U+FEFF (ours keep it: the properties above).
 */
const text = fc.string({ maxLength: 6 });

/** Fresh values of one kind, as a user's rows hold them, and what flechette (useBigInt) reads back. */
const freshColumn = fc.oneof(
  fc
    .array(fc.option(fc.double({ noNaN: true }), { nil: null }), { minLength: 1, maxLength: 5 })
    .map((z) => ({ z, read: z })),
  fc
    .array(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { minLength: 1, maxLength: 5 })
    .map((z) => ({ z, read: z })),
  fc.array(text, { minLength: 1, maxLength: 5 }).map((z) => ({ z, read: z })),
  fc.array(fc.array(text, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 }).map((z) => ({ z, read: z })),
  fc
    .array(fc.record({ a: fc.boolean(), b: fc.option(text, { nil: null }) }), { minLength: 1, maxLength: 4 })
    // A key missing from every row has no type to infer (an AnyColumnError, tested in any-columns.test.ts).
    .filter((z) => z.some((row) => row.b !== null))
    .map((z) => ({ z, read: z })),
);

test("fresh any values: the inferred column reads back as the values given, by flechette and Polars", () => {
  fc.assert(
    fc.property(freshColumn, ({ z, read }) => {
      const rows = z.map((value) => new ChildV1({ x: [1n], y: "y", z: value }));
      const bytes = writeTableBytes(rows, ChildV1SchemaVersion);
      const flechetteZ = flechette.tableFromIPC(bytes, { useBigInt: true }).getChild("z")!.toArray();
      expect(Array.from(flechetteZ as ArrayLike<unknown>)).toEqual(read);
      const { rows: ours } = readTableBytes(bytes, { schemaVersion: ChildV1SchemaVersion });
      expect(ours.map((row) => (ArrayBuffer.isView(row.z) ? Array.from(row.z as Float64Array) : row.z))).toEqual(read);
      const frame = pl.readIPC(Buffer.from(bytes));
      expect(frame.height).toBe(z.length);
      expect(frame.getColumn("z").dtype.variant).toMatch(/Float64|Int64|String|Utf8|List|Struct|Null/);
    }),
    { numRuns: 60 },
  );
});
