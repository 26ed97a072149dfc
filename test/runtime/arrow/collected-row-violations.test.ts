/**
 * A read that only collects invalid rows (`validateRecordBatch`, `invalidRows: "collect"`) has
 * the violations of a generated row class's rows without constructing them
 * (row-validation.ts `constructorViolations`): no instance, no `RowValidationError`. The rows,
 * violations and their order are the constructor's. A row class written by hand, a subclass of a
 * generated one included, is constructed: its constructor may check more, and what it adds is
 * reported. The errors module is wrapped here to count the errors made.
 */
import { tableFromIPC } from "apache-arrow";
import { beforeEach, describe, expect, test, vi } from "vitest";
import { readTableBatches, writeTableBytes } from "legolas-ts";
import {
  BenchReadingV1,
  type BenchReadingV1Input,
  BenchReadingV1SchemaVersion,
} from "../../../bench/generated/bench.reading.js";
import { readingRow } from "../../../bench/real-schema/rows.js";
import { validateRecordBatch } from "../../../runtime/arrow/validate/batch.js";
import { RowValidationError } from "../../../runtime/errors.js";
import { GENERATED_ROW_CLASS } from "../../../runtime/row-class-descriptors.js";
import { defineSchemaVersion } from "../../../runtime/schema-version.js";
import { checkFailed } from "../../../runtime/violations.js";

const errors = vi.hoisted(() => ({ made: 0 }));

vi.mock(import("../../../runtime/errors.js"), async (importOriginal) => {
  const original = await importOriginal();
  class CountedRowValidationError extends original.RowValidationError {
    constructor(...args: ConstructorParameters<typeof original.RowValidationError>) {
      super(...args);
      errors.made++;
    }
  }
  return { ...original, RowValidationError: CountedRowValidationError };
});

beforeEach(() => {
  errors.made = 0;
});

/**
 * A subclass written by hand whose constructor checks one more thing: a row its parent refuses
 * and whose `id` is even is also reported for that.
 */
class CheckedReading extends BenchReadingV1 {
  constructor(input: ConstructorParameters<typeof BenchReadingV1>[0]) {
    try {
      super(input);
    } catch (error) {
      if (BigInt(input.id) % 2n !== 0n) throw error;
      const { violations } = error as RowValidationError;
      throw new RowValidationError(CheckedReadingSchemaVersion.identifier, [...violations, evenId]);
    }
  }
}

const evenId = checkFailed("id", "an invalid row's id must be odd");

const CheckedReadingSchemaVersion = defineSchemaVersion({
  name: "test.checked-reading",
  version: 1,
  parent: null,
  fields: BenchReadingV1SchemaVersion.fields,
  validateFields: BenchReadingV1SchemaVersion.validateFields,
  rowClass: CheckedReading,
});

/** Rows 0..11, three invalid (row 5 with three faults). */
function rows(): BenchReadingV1Input[] {
  return Array.from({ length: 12 }, (_, i) => {
    const row = readingRow(i);
    if (i === 2) return { ...row, gain: 100.5 };
    if (i === 5) return { ...row, label: "x".repeat(33), level: 1001, uuid: row.uuid.toUpperCase() };
    if (i === 9) return { ...row, source: { ...row.source, commit: `${row.source.commit.slice(0, 39)}G` } };
    return row;
  });
}

describe("collected violations of a generated row class's rows", () => {
  test("are the constructor's, had without constructing a row or making an error", async () => {
    expect(Object.hasOwn(BenchReadingV1, GENERATED_ROW_CLASS)).toBe(true);
    const bytes = writeTableBytes(rows(), BenchReadingV1SchemaVersion, { validate: false });
    const table = tableFromIPC(bytes);
    // What the constructor of each row read back reports.
    const expected = rows().flatMap((row, rowIndex) => {
      try {
        new BenchReadingV1(row as never);
        return [];
      } catch (error) {
        return [{ rowIndex, violations: (error as RowValidationError).violations }];
      }
    });
    expect(expected.map((row) => row.rowIndex)).toEqual([2, 5, 9]);
    expect(expected[1]!.violations.map((v) => v.path)).toEqual(["label", "uuid", "level"]);

    errors.made = 0;
    expect(validateRecordBatch(table, BenchReadingV1SchemaVersion)).toEqual(expected);
    const collected = [];
    for await (const batch of readTableBatches(bytes, { invalidRows: "collect" })) collected.push(...batch.invalidRows);
    expect(collected).toEqual(expected);
    expect(errors.made).toBe(0);
  });

  test("a hand-written subclass is constructed, and the check it adds is reported", async () => {
    expect(Object.hasOwn(CheckedReading, GENERATED_ROW_CLASS)).toBe(false);
    const table = tableFromIPC(writeTableBytes(rows(), BenchReadingV1SchemaVersion, { validate: false }));
    const generated = validateRecordBatch(table, BenchReadingV1SchemaVersion);
    errors.made = 0;
    const handWritten = validateRecordBatch(table, CheckedReadingSchemaVersion);
    expect(generated.map((row) => row.rowIndex)).toEqual([2, 5, 9]);
    expect(handWritten).toEqual([
      { rowIndex: 2, violations: [...generated[0]!.violations, evenId] },
      generated[1],
      generated[2],
    ]);
    // Constructed: an error a row, and row 2 its own besides its parent's.
    expect(errors.made).toBe(4);
    // A copy of the generated descriptor whose row class is the subclass: constructed too.
    const copy = {
      ...BenchReadingV1SchemaVersion,
      rowClass: CheckedReading,
    } as unknown as typeof CheckedReadingSchemaVersion;
    expect(validateRecordBatch(table, copy)).toEqual(handWritten);
  });
});
