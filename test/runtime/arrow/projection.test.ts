/**
 * Reading some columns (`columns`): which columns are read (those asked for and those the row
 * checks read), what is validated (those columns and the checks, nothing else), what the rows are
 * (plain objects of the columns asked for, typed as a `Pick`), and the same answers from every
 * reader: readTable, readTableBytes, readTableFrom, openTableFile / readTableBatches, readModelRow.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CompressionType,
  compressionRegistry,
  Field,
  Float32,
  Int64,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableFromIPC,
  tableToIPC,
  Utf8,
  type Vector,
  vectorFromArray,
} from "apache-arrow";
import { afterAll, beforeAll, describe, expect, expectTypeOf, test, vi } from "vitest";
import {
  openTableFile,
  readModelRow,
  readModelRowBytes,
  readTable,
  readTableBatches,
  readTableBytes,
  readTableFrom,
  readModelRowFrom,
  WEIGHTS_LAYOUT_KEY,
  type Weights,
  writeTableBytes,
  type SchemaVersion,
  type ColumnName,
} from "legolas-ts";
import { projectionOf } from "../../../runtime/arrow/projection.js";
import {
  type JuliaNamesV1,
  JuliaNamesV1SchemaVersion,
  type TrainingLogV1,
  TrainingLogV1SchemaVersion,
} from "../../generated/index.js";
import { trainingLogRow, writeTrainingLog } from "../../scale/helpers/training-log.js";

const schemaVersion = TrainingLogV1SchemaVersion;
let folder: string;
let path: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "legolas-projection-"));
  path = join(folder, "log.arrow");
  await writeTrainingLog(path, { rows: 6, weightsPerRow: 1_000, batchSize: 4 });
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/**
 * A table of the `columns` given (and no other), without Legolas metadata: read with
 * `{ schemaVersion }`, it lacks every required column it does not hold.
 */
function partialTable(columns: Record<string, Vector>): Uint8Array {
  return tableToIPC(new Table(columns), "file");
}

