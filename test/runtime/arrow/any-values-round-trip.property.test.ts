/**
 * Any JavaScript value a user may put in an `any` field (Julia's untyped `z` of test.child@1):
 * nested arrays and plain objects of numbers (-0, NaN, infinities), bigints at and past the 64-bit
 * edges, booleans, strings of any UTF-16 code units (lone surrogates too), Dates (invalid ones
 * too) and typed arrays, is either written and read back equal by every writer and reader, or
 * refused with the typed AnyColumnError: never written as something else.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { expect, test } from "vitest";
import { readTable, readTableBatches, readTableBytes, writeTable, writeTableBytes } from "legolas-ts";
import { ChildV1SchemaVersion } from "../../generated/index.js";

/** Text of any UTF-16 code units: well-formed, or with a lone surrogate (surrogates drawn often: half the units). */
const anyText = fc.string({
  unit: fc.oneof(fc.nat(0xffff), fc.integer({ min: 0xd800, max: 0xdfff })).map((unit) => String.fromCharCode(unit)),
  maxLength: 4,
});

const leaves: readonly fc.Arbitrary<unknown>[] = [
  fc.double(),
  fc.constantFrom(-0, Number.NaN, Number.POSITIVE_INFINITY),
  fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }),
  fc.constantFrom(2n ** 63n - 1n, -(2n ** 63n), 2n ** 63n, 2n ** 64n - 1n, -(2n ** 63n) - 1n, 2n ** 64n),
  fc.boolean(),
  anyText,
  fc.date({ noInvalidDate: false }),
  fc.float32Array({ maxLength: 3 }),
  fc.float64Array({ maxLength: 3 }),
  fc.int8Array({ maxLength: 3 }),
  fc.uint8Array({ maxLength: 3 }),
  fc.bigInt64Array({ maxLength: 3 }),
];

/** One value: a leaf, an array of one kind of leaf, or nested arrays and objects of anything. */
const anyValue = fc.oneof(
  fc.oneof(...leaves),
  fc.oneof(...leaves.map((leaf) => fc.array(leaf, { maxLength: 3 }))),
  fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.oneof(...leaves),
      fc.array(tie("value"), { maxLength: 3 }),
      fc.dictionary(fc.oneof(anyText, fc.constantFrom("__proto__", "constructor")), tie("value"), { maxKeys: 3 }),
    ),
  })).value,
);

/**
 * A value as compared: typed arrays as arrays (a list of numbers reads as a Float64Array), and an
 * object's missing keys left out (a key some rows' objects lack reads as null: docs/julia.md), throughout.
 */
function plain(value: unknown): unknown {
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<unknown>);
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === "object" && value !== null && !(value instanceof Date)) {
    const present = Object.entries(value).filter(([, entry]) => entry !== null && entry !== undefined);
    return Object.fromEntries(present.map(([key, entry]) => [key, plain(entry)]));
  }
  return value;
}

const folder = mkdtempSync(join(tmpdir(), "legolas-any-values-"));
let files = 0;

test("an any value is read back equal by every reader, or refused with the AnyColumnError", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(anyValue, { minLength: 1, maxLength: 2 }), async (values) => {
      const rows = values.map((z) => ({ x: [1n], y: "y", z }));
      let bytes: Uint8Array;
      try {
        bytes = writeTableBytes(rows, ChildV1SchemaVersion);
      } catch (error) {
        expect(error).toMatchObject({ name: "AnyColumnError", code: "any_column_unwritable" });
        return;
      }
      const expected = values.map(plain);
      for (const options of [{ rows: "eager" }, { rows: "lazy" }, { validate: "columns" }] as const) {
        const read = readTableBytes(bytes, { schemaVersion: ChildV1SchemaVersion, ...options });
        expect(read.rows.map((row) => plain(row.z))).toEqual(expected);
      }
      const path = join(folder, `${files++}.arrow`);
      await writeTable(path, rows, ChildV1SchemaVersion);
      const { rows: fromFile } = await readTable(path, { schemaVersion: ChildV1SchemaVersion });
      expect(fromFile.map((row) => plain(row.z))).toEqual(expected);
      const batched: unknown[] = [];
      for await (const batch of readTableBatches(path, { schemaVersion: ChildV1SchemaVersion }))
        batched.push(...batch.rows.map((row) => plain(row.z)));
      expect(batched).toEqual(expected);
    }),
    { numRuns: 200 },
  );
});
