/**
 * Property: rows read lazily and written back (row-encoder.ts takes a lazy row's fields in one
 * trap, rows/lazy-fields.ts `LAZY_FIELDS`) write what their eager copies write. Rows of every field
 * type (`test.all-types@1`) from two files, one of them in several batches, picked in any order
 * and mixed with rows built by `new`, some of them edited first (a field set to another row's
 * value, or to one out of its type's range), some with their object fields read (held by the row),
 * some frozen (turned plain): the bytes written equal those of the same picks and edits on eager
 * rows, read back equal to them, and an invalid edit fails both writes with the same error.
 */
import fc from "fast-check";
import { expect, test } from "vitest";
import { readTableBytes, writeTableBytes } from "legolas-ts";
import { propertyKey } from "../../../runtime/field-names.js";
import { AllTypesV1, type AllTypesV1Input, AllTypesV1SchemaVersion } from "../../generated/index.js";
import { allTypesRow } from "../../helpers/all-types-rows.js";

const schemaVersion = AllTypesV1SchemaVersion;
const KEYS = schemaVersion.fields.map((field) => propertyKey(field.name));

/** One row of the write: from file `file` (0, 1) at `index` (modulo its rows), or built by `new` (2). */
const pick = fc.record({
  file: fc.integer({ min: 0, max: 2 }),
  index: fc.nat(),
  change: fc.oneof(
    { weight: 4, arbitrary: fc.constant({ kind: "none" as const }) },
    {
      weight: 3,
      arbitrary: fc.record({ kind: fc.constant("set" as const), key: fc.constantFrom(...KEYS), from: fc.nat() }),
    },
    { weight: 2, arbitrary: fc.constant({ kind: "held" as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: "freeze" as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: "invalid" as const }) },
  ),
});
type Pick = typeof pick extends fc.Arbitrary<infer T> ? T : never;

/** What writing `rows` gives: its bytes, or the error as comparable data. */
function written(rows: readonly object[]): { bytes: Uint8Array } | { error: unknown } {
  try {
    return { bytes: writeTableBytes(rows as readonly AllTypesV1[], schemaVersion) };
  } catch (error) {
    const { name, message, rowIndex } = error as Record<string, unknown>;
    return { error: { name, message, rowIndex } };
  }
}

/** The rows `picks` name from `files` (and `built`), each changed as its pick says. */
function picked(files: readonly (readonly object[])[], built: readonly object[], picks: readonly Pick[]): object[] {
  const sources = [...files, built];
  const donors = sources.flat();
  return picks.flatMap(({ file, index, change }) => {
    const source = sources[file]!;
    if (source.length === 0) return [];
    const row = source[index % source.length]! as Record<string, unknown>;
    if (change.kind === "set" && !Object.isFrozen(row))
      row[change.key] = (donors[change.from % donors.length] as Record<string, unknown>)[change.key];
    else if (change.kind === "held") for (const key of KEYS) void row[key];
    else if (change.kind === "freeze" && !Object.isFrozen(row)) Object.freeze(row);
    else if (change.kind === "invalid" && !Object.isFrozen(row)) row.small = 40_000; // past int16
    return [row];
  });
}

test("lazy rows, edited or not, mixed with eager ones, write what their eager copies write", () => {
  let failed = 0;
  fc.assert(
    fc.property(
      fc.array(allTypesRow, { maxLength: 6 }),
      fc.array(allTypesRow, { minLength: 1, maxLength: 6 }),
      fc.integer({ min: 1, max: 3 }),
      fc.array(allTypesRow, { maxLength: 2 }),
      fc.array(pick, { maxLength: 12 }),
      (first: AllTypesV1Input[], second: AllTypesV1Input[], batchSize, fresh: AllTypesV1Input[], picks) => {
        const files = [writeTableBytes(first, schemaVersion), writeTableBytes(second, schemaVersion, { batchSize })];
        const lazy = files.map((bytes) => readTableBytes(bytes, { schemaVersion }).rows);
        const eager = files.map((bytes) => readTableBytes(bytes, { schemaVersion, rows: "eager" }).rows);
        const copies = picked(
          eager,
          fresh.map((row) => new AllTypesV1(row)),
          picks,
        );
        const expected = written(copies);
        const actual = written(
          picked(
            lazy,
            fresh.map((row) => new AllTypesV1(row)),
            picks,
          ),
        );
        expect(actual).toStrictEqual(expected);
        if ("error" in actual) {
          failed++;
          return;
        }
        // Read back, the rows written are the eager copies, edits included (as JSON without the
        // weights' layout: a row built by `new` holds Weights of no stated layout, which a read
        // gives the file's).
        const withoutLayout = (key: string, value: unknown) => (key === "layout" ? undefined : value);
        expect(JSON.stringify(readTableBytes(actual.bytes, { schemaVersion }).rows, withoutLayout)).toBe(
          JSON.stringify(copies, withoutLayout),
        );
      },
    ),
    { numRuns: Number(process.env.LEGOLAS_PROPERTY_RUNS ?? 60) },
  );
  // The property means something only if invalid edits were met too.
  expect(failed).toBeGreaterThan(0);
}, 120_000);

test("a lazy row whose field's getter throws is refused as the eager row is, with its index", () => {
  const bytes = writeTableBytes([{ flag: true, small: 1, ubyte: 2, uint: 3, double: 4 }], schemaVersion);
  const refusal = (rows: readonly object[]) => {
    Object.defineProperty(rows[0], "text", {
      get() {
        throw new Error("no text");
      },
      configurable: true,
    });
    return written(rows);
  };
  const lazy = refusal(readTableBytes(bytes, { schemaVersion }).rows);
  expect(lazy).toStrictEqual(refusal(readTableBytes(bytes, { schemaVersion, rows: "eager" }).rows));
  expect(lazy).toMatchObject({ error: { name: "RowValidationError", rowIndex: 0 } });
});
