/**
 * runtime/json-schema.ts: `XV1SchemaVersion.jsonSchema`, the JSON Schema of a row's JSON form,
 * checked with Ajv in strict mode against what `toJSON` writes and `fromJSON` accepts: constraints
 * JSON Schema can state are stated, and a float's special values ("NaN", "Infinity", ...) pass
 * only where the field's bounds let them.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, test } from "vitest";
import { jsonSchemaOf } from "../../runtime/json-schema.js";
import { rowToJson } from "../../runtime/json.js";
import type { Constraints, FieldType } from "legolas-ts";
import {
  AllTypesV1,
  AllTypesV1SchemaVersion,
  BarV1,
  BarV1SchemaVersion,
  DefaultedComputedV1,
  DefaultedComputedV1SchemaVersion,
  JuliaScalarsV1,
  JuliaScalarsV1SchemaVersion,
} from "../generated/index.js";

const ajv = new Ajv2020({ strict: true, validateFormats: false });
const schemaOf = (type: FieldType, constraints: Constraints = {}, optional = false) =>
  ajv.compile(jsonSchemaOf("t@1", [{ name: "x", type, optional, constraints }]));
const float64: FieldType = { kind: "float", bits: 64 };

describe("floats", () => {
  test("an unbounded float takes any number and every special value", () => {
    const complies = schemaOf(float64);
    for (const x of [0, -1e300, "NaN", "Infinity", "-Infinity", "-0"]) expect(complies({ x })).toBe(true);
    expect(complies({ x: "1.5" })).toBe(false);
  });

  test("a bounded float: the bounds hold for numbers, and only the special values within them pass", () => {
    const both = schemaOf(float64, { min: -1.5, max: 1.5 }, true);
    expect([-1.5, 0, 1.5, "-0", null].map((x) => both({ x }))).toEqual([true, true, true, true, true]);
    expect([-1.6, 1.6, "NaN", "Infinity", "-Infinity"].map((x) => both({ x }))).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    const atLeastOne = schemaOf(float64, { min: 1 });
    expect([1, "Infinity"].map((x) => atLeastOne({ x }))).toEqual([true, true]);
    expect([0.5, "-0", "-Infinity", "NaN"].map((x) => atLeastOne({ x }))).toEqual([false, false, false, false]);
  });

  test("the schema agrees with fromJSON on bounded floats", () => {
    const complies = ajv.compile(AllTypesV1SchemaVersion.jsonSchema);
    const base = new AllTypesV1({ flag: true, small: 1, ubyte: 1, uint: 1, double: 0 }).toJSON();
    for (const bounded of [1.5, "-0", 2, "NaN", "Infinity"]) {
      const json = { ...base, bounded };
      let parsed = true;
      try {
        AllTypesV1.fromJSON(json);
      } catch {
        parsed = false;
      }
      expect(complies(json), JSON.stringify(bounded)).toBe(parsed);
    }
  });

  test("an infinite bound states no number bound, and min: .inf leaves no number at all", () => {
    // Compiled from its JSON text, where an Infinity would be null.
    const fromText = (type: FieldType, constraints: Constraints) =>
      ajv.compile(JSON.parse(JSON.stringify(jsonSchemaOf("t@1", [{ name: "x", type, optional: false, constraints }]))));
    const atMostInfinity = fromText(float64, { min: 0, max: Number.POSITIVE_INFINITY });
    expect([0, 1e308, "Infinity", -1, "NaN"].map((x) => atMostInfinity({ x }))).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
    const real = fromText({ kind: "abstract", name: "real" }, { min: Number.NEGATIVE_INFINITY, max: 0 });
    expect([-1e308, "-Infinity", "-5", 1].map((x) => real({ x }))).toEqual([true, true, true, false]);
    const onlyInfinity = fromText({ kind: "float", bits: 32 }, { min: Number.POSITIVE_INFINITY });
    expect([3e38, 1, "Infinity"].map((x) => onlyInfinity({ x }))).toEqual([false, false, true]);
  });
});

describe("other constraints", () => {
  test("string lengths, enumerations and list lengths are stated; an int64 travels as text", () => {
    expect(schemaOf({ kind: "string" }, { minLength: 1, maxLength: 2 }).schema).toMatchObject({
      properties: { x: { type: "string", minLength: 1, maxLength: 2 } },
    });
    const kind = schemaOf({ kind: "string" }, { values: ["a", "b"] });
    expect([kind({ x: "a" }), kind({ x: "c" })]).toEqual([true, false]);
    const names = schemaOf({ kind: "list", element: { kind: "string" } }, { maxLength: 1 });
    expect([names({ x: ["a"] }), names({ x: ["a", "b"] })]).toEqual([true, false]);
    const big = schemaOf({ kind: "int", bits: 64, signed: true });
    expect([big({ x: "-9223372036854775808" }), big({ x: 1 }), big({ x: "1.5" })]).toEqual([true, false, false]);
  });

  test("every field is required (null stands for a missing optional value), and titled by the identifier", () => {
    const schema = jsonSchemaOf("a@1>b@2", [{ name: "x", type: { kind: "bool" }, optional: true, constraints: {} }]);
    expect(schema).toMatchObject({
      title: "a@1>b@2",
      required: ["x"],
      properties: { x: { anyOf: [{ type: "boolean" }, { type: "null" }] } },
    });
    const complies = ajv.compile(schema);
    expect([complies({ x: null }), complies({})]).toEqual([true, false]);
  });
});

test("a value: expression is fromJSON's: the schema states the value stored, not the value given", () => {
  // docs/schemas.md: the expression runs before the field is checked, so it may refuse what
  // complies (x * 10 past int32) and take what does not (a number clamped into int8).
  const computed = ajv.compile(DefaultedComputedV1SchemaVersion.jsonSchema);
  const times10 = { id: 1, x: 300_000_000 };
  expect(computed(times10)).toBe(true);
  expect(DefaultedComputedV1.parse(times10).ok).toBe(false);
  const clamped = ajv.compile(BarV1SchemaVersion.jsonSchema);
  const outside = { x: 1000, y: "a", z: "b" };
  expect(clamped(outside)).toBe(false);
  const row = BarV1.fromJSON(outside);
  expect(row.x).toBe(127);
  expect(clamped(JSON.parse(JSON.stringify(row)))).toBe(true);
});

describe("listed values", () => {
  const listed = (type: FieldType, values: Constraints["values"]) => {
    const fields = [{ name: "x", type, optional: false, constraints: { values } }];
    const schema = jsonSchemaOf("t@1", fields);
    const complies = ajv.compile(schema);
    return {
      schema,
      /** Whether the JSON `toJSON` writes for a row holding `x` complies. */
      writes: (x: unknown) => complies(JSON.parse(JSON.stringify(rowToJson({ fields }, { x })))),
      complies: (x: unknown) => complies({ x }),
    };
  };

  test("a float's listed values pass as toJSON writes them: -0 for a listed zero, NaN as its text", () => {
    const zeroOne = listed(float64, [0, 1]);
    expect([-0, 0, 1].map(zeroOne.writes)).toEqual([true, true, true]);
    expect([2, "1", "NaN"].map(zeroOne.complies)).toEqual([false, false, false]);
    const withNaN = listed(float64, [Number.NaN, 1]);
    expect([Number.NaN, 1].map(withNaN.writes)).toEqual([true, true]);
    expect(listed(float64, [Number.POSITIVE_INFINITY]).writes(Number.POSITIVE_INFINITY)).toBe(true);
    // The schema is JSON itself: NaN would be null in its text.
    expect(JSON.parse(JSON.stringify(withNaN.schema))).toStrictEqual(withNaN.schema);
  });

  test("an integer or real's listed integers pass as a number and as text, as the field holds either", () => {
    const integer = listed({ kind: "abstract", name: "integer" }, [1, 2]);
    expect([1, 1n, 2n].map(integer.writes)).toEqual([true, true, true]);
    expect([1, "1", 2, "2"].map(integer.complies)).toEqual([true, true, true, true]);
    expect([3, "3", "1.0"].map(integer.complies)).toEqual([false, false, false]);
    const real = listed({ kind: "abstract", name: "real" }, [1, 2.5, 0]);
    expect([1n, 1, 2.5, -0, 0n].map(real.writes)).toEqual([true, true, true, true, true]);
    expect(["2.5", 2].map(real.complies)).toEqual([false, false]);
    const period = listed({ kind: "abstract", name: "period" }, [5n]);
    expect([period.writes(5n), period.complies("6")]).toEqual([true, false]);
  });
});