describe("what a read of some columns gives", () => {
  test("plain objects of exactly those columns, typed as a Pick of the row, in a lazy read-only array", async () => {
    const { rows, table } = await readTable(path, { schemaVersion, columns: ["epoch", "accuracy"] });
    expectTypeOf(rows).toEqualTypeOf<readonly Pick<TrainingLogV1, "epoch" | "accuracy">[]>();
    expect(rows).toHaveLength(6);
    expect(rows[2]).toEqual({ epoch: 2n, accuracy: Math.fround(2 / 3) });
    // Their prototype holds their JSON form alone (below), over Object.prototype.
    expect(Object.getOwnPropertyNames(Object.getPrototypeOf(rows[2]))).toEqual(["toJSON"]);
    expect(Object.getPrototypeOf(Object.getPrototypeOf(rows[2]))).toBe(Object.prototype);
    expect(rows[2]).toBe(rows[2]);
    expect(() => (rows as unknown[]).push(1)).toThrow(TypeError);
    // What the row check reads is read too, and validated, but not given.
    expect(table.schema.fields.map((field) => field.name)).toEqual(["epoch", "accuracy", "train_loss", "test_loss"]);
  });

  test("eager rows are a plain array of the same objects", async () => {
    const { rows } = await readTable(path, { schemaVersion, columns: ["dataset"], rows: "eager" });
    expect(rows).toEqual(Array(6).fill({ dataset: "digits" }));
    expect(Array.isArray(rows) && Object.isFrozen(rows)).toBe(false);
  });

  test("without a schema version, the file's is used and rows are typed by the names asked for", async () => {
    const { rows, schemaVersion: read } = await readTable(path, { columns: ["epoch"] });
    expectTypeOf(rows).toEqualTypeOf<readonly { readonly epoch: unknown }[]>();
    expect(read).toBe(schemaVersion);
    expect(rows[5]).toEqual({ epoch: 5n });
  });

  test("every reader gives the same rows", async () => {
    const bytes = writeTableBytes([trainingLogRow(0, 10), trainingLogRow(1, 10)], schemaVersion);
    const columns = ["epoch", "optimizer"] as const;
    const expected = [
      { epoch: 0n, optimizer: "adam" },
      { epoch: 1n, optimizer: "adam" },
    ];
    const file = join(folder, "two.arrow");
    await writeFile(file, bytes);
    expect(readTableBytes(bytes, { schemaVersion, columns }).rows).toEqual(expected);
    expect((await readTableFrom(new Blob([bytes.slice()]), { schemaVersion, columns })).rows).toEqual(expected);
    expect((await readTableFrom(bytes, { schemaVersion, columns })).rows).toEqual(expected);
    expect((await readTable(file, { schemaVersion, columns })).rows).toEqual(expected);
    const batched = [];
    for await (const batch of readTableBatches(file, { schemaVersion, columns })) batched.push(...batch.rows);
    expect(batched).toEqual(expected);
    const opened = await openTableFile(file);
    expect((await opened.readBatch(0, { schemaVersion, columns })).rows).toEqual(expected);
    await opened.close();
  });

  test("in their JSON form, as the whole row's toJSON gives those fields: an int64 as text, a Weights' arrays as arrays", async () => {
    const { rows: whole } = await readTable(path, { schemaVersion });
    const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
    const columns = ["epoch", "saved_at", "weights"] as const;
    const expected = whole.map((row) => {
      const { epoch, saved_at, weights } = row.toJSON();
      return asJson({ epoch, saved_at, weights });
    });
    for (const options of [
      {},
      { validate: "columns" },
      { rows: "eager" },
      { rows: "eager", validate: "columns" },
    ] as const) {
      const { rows } = await readTable(path, { schemaVersion, columns, ...options });
      expect(asJson(rows)).toEqual(expected);
      expect(Object.keys(rows[0]!)).toEqual(["weights", "epoch", "saved_at"]); // in the version's order
    }
    const batched = [];
    for await (const batch of readTableBatches(path, { schemaVersion, columns })) batched.push(...batch.rows);
    expect(asJson(batched)).toEqual(expected);
    const one = writeTableBytes([trainingLogRow(7, 10)], schemaVersion);
    expect(asJson(readModelRowBytes(one, { schemaVersion, columns: ["epoch"] }))).toEqual({ epoch: "7" });
  });

  test("a model row's scalar fields: readModelRow and readModelRowBytes with columns", async () => {
    const bytes = writeTableBytes([trainingLogRow(7, 100)], schemaVersion);
    const file = join(folder, "model-row.arrow");
    await writeFile(file, bytes);
    const row = await readModelRow(file, { schemaVersion, columns: ["epoch", "accuracy"] });
    expectTypeOf(row).toEqualTypeOf<Pick<TrainingLogV1, "epoch" | "accuracy">>();
    expect(row).toEqual({ epoch: 7n, accuracy: Math.fround(7 / 8) });
    expect(readModelRowBytes(bytes, { schemaVersion, columns: ["layers"] })).toEqual({ layers: 3 });
  });
});

describe("rows of a read of some columns, written back", () => {
  // Every declared field but `note`, which the table holds: "checkpoint 0" in row 0.
  const columns = schemaVersion.fields
    .map((field) => field.name as ColumnName<TrainingLogV1>)
    .filter((name) => name !== "note");
  const bytes = writeTableBytes([trainingLogRow(0, 10), trainingLogRow(1, 10)], schemaVersion);

  test.each(["lazy", "eager"] as const)(
    "as a version declaring a field the read left out: UnreadFieldsError, nothing written (%s rows)",
    (rowsAs) => {
      const { rows } = readTableBytes(bytes, { schemaVersion, columns, rows: rowsAs });
      for (const write of [
        () => writeTableBytes(rows, schemaVersion),
        () => writeTableBytes(rows.values(), schemaVersion),
      ])
        expect(write).toThrow(
          expect.objectContaining({
            name: "UnreadFieldsError",
            code: "fields_not_read",
            fields: ["note"],
            rowIndex: 0,
          }),
        );
      expect(() => writeTableBytes(rows, schemaVersion, { validate: false })).toThrow(
        /left out note, which its table holds/,
      );
    },
  );

  test("a copy of each row says that null is meant, and a field given a value is written", () => {
    const { rows } = readTableBytes(bytes, { schemaVersion, columns, rows: "eager" });
    const copies = readTableBytes(
      writeTableBytes(
        rows.map((row) => ({ ...row })),
        schemaVersion,
      ),
      { schemaVersion },
    );
    expect(copies.rows.map((row) => row.note)).toEqual([null, null]);
    const given = rows.map((row) => Object.assign(row, { note: "kept" }));
    const written = readTableBytes(writeTableBytes(given, schemaVersion), { schemaVersion });
    expect(written.rows.map((row) => row.note)).toEqual(["kept", "kept"]);
  });

  test("a field the table does not hold is not lost: the rows are written", () => {
    const whole = tableFromIPC(bytes);
    const kept = whole.schema.fields.flatMap((field, index) => (field.name === "note" ? [] : [index]));
    const schema = new Schema(
      kept.map((index) => whole.schema.fields[index]!),
      whole.schema.metadata,
    );
    const batches = whole.batches.map(
      (batch) =>
        new RecordBatch(
          schema,
          makeData({
            type: new Struct(schema.fields),
            length: batch.numRows,
            nullCount: 0,
            children: kept.map((index) => batch.data.children[index]!),
          }),
        ),
    );
    const table = new Table(schema, batches);
    const { rows } = readTableBytes(tableToIPC(table, "file"), { schemaVersion, columns });
    expect(readTableBytes(writeTableBytes(rows, schemaVersion), { schemaVersion }).rows.map((row) => row.note)).toEqual(
      [null, null],
    );
  });
});

