/**
 * Weights values LegolasFlux.jl cannot read back are refused by every writer before a byte is
 * written: one with no arrays, and one whose first array holds no values. Julia's
 * `Weights(v::AbstractVector{<:FlatArray})` takes the element type from `first(first(v).vec)`,
 * which throws a BoundsError on both. What Julia does read is written as it is: arrays of zero
 * dimensions (scalars), and an empty array after a first one that holds values.
 */
import {
  Dictionary,
  Int32,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableFromIPC,
  tableToIPC,
  Vector,
} from "apache-arrow";
import fc from "fast-check";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { defineSchemaVersion } from "legolas-ts/codegen";
import {
  findSchemaVersion,
  FlatArray,
  ModelV1,
  ModelV1SchemaVersion,
  readModelRowBytes,
  readTableBytes,
  type SchemaVersion,
  Weights,
  writeModelRow,
  writeModelRowBytes,
  writeTable,
  writeTableBytes,
} from "legolas-ts";
import { encodeRows } from "../../../runtime/arrow/rows/row-encoder.js";
import { loadYamlSchemas } from "../arrow/helpers/row-path.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-julia-unreadable-weights-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const values = (...numbers: number[]) => Float32Array.from(numbers);
const full = new Weights([new FlatArray(values(1, 2, 3, 4, 5, 6), [3, 2]), new FlatArray(values(7, 8), [2])]);
const noArrays = new Weights([]);
const emptyFirst = new Weights([new FlatArray(values(), [0, 3]), new FlatArray(values(1, 2), [2])]);

/** A FlatArray of up to 3 dimensions of up to 3 each, any of them 0 (no values). */
const flatArray = fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }).map(
  (size) =>
    new FlatArray(
      Float32Array.from({ length: size.reduce((a, b) => a * b, 1) }, (_, i) => i),
      size,
    ),
);

const NO_ARRAYS = {
  name: "JuliaUnreadableWeightsError",
  code: "weights_julia_unreadable",
  problem: "no_arrays",
};
const EMPTY_FIRST = {
  name: "JuliaUnreadableWeightsError",
  code: "weights_julia_unreadable",
  problem: "empty_first_array",
  firstSize: [0, 3],
};

