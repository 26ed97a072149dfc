import { expect, test } from "vitest";
import type { IntBits } from "../../runtime/field-types.js";
import { intRange } from "../../runtime/int-ranges.js";
import { jsonSchemaOf } from "../../runtime/json-schema.js";

const TYPED: readonly [
  IntBits,
  boolean,
  { of(...values: bigint[]): ArrayLike<bigint> } | { of(...values: number[]): ArrayLike<number> },
][] = [
  [8, true, Int8Array],
  [16, true, Int16Array],
  [32, true, Int32Array],
  [64, true, BigInt64Array],
  [8, false, Uint8Array],
  [16, false, Uint16Array],
  [32, false, Uint32Array],
  [64, false, BigUint64Array],
];

test.each(TYPED)(
  "int%i (signed: %s) holds exactly what its typed array stores without wrapping",
  (bits, signed, Typed) => {
    const [low, high] = intRange(bits, signed);
    const stored = (value: bigint) =>
      BigInt(
        (bits === 64
          ? (Typed as BigInt64ArrayConstructor).of(value)
          : (Typed as Int8ArrayConstructor).of(Number(value)))[0]!,
      );
    expect([stored(low), stored(high)]).toEqual([low, high]);
    expect(stored(low - 1n)).not.toBe(low - 1n);
    expect(stored(high + 1n)).not.toBe(high + 1n);
  },
);

test("the JSON Schema of an int8 and a uint32 field states the ranges as numbers", () => {
  const field = (bits: IntBits, signed: boolean) => ({
    name: `i${bits}${signed}`,
    type: { kind: "int", bits, signed } as const,
    optional: false,
    constraints: {},
  });
  const { properties } = jsonSchemaOf("t@1", [field(8, true), field(32, false)]) as {
    properties: Record<string, unknown>;
  };
  expect(properties).toEqual({
    i8true: { type: "integer", minimum: -128, maximum: 127 },
    i32false: { type: "integer", minimum: 0, maximum: 4294967295 },
  });
});
