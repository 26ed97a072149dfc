/**
 * Weights of every element type LegolasFlux writes (`FlatArray{T}`: Float32 by default, Float64
 * after Flux's `f64(model)`, Float16 after `f16`, any integer type for a `Weights{Int8}`): read as
 * stored, loaded into tfjs (float32) by explicit rounding, re-written with their element type;
 * float types of one column widened as Julia's `Weights(v)` promotes, integers never cast.
 */
import * as tf from "@tensorflow/tfjs";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import {
  type DataType,
  Field,
  Float16,
  Float64,
  Int8,
  Int32,
  Int64,
  List,
  makeData,
  Null,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableFromIPC,
  tableToIPC,
  Uint8,
  Uint16,
  Uint32,
  type Data,
} from "apache-arrow";
import fc from "fast-check";
import { beforeAll, describe, expect, test } from "vitest";
import { fetchWeights, fluxToTfjs, loadWeights } from "legolas-ts/tfjs";
import { defineSchemaVersion } from "legolas-ts/codegen";
import {
  FlatArray,
  float16Value,
  ModelV1SchemaVersion,
  readModelRowBytes,
  readTableBytes,
  Weights,
  type FlatArrayVec,
  type WeightsElementType,
  writeModelRowBytes,
  writeTable,
  writeTableBytes,
} from "legolas-ts";
import { float32ValuesOf } from "../../../runtime/weights/element-types.js";
import { arrowJlExtension } from "../arrow/helpers/arrow-jl-extension.js";
import { useCpuBackend } from "../tfjs/helpers.js";

beforeAll(useCpuBackend);

/**
 * A `legolas-flux.model@1` file as Arrow.jl lays it out for `Weights{T}`, built with apache-arrow
 * alone (none of our encoders): one row, `vec` a List of `valueType` holding `values`.
 */
function juliaLayoutFile(
  valueType: DataType,
  values: ArrayLike<number> & { length: number },
  sizes: number[][],
): Uint8Array {
  const flatType = new Struct([
    new Field("vec", new List(new Field("", valueType, false)), false),
    new Field("size", new List(new Field("", new Int64(), false)), false),
  ]);
  const listType = new List(new Field("", flatType, false, arrowJlExtension("JuliaLang.LegolasFlux.FlatArray")));
  const weightsType = new Struct([new Field("weights", listType, false)]);
  const lengths = sizes.map((size) => size.reduce((a, b) => a * b, 1));
  const offsets = (ls: number[]) =>
    Int32Array.from([0, ...ls.map((_, i) => ls.slice(0, i + 1).reduce((a, b) => a + b, 0))]);
  const vecValues = makeData({ type: valueType as Float64, length: values.length, data: values as Float64Array });
  const sizeValues = makeData({
    type: new Int64(),
    length: sizes.flat().length,
    data: BigInt64Array.from(sizes.flat(), BigInt),
  });
  const flat = makeData({
    type: flatType,
    length: sizes.length,
    children: [
      makeData({
        type: flatType.children[0]!.type,
        length: sizes.length,
        valueOffsets: offsets(lengths),
        child: vecValues,
      }),
      makeData({
        type: flatType.children[1]!.type,
        length: sizes.length,
        valueOffsets: offsets(sizes.map((s) => s.length)),
        child: sizeValues,
      }),
    ],
  });
  const list = makeData({ type: listType, length: 1, valueOffsets: Int32Array.from([0, sizes.length]), child: flat });
  const weights: Data = makeData({ type: weightsType, length: 1, children: [list] });
  const version = makeData({ type: new Null(), length: 1 });
  const schema = new Schema(
    [
      new Field("weights", weightsType, false, arrowJlExtension("JuliaLang.LegolasFlux.Weights")),
      new Field("architecture_version", new Null(), true),
    ],
    new Map([["legolas_schema_qualified", "legolas-flux.model@1"]]),
  );
  const batch = new RecordBatch(
    schema,
    makeData({ type: new Struct(schema.fields), length: 1, children: [weights, version] }),
  );
  return tableToIPC(new Table([batch]), "file");
}

/** A Dense(3 -> 2) relu layer, as Flux's `Dense(3 => 2, relu)` computes it: relu.(W*x .+ b). */
const dense = () => tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 2, activation: "relu" })] });
// Julia sizes: W (out=2, in=3), column-major, is byte for byte tfjs's kernel [3, 2]; b (2,).
const SIZES = [[2, 3], [2]];

