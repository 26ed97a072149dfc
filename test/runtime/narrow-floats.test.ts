/**
 * Bounds and listed values of float16 and float32 fields that the types cannot hold exactly
 * (test.narrow-floats): the value declared passes, as the field holds its input and its bound
 * rounded alike.
 */
import { describe, expect, test } from "vitest";
import { NarrowFloatsV1 } from "../generated/index.js";

describe("a float16 field's bounds and listed values", () => {
  test("take the values declared, as the field holds them", () => {
    expect(new NarrowFloatsV1({ half_ratio: 0.1 }).half_ratio).toBe(0.0999755859375);
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
