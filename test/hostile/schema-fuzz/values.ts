/**
 * Valid rows of a fuzzed schema, drawn from the fuzzer's own model (model.ts), as docs/schemas.md
 * says a row holds each type, and the input form an app may give instead (faults.ts makes them
 * invalid). Nothing here asks the generated code or the runtime what is valid.
 */
import fc from "fast-check";
import { FlatArray, type FlatArrayVec, Weights } from "legolas-ts";
import {
  flatChecks,
  flatFields,
  lengthRange,
  type Constraints,
  type FieldModel,
  type Scalar,
  type TypeModel,
  VALUE_CLASS,
  type VersionModel,
  type WeightsElement,
} from "./model.js";
import { anyValue } from "./any-values.js";

export type Row = Record<string, unknown>;

/** The names a row holds under `name$` (docs/schemas.md, field names). */
const ESCAPED = new Set([
  "constructor",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "toLocaleString",
  "toJSON",
]);

export const keyOf = (name: string): string => (ESCAPED.has(name) ? `${name}$` : name);

export const INT_RANGES: Partial<Record<Scalar, [bigint, bigint]>> = {
  int8: [-(2n ** 7n), 2n ** 7n - 1n],
  int16: [-(2n ** 15n), 2n ** 15n - 1n],
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint8: [0n, 2n ** 8n - 1n],
  uint16: [0n, 2n ** 16n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
  int128: [-(2n ** 127n), 2n ** 127n - 1n],
  time: [0n, 86_399_999_999_999n],
  timestamp: [-(2n ** 63n), 2n ** 63n - 1n],
  "timestamp<ms>": [-(2n ** 63n), 2n ** 63n - 1n],
  "timestamp<ns, UTC>": [-(2n ** 63n), 2n ** 63n - 1n],
  duration: [-(2n ** 63n), 2n ** 63n - 1n],
  "duration<us>": [-(2n ** 63n), 2n ** 63n - 1n],
  "timestamp<s, America/New_York>": [-(2n ** 63n), 2n ** 63n - 1n],
  "timestamp<us>": [-(2n ** 63n), 2n ** 63n - 1n],
  "duration<ms>": [-(2n ** 63n), 2n ** 63n - 1n],
  period: [-(2n ** 63n), 2n ** 63n - 1n],
  uint128: [0n, 2n ** 128n - 1n],
  // Written as an Int64 (docs/julia.md); a bigint as the reader gives it back.
  integer: [-(2n ** 63n), 2n ** 63n - 1n],
};

export const isBigIntScalar = (name: Scalar) => VALUE_CLASS[name] === "bigint" || name === "integer";

/** The typed array a list of `element` is held in, if any. */
export function typedArrayOf(element: TypeModel): { from(items: Iterable<unknown>): unknown } | null {
  if (element.kind !== "scalar") return null;
  const names: Partial<Record<Scalar, string>> = {
    int8: "Int8Array",
    int16: "Int16Array",
    int32: "Int32Array",
    int64: "BigInt64Array",
    uint8: "Uint8Array",
    uint16: "Uint16Array",
    uint32: "Uint32Array",
    uint64: "BigUint64Array",
    float32: "Float32Array",
    float64: "Float64Array",
  };
  const name = names[element.name];
  return name === undefined
    ? null
    : (globalThis as unknown as Record<string, { from(items: Iterable<unknown>): unknown }>)[name]!;
}

/** A Weights array's values, of each element type a Weights field may hold (one a column). */
const WEIGHTS_VECTORS: Readonly<Record<WeightsElement, fc.Arbitrary<FlatArrayVec>>> = {
  float32: fc.float32Array({ maxLength: 5 }),
  float64: fc.float64Array({ maxLength: 5 }),
  int8: fc.int8Array({ maxLength: 5 }),
  int32: fc.int32Array({ maxLength: 5 }),
  uint8: fc.uint8Array({ maxLength: 5 }),
};

/** Code points one at a time: ASCII, a NUL, a BOM, a line break, two-byte, three-byte and four-byte UTF-8, a combining mark. */
const CODE_POINTS = ["a", "Z", "0", " ", "\0", "\uFEFF", "\n", "é", "σ", "€", "😀", "\u{10FFFF}", "\u0301"];

const text = (low: number, high: number) =>
  fc
    .array(fc.constantFrom(...CODE_POINTS), { minLength: low, maxLength: Math.min(high, low + 4) })
    .map((points) => points.join(""));

/** Float16 values: every multiple of 1/4 up to 512 has at most 11 significant bits. */
const float16 = fc.oneof(
  fc.integer({ min: -2048, max: 2048 }).map((k) => k / 4),
  fc.constantFrom(65504, -65504, 2 ** -14),
);

/** A listed value as the row holds it: a float32's rounded, an int64's a bigint. */
export function heldListed(name: Scalar, value: unknown): unknown {
  if (name === "float32") return Math.fround(value as number);
  if (isBigIntScalar(name)) return BigInt(value as bigint);
  return value;
}

/** A default as the row holds it. */
export function heldDefault(field: FieldModel): unknown {
  if (field.type.kind !== "scalar") throw new Error("only scalars take defaults here");
  const value = field.default;
  if (field.type.name === "date") return new Date(`${value as string}T00:00:00Z`);
  return heldListed(field.type.name, value);
}

function scalarValue(name: Scalar, constraints: Constraints): fc.Arbitrary<unknown> {
  if (constraints.values !== undefined) return fc.constantFrom(...constraints.values.map((v) => heldListed(name, v)));
  const bounded = constraints.min !== undefined || constraints.max !== undefined;
  const range = INT_RANGES[name];
  if (range !== undefined) {
    let [low, high] = range;
    if (constraints.min !== undefined && BigInt(constraints.min) > low) low = BigInt(constraints.min);
    if (constraints.max !== undefined && BigInt(constraints.max) < high) high = BigInt(constraints.max);
    const values = fc.oneof(fc.constantFrom(low, high), fc.bigInt({ min: low, max: high }));
    return isBigIntScalar(name) ? values : values.map(Number);
  }
  switch (name) {
    case "bool":
      return fc.boolean();
    case "float16":
      // Never bounded (model.ts): the fuzzer has no float16 rounding of its own to round bounds with.
      return fc.oneof(float16, fc.constantFrom(Number.NaN, Infinity, -Infinity, -0));
    case "float32":
    case "float64": {
      const round = name === "float32" ? Math.fround : (v: number) => v;
      if (!bounded)
        return fc.oneof(
          fc.integer({ min: -12, max: 12 }).map((k) => k / 4),
          name === "float32" ? fc.float() : fc.double(),
        );
      // Rounding keeps order, and the validator rounds the bounds as it rounds the values: any
      // number between the declared bounds, rounded, lies between the rounded bounds.
      const low = Number(constraints.min ?? Number(constraints.max) - 10);
      const high = Number(constraints.max ?? Number(constraints.min) + 10);
      return fc.oneof(fc.constantFrom(low, high), fc.double({ min: low, max: high, noNaN: true })).map(round);
    }
    case "string":
    case "symbol": {
      const [low, high] = lengthRange(constraints);
      const { pattern } = constraints;
      // A symbol holds no NUL, which Julia's Symbol cannot (a fault: faults.ts).
      const held = (texts: fc.Arbitrary<string>) =>
        name === "symbol" ? texts.map((s) => s.replaceAll("\u0000", "0")) : texts;
      if (pattern !== undefined)
        return held(fc.integer({ min: low, max: Math.min(high, low + 4) }).chain(pattern.match));
      const unbounded =
        constraints.length === undefined && constraints.minLength === undefined && constraints.maxLength === undefined;
      return held(unbounded ? fc.oneof(text(0, 6), fc.string({ unit: "binary", maxLength: 5 })) : text(low, high));
    }
    case "char":
      return fc.constantFrom(...CODE_POINTS);
    case "real":
      // Written as a Float64 (docs/julia.md): a number as the reader gives it back.
      return fc.oneof(
        fc.double(),
        fc.integer().map((k) => k / 4),
      );
    case "version":
      return fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(0, 2 ** 32 - 1)).map((parts) => parts.join("."));
    case "SchemaVersion":
      return fc.constantFrom("a@1", "fz.other-9@2", "x.y.z@9007199254740991");
    case "binary": {
      const [low, high] = lengthRange(constraints);
      return fc.uint8Array({ minLength: low, maxLength: Math.min(high, low + 4) });
    }
    case "uuid":
      return fc.uuid();
    case "date":
      return fc.integer({ min: -100_000, max: 100_000 }).map((days) => new Date(days * 86_400_000));
    case "datetime":
      return fc
        .oneof(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), fc.constantFrom(-8.64e15, 8.64e15, -1, 0))
        .map((ms) => new Date(ms));
    default:
      throw new Error(`no values for ${name}`);
  }
}