describe("Float64 weights (Flux f64(model))", () => {
  // Values float32 cannot hold, so that rounding shows.
  const values = Float64Array.from([0.1, -0.2, 0.3, 0.7, -1.1, 1.3, 0.05, -0.15]);
  const file = juliaLayoutFile(new Float64(), values, SIZES);

  test("read as stored: a Float64Array vec, element type float64", () => {
    const row = readModelRowBytes(file);
    expect(row.weights!.elementType).toBe("float64");
    expect(row.weights!.arrays.map((a) => a.vec)).toEqual([values.subarray(0, 6), values.subarray(6)]);
    expect(row.weights!.arrays[0]!.vec).toBeInstanceOf(Float64Array);
  });

  test("loadWeights rounds to float32 (to nearest), and predictions follow the rounded weights' formula", () => {
    const row = readModelRowBytes(file);
    const model = dense();
    // A Julia row holds Flux's layout: through fluxToTfjs (for Dense layers the arrays as they are).
    loadWeights(model, fluxToTfjs(row.weights!, model));
    const loaded = fetchWeights(model).arrays.map((a) => [...a.vec]);
    expect(loaded).toEqual([[...Float32Array.from(values.subarray(0, 6))], [...Float32Array.from(values.subarray(6))]]);
    expect(loaded[0]![0]).toBe(Math.fround(0.1));
    expect(loaded[0]![0]).not.toBe(0.1);

    const xs = [
      [1, 2, 3],
      [-0.5, 0.25, 4],
      [3, -3, 0.125],
    ];
    const got = tf.tidy(() => (model.predict(tf.tensor2d(xs)) as tf.Tensor).arraySync() as number[][]);
    const w = (o: number, i: number) => Math.fround(values[o + 2 * i]!);
    const b = (o: number) => Math.fround(values[6 + o]!);
    xs.forEach((x, k) => {
      for (let o = 0; o < 2; o++) {
        const formula = Math.max(
          0,
          x.reduce((sum, xi, i) => sum + w(o, i) * xi, b(o)),
        );
        expect(Math.abs(got[k]![o]! - formula)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(formula)));
      }
    });
  });

  test("re-writing keeps the element type and every bit", () => {
    const row = readModelRowBytes(file);
    const bytes = writeModelRowBytes(row, ModelV1SchemaVersion);
    const vecType = (tableFromIPC(bytes).schema.fields[0]!.type as Struct).children[0]!.type.children[0]!.type
      .children[0]!.type.children[0]!.type;
    expect(String(vecType)).toBe("Float64");
    const again = readModelRowBytes(bytes);
    expect(again.weights!.arrays.map((a) => a.vec)).toEqual(row.weights!.arrays.map((a) => a.vec));
  });

  test("one column, one element type: rows of float32 and float64 are written as float64, exactly", () => {
    const f32 = new Weights([new FlatArray(Float32Array.of(0.1), [1])]);
    const f64 = new Weights([new FlatArray(Float64Array.of(0.1), [1])]);
    const rows = readTableBytes(writeTableBytes([{ weights: f32 }, { weights: f64 }], ModelV1SchemaVersion), {
      schemaVersion: ModelV1SchemaVersion,
    }).rows;
    expect(rows.map((row) => row.weights!.elementType)).toEqual(["float64", "float64"]);
    expect(rows.map((row) => row.weights!.arrays[0]!.vec[0])).toEqual([Math.fround(0.1), 0.1]);
    // One Weights value widens as Julia's Weights(v) does.
    expect(new Weights([f32.arrays[0]!, f64.arrays[0]!] as never).elementType).toBe("float64");
    // Batches of another element type than the first: refused, not written under the first's schema.
    expect(() => writeTableBytes([{ weights: f64 }, { weights: f32 }], ModelV1SchemaVersion, { batchSize: 1 })).toThrow(
      expect.objectContaining({ code: "weights_element_type", message: expect.stringMatching(/^column "weights": /) }),
    );
    // Integers are not widened: Julia would round an Int64 into a Float16.
    const int8 = new Weights([new FlatArray(Int8Array.of(1), [1])]);
    expect(() => writeTableBytes([{ weights: f32 }, { weights: int8 }], ModelV1SchemaVersion)).toThrow(
      expect.objectContaining({ name: "WeightsElementTypeError", found: "float32 and int8" }),
    );
  });

  // A Weights value of no arrays holds none either, but LegolasFlux.jl cannot read it: refused (julia-unreadable-weights.test.ts).
  test.each([
    ["first", [null, "f64"]],
    ["between", ["f64", null, "f64"]],
  ])("a batch of missing weights (%s) has no element type: it takes the table's", (_, held) => {
    const f64 = new Weights([new FlatArray(Float64Array.of(0.1, 2), [2])]);
    const weights = held.map((h) => (h === "f64" ? f64 : null));
    const bytes = writeTableBytes(
      weights.map((w) => ({ weights: w })),
      ModelV1SchemaVersion,
      { batchSize: 1 },
    );
    const rows = readTableBytes(bytes, { schemaVersion: ModelV1SchemaVersion }).rows;
    expect(rows.map((row) => row.weights?.arrays.map((a) => a.vec) ?? null)).toEqual(
      weights.map((w) => w?.arrays.map((a) => a.vec) ?? null),
    );
  });

  test("rows from an iterator are written as float32 weights: float64 ones are refused, nothing written", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "legolas-f64-stream-")), "stream.model.arrow");
    async function* rows() {
      yield { weights: new Weights([new FlatArray(new Float64Array([1]), [1])]) };
    }
    await expect(writeTable(path, rows(), ModelV1SchemaVersion)).rejects.toMatchObject({
      name: "WeightsElementTypeError",
    });
    expect(existsSync(path)).toBe(false);
    rmSync(dirname(path), { recursive: true, force: true });
  });
});