describe("columns named as Object.prototype's members are (held as toString$ ...)", () => {
  const bytes = writeTableBytes(
    [{ "σ²": 1, moment: new Date(0), toString$: "t", constructor$: "c", toJSON$: "j" }],
    JuliaNamesV1SchemaVersion,
  );

  test("are asked for by their names, the columns', and typed as the properties rows hold them under", () => {
    const { rows } = readTableBytes(bytes, {
      schemaVersion: JuliaNamesV1SchemaVersion,
      columns: ["toString", "constructor", "toJSON", "σ²"],
    });
    expectTypeOf(rows).toEqualTypeOf<readonly Pick<JuliaNamesV1, "toString$" | "constructor$" | "toJSON$" | "σ²">[]>();
    expect(rows[0]).toEqual({ toString$: "t", constructor$: "c", toJSON$: "j", "σ²": 1 });
    const untyped = readTableBytes(bytes, { columns: ["toString"] });
    expectTypeOf(untyped.rows).toEqualTypeOf<readonly { readonly toString$: unknown }[]>();
    expect(untyped.rows[0]).toEqual({ toString$: "t" });
  });

  test("a row's properties and methods are no column names", () => {
    expectTypeOf<"toString" | "toJSON" | "σ²">().toExtend<ColumnName<JuliaNamesV1>>();
    expectTypeOf<"toString$">().not.toExtend<ColumnName<JuliaNamesV1>>();
    expectTypeOf<"toJSON">().not.toExtend<ColumnName<TrainingLogV1>>();
    // @ts-expect-error: the column is toString
    expect(() => readTableBytes(bytes, { schemaVersion: JuliaNamesV1SchemaVersion, columns: ["toString$"] })).toThrow(
      'table has no column "toString$"',
    );
  });
});

describe("the weights layout the table states", () => {
  test.each(["tfjs", "flux"] as const)(
    "%s: every projected reader gives it on the weights, lazy and eager rows alike",
    async (layout) => {
      const vec = new Float32Array([1, 2, 3]);
      const row = { ...trainingLogRow(3, 10), weights: { arrays: [{ vec, size: [3] }], layout } };
      const bytes = writeTableBytes([row], schemaVersion, {
        metadata: { [WEIGHTS_LAYOUT_KEY]: layout },
      });
      const file = join(folder, `layout-${layout}.arrow`);
      await writeFile(file, bytes);
      const columns = ["weights", "epoch"] as const;
      const read: { readonly weights: Weights | null }[] = [
        (await readTable(file, { schemaVersion, columns })).rows[0]!,
        (await readTable(file, { schemaVersion, columns, rows: "eager" })).rows[0]!,
        readTableBytes(bytes, { schemaVersion, columns }).rows[0]!,
        await readModelRow(file, { schemaVersion, columns }),
        await readModelRowFrom(new Blob([bytes.slice()]), { schemaVersion, columns }),
        (await readTableFrom(new Blob([bytes.slice()]), { schemaVersion, columns, rows: "eager" })).rows[0]!,
      ];
      for await (const batch of readTableBatches(file, { schemaVersion, columns })) read.push(batch.rows[0]!);
      const opened = await openTableFile(file);
      read.push((await opened.readBatch(0, { schemaVersion, columns: ["weights"] })).rows[0]!);
      await opened.close();
      expect(read.map((r) => r.weights?.layout)).toEqual(read.map(() => layout));
    },
  );
});

