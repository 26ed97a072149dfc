/**
 * `findJuliaUnreadableRows` and `findJuliaUnreadableColumns`: what a read takes that Julia cannot
 * read, found on request, exactly what the writers refuse for Julia's sake.
 */
import {
  type DenseUnion,
  Field,
  Int64,
  makeBuilder,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableToIPC,
  Utf8,
  vectorFromArray,
} from "apache-arrow";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  findJuliaUnreadableColumns,
  findJuliaUnreadableRows,
  findSchemaVersion,
  FlatArray,
  ModelV1SchemaVersion,
  readTableBatches,
  readTableBytes,
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

describe("findJuliaUnreadableRows: nulls under a default below the column", () => {
  const seed = fc.option(fc.bigInt({ min: 0n, max: 9n }), { nil: null });
  const row = fc.record({
    s: fc.record({ a: fc.bigInt({ min: 0n, max: 9n }), seed }),
    o: fc.option(fc.record({ seed }), { nil: null }),
    rs: fc.array(fc.record({ seed }), { maxLength: 3 }),
    m: fc.array(fc.tuple(fc.string({ maxLength: 2 }), fc.record({ seed })), { maxLength: 2 }),
  });

  test("property: each null under a struct's, a nested record's or a list's or map's record's default is found at its row and place, and a validated write refuses the table exactly then; none under a missing struct", async () => {
    await loadYamlSchemas([
      { schema: "test.seeded", prefix: "Seeded", version: { fields: { seed: { type: "int64", default: 5 } } } },
      {
        schema: "test.nested-defaults",
        prefix: "NestedDefaults",
        version: {
          fields: {
            s: { type: "struct", fields: { a: "int64", seed: { type: "int64", default: 5 } } },
            o: "test.seeded@1?",
            rs: "list<test.seeded@1>",
            m: "map<string, test.seeded@1>",
          },
        },
      },
    ]);
    const version = findSchemaVersion("test.nested-defaults@1") as SchemaVersion;
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 4 }), async (rows) => {
        const bytes = tableToIPC(
          tableOfValues(version, rows, (r) => [r.s, r.o, r.rs, new Map(r.m)]),
          "file",
        );
        const expected = rows.flatMap((r, rowIndex) => {
          const paths = [
            ...(r.s.seed === null ? ["s.seed"] : []),
            ...(r.o !== null && r.o.seed === null ? ["o.seed"] : []),
            ...(r.rs.some((e) => e.seed === null) ? ["rs[].seed"] : []),
            ...([...new Map(r.m).values()].some((e) => e.seed === null) ? ["m[].value.seed"] : []),
          ];
          return paths.length === 0 ? [] : [{ rowIndex, paths }];
        });
        await expectFoundExactlyWhereRefused(bytes, version, expected);
      }),
      { numRuns: 40 },
    );
  });
});