test("Float16 weights read as their bits (Uint16Array), load exactly, and re-write as Float16", () => {
  // 1, -2, 0.5, 65504 (the largest half), 2^-24 (the smallest subnormal), -0, then the bias 0.25, 3.
  const bits = Uint16Array.from([0x3c00, 0xc000, 0x3800, 0x7bff, 0x0001, 0x8000, 0x3400, 0x4200]);
  const file = juliaLayoutFile(new Float16(), bits, SIZES);
  const row = readModelRowBytes(file);
  expect(row.weights!.elementType).toBe("float16");
  expect([...row.weights!.arrays[0]!.vec].map(float16Value)).toEqual([1, -2, 0.5, 65504, 2 ** -24, -0]);
  const model = dense();
  loadWeights(model, fluxToTfjs(row.weights!, model));
  expect([...fetchWeights(model).arrays[0]!.vec]).toEqual([1, -2, 0.5, 65504, 2 ** -24, -0]);
  const again = readModelRowBytes(writeModelRowBytes(row, ModelV1SchemaVersion));
  expect(again.weights!.arrays[1]!.vec).toEqual(Uint16Array.from([0x3400, 0x4200]));
});

describe("integer weights (Weights{Int8} and the other integer types)", () => {
  test.each([
    ["Int8", new Int8(), Int8Array.of(-128, 127, 0, 1, -1, 2, 3, 4), "int8"],
    ["Int32", new Int32(), Int32Array.of(-(2 ** 31), 2 ** 31 - 1, 0, 1, -1, 2, 3, 4), "int32"],
    ["UInt8", new Uint8(), Uint8Array.of(0, 255, 1, 2, 3, 4, 5, 6), "uint8"],
    ["UInt32", new Uint32(), Uint32Array.of(0, 2 ** 32 - 1, 1, 2, 3, 4, 5, 6), "uint32"],
  ])("%s weights read as their typed array, and re-write as %s", (_, type, values, elementType) => {
    const file = juliaLayoutFile(type, values as never, SIZES);
    const row = readModelRowBytes(file);
    expect(row.weights!.elementType).toBe(elementType);
    expect(row.weights!.arrays.map((a) => a.vec)).toEqual([values.subarray(0, 6), values.subarray(6)]);
    const again = readModelRowBytes(writeModelRowBytes(row, ModelV1SchemaVersion));
    expect(again.weights!.arrays.map((a) => a.vec)).toEqual(row.weights!.arrays.map((a) => a.vec));
    expect(String(vecTypeOf(writeModelRowBytes(row, ModelV1SchemaVersion)))).toBe(String(type));
  });

  test("loadWeights converts each value to the nearest float32, as Julia's Float32(x): exact up to 2^24", () => {
    const model = dense();
    const kernel = new FlatArray(
      Int32Array.of(-3, 16_777_216, 16_777_217, 16_777_219, 2 ** 31 - 1, -(2 ** 31)),
      [2, 3],
    );
    loadWeights(model, new Weights([kernel, new FlatArray(Int32Array.of(5, -5), [2])]));
    const loaded = fetchWeights(model).arrays.map((a) => [...a.vec]);
    // 16,777,217 and 16,777,219 lie halfway between float32s: ties go to the even neighbour.
    expect(loaded[0]).toEqual([-3, 16_777_216, 16_777_216, 16_777_220, 2 ** 31, -(2 ** 31)]);
    expect(loaded[1]).toEqual([5, -5]);
    const bytes = new Weights([
      new FlatArray(Int8Array.of(1, -2, 3, -4, 5, -6), [2, 3]),
      new FlatArray(Int8Array.of(7, 8), [2]),
    ]);
    loadWeights(model, bytes);
    expect(fetchWeights(model).arrays.map((a) => [...a.vec])).toEqual([
      [1, -2, 3, -4, 5, -6],
      [7, 8],
    ]);
  });

  test.each([
    [
      "UInt16",
      new Uint16(),
      Uint16Array.from([1, 2, 3, 4, 5, 6, 7, 8]),
      "not UInt16: a Uint16Array holds float16 bits",
    ],
    ["Int64", new Int64(), BigInt64Array.from([1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n]), "not 64-bit integers"],
  ])("a %s vec is refused with a TableSchemaError that names it and why", (_name, type, values, why) => {
    const file = juliaLayoutFile(type, values as never, SIZES);
    for (const validate of ["rows", "columns"] as const) {
      expect(() => readModelRowBytes(file, { validate } as never)).toThrow(
        expect.objectContaining({
          name: "TableSchemaError",
          violations: [expect.objectContaining({ path: "weights.weights[].vec[]", found: `Arrow ${String(type)}` })],
          message: expect.stringContaining(why),
        }),
      );
    }
  });
});

