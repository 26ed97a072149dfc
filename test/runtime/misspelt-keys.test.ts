/**
 * A required field reported missing while the input holds a misspelling of its name: the
 * constructor's error (from `fromJSON` too) and `parse`'s violations name the misspelt key, since conversion reads
 * declared fields only and "missing" alone sends the reader looking for a value that is there.
 */
import { expect, test } from "vitest";
import { ExtraKeyError, RowValidationError, writeTableBytes } from "legolas-ts";
import {
  AcceptedV1,
  AllTypesV1,
  DigitsConfigV1SchemaVersion,
  Issue94ParentV1,
  JuliaNamesV1,
  JuliaNamesV1SchemaVersion,
  ParentV1,
} from "../generated/index.js";
import { errorOf } from "../helpers/error-of.js";

const HINT = "instead, a key that names no field (misspelt?)";

/** The constructor's refusal of what `make` builds. */
function constructorError(make: () => unknown): RowValidationError {
  const error = errorOf<RowValidationError>(make);
  expect(error).toBeInstanceOf(RowValidationError);
  return error;
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

test("a struct's, a list element's and a nested record's missing field names the key that misspells it", () => {
  const valid = { flag: true, small: 1, ubyte: 1, uint: 1, double: 1 };
  const result = AllTypesV1.parse({ ...valid, point: { X: 1 }, points: [{ x: 1 }, { X: 2, y: 3 }] });
  expect(!result.ok && result.violations).toEqual([
    { code: "missing_field", path: "point.x", expected: "float64", found: `"X" ${HINT}` },
    { code: "missing_field", path: "points[1].x", expected: "int32", found: `"X" ${HINT}` },
  ]);
  const record = constructorError(() => new Issue94ParentV1({ x: { b: 1n, A: 2n } } as never));
  expect(record.violations).toEqual([{ code: "missing_field", path: "x.a", expected: "int64", found: `"A" ${HINT}` }]);
  // A key of the row is no slip for a struct's field.
  const elsewhere = AllTypesV1.parse({ ...valid, X: 1, point: {} });
  expect(!elsewhere.ok && elsewhere.violations).toEqual([
    { code: "missing_field", path: "point.x", expected: "float64" },
  ]);
});

test("fromJSON's error names it, as the constructor's does", () => {
  const error = constructorError(() => JuliaNamesV1.fromJSON({ "σ²": 1, Moment: "2024-01-01T00:00:00.000Z" }));
  expect(error.violations).toEqual([
    { code: "missing_field", path: "moment", expected: "datetime", found: `"Moment" ${HINT}` },
  ]);
  expect(error.message).toContain(`moment: required field is missing (expected datetime), found "Moment" ${HINT}`);
  // The key is only named: the row made from a valid body holds no undeclared key.
  expect(Object.keys(ParentV1.fromJSON({ x: [1], y: "a", Y: "b" }))).toEqual(["x", "y"]);
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

test("a short name's key one letter dropped, added or swapped away names the missing field; one letter replaced does not", () => {
  const id = "00000000-0000-4000-8000-000000000000";
  const violations = (input: object) => {
    const result = AcceptedV1.parse(input);
    return !result.ok && result.violations;
  };
  // sym: symbol, id: uuid; `flag` of test.all-types@1.
  expect(violations({ id, sm: "a" })).toEqual([
    { code: "missing_field", path: "sym", expected: "symbol", found: `"sm" ${HINT}` },
  ]);
  expect(violations({ id, ysm: "a" })).toEqual([
    { code: "missing_field", path: "sym", expected: "symbol", found: `"ysm" ${HINT}` },
  ]);
  expect(violations({ ids: id, sym: "a" })).toEqual([
    { code: "missing_field", path: "id", expected: "uuid", found: `"ids" ${HINT}` },
  ]);
  expect(violations({ di: id, sym: "a" })).toEqual([
    { code: "missing_field", path: "id", expected: "uuid", found: `"di" ${HINT}` },
  ]);
  expect(
    constructorError(() => new AllTypesV1({ flg: true, small: 1, ubyte: 1, uint: 1, double: 1 } as never)).message,
  ).toContain(`flag: required field is missing (expected bool), found "flg" ${HINT}`);
  // Another word, or a single letter, is no slip.
  for (const [key, path] of [
    ["sum", "sym"],
    ["ix", "id"],
    ["i", "id"],
    ["s", "sym"],
  ] as const) {
    const input = { id, sym: "a", [key]: "x" } as Record<string, unknown>;
    delete input[path];
    expect(violations(input), key).toEqual([
      { code: "missing_field", path, expected: path === "id" ? "uuid" : "symbol" },
    ]);
  }
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

test("rows from an iterator, refused for the misspelt key before they are validated, are told of the field it may misspell", () => {
  // A row no type of the version takes, as a JSON body or a misspelt literal is.
  const row = { "σ²": 1, momnet: new Date(0) } as never as JuliaNamesV1;
  // From an array the key would be an extra column, and the row is refused as the constructor refuses it.
  expect(() => writeTableBytes([row], JuliaNamesV1SchemaVersion)).toThrow(`"momnet" ${HINT}`);
  // From an iterator the extra key is refused first: its advice names the field too.
  const refusal = (() => {
    try {
      writeTableBytes(new Set([row]), JuliaNamesV1SchemaVersion);
    } catch (error) {
      return error;
    }
  })();
  expect(refusal).toBeInstanceOf(ExtraKeyError);
  expect((refusal as ExtraKeyError).message).toContain(
    'row 0 has it but lacks the field "moment", which the key may misspell: rename the key to "moment"; if it is no misspelling,',
  );
  // A key near no field the row lacks keeps the plain advice.
  expect(() =>
    writeTableBytes(
      new Set([{ ...row, moment: new Date(0), note: 1 } as never as JuliaNamesV1]),
      JuliaNamesV1SchemaVersion,
    ),
  ).toThrow("row 0 has it, and rows from an iterator");
});

test("rows in an array whose key misspells an optional field they leave out are refused, not written with the field missing", () => {
  const row = { "σ²": 1, moment: new Date(0), maybe_momnet: new Date(0) } as never as JuliaNamesV1;
  // Without the refusal the row is valid: its maybe_moment written null, its value a column of its own.
  const refusal = errorOf<ExtraKeyError>(() => writeTableBytes([row], JuliaNamesV1SchemaVersion));
  expect(refusal).toBeInstanceOf(ExtraKeyError);
  expect(refusal.message).toBe(
    'rows have a key "maybe_momnet" that is no field of test.julia-names@1: row 0 has it but lacks the field "maybe_moment", ' +
      'which the key may misspell: rename the key to "maybe_moment"; if it is no misspelling, give the row its "maybe_moment" ' +
      "(null for a missing one), and the key is written as a column of its own",
  );
  // A field with a default is left out as quietly: its default would be written.
  expect(() => writeTableBytes([{ seed: 1, dropout_rte: 0.5 }] as never, DigitsConfigV1SchemaVersion)).toThrow(
    'row 0 has it but lacks the field "dropout_rate"',
  );
  // The row that lacks the field is named, past rows that give it.
  const given = { "σ²": 1, moment: new Date(0), maybe_moment: null, maybe_momnet: new Date(0) };
  expect(() => writeTableBytes([given, row] as never, JuliaNamesV1SchemaVersion)).toThrow("row 1 has it but lacks");
  // Given the field, the key is a column of its own, as Legolas.jl writes one.
  expect(() => writeTableBytes([given, given] as never, JuliaNamesV1SchemaVersion)).not.toThrow();
});
