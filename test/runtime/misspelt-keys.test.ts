/**
 * A required field reported missing while the input holds a misspelling of its name: the
 * constructor's error and `parse`'s violations name the misspelt key, since conversion reads
 * declared fields only and "missing" alone sends the reader looking for a value that is there.
 */
import { expect, test } from "vitest";
import { RowValidationError } from "legolas-ts";
import { JuliaNamesV1, ParentV1 } from "../generated/index.js";

const HINT = "instead, a key that names no field (misspelt?)";

function constructorError(make: () => unknown): RowValidationError {
  try {
    make();
  } catch (error) {
    if (error instanceof RowValidationError) return error;
    throw error;
  }
  throw new Error("the constructor accepted the row");
}

test("the constructor's error names the key that misspells a missing field", () => {
  const error = constructorError(() => new JuliaNamesV1({ "σ²": 1, momnet: new Date(0) } as never));
  expect(error.violations).toEqual([
    { code: "missing_field", path: "moment", expected: "datetime", found: `"momnet" ${HINT}` },
  ]);
  expect(error.message).toContain(`moment: required field is missing (expected datetime), found "momnet" ${HINT}`);
  // Another case of the same name is the commonest slip from Julia.
  const cased = constructorError(() => new ParentV1({ x: [1], Y: "a" } as never));
  expect(cased.violations).toEqual([{ code: "missing_field", path: "y", expected: "string", found: `"Y" ${HINT}` }]);
});

test("parse, and so Standard Schema and fromJSON bodies, name it too", () => {
  const result = JuliaNamesV1.parse({ "σ²": 1, Moment: "2024-01-01T00:00:00Z" });
  expect(result.ok).toBe(false);
  expect(!result.ok && result.violations).toEqual([
    { code: "missing_field", path: "moment", expected: "datetime", found: `"Moment" ${HINT}` },
  ]);
});

test("a key far from every missing field, or one that names a field, is no hint", () => {
  const error = constructorError(() => new JuliaNamesV1({ "σ²": 1, comment: "x", clock: null } as never));
  expect(error.violations).toEqual([{ code: "missing_field", path: "moment", expected: "datetime" }]);
  // A field given the wrong type is not missing: its own violation, no hint.
  const wrong = constructorError(() => new ParentV1({ x: [1], y: 5, Y: "a" } as never));
  expect(wrong.violations).toHaveLength(1);
  expect(wrong.violations[0]).toMatchObject({ code: "incorrect_type", path: "y" });
  expect(wrong.violations[0]!.found).not.toContain(HINT);
});

test("an input whose keys cannot be listed keeps the plain violation", () => {
  const hostile = new Proxy(
    { x: [1] },
    {
      ownKeys() {
        throw new Error("no keys");
      },
    },
  );
  const error = constructorError(() => new ParentV1(hostile as never));
  expect(error.violations).toEqual([{ code: "missing_field", path: "y", expected: "string" }]);
});