test.each([
  ["BigInt64Array", BigInt64Array.of(1n, 2n)],
  ["BigUint64Array", BigUint64Array.of(1n, 2n)],
])(
  "a %s vec (Julia's Int64 or UInt64 weights as bigints) is refused on write, telling how to convert it",
  (name, vec) => {
    const row = { weights: { arrays: [{ vec, size: [2] }] } };
    for (const write of [
      () => writeModelRowBytes(row as never, ModelV1SchemaVersion),
      () => writeTableBytes([row] as never, ModelV1SchemaVersion),
    ]) {
      expect(write).toThrow(
        expect.objectContaining({
          name: "RowValidationError",
          code: "row_invalid",
          message: expect.stringContaining(
            `not a ${name} (no 64-bit integer weights): convert it first, e.g. Float32Array.from(vec, Number)`,
          ),
        }),
      );
    }
    // The conversion it names works on bigints, where Float32Array.from(vec) throws.
    expect(() => Float32Array.from(vec as never)).toThrow(TypeError);
    const converted = { weights: { arrays: [{ vec: Float32Array.from(vec, Number), size: [2] }] } };
    expect(readModelRowBytes(writeModelRowBytes(converted, ModelV1SchemaVersion)).weights!.arrays[0]!.vec).toEqual(
      Float32Array.of(1, 2),
    );
  },
);

/** The Arrow type of the `vec` values of a model-row file's Weights column. */
function vecTypeOf(bytes: Uint8Array): DataType {
  return (tableFromIPC(bytes).schema.fields[0]!.type as Struct).children[0]!.type.children[0]!.type.children[0]!.type
    .children[0]!.type;
}

test("float32 stays the default: a Float32 file is written as Float32", () => {
  const bytes = writeModelRowBytes(
    { weights: new Weights([new FlatArray(new Float32Array([1, 2]), [2])]) },
    ModelV1SchemaVersion,
  );
  const again = readModelRowBytes(bytes);
  expect(again.weights!.elementType).toBe("float32");
  expect(again.weights!.arrays[0]!.vec).toBeInstanceOf(Float32Array);
});

