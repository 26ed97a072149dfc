/**
 * Bounds and listed values of float16 and float32 fields that the types cannot hold exactly
 * (test.narrow-floats): the value declared passes, as the field holds its input and its bound
 * rounded alike, and the JSON Schema (checked with Ajv in strict mode) takes exactly the JSON
 * numbers that `X.parse` takes: those that round within the bounds.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { NarrowFloatsV1, NarrowFloatsV1SchemaVersion } from "../generated/index.js";

const ajv = new Ajv2020({ strict: true, validateFormats: false });
const properties = NarrowFloatsV1SchemaVersion.jsonSchema["properties"] as Record<string, object>;

describe("a float16 field's bounds and listed values", () => {
  test("take the values declared, as the field holds them", () => {
    expect(new NarrowFloatsV1({ half_ratio: 0.1 }).half_ratio).toBe(0.0999755859375);
    // The constructor's type takes the value declared too (the row's type is the value held).
    const level: 0.0999755859375 | 0.5 | null = new NarrowFloatsV1({ half_level: 0.1 }).half_level;
    expect(level).toBe(0.0999755859375);
    expect(NarrowFloatsV1.parse({ half_level: 0.1 })).toMatchObject({
      ok: true,
      value: { half_level: 0.0999755859375 },
    });
    expect(NarrowFloatsV1.parse({ half_ratio: 0.3 }).ok).toBe(true);
    expect(NarrowFloatsV1.parse({ half_ratio: 0.31 })).toMatchObject({
      ok: false,
      violations: [{ code: "constraint_violated", path: "half_ratio" }],
    });
  });
});

/** The doubles at and next to `value`, `steps` each way. */
function around(value: number, steps: number): number[] {
  const bits = new BigInt64Array(1);
  const float = new Float64Array(bits.buffer);
  float[0] = value;
  const at = bits[0]!;
  return Array.from({ length: 2 * steps + 1 }, (_, k) => {
    bits[0] = at + BigInt(k - steps) * (value < 0 ? -1n : 1n);
    return float[0]!;
  });
}

describe.each([
  ["ratio", [0.1, 0.7]],
  ["unit", [0, 1]],
  ["half_ratio", [0.1, 0.3]],
  ["half_level", [0.1, 0.5]],
])("the JSON Schema of %s", (name, declared) => {
  const complies = ajv.compile(properties[name]!);

  test("takes the bounds or values declared", () => {
    expect(declared.map((value) => complies(value))).toEqual([true, true]);
  });

  test("takes a number exactly when X.parse does, next to each edge and anywhere", () => {
    const edges = JSON.stringify(properties[name]).matchAll(/imum":(-?[0-9.e+-]+)/g);
    const nearEdges = [...edges].flatMap((match) => around(Number(match[1]), 3));
    const numbers = fc.oneof(fc.constantFrom(...nearEdges), fc.double({ noNaN: true, noDefaultInfinity: true }));
    fc.assert(
      fc.property(numbers, (value) => {
        expect(complies(value), String(value)).toBe(NarrowFloatsV1.parse({ [name]: value }).ok);
      }),
      { numRuns: 300, seed: 1 },
    );
  });
});
