/**
 * A row class written by hand (here `class CheckedRow extends DigitsRowV1`, whose constructor
 * refuses one more thing and sets a private field) handed to the reads through its descriptor:
 * every read builds every row with its constructor (lazy-rows.ts `constructsRows`), so what the
 * constructor refuses is refused, with the row's index, by every door (thrown, collected,
 * `validateRecordBatch`, `recordBatchComplies`, `readModelRow`), and every row given holds what
 * only the constructor sets. An `Error` it throws is that row's one violation
 * (row-validation.ts `rowConstructor`).
 */
import { tableFromIPC } from "apache-arrow";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import {
  readModelRow,
  readTable,
  readTableBatches,
  readTableBytes,
  recordBatchComplies,
  type RowValidationError,
  type SchemaVersion,
  validateRecordBatch,
  writeTableBytes,
} from "legolas-ts";
import { DigitsRowV1, DigitsRowV1SchemaVersion } from "../../../generated/digits-model.js";
import { CheckedRow } from "../../helpers/checked-row.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-hand-written-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** The generated descriptor with the hand-written class: what a user hands the reads. */
const Checked = { ...DigitsRowV1SchemaVersion, rowClass: CheckedRow } as unknown as SchemaVersion<CheckedRow, never>;

const refused = {
  code: "check_failed",
  path: "",
  expected: "the constructor of CheckedRow accepts the row",
  found: "an error: epoch past 10: this run never trains that long",
};

/** Rows 0..5 (epoch 30 at row 3), valid for the generated class: its column scans pass them all. */
const rows = [0, 1, 2, 30, 4, 5].map((epoch) => ({ epoch, accuracy: 0.5 }));
const bytes = writeTableBytes(rows, DigitsRowV1SchemaVersion, { batchSize: 4 });
const path = join(folder, "runs.arrow");
writeFileSync(path, bytes);
const valid = writeTableBytes(
  rows.filter((row) => row.epoch <= 10),
  DigitsRowV1SchemaVersion,
);
const validPath = join(folder, "valid.arrow");
writeFileSync(validPath, valid);

async function rejection(run: () => unknown): Promise<RowValidationError> {
  try {
    await run();
  } catch (error) {
    return error as RowValidationError;
  }
  throw new Error("expected the read to throw");
}

describe("a hand-written row class's constructor runs on every row read", () => {
  test("every read that throws refuses the row its constructor refuses, with its index", async () => {
    expect(DigitsRowV1.validate({ epoch: 30n })).toEqual([]);
    const reads: [string, () => unknown][] = [
      ["readTableBytes", () => readTableBytes(bytes, { schemaVersion: Checked })],
      ["readTableBytes eager", () => readTableBytes(bytes, { schemaVersion: Checked, rows: "eager" })],
      ["readTableBytes columns", () => readTableBytes(bytes, { schemaVersion: Checked, columns: ["accuracy"] })],
      ["readTable", () => readTable(path, { schemaVersion: Checked })],
      ["readTable columns", () => readTable(path, { schemaVersion: Checked, columns: ["epoch"] })],
      [
        "readTableBatches",
        async () => {
          for await (const _ of readTableBatches(path, { schemaVersion: Checked })) void _;
        },
      ],
    ];
    for (const [name, read] of reads) {
      const error = await rejection(read);
      expect({ name, error: error.name, rowIndex: error.rowIndex, violations: error.violations }).toEqual({
        name,
        error: "RowValidationError",
        rowIndex: 3,
        violations: [refused],
      });
      expect((error as Error).cause).toBeInstanceOf(Error);
    }
    const model = join(folder, "model.arrow");
    writeFileSync(model, writeTableBytes([rows[3]!], DigitsRowV1SchemaVersion));
    const error = await rejection(() => readModelRow(model, { schemaVersion: Checked }));
    expect([error.name, error.rowIndex, error.violations]).toEqual(["RowValidationError", 0, [refused]]);
  });

  test("collecting reads and the columnar validators report it as an invalid row", async () => {
    const collected = [];
    const kept: CheckedRow[] = [];
    for await (const batch of readTableBatches(path, { schemaVersion: Checked, invalidRows: "collect" })) {
      collected.push(...batch.invalidRows);
      kept.push(...batch.rows);
    }
    expect(collected).toEqual([{ rowIndex: 3, violations: [refused] }]);
    expect(kept.map((row) => [row.epoch, row instanceof CheckedRow, row.made])).toEqual(
      [0n, 1n, 2n, 4n, 5n].map((epoch) => [epoch, true, true]),
    );
    const table = tableFromIPC(bytes);
    expect(validateRecordBatch(table, Checked)).toEqual([{ rowIndex: 3, violations: [refused] }]);
    expect(recordBatchComplies(table, Checked)).toBe(false);
    expect(recordBatchComplies(tableFromIPC(valid), Checked)).toBe(true);
    // The generated class itself finds nothing to refuse.
    expect(validateRecordBatch(table, DigitsRowV1SchemaVersion)).toEqual([]);
  });

  test("the rows given are made by the constructor, whatever the read", async () => {
    const reads: [string, () => Promise<readonly CheckedRow[]>][] = [
      ["readTableBytes", async () => readTableBytes(valid, { schemaVersion: Checked }).rows],
      ["readTableBytes eager", async () => readTableBytes(valid, { schemaVersion: Checked, rows: "eager" }).rows],
      ["readTable", async () => (await readTable(validPath, { schemaVersion: Checked })).rows],
      [
        "readTableBatches",
        async () => {
          const out: CheckedRow[] = [];
          for await (const batch of readTableBatches(validPath, { schemaVersion: Checked })) out.push(...batch.rows);
          return out;
        },
      ],
    ];
    for (const [name, read] of reads) {
      const got = await read();
      expect({ name, rows: got.map((row) => [row.epoch, row.made]) }).toEqual({
        name,
        rows: [0n, 1n, 2n, 4n, 5n].map((epoch) => [epoch, true]),
      });
    }
    const { rows: picked } = readTableBytes(valid, { schemaVersion: Checked, columns: ["epoch"] });
    expect(picked.map((row) => row.epoch)).toEqual([0n, 1n, 2n, 4n, 5n]);
  });
});