describe("findJuliaUnreadableRows: nulls under a default in a tuple's or union's record", () => {
  const seeded = fc.record({ seed: fc.option(fc.bigInt({ min: 0n, max: 9n }), { nil: null }) });
  const row = fc.record({
    t: fc.tuple(fc.bigInt({ min: 0n, max: 9n }), seeded),
    u: fc.oneof(fc.array(seeded, { maxLength: 3 }), fc.string({ maxLength: 2 })),
  });
  type Row = typeof row extends fc.Arbitrary<infer R> ? R : never;

  test("property: each null under a record's default in a tuple's part or a union's member is found at its row and place, exactly when a validated write refuses the table", async () => {
    await loadYamlSchemas([
      { schema: "test.seeded", prefix: "Seeded", version: { fields: { seed: { type: "int64", default: 5 } } } },
      {
        schema: "test.held-defaults",
        prefix: "HeldDefaults",
        version: { fields: { t: "tuple<int64, test.seeded@1>", u: "union<list<test.seeded@1>, string>" } },
      },
    ]);
    const version = findSchemaVersion("test.held-defaults@1") as SchemaVersion;
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 4 }), async (rows) => {
        const bytes = tableToIPC(tableOfTuplesAndUnions(version, rows), "file");
        const expected = rows.flatMap((r, rowIndex) => {
          const paths = [
            ...(r.t[1].seed === null ? ["t.2.seed"] : []),
            ...(Array.isArray(r.u) && r.u.some((e) => e.seed === null) ? ["u|0[].seed"] : []),
          ];
          return paths.length === 0 ? [] : [{ rowIndex, paths }];
        });
        await expectFoundExactlyWhereRefused(bytes, version, expected);
      }),
      { numRuns: 40 },
    );
  });

  /** The table of `rows`, its union dense as Arrow.jl writes it, a null seed left a null. */
  function tableOfTuplesAndUnions(version: SchemaVersion, rows: readonly Row[]): Table {
    const [t, u] = version.arrowSchema.fields as [Field, Field<DenseUnion>];
    const tuples = makeBuilder({ type: t.type, nullValues: [null] });
    for (const r of rows) tuples.append({ 1: r.t[0], 2: r.t[1] });
    const lists = rows.flatMap((r) => (Array.isArray(r.u) ? [r.u] : []));
    const texts = rows.flatMap((r) => (Array.isArray(r.u) ? [] : [r.u]));
    const listBuilder = makeBuilder({ type: u.type.children[0]!.type, nullValues: [null] });
    for (const list of lists) listBuilder.append(list);
    const typeIds = Int8Array.from(rows, (r) => (Array.isArray(r.u) ? 0 : 1));
    const counts = [0, 0];
    const valueOffsets = Int32Array.from(typeIds, (id) => counts[id]!++);
    const union = makeData({
      type: u.type,
      length: rows.length,
      typeIds,
      valueOffsets,
      children: [listBuilder.finish().flush(), vectorFromArray(texts, new Utf8()).data[0]!],
    });
    const fields = [t, u];
    const children = [tuples.finish().flush(), union];
    const schema = new Schema(fields, new Map([["legolas_schema_qualified", version.identifier]]));
    return new Table([new RecordBatch(schema, makeData({ type: new Struct(fields), length: rows.length, children }))]);
  }
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

/**
 * Expects `findJuliaUnreadableRows` to find in the table of `bytes` the rows and places
 * `expected` says, and a validated write of the table read to refuse it exactly when it finds any.
 */
async function expectFoundExactlyWhereRefused(
  bytes: Uint8Array,
  version: SchemaVersion,
  expected: readonly { rowIndex: number; paths: string[] }[],
): Promise<void> {
  const found = [];
  for await (const batch of readTableBatches(bytes, { schemaVersion: version }))
    found.push(...findJuliaUnreadableRows(batch));
  const places = found.map((r) => ({ rowIndex: r.rowIndex, paths: [...new Set(r.violations.map((v) => v.path))] }));
  expect(places).toEqual(expected);
  const { table } = await readTableBytes(bytes, { schemaVersion: version });
  if (expected.length === 0) writeTableBytes(table, version);
  else expect(() => writeTableBytes(table, version)).toThrow(expect.objectContaining({ code: "table_schema_invalid" }));
}

/**
 * A table of `version` holding `rows` as apache-arrow's builders lay them out, `values` giving a
 * row's column values: a null stays a null where a field is not marked nullable, and a missing
 * struct's children hold nulls.
 */
function tableOfValues<R>(version: SchemaVersion, rows: readonly R[], values: (row: R) => unknown[]): Table {
  const { fields } = version.arrowSchema;
  const builders = fields.map((field) => makeBuilder({ type: field.type, nullValues: [null] }));
  for (const row of rows) values(row).forEach((value, k) => builders[k]!.append(value));
  const children = builders.map((builder) => builder.finish().flush());
  const schema = new Schema(fields, new Map([["legolas_schema_qualified", version.identifier]]));
  return new Table([new RecordBatch(schema, makeData({ type: new Struct(fields), length: rows.length, children }))]);
}