describe("refused, for every writer", () => {
  test("a Weights value with no arrays: the message says why Julia cannot read it and what to write", () => {
    expect(() => writeModelRowBytes(new ModelV1({ weights: noArrays }))).toThrow(
      expect.objectContaining({ ...NO_ARRAYS, row: 0, path: "weights" }),
    );
    expect(() => writeModelRowBytes({ weights: noArrays })).toThrow(
      "row 0, weights of legolas-flux.model@1: a Weights value with no arrays, which LegolasFlux.jl cannot read: its " +
        "Weights(v) takes the element type from the first value of the first array (typeof(first(first(v).vec))), so " +
        "reading the row in Julia throws a BoundsError. Nothing was written; for a model without weights, write a " +
        "missing value (null) instead",
    );
  });

  test("a Weights value whose first array is empty, even when the later ones are not", () => {
    expect(() => writeModelRowBytes({ weights: emptyFirst })).toThrow(
      expect.objectContaining({
        ...EMPTY_FIRST,
        message: expect.stringContaining(
          "a Weights value whose first array (size [0, 3]) holds no values, which LegolasFlux.jl cannot read",
        ),
      }),
    );
    const allEmpty = new Weights([new FlatArray(values(), [0]), new FlatArray(values(), [2, 0])]);
    expect(() => writeModelRowBytes({ weights: allEmpty })).toThrow(
      expect.objectContaining({ ...EMPTY_FIRST, firstSize: [0] }),
    );
  });

  test("rows in batches: the row named is the table's, not the batch's", () => {
    const rows = [full, null, full, emptyFirst].map((weights) => ({ weights }));
    expect(() => writeTableBytes(rows, ModelV1SchemaVersion, { batchSize: 2 })).toThrow(
      expect.objectContaining({ ...EMPTY_FIRST, row: 3 }),
    );
    expect(() => writeTableBytes(rows.values(), ModelV1SchemaVersion, { batchSize: 2 })).toThrow(
      expect.objectContaining({ ...EMPTY_FIRST, row: 3 }),
    );
  });

  test("writeModelRow and writeTable leave no file, and an old file as it was", async () => {
    const path = join(folder, "model.arrow");
    await expect(writeModelRow(path, { weights: noArrays })).rejects.toMatchObject(NO_ARRAYS);
    expect(existsSync(path)).toBe(false);

    await writeModelRow(path, { weights: full });
    const before = readFileSync(path);
    await expect(writeModelRow(path, { weights: emptyFirst })).rejects.toMatchObject(EMPTY_FIRST);
    expect(readFileSync(path).equals(before)).toBe(true);

    // Streamed: the refused row comes in the second batch, after the first was written to the temporary file.
    async function* rows() {
      for (let i = 0; i < 5; i++) yield { weights: i === 4 ? noArrays : full };
    }
    const streamed = join(folder, "streamed.arrow");
    await expect(writeTable(streamed, rows(), ModelV1SchemaVersion, { batchSize: 2 })).rejects.toMatchObject({
      ...NO_ARRAYS,
      row: 4,
    });
    expect(existsSync(streamed)).toBe(false);
  });

  test("an Arrow table that holds one, validated or not", async () => {
    const table = new Table([
      encodeRows(ModelV1SchemaVersion, [{ weights: full }]),
      encodeRows(ModelV1SchemaVersion, [{ weights: null }, { weights: noArrays }]),
    ]);
    for (const validate of [true, false]) {
      expect(() => writeTableBytes(table, ModelV1SchemaVersion, { validate })).toThrow(
        expect.objectContaining({ ...NO_ARRAYS, row: 2, path: "weights" }),
      );
    }
    const path = join(folder, "table.arrow");
    await expect(writeTable(path, table, ModelV1SchemaVersion)).rejects.toMatchObject(NO_ARRAYS);
    expect(existsSync(path)).toBe(false);
    // Read, such a value is taken as it is (a file written before the check, or by another writer).
    const read = readTableBytes(tableToIPC(table, "file"), { schemaVersion: ModelV1SchemaVersion });
    expect(read.rows.map((row) => row.weights?.arrays.length ?? null)).toEqual([2, null, 0]);
  });

  test("a dictionary-encoded column (Arrow.jl's dictencode=true): the values its rows refer to", () => {
    const stored = encodeRows(ModelV1SchemaVersion, [{ weights: full }, { weights: noArrays }]).data.children[0]!;
    const table = (indices: number[]) => {
      const plain = encodeRows(
        ModelV1SchemaVersion,
        indices.map(() => ({ weights: null })),
      );
      const type = new Dictionary(stored.type, new Int32(), 0);
      const weights = makeData({
        type,
        length: indices.length,
        data: Int32Array.from(indices),
        dictionary: new Vector([stored]),
      });
      const [weightsField, ...rest] = plain.schema.fields;
      const schema = new Schema([weightsField!.clone({ type }), ...rest], plain.schema.metadata);
      const data = makeData({
        type: new Struct(schema.fields),
        length: indices.length,
        children: [weights, ...plain.data.children.slice(1)],
      });
      return new Table([new RecordBatch(schema, data)]);
    };
    expect(() => writeTableBytes(table([0, 1, 0]), ModelV1SchemaVersion)).toThrow(
      expect.objectContaining({ ...NO_ARRAYS, row: 1, path: "weights" }),
    );
    // A dictionary value no row refers to is never read.
    const written = writeTableBytes(table([0, 0]), ModelV1SchemaVersion);
    const rows = readTableBytes(written, { schemaVersion: ModelV1SchemaVersion }).rows;
    expect(rows.map((row) => row.weights?.arrays.length)).toEqual([2, 2]);
  });

  test("Weights nested in a struct or a list's structs, named by their place; under a missing struct, nothing is read", () => {
    class Nested {
      readonly runs: unknown;
      readonly inner: unknown;
      constructor(input: { runs: unknown; inner?: unknown }) {
        this.runs = input.runs;
        this.inner = input.inner ?? null;
      }
      static validate = () => [];
      static is = () => true;
    }
    const weightsField = (optional: boolean) => ({
      name: "weights",
      optional,
      constraints: {},
      type: { kind: "weights" },
    });
    const schemaVersion = defineSchemaVersion({
      name: "test.nested-unreadable-weights",
      version: 1,
      parent: null,
      fields: [
        {
          name: "runs",
          optional: false,
          constraints: {},
          type: { kind: "list", element: { kind: "struct", fields: [weightsField(true)] } },
        },
        // A missing struct's required child is stored as a placeholder: a Weights value of no arrays.
        { name: "inner", optional: true, constraints: {}, type: { kind: "struct", fields: [weightsField(false)] } },
      ],
      checks: [],
      rowClass: Nested as never,
    } as never);
    const row = (weights: (Weights | null)[], inner: Weights | null = null) =>
      new Nested({ runs: weights.map((w) => ({ weights: w })), inner: inner && { weights: inner } });
    expect(() => writeTableBytes([row([full]), row([full, null, emptyFirst])], schemaVersion)).toThrow(
      expect.objectContaining({ ...EMPTY_FIRST, row: 1, path: "runs[2].weights" }),
    );
    expect(() => writeTableBytes([row([]), row([], noArrays)], schemaVersion)).toThrow(
      expect.objectContaining({ ...NO_ARRAYS, row: 1, path: "inner.weights" }),
    );
    const written = writeTableBytes([row([full, null]), row([], full), row([])], schemaVersion);
    expect(readTableBytes(written, { schemaVersion, validate: "columns" }).table.numRows).toBe(3);
  });
});