/** Whether `fromJSON` takes `json` (a row's JSON with one field changed), as a boolean. */
const reads = (rowClass: { fromJSON(json: unknown): unknown }, json: unknown) => {
  try {
    rowClass.fromJSON(json);
    return true;
  } catch {
    return false;
  }
};

describe("the schema refuses what fromJSON refuses", () => {
  const allTypes = ajv.compile(AllTypesV1SchemaVersion.jsonSchema);
  const allTypesJson = new AllTypesV1({ flag: true, small: 1, ubyte: 1, uint: 1, double: 0 }).toJSON();
  const scalars = ajv.compile(JuliaScalarsV1SchemaVersion.jsonSchema);
  const scalarsJson = new JuliaScalarsV1({
    half: 0.5,
    wide: 1n,
    name: "n",
    letter: "a",
    count: 1,
    amount: 1.5,
    elapsed: 5n,
  }).toJSON();
  const agree = (key: string, cases: Record<string, boolean>) => {
    const [rowClass, complies, json] = Object.hasOwn(allTypesJson, key)
      ? [AllTypesV1, allTypes, allTypesJson]
      : [JuliaScalarsV1, scalars, scalarsJson];
    for (const [value, expected] of Object.entries(cases)) {
      const changed = { ...json, [key]: JSON.parse(value) };
      expect([complies(changed), reads(rowClass, changed)], `${key}: ${value}`).toEqual([expected, expected]);
    }
  };

  test("a SchemaVersion: identifiers as Legolas.jl reads them, nothing else", () => {
    agree("schema", {
      '"a@1"': true,
      '"a@1>b.c-d@2"': true,
      '" a@ 0x1F > b@+02 "': true,
      '"a@-0"': true,
      '"a@0b101"': true,
      '"@"': false,
      '"Foo@x"': false,
      '"a@1>"': false,
      '"a@-1"': false,
      '"a@1.5"': false,
      '"a@0b2"': false,
      '"a@@1"': false,
    });
  });

  test("a date: a real month, and a day the month has", () => {
    agree("day", {
      '"2024-02-29"': true,
      '"2024-12-31"': true,
      '"+010000-01-01"': true,
      '"-000005-06-30"': true,
      '"2024-02-30"': false,
      '"2024-13-01"': false,
      '"2024-04-31"': false,
      '"2024-01-32"': false,
      '"2024-00-10"': false,
      '"+002024-01-01"': false,
      '"-000000-01-01"': false,
    });
  });

  test("binary as base64 whose last digit holds no bits past the last byte", () => {
    agree("blob", {
      '"AQID"': true,
      '"AQ=="': true,
      '"AQI="': true,
      '""': true,
      '"AR=="': false,
      '"AQJ="': false,
      '"!!"': false,
    });
    // Unpadded text is fromJSON's alone (the input form); the same stray bits are refused there.
    const withBlob = (blob: string) => ({ ...allTypesJson, blob });
    expect(["AQ", "AQI", "A Q I D", "NaN", "ab"].map((blob) => reads(AllTypesV1, withBlob(blob)))).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
    expect(AllTypesV1.parse(withBlob("NaN"))).toMatchObject({
      violations: [
        {
          path: "blob",
          found:
            '"NaN" (a string); a binary is a Uint8Array, or base64 text as btoa writes it (padding and spaces optional)',
        },
      ],
    });
  });

  test("a datetime as toISOString writes it, six-digit years too", () => {
    agree("moment", {
      '"2024-01-02T03:04:05.678Z"': true,
      '"+010000-01-01T00:00:00.000Z"': true,
      '"-000005-01-01T00:00:00.000Z"': true,
      '"2024-01-02T24:00:00.000Z"': false,
      '"2024-01-02T03:04:05.678+01:00"': false,
    });
  });

  test("a float32 or float16 number within the type's finite range; its special values still as text", () => {
    agree("single", { "3.4028234663852886e38": true, "1e39": false, "-1e39": false, '"Infinity"': true });
    agree("half", { "65504": true, "65519": true, "65520": false, "1e6": false, '"-Infinity"': true, '"NaN"': true });
  });

  test("an integer: a number only while it is a safe integer, text of at most 39 digits", () => {
    agree("count", {
      "9007199254740991": true,
      "-9007199254740991": true,
      "9007199254740992": false,
      '"170141183460469231731687303715884105727"': true,
      '"0170141183460469231731687303715884105727"': false,
    });
    agree("wide", {
      '"-170141183460469231731687303715884105728"': true,
      '"-0170141183460469231731687303715884105728"': false,
    });
  });

  test("Weights: each array's values within its element type's range, an integer type's as integers and alone", () => {
    agree("weights", {
      '[{"vec": [1, 2], "size": [2]}, {"vec": ["NaN", "-0", 1e300], "size": [3], "elementType": "float64"}]': true,
      '[{"vec": [65504], "size": [1], "elementType": "float16"}, {"vec": [-1], "size": [1], "elementType": "float16"}]': true,
      '[{"vec": [-128, 127], "size": [2], "elementType": "int8"}]': true,
      '[{"vec": [1], "size": [1], "elementType": "float16"}, {"vec": [1], "size": [1], "elementType": "int8"}]': false,
      '[{"vec": [1], "size": [1], "elementType": "int8"}, {"vec": [1], "size": [1], "elementType": "int16"}]': false,
      '[{"vec": [4294967295], "size": [1], "elementType": "uint32"}]': true,
      '[{"vec": [1e39], "size": [1]}]': false,
      '[{"vec": [70000], "size": [1], "elementType": "float16"}]': false,
      '[{"vec": [128], "size": [1], "elementType": "int8"}]': false,
      '[{"vec": [1.5], "size": [1], "elementType": "int32"}]': false,
      '[{"vec": [-1], "size": [1], "elementType": "uint32"}]': false,
      '[{"vec": [1], "size": [1], "elementType": "int64"}]': false,
      '[{"vec": [], "size": [0, 9007199254740991]}]': true,
      '[{"vec": [], "size": [0, 9007199254740992]}]': false,
      '[{"vec": [], "size": [1e300, 0]}]': false,
    });
  });

  test("a string without lone surrogates, under its own pattern too; a UUID in the one form fromJSON takes", () => {
    agree("text", { '"😀"': true, '"\\ud800"': false, '"a\\udc00b"': false });
    agree("names", { '["a", "😀"]': true, '["\\ud83d"]': false });
    agree("id", {
      '"0c5e5a3e-8a5f-4e2b-9c1d-1234567890ab"': true,
      '"0C5E5A3E-8A5F-4E2B-9C1D-1234567890AB"': true,
      '"urn:uuid:0c5e5a3e-8a5f-4e2b-9c1d-1234567890ab"': false,
      '"{0c5e5a3e-8a5f-4e2b-9c1d-1234567890ab}"': false,
      '"0c5e5a3e8a5f4e2b9c1d1234567890ab"': false,
    });
    agree("blob", { '"AQL/"': true, '"AQ=="': true, '"!!"': false, '"A"': false });
  });
});

test("the schema's own patterns are portable: no lookaround, and alike with and without the u flag", () => {
  const schemas = [AllTypesV1SchemaVersion.jsonSchema, JuliaScalarsV1SchemaVersion.jsonSchema];
  for (const schema of schemas) expect(JSON.stringify(schema)).not.toMatch(/\(\?<?[=!]/);
  for (const unicodeRegExp of [true, false]) {
    const strict = new Ajv2020({ strict: true, validateFormats: false, unicodeRegExp });
    const complies = strict.compile(AllTypesV1SchemaVersion.jsonSchema);
    const base = new AllTypesV1({ flag: true, small: 1, ubyte: 1, uint: 1, double: 0 }).toJSON();
    const text = ["a😀b", "\ud800", "a\udc00", "😀\ud83d"].map((text) => complies({ ...base, text }));
    expect(text, `unicodeRegExp: ${unicodeRegExp}`).toEqual([true, false, false, false]);
    const day = ["-000001-01-01", "-000000-01-01", "+010000-12-31"].map((day) => complies({ ...base, day }));
    expect(day, `unicodeRegExp: ${unicodeRegExp}`).toEqual([true, false, true]);
  }
});
