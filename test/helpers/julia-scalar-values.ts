/**
 * Random valid values of the Julia scalar types of issue 23 (runtime/julia-scalars.ts), in the
 * form a row holds them, including the edges: float16's subnormals, infinities and -0, the
 * 128-bit integers' ends, astral and surrogate code points, versions up to UInt32's largest.
 */
import fc from "fast-check";
import type { FieldType } from "../../runtime/field-types.js";
import { float16Value } from "../../runtime/weights/element-types.js";

type JuliaScalarType = Extract<FieldType, { kind: "symbol" | "char" | "version" | "schema-version" | "abstract" }>;

/** Values of a float16 field: every float16 number (NaN aside: it has no one value to compare). */
export const float16Values: fc.Arbitrary<number> = fc
  .integer({ min: 0, max: 0xffff })
  .map(float16Value)
  .filter((v) => !Number.isNaN(v));

/** Values of an int128 or uint128 field, the ends of the range often. */
export function int128Values(signed: boolean): fc.Arbitrary<bigint> {
  const [min, max] = signed ? [-(2n ** 127n), 2n ** 127n - 1n] : [0n, 2n ** 128n - 1n];
  return fc.oneof(fc.constantFrom(min, max, 0n, 1n), fc.bigInt({ min, max }));
}

const chars = fc.oneof(
  fc.constantFrom("a", "é", "😀", "\0", "\u{10ffff}"),
  fc
    .integer({ min: 0, max: 0x10ffff })
    .filter((c) => c < 0xd800 || c > 0xdfff)
    .map((c) => String.fromCodePoint(c)),
);

const versionPart = fc.oneof(fc.constantFrom(0, 1, 2 ** 32 - 1), fc.integer({ min: 0, max: 2 ** 32 - 1 }));

export function juliaScalarValues(type: JuliaScalarType): fc.Arbitrary<unknown> {
  switch (type.kind) {
    case "symbol":
      return fc.oneof(fc.constantFrom("", "a", "x_1", "ç😀"), fc.string({ unit: "grapheme", maxLength: 5 }));
    case "char":
      return chars;
    case "version":
      return fc.tuple(versionPart, versionPart, versionPart).map((parts) => parts.join("."));
    case "schema-version":
      return fc.constantFrom("example.foo@1", "test.child@1>test.parent@1", "a@0");
    case "abstract":
      switch (type.name) {
        case "integer":
          return fc.oneof(fc.integer(), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }));
        case "real":
        case "number":
          return fc.oneof(fc.double({ noNaN: true }), fc.integer());
        case "period":
          return fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
      }
  }
}
