/**
 * The errors of invalid rows that a read only collects (`invalidRows: "collect"`, `validateRecordBatch`,
 * `recordBatchComplies`) are made without a stack: capturing one cost ~5 us a row, most of reading a
 * file whose rows are all invalid. What they report is unchanged, and an error that reaches the
 * caller (a read that throws) keeps its stack. A hand-written row class that makes its error with
 * the runtime's `rowError`, as generated constructors do, lets the test see the errors made.
 */
import { describe, expect, test } from "vitest";
import { type RowValidationError, readTableBatches, writeTableBytes } from "legolas-ts";
import { rowError } from "../../../runtime/row-validation.js";
import { defineSchemaVersion } from "../../../runtime/schema-version.js";
import { recordBatchComplies, validateRecordBatch } from "../../../runtime/arrow/validate/batch.js";
import { constraintViolated } from "../../../runtime/violations.js";

/** Every error the row class made, in order. */
const made: RowValidationError[] = [];

class ScoreRow {
  readonly score: number;
  constructor(input: { score: number }) {
    this.score = input.score;
    if (!ScoreRow.is(this)) {
      const error = rowError(ScoreRowSchemaVersion, this, input);
      made.push(error);
      throw error;
    }
  }
  static validate(value: unknown): ReturnType<typeof constraintViolated>[] {
    const score = (value as ScoreRow).score;
    return score <= 1 ? [] : [constraintViolated("score", "<= 1", score)];
  }
  static is(value: unknown): boolean {
    return ScoreRow.validate(value).length === 0;
  }
}

const ScoreRowSchemaVersion = defineSchemaVersion<ScoreRow, { score: number }>({
  name: "test.collected-score",
  version: 1,
  parent: null,
  fields: [{ name: "score", type: { kind: "float", bits: 64 }, constraints: { max: 1 } }],
  rowClass: ScoreRow,
});

const hasFrames = (error: Error) => /\n\s+at /.test(error.stack ?? "");

describe("errors of collected invalid rows", () => {
  test("are made without a stack, and report the same rows, violations and message", async () => {
    const bytes = await writeTableBytes([{ score: 0.5 }, { score: 2 }, { score: 3 }], ScoreRowSchemaVersion, {
      validate: false,
    });
    made.length = 0;
    const limit = Error.stackTraceLimit;
    const collected = [];
    for await (const batch of readTableBatches(bytes, { invalidRows: "collect" })) collected.push(...batch.invalidRows);
    expect(collected).toEqual([
      { rowIndex: 1, violations: [{ code: "constraint_violated", path: "score", expected: "<= 1", found: "2" }] },
      { rowIndex: 2, violations: [{ code: "constraint_violated", path: "score", expected: "<= 1", found: "3" }] },
    ]);
    expect(made).toHaveLength(2);
    for (const error of made) expect(hasFrames(error)).toBe(false);
    // The message, built when read, is the one a thrown error has.
    expect(made[0]!.message).toBe("test.collected-score@1 has 1 violation:\n  - score: must be <= 1, found 2");

    made.length = 0;
    const { tableFromIPC } = await import("apache-arrow");
    const table = tableFromIPC(bytes);
    expect(validateRecordBatch(table, ScoreRowSchemaVersion).map((row) => row.rowIndex)).toEqual([1, 2]);
    expect(recordBatchComplies(table, ScoreRowSchemaVersion)).toBe(false);
    expect(made.length).toBeGreaterThan(0);
    for (const error of made) expect(hasFrames(error)).toBe(false);
    expect(Error.stackTraceLimit).toBe(limit);
  });

  test("an error thrown to the caller keeps its stack", async () => {
    const bytes = await writeTableBytes([{ score: 0.5 }, { score: 2 }], ScoreRowSchemaVersion, { validate: false });
    made.length = 0;
    const read = async () => {
      for await (const _ of readTableBatches(bytes)) void _;
    };
    const thrown = await read().then(
      () => null,
      (error: Error) => error,
    );
    expect(thrown?.name).toBe("RowValidationError");
    expect((thrown as RowValidationError).rowIndex).toBe(1);
    expect(hasFrames(thrown!)).toBe(true);
    expect(made).toHaveLength(1);
    expect(hasFrames(made[0]!)).toBe(true);
  });
});
