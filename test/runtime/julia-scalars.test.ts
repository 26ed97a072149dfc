/**
 * runtime/julia-scalars.ts: the conversions and value tests generated constructors call for
 * Julia's scalar types, at their edges, each as Julia's own constructor decides.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  isChar,
  isFloat16,
  isInt128,
  isInteger,
  isReal,
  isSchemaVersionIdentifier,
  isUint128,
  isVersion,
  toFloat16,
  toVersion,
} from "../../runtime/julia-scalars.js";
import { float16Values } from "../helpers/julia-scalar-values.js";

describe("float16", () => {
  test("toFloat16 rounds as Julia's Float16(x): to nearest, ties to even, 65520 and up left for the validator", () => {
    expect(toFloat16(0.1)).toBe(0.0999755859375);
    expect(toFloat16(1 + 2 ** -11)).toBe(1); // a tie, to the even significand
    expect(toFloat16(1 + 3 * 2 ** -11)).toBe(1 + 2 ** -9);
    expect(toFloat16(65519)).toBe(65504);
    expect(toFloat16(65520)).toBe(65520);
    expect(isFloat16(65520)).toBe(false);
    expect(toFloat16(undefined)).toBe(null);
    expect(toFloat16("1")).toBe("1");
  });

  test("every float16 value is one, and is left as it is; other numbers are not", () => {
    fc.assert(fc.property(float16Values, (v) => isFloat16(v) && Object.is(toFloat16(v), v)));
    expect([Number.NaN, Number.POSITIVE_INFINITY, -0, 2 ** -24].every(isFloat16)).toBe(true);
    expect([0.1, 2 ** -25, 1e-10, "1", 1n].some(isFloat16)).toBe(false);
  });
});

test("128-bit integers: their ranges, bigints only", () => {
  expect([-(2n ** 127n), 2n ** 127n - 1n].every(isInt128)).toBe(true);
  expect([2n ** 127n, 1].some(isInt128)).toBe(false);
  expect([0n, 2n ** 128n - 1n].every(isUint128)).toBe(true);
  expect([-1n, 2n ** 128n].some(isUint128)).toBe(false);
});

test("char: one code point, a lone surrogate included (Julia's Char(0xd800)), never two", () => {
  expect(["a", "😀", "\0", "\ud800", "\u{10ffff}"].every(isChar)).toBe(true);
  expect(["", "ab", "😀a", "e\u0301", 97].some(isChar)).toBe(false);
});

test("version: major.minor.patch of UInt32s; VersionNumber(text)'s shorter forms converted", () => {
  expect(["0.0.0", "1.2.3", "4294967295.0.1"].every(isVersion)).toBe(true);
  expect(["1.2", "v1.2.3", "01.2.3", "4294967296.0.0", "1.2.3-rc1", "1.2.3+b"].some(isVersion)).toBe(false);
  expect(["v1", "1.2", "v1.2.3", "007.1"].map(toVersion)).toEqual(["1.0.0", "1.2.0", "1.2.3", "7.1.0"]);
  expect(["1.2.3-rc1", " 1.2", 3].map(toVersion)).toEqual(["1.2.3-rc1", " 1.2", 3]);
});

test("SchemaVersion: identifiers as Legolas parses them, chains included", () => {
  expect(["example.foo@1", "a@1>b@2", "a@0", "a@1 > b@2"].every(isSchemaVersionIdentifier)).toBe(true);
  expect(["example.foo", "A@1", "a@-1", "", 1].some(isSchemaVersionIdentifier)).toBe(false);
});

test("integer and real: numbers (safe integers for integer) or bigints within the 128-bit integers", () => {
  expect([0, -(2 ** 53) + 1, 2n ** 128n - 1n, -(2n ** 127n)].every(isInteger)).toBe(true);
  expect([0.5, 2 ** 53, Number.NaN, 2n ** 128n, "1"].some(isInteger)).toBe(false);
  expect([0.5, Number.NaN, -0, 2 ** 60, 2n ** 100n].every(isReal)).toBe(true);
  expect([2n ** 128n, "1", null].some(isReal)).toBe(false);
});