describe("what a read of some columns validates", () => {
  test("only the columns it reads: a file without the required columns it does not ask for reads", () => {
    const bytes = partialTable({
      epoch: vectorFromArray([0n, 1n], new Int64()),
      accuracy: vectorFromArray([0.5, 0.25], new Float32()),
    });
    expect(() => readTableBytes(bytes, { schemaVersion })).toThrow(
      expect.objectContaining({ name: "TableSchemaError" }),
    );
    expect(readTableBytes(bytes, { schemaVersion, columns: ["epoch", "accuracy"] }).rows).toEqual([
      { epoch: 0n, accuracy: 0.5 },
      { epoch: 1n, accuracy: 0.25 },
    ]);
  });

  test("a value that breaks its field in a column read: the row path's RowValidationError, with its row index", () => {
    const bytes = partialTable({
      epoch: vectorFromArray([0n, 1n], new Int64()),
      accuracy: vectorFromArray([0.5, 1.5], new Float32()),
    });
    expect(() => readTableBytes(bytes, { schemaVersion, columns: ["accuracy"] })).toThrow(
      expect.objectContaining({
        name: "RowValidationError",
        rowIndex: 1,
        violations: [expect.objectContaining({ code: "constraint_violated", path: "accuracy" })],
      }),
    );
    // The invalid column is not read: no violation.
    expect(readTableBytes(bytes, { schemaVersion, columns: ["epoch"] }).rows).toHaveLength(2);
  });

  test("a row check runs on the columns it reads, asked for or not", () => {
    const bytes = partialTable({
      epoch: vectorFromArray([0n, 1n], new Int64()),
      train_loss: vectorFromArray([0.5, 0.5], new Float32()),
      test_loss: vectorFromArray([0.5, -1], new Float32()),
    });
    expect(() => readTableBytes(bytes, { schemaVersion, columns: ["epoch"] })).toThrow(
      expect.objectContaining({
        name: "RowValidationError",
        rowIndex: 1,
        violations: [{ code: "check_failed", path: "", expected: "a test loss is never negative" }],
      }),
    );
  });

  test("invalid rows collected: each with every violation of the columns read, the valid rows given", async () => {
    const bytes = partialTable({
      epoch: vectorFromArray([0n, 1n, 2n], new Int64()),
      accuracy: vectorFromArray([0.5, 2, 0.75], new Float32()),
      optimizer: vectorFromArray(["sgd", "adam", "nesterov"], new Utf8()),
    });
    const file = join(folder, "invalid.arrow");
    await writeFile(file, bytes);
    const batches = [];
    for await (const batch of readTableBatches(file, {
      schemaVersion,
      columns: ["epoch", "accuracy"],
      invalidRows: "collect",
    }))
      batches.push(batch);
    expect(batches[0]!.rows).toEqual([
      { epoch: 0n, accuracy: 0.5 },
      { epoch: 2n, accuracy: 0.75 },
    ]);
    expect(batches[0]!.invalidRows).toEqual([
      { rowIndex: 1, violations: [expect.objectContaining({ code: "constraint_violated", path: "accuracy" })] },
    ]);
  });
});