/** A valid value of `type` under `constraints`, as a row holds it. */
export function validValue(type: TypeModel, constraints: Constraints = {}, nested = false): fc.Arbitrary<unknown> {
  switch (type.kind) {
    case "scalar":
      return scalarValue(type.name, constraints);
    case "list":
    case "vector":
    case "ntuple": {
      const [low, high] = type.kind === "ntuple" ? [type.n, type.n] : lengthRange(constraints);
      const typed = typedArrayOf(type.element);
      return fc
        .array(validValue(type.element), { minLength: low, maxLength: Math.min(high, low + 3) })
        .map((items) => (typed === null ? items : typed.from(items)));
    }
    case "set":
      return fc
        .uniqueArray(validValue({ kind: "scalar", name: type.element }), { maxLength: 3, selector: String })
        .map((items) => new Set(items));
    case "map":
      return fc
        .uniqueArray(fc.tuple(validValue({ kind: "scalar", name: type.key }), validValue(type.value)), {
          maxLength: 3,
          selector: ([key]) => String(key),
        })
        .map((entries) => new Map(entries));
    case "tuple":
      return fc.tuple(...type.parts.map((part) => validValue(part)));
    case "union":
      return fc.oneof(...type.members.map((name) => scalarValue(name, {})));
    case "struct":
      return fieldsValue(type.fields);
    case "list<struct>":
      return fc.array(fieldsValue(type.fields), { maxLength: 3 });
    case "record":
      return validRow(type.target, true);
    case "any":
      return anyValue(type.shape);
    case "weights": {
      // Weights in a record are written as float32 only (a typed error says so otherwise).
      const vecs = WEIGHTS_VECTORS[nested ? "float32" : type.element];
      const array = (vec: FlatArrayVec) =>
        fc.constantFrom([vec.length], [1, vec.length]).map((size) => new FlatArray(vec, size));
      // A first array that holds a value: LegolasFlux.jl cannot read Weights of none, or an empty
      // first one, and the writers refuse them (docs/flux.md).
      return (
        fc
          .tuple(vecs.filter((vec) => vec.length > 0).chain(array), fc.array(vecs.chain(array), { maxLength: 2 }))
          // Weights that say no layout read back as Flux's (docs/flux.md, "The file says its layout").
          .map(([first, rest]) => new Weights([first, ...rest], { layout: "flux" }))
      );
    }
  }
}