describe("inside a union's member (union<list<Weights>, int64>)", async () => {
  await loadYamlSchemas([
    {
      schema: "test.union-weights",
      prefix: "UnionWeights",
      version: { fields: { w: "union<list<Weights>, int64>" } },
    },
  ]);
  const schemaVersion = findSchemaVersion("test.union-weights@1") as SchemaVersion;
  const arrays = (w: Weights) => w.arrays.map((a) => [[...a.vec], a.size]);

  test("a list member holding an empty Weights is refused, named by the row and its place in the list", async () => {
    const rows = [{ w: 3n }, { w: [full, emptyFirst] }];
    expect(() => writeTableBytes(rows, schemaVersion)).toThrow(
      expect.objectContaining({ ...EMPTY_FIRST, row: 1, path: "w[1]" }),
    );
    const path = join(folder, "union.arrow");
    await expect(writeTable(path, rows, schemaVersion)).rejects.toMatchObject(EMPTY_FIRST);
    expect(existsSync(path)).toBe(false);
    // An Arrow table holding one, validated or not: the union's children are looked into as the readers read them.
    const table = tableFromIPC(writeTableBytes([{ w: [full] }, { w: 7n }], schemaVersion));
    const refused = new Table([table.batches[0]!, encodeRows(schemaVersion, [{ w: [noArrays] }])]);
    for (const validate of [true, false])
      expect(() => writeTableBytes(refused, schemaVersion, { validate })).toThrow(
        expect.objectContaining({ ...NO_ARRAYS, row: 2, path: "w[0]" }),
      );
  });

  test("Weights Julia reads are written and read back, the int64 member beside them", async () => {
    const rows = [{ w: [full, full] }, { w: 5n }, { w: [] }];
    const { rows: read } = await readTableBytes(writeTableBytes(rows, schemaVersion), {
      schemaVersion: schemaVersion as SchemaVersion<{ w: Weights[] | bigint }>,
    });
    const held = read.map(({ w }) => (Array.isArray(w) ? w.map(arrays) : w));
    expect(held).toEqual([[arrays(full), arrays(full)], 5n, []]);
  });

  test("property: a row is written exactly when each Weights of its list has a first array holding a value", () => {
    const weights = fc.array(flatArray, { maxLength: 3 }).map((arrays) => new Weights(arrays));
    const value = fc.oneof(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.array(weights, { maxLength: 3 }));
    fc.assert(
      fc.property(value, (w) => {
        const unreadable = Array.isArray(w)
          ? w.findIndex((x) => x.arrays[0] === undefined || x.arrays[0].vec.length === 0)
          : -1;
        let bytes: Uint8Array;
        try {
          bytes = writeTableBytes([{ w }], schemaVersion);
        } catch (error) {
          expect(error).toMatchObject({ code: "weights_julia_unreadable", row: 0, path: `w[${unreadable}]` });
          return;
        }
        expect(unreadable).toBe(-1);
        const read = readTableBytes(bytes, {
          schemaVersion: schemaVersion as SchemaVersion<{ w: Weights[] | bigint }>,
        });
        const back = read.rows[0]!.w;
        expect(Array.isArray(back) ? back.map(arrays) : back).toEqual(Array.isArray(w) ? w.map(arrays) : w);
      }),
    );
  });
});

describe("written as they are, since Julia reads them", () => {
  test("arrays of zero dimensions (scalars): one value each, size []", () => {
    const scalars = new Weights([new FlatArray(values(0.5), []), new FlatArray(values(-2), [])]);
    const row = readModelRowBytes(writeModelRowBytes({ weights: scalars }));
    expect(row.weights!.arrays.map((a) => [[...a.vec], a.size])).toEqual([
      [[0.5], []],
      [[-2], []],
    ]);
  });

  test("an empty array after a first one that holds values", () => {
    const emptyLater = new Weights([new FlatArray(values(1), [1]), new FlatArray(values(), [3, 0])]);
    const path = join(folder, "empty-later.arrow");
    writeFileSync(path, writeModelRowBytes({ weights: emptyLater }));
    const row = readModelRowBytes(readFileSync(path));
    expect(row.weights!.arrays.map((a) => [[...a.vec], a.size])).toEqual([
      [[1], [1]],
      [[], [3, 0]],
    ]);
  });

  test("property: a Weights value is written exactly when its first array holds a value, and reads back equal", () => {
    fc.assert(
      fc.property(fc.array(flatArray, { maxLength: 4 }), (arrays) => {
        const weights = new Weights(arrays);
        const readable = arrays.length > 0 && arrays[0]!.vec.length > 0;
        let bytes: Uint8Array;
        try {
          bytes = writeModelRowBytes({ weights });
        } catch (error) {
          expect(readable).toBe(false);
          expect(error).toMatchObject({ code: "weights_julia_unreadable" });
          return;
        }
        expect(readable).toBe(true);
        const read = readModelRowBytes(bytes).weights!;
        expect(read.arrays.map((a) => [[...a.vec], a.size])).toEqual(arrays.map((a) => [[...a.vec], a.size]));
      }),
    );
  });
});
