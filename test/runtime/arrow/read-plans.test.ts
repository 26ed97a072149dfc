/**
 * What a read derives from a table's schema is kept for the next table of an alike schema
 * (runtime/arrow/read-plans.ts): one plan for a folder of one-row files, a bounded number of
 * schemas kept, and never a kept plan for a file whose schema differs from it in anything.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { afterAll, afterEach, describe, expect, test } from "vitest";
import { FlatArray, readModelRow, readTable, readTableBytes, Weights, writeTable, writeTableBytes } from "legolas-ts";
import { forgetReadPlans, keptSchemas, PLAN_LIMITS } from "../../../runtime/arrow/read-plans.js";
import { DigitsRowV1, DigitsRowV1SchemaVersion } from "../../../generated/index.js";
import { fileUnder, mutated } from "./helpers/schema-mutations.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-read-plans-"));
const LIMITS = { ...PLAN_LIMITS };
afterAll(() => rmSync(folder, { recursive: true, force: true }));
afterEach(() => {
  Object.assign(PLAN_LIMITS, LIMITS);
  forgetReadPlans();
});

const weights = new Weights([new FlatArray(new Float32Array([1, 2, 3, 4, 5, 6]), [3, 2])]);
const row = (epoch: number) => ({ weights, epoch: BigInt(epoch), accuracy: 0.5, commit_sha: "abc1234" });
/** A one-row digits-model@1 file, with `metadata` added to its table's. */
const bytesOf = (epoch: number, metadata: Record<string, string> = {}) =>
  writeTableBytes([row(epoch)], DigitsRowV1SchemaVersion, { metadata });

describe("one plan for many files of one schema", () => {
  test("one-row files of one schema read with one kept plan, each its own rows", async () => {
    const paths = [1, 2, 3].map((epoch) => join(folder, `run-${epoch}.arrow`));
    for (const [k, path] of paths.entries()) await writeTable(path, [row(k + 1)], DigitsRowV1SchemaVersion);
    forgetReadPlans();
    const epochs = [];
    for (const path of paths) epochs.push((await readTable(path)).rows.map((each) => (each as DigitsRowV1).epoch));
    const models = await Promise.all(
      paths.map((path) => readModelRow(path, { schemaVersion: DigitsRowV1SchemaVersion })),
    );
    expect(epochs).toEqual([[1n], [2n], [3n]]);
    expect(models.map((model) => model.epoch)).toEqual([1n, 2n, 3n]);
    expect(models.every((model) => model instanceof DigitsRowV1)).toBe(true);
    expect(keptSchemas()).toBe(1);
  });

  test("at most PLAN_LIMITS.schemas schemas are kept, the least recently read going first", () => {
    PLAN_LIMITS.schemas = 2;
    const files = ["a", "b", "c"].map((note) => bytesOf(1, { note }));
    for (const bytes of files) readTableBytes(bytes);
    expect(keptSchemas()).toBe(2);
    // Every file still reads, kept or not.
    expect(files.map((bytes) => (readTableBytes(bytes).rows[0] as DigitsRowV1).epoch)).toEqual([1n, 1n, 1n]);
    expect(keptSchemas()).toBe(2);
  });

  test("keys longer than PLAN_LIMITS.keyChars together are not kept", () => {
    PLAN_LIMITS.keyChars = 100;
    expect((readTableBytes(bytesOf(4)).rows[0] as DigitsRowV1).epoch).toBe(4n);
    expect(keptSchemas()).toBe(0);
  });
});

describe("a file whose schema differs from a kept one in one thing reads as with nothing kept", () => {
  test("another table metadata value: weights in the layout each file states", () => {
    const [tfjs, flux] = [bytesOf(1, { legolas_ts_weights_layout: "tfjs" }), bytesOf(1)];
    readTableBytes(tfjs);
    expect(((readTableBytes(flux).rows[0] as DigitsRowV1).weights as Weights).layout).toBe("flux");
    expect(((readTableBytes(tfjs).rows[0] as DigitsRowV1).weights as Weights).layout).toBe("tfjs");
  });

  test("a column renamed: the declared field reads as missing, not from the column it was kept for", () => {
    const table = tableFromIPC(bytesOf(7));
    const epoch = table.schema.fields.findIndex((field) => field.name === "epoch");
    const renamed = fileUnder(table, mutated(table.schema, { kind: "name", path: [epoch], suffix: "s" })!)!;
    readTableBytes(fileUnder(table, table.schema)!);
    const read = readTableBytes(renamed);
    expect((read.rows[0] as DigitsRowV1).epoch).toBe(null);
    expect(read.table.getChild("epochs")?.get(0)).toBe(7n);
  });

  test("a column's type: an int64 stored as UInt64 is refused, as it is with nothing kept", () => {
    const table = tableFromIPC(bytesOf(7));
    const epoch = table.schema.fields.findIndex((field) => field.name === "epoch");
    const unsigned = fileUnder(table, mutated(table.schema, { kind: "type", path: [epoch], choice: 0 })!)!;
    readTableBytes(fileUnder(table, table.schema)!);
    expect(() => readTableBytes(unsigned)).toThrow(/epoch: expected int64 \(Arrow Int64\), found Arrow Uint64/);
  });
});

test("a file written as one-row files are, read from its path, keeps no plan of a schema that does not comply", async () => {
  const path = join(folder, "renamed.arrow");
  const table = tableFromIPC(bytesOf(2));
  const epoch = table.schema.fields.findIndex((field) => field.name === "epoch");
  writeFileSync(path, fileUnder(table, mutated(table.schema, { kind: "type", path: [epoch], choice: 0 })!)!);
  await expect(readTable(path)).rejects.toThrow(/found Arrow Uint64/);
  expect(keptSchemas()).toBe(0);
});