describe("which columns are read", () => {
  const schema = new Schema([...TrainingLogV1SchemaVersion.arrowSchema.fields, new Field("extra", new Utf8(), true)]);
  const names = (columns: readonly number[]) => columns.map((index) => schema.fields[index]!.name);

  test("those asked for, those the checks read, and a column the file holds but the version does not declare", () => {
    const projection = projectionOf(schemaVersion, schema, ["dataset", "extra"]);
    expect(names(projection.columns)).toEqual(["train_loss", "test_loss", "dataset", "extra"]);
    expect(projection.validateAs.fields.map((field) => field.name)).toEqual(["train_loss", "test_loss", "dataset"]);
    expect(projection.rowsAs.fields.map((field) => field.name)).toEqual(["dataset"]);
  });

  test("two columns of a name asked for are both read, and refused as a whole read refuses them", () => {
    const epoch = vectorFromArray([0n], new Int64()).data[0]!;
    const schema = new Schema([new Field("epoch", new Int64()), new Field("epoch", new Int64())]);
    const batch = new RecordBatch(
      schema,
      makeData({ type: new Struct(schema.fields), length: 1, children: [epoch, epoch] }),
    );
    const bytes = tableToIPC(new Table([batch]), "file");
    expect(() => readTableBytes(bytes, { schemaVersion, columns: ["epoch"] })).toThrow(
      expect.objectContaining({
        name: "TableSchemaError",
        violations: [expect.objectContaining({ path: "epoch", found: '2 columns named "epoch"' })],
      }),
    );
  });

  test("a check that does not list what it reads makes every declared column read", () => {
    const unlisted = {
      ...schemaVersion,
      checks: schemaVersion.checks.map(({ check, message }) => ({ check, message })),
    } as SchemaVersion;
    expect(names(projectionOf(unlisted, schema, ["epoch"]).columns)).toEqual(
      schemaVersion.fields.map((field) => field.name),
    );
  });

  test("a name neither declared nor in the file: UnknownColumnError, naming what can be read", async () => {
    await expect(readTable(path, { columns: ["epochs"] })).rejects.toMatchObject({
      name: "UnknownColumnError",
      code: "column_unknown",
      columns: ["epochs"],
      message: expect.stringContaining(
        'has no column "epochs" (did you mean "epoch"?); the columns it can read: "weights"',
      ),
    });
    // The start of a name, too: no misspelling, so only a prefix can point at it.
    await expect(readTable(path, { columns: ["epo"] })).rejects.toMatchObject({
      message: expect.stringContaining('has no column "epo" (did you mean "epoch"?)'),
    });
  });

  test("a name the schema version given does not declare does not compile, with every reader", async () => {
    const file = await openTableFile(path);
    const bytes = writeTableBytes([trainingLogRow(0, 10)], schemaVersion);
    const refused: (() => Promise<unknown>)[] = [
      // @ts-expect-error: a misspelt column
      () => readTable(path, { schemaVersion, columns: ["epohc"] }),
      // @ts-expect-error: a misspelt column
      () => readTableFrom(bytes, { schemaVersion, columns: ["epohc"] }),
      // @ts-expect-error: a misspelt column
      () => readModelRow(path, { schemaVersion, columns: ["epohc"] }),
      // @ts-expect-error: a misspelt column
      () => file.readBatch(0, { schemaVersion, columns: ["epohc"] }),
      // @ts-expect-error: a misspelt column
      () => file.readBatches({ schemaVersion, columns: ["epohc"] }).next(),
      // @ts-expect-error: a misspelt column
      () => readTableBatches(path, { schemaVersion, columns: ["epohc"] }).next(),
    ];
    for (const read of refused) await expect(read()).rejects.toMatchObject({ name: "UnknownColumnError" });
    // @ts-expect-error: a misspelt column
    expect(() => readTableBytes(bytes, { schemaVersion, columns: ["epohc"] })).toThrow(
      'has no column "epohc" (did you mean "epoch"?)',
    );
    // @ts-expect-error: a misspelt column
    expect(() => readModelRowBytes(bytes, { schemaVersion, columns: ["epohc"] })).toThrow('has no column "epohc"');
    await file.close();
  });
});

test("of a compressed table, only the buffers of the columns read are decompressed", async () => {
  const file = join(folder, "compressed.arrow");
  await writeTrainingLog(file, { rows: 4, weightsPerRow: 250_000, batchSize: 2, compression: "zstd" });
  const codec = compressionRegistry.get(CompressionType.ZSTD)!;
  const decode = vi.spyOn(codec, "decode");
  try {
    const { rows } = await readTable(file, { schemaVersion, columns: ["epoch"] });
    expect(rows.map((row) => row.epoch)).toEqual([0n, 1n, 2n, 3n]);
    const decompressed = decode.mock.results.reduce((sum, result) => sum + (result.value as Uint8Array).length, 0);
    // Two batches of epoch and two losses: a few hundred bytes, where the weights are 4 MB.
    expect(decompressed).toBeLessThan(1_000);
    decode.mockClear();
    await readTable(file, { schemaVersion });
    const whole = decode.mock.results.reduce((sum, result) => sum + (result.value as Uint8Array).length, 0);
    expect(whole).toBeGreaterThan(4_000_000);
  } finally {
    decode.mockRestore();
  }
});