test("property: Weights of any element type round-trip through a model row with every bit and their type", () => {
  const dims = fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 0, maxLength: 3 });
  const vecOf = (type: WeightsElementType, length: number): fc.Arbitrary<FlatArrayVec> => {
    const sized = { minLength: length, maxLength: length };
    switch (type) {
      case "float16":
        return fc.array(fc.integer({ min: 0, max: 0xffff }), sized).map((bits) => Uint16Array.from(bits));
      case "float32":
        return fc.float32Array(sized);
      case "float64":
        return fc.float64Array(sized);
      case "int8":
        return fc.int8Array(sized);
      case "int16":
        return fc.int16Array(sized);
      case "int32":
        return fc.int32Array(sized);
      case "uint8":
        return fc.uint8Array(sized);
      case "uint32":
        return fc.uint32Array(sized);
    }
  };
  const arrayOf = (type: WeightsElementType, sizes: fc.Arbitrary<number[]>) =>
    sizes.chain((size) =>
      vecOf(
        type,
        size.reduce((a, b) => a * b, 1),
      ).map((vec) => new FlatArray(vec, size)),
    );
  // The first array holds a value: LegolasFlux.jl takes the element type from it (julia-unreadable-weights.test.ts).
  const weightsOf = (type: WeightsElementType) =>
    fc
      .tuple(
        arrayOf(
          type,
          dims.filter((size) => !size.includes(0)),
        ),
        fc.array(arrayOf(type, dims), { maxLength: 3 }),
      )
      .map(([first, rest]) => new Weights([first, ...rest]));
  const types: WeightsElementType[] = ["float16", "float32", "float64", "int8", "int16", "int32", "uint8", "uint32"];
  const anyWeights = fc.constantFrom(...types).chain(weightsOf);
  fc.assert(
    fc.property(anyWeights, (weights) => {
      const again = readModelRowBytes(writeModelRowBytes({ weights }, ModelV1SchemaVersion)).weights!;
      expect(again.elementType).toBe(weights.elementType);
      expect(again.arrays.map((a) => a.size)).toEqual(weights.arrays.map((a) => a.size));
      const bytes = (w: Weights) =>
        w.arrays.map((a) => new Uint8Array(a.vec.buffer, a.vec.byteOffset, a.vec.byteLength));
      expect(bytes(again)).toEqual(bytes(weights));
    }),
    { numRuns: 60 },
  );
});

test("Weights nested in a struct: float32 round-trips, float64 is refused rather than labelled Float32", () => {
  class Nested {
    readonly inner: unknown;
    constructor(input: { inner: unknown }) {
      this.inner = input.inner;
    }
    static validate = () => [];
    static is = () => true;
  }
  const schemaVersion = defineSchemaVersion({
    name: "test.nested-weights",
    version: 1,
    parent: null,
    fields: [
      {
        name: "inner",
        optional: false,
        constraints: {},
        type: {
          kind: "struct",
          fields: [{ name: "weights", optional: false, constraints: {}, type: { kind: "weights" } }],
        },
      },
    ],
    checks: [],
    rowClass: Nested as never,
  });
  const row = (vec: Float32Array | Float64Array) =>
    new Nested({ inner: { weights: new Weights([new FlatArray(vec, [2])]) } });
  const bytes = writeTableBytes([row(new Float32Array([1, 2]))], schemaVersion);
  const values =
    tableFromIPC(bytes).getChild("inner")!.data[0]!.children[0]!.children[0]!.children[0]!.children[0]!.children[0]!
      .values;
  expect([...values]).toEqual([1, 2]);
  expect(() => writeTableBytes([row(new Float64Array([1, 2]))], schemaVersion)).toThrow(
    expect.objectContaining({
      name: "WeightsElementTypeError",
      message: expect.stringMatching(/column "inner": Weights nested/),
    }),
  );
});

test("widening float16 or float32 keeps a NaN's sign and payload, made quiet, as Julia's Float32(x) and Float64(x)", () => {
  const words = (vec: FlatArrayVec) =>
    [...new Uint32Array(vec.buffer, vec.byteOffset, vec.byteLength / 4)].map((word) => word.toString(16));
  const half = new FlatArray(new Uint16Array([0xfe00, 0x7c01, 0x3c00]), [3]);
  expect(words(float32ValuesOf(half.vec))).toEqual(["ffc00000", "7fc02000", "3f800000"]);
  const single = new FlatArray(new Float32Array(new Uint32Array([0x7f800001, 0xffc00abc]).buffer), [2]);
  const wide = new Weights<FlatArrayVec>([half, single, new FlatArray(new Float64Array([1]), [1])]);
  expect(wide.arrays.map((array) => words(array.vec))).toEqual([
    ["0", "fff80000", "0", "7ff80400", "0", "3ff00000"],
    ["20000000", "7ff80000", "80000000", "fff80157"],
    ["0", "3ff00000"],
  ]);
});
