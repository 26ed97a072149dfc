/**
 * runtime/json-schema.ts: `XV1SchemaVersion.jsonSchema`, the JSON Schema of a row's JSON form,
 * checked with Ajv in strict mode against what `toJSON` writes and `fromJSON` accepts: constraints
 * JSON Schema can state are stated, and a float's special values ("NaN", "Infinity", ...) pass
 * only where the field's bounds let them.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, test } from "vitest";
import { jsonSchemaOf } from "../../runtime/json-schema.js";
import type { Constraints, FieldType } from "legolas-ts";
import { AllTypesV1, AllTypesV1SchemaVersion } from "../generated/index.js";

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