function fieldValue(field: FieldModel, nested: boolean): fc.Arbitrary<unknown> {
  const value = validValue(field.type, field.constraints, nested);
  // A missing value takes the default, optional field or not: the row holds the default then.
  return field.optional && field.default === undefined ? fc.option(value, { nil: null, freq: 4 }) : value;
}

function fieldsValue(fields: readonly FieldModel[], nested = false): fc.Arbitrary<Row> {
  // fast-check's records have no prototype; a row, as an app builds it, is an object literal.
  return fc
    .record(Object.fromEntries(fields.map((field) => [keyOf(field.name), fieldValue(field, nested)])))
    .map((row) => ({ ...row }));
}

/** A valid row of `version`, as its row class holds it (every field present, missing ones null); `nested` in another row. */
export function validRow(version: VersionModel, nested = false): fc.Arbitrary<Row> {
  const checks = flatChecks(version);
  return fieldsValue(flatFields(version), nested).map((row) => {
    // A value a row check forbids, drawn by chance, is left out: the row holds null or another string.
    for (const { field, forbidden } of checks)
      if (row[keyOf(field)] === forbidden) row[keyOf(field)] = `not ${forbidden}`;
    return row;
  });
}

/**
 * A valid row as an app may also give it to the constructor (docs/schemas.md, DigitsRowV1Input
 * and the types table): safe integers as numbers for an int64 or uint64, plain arrays for typed
 * arrays, an array for a set, `[key, value]` pairs for a map.
 */
export function inputForm(version: VersionModel, row: Row): Row {
  return fieldsInput(flatFields(version), row);
}

function fieldsInput(fields: readonly FieldModel[], row: Row): Row {
  return Object.fromEntries(fields.map((field) => [keyOf(field.name), valueInput(field.type, row[keyOf(field.name)])]));
}

function valueInput(type: TypeModel, value: unknown): unknown {
  if (value === null) return null;
  switch (type.kind) {
    case "scalar":
      return (type.name === "int64" || type.name === "uint64") && Number.isSafeInteger(Number(value))
        ? Number(value)
        : value;
    case "list":
    case "vector":
    case "ntuple":
      return Array.from(value as ArrayLike<unknown>, (item) => valueInput(type.element, item));
    case "set":
      return [...(value as Set<unknown>)].map((item) => valueInput({ kind: "scalar", name: type.element }, item));
    case "map":
      return [...(value as Map<unknown, unknown>)].map(([key, item]) => [
        valueInput({ kind: "scalar", name: type.key }, key),
        valueInput(type.value, item),
      ]);
    case "tuple":
      return (value as unknown[]).map((part, k) => valueInput(type.parts[k]!, part));
    case "union":
    case "weights":
    case "any":
      return value;
    case "struct":
      return fieldsInput(type.fields, value as Row);
    case "list<struct>":
      return (value as Row[]).map((item) => fieldsInput(type.fields, item));
    case "record":
      return inputForm(type.target, value as Row);
  }
}
