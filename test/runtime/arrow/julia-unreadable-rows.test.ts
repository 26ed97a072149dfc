/**
 * `findJuliaUnreadableRows` and `findJuliaUnreadableColumns`: what a read takes that Julia cannot
 * read, found on request, exactly what the writers refuse for Julia's sake.
 */
import { Field, Int64, makeData, RecordBatch, Schema, Struct, Table, tableToIPC, vectorFromArray } from "apache-arrow";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  findJuliaUnreadableColumns,
  findJuliaUnreadableRows,
  findSchemaVersion,
  FlatArray,
  ModelV1SchemaVersion,
  readTableBatches,
  type SchemaVersion,
  Weights,
  writeTableBytes,
} from "legolas-ts";
import { encodeRows } from "../../../runtime/arrow/rows/row-encoder.js";
import { loadYamlSchemas } from "./helpers/row-path.js";

/** A FlatArray of up to 2 dimensions of up to 2 each, any of them 0 (no values). */
const flatArray = fc
  .array(fc.integer({ min: 0, max: 2 }), { maxLength: 2 })
  .map((size) => new FlatArray(new Float32Array(size.reduce((a, b) => a * b, 1)), size));
const weights = fc.option(
  fc.array(flatArray, { maxLength: 3 }).map((arrays) => new Weights(arrays)),
  { nil: null },
);
const readable = (w: Weights | null) => w === null || (w.arrays[0]?.vec.length ?? 0) > 0;

async function batchesOf(table: Table) {
  const out = [];
  for await (const batch of readTableBatches(tableToIPC(table, "file"), { schemaVersion: ModelV1SchemaVersion }))
    out.push(batch);
  return out;
}

describe("findJuliaUnreadableRows", () => {
  test("property: the rows it finds are those a writer refuses, by their index in the table", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(weights, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 }),
        async (chunks) => {
          const table = new Table(
            chunks.map((chunk) =>
              encodeRows(
                ModelV1SchemaVersion,
                chunk.map((w) => ({ weights: w })),
              ),
            ),
          );
          const found = (await batchesOf(table)).flatMap(findJuliaUnreadableRows);
          const all = chunks.flat();
          const unreadable = all.flatMap((w, row) => (readable(w) ? [] : [row]));
          expect(found.map((r) => r.rowIndex)).toEqual(unreadable);
          expect(found.every((r) => r.violations.length === 1 && r.violations[0]!.path === "weights")).toBe(true);
          const written = () =>
            writeTableBytes(
              all.map((w) => ({ weights: w })),
              ModelV1SchemaVersion,
            );
          if (unreadable.length === 0) written();
          else
            expect(written).toThrow(expect.objectContaining({ code: "weights_julia_unreadable", row: unreadable[0] }));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("findJuliaUnreadableColumns", () => {
  const int64 = (value: bigint) => vectorFromArray([value], new Int64()).data[0]!;

  test("a column name holding NUL in a file read, which a validated write refuses with the same violation", async () => {
    const model = tableFromRows();
    const extra = new Field("e\u0000", new Int64(), false);
    const fields = [...model.schema.fields, extra];
    const schema = new Schema(fields, model.schema.metadata);
    const children = [...model.batches[0]!.data.children, int64(1n)];
    const table = new Table(schema, [
      new RecordBatch(schema, makeData({ type: new Struct(fields), length: 1, children })),
    ]);
    const [batch] = await batchesOf(table);
    const found = findJuliaUnreadableColumns(batch!.batch.schema, ModelV1SchemaVersion);
    expect(found).toEqual([expect.objectContaining({ path: "e\u0000", expected: "a name without NUL" })]);
    expect(() => writeTableBytes(table, ModelV1SchemaVersion)).toThrow(
      expect.objectContaining({ code: "table_schema_invalid", violations: found }),
    );
  });

  test("a field of any input (config::Union{<:NamedTuple,DigitsConfigV1}) reads as whatever its storage is: only its names count", async () => {
    await loadYamlSchemas([
      {
        schema: "test.any-input-struct",
        prefix: "AnyInputStruct",
        version: {
          fields: { s: { type: "struct", fields: { a: "int64", b: "int64" }, input: "any", value: "row.s" } },
        },
      },
    ]);
    const schemaVersion = findSchemaVersion("test.any-input-struct@1") as SchemaVersion;
    const columns = (...names: string[]) => {
      const type = new Struct(names.map((name) => new Field(name, new Int64(), false)));
      return new Schema([new Field("s", type, false)]);
    };
    expect(findJuliaUnreadableColumns(columns("b", "a"), schemaVersion)).toEqual([]);
    expect(findJuliaUnreadableColumns(columns("a", "a"), schemaVersion)).toEqual([
      expect.objectContaining({ path: "s.a", expected: "one struct field of this name" }),
    ]);
  });

  test("a table our writers wrote has none", async () => {
    const [batch] = await batchesOf(tableFromRows());
    expect(findJuliaUnreadableColumns(batch!.batch.schema, ModelV1SchemaVersion)).toEqual([]);
  });
});

function tableFromRows(): Table {
  const weights = new Weights([new FlatArray(Float32Array.of(1), [1])]);
  return new Table([encodeRows(ModelV1SchemaVersion, [{ weights }])]);
}
