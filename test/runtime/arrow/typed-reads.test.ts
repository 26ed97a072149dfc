/**
 * Readers type their rows only through `{ schemaVersion }`, which they check against the file:
 * a type argument alone would only cast, so another schema's file would come back typed as that
 * row with `undefined` fields. The type-level half is checked by the type-check (`npm run
 * typecheck` compiles this file, `@ts-expect-error` lines included); the other half here.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { RecordBatch, Schema, Table, tableFromIPC, tableToIPC } from "apache-arrow";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, expectTypeOf, test } from "vitest";
import {
  type ModelRowFields,
  ModelV1,
  ModelV1SchemaVersion,
  readModelRow,
  readTable,
  readTableBatches,
  readTableBytes,
  SCHEMA_QUALIFIED_KEY,
  writeModelRow,
  writeTable,
  writeTableBytes,
} from "legolas-ts";
import { DigitsRowV1, DigitsRowV1SchemaVersion } from "../../../generated/index.js";
import { AllTypesV1SchemaVersion } from "../../generated/index.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-typed-reads-"));
const digits = join(folder, "runs.digits-model.arrow");
const other = join(folder, "all-types.arrow");
await writeTable(digits, [{ epoch: 3, accuracy: 0.5 }], DigitsRowV1SchemaVersion);
await writeTable(other, [{ flag: true, small: 1, ubyte: 2, uint: 3, double: 0.5 }], AllTypesV1SchemaVersion);

describe("the rows' type comes from { schemaVersion }", () => {
  test("which types them, and the file is checked to declare it", async () => {
    const { rows } = await readTable(digits, { schemaVersion: DigitsRowV1SchemaVersion });
    expectTypeOf(rows).toEqualTypeOf<readonly DigitsRowV1[]>();
    expect(rows[0]).toBeInstanceOf(DigitsRowV1);
    expect(rows[0]!.epoch).toBe(3n);
  });

  test("another schema's file is refused, never returned as that row with undefined fields", async () => {
    await expect(readTable(other, { schemaVersion: DigitsRowV1SchemaVersion })).rejects.toMatchObject({
      name: "SchemaVersionMismatchError",
      found: "test.all-types@1",
      expected: "digits-model@1>legolas-flux.model@1",
    });
    const batches = readTableBatches(other, { schemaVersion: DigitsRowV1SchemaVersion });
    await expect(batches.next()).rejects.toMatchObject({ name: "SchemaVersionMismatchError" });
  });

  test("without it, rows are objects of the class registered for the file: narrow with instanceof", async () => {
    const { rows } = await readTable(digits);
    expectTypeOf(rows).toEqualTypeOf<readonly object[]>();
    const [row] = rows;
    if (!(row instanceof DigitsRowV1)) throw new Error("expected a DigitsRowV1");
    expect(row.accuracy).toBe(0.5);
  });

  test("a type argument without it does not compile", async () => {
    // @ts-expect-error: a type argument alone would only cast the rows.
    await readTable<DigitsRowV1>(digits);
    // @ts-expect-error: the same for bytes.
    readTableBytes<DigitsRowV1>(writeTableBytes([{ epoch: 1 }], DigitsRowV1SchemaVersion), { validate: "columns" });
    // @ts-expect-error: and for batches.
    readTableBatches<DigitsRowV1>(digits);
  });

  test("a model row without it is typed as the fields every model row has", async () => {
    const path = join(folder, "model.arrow");
    await writeModelRow(path, { epoch: 7, architecture_version: 2 }, DigitsRowV1SchemaVersion);
    const row = await readModelRow(path);
    expectTypeOf(row).toEqualTypeOf<ModelRowFields>();
    expect(row).toBeInstanceOf(DigitsRowV1);
    const typed = await readModelRow(path, { schemaVersion: DigitsRowV1SchemaVersion });
    expectTypeOf(typed.epoch).toEqualTypeOf<bigint | null>();
    expect(typed.epoch).toBe(7n);
    const asParent = await readModelRow(path, { schemaVersion: ModelV1SchemaVersion });
    expect(asParent).toBeInstanceOf(ModelV1);
    // @ts-expect-error: a type argument alone would only cast the row.
    await readModelRow<DigitsRowV1>(path);
  });
});

describe("a file that names only its own version, not the versions it extends", () => {
  /** `bytes` relabelled `identifier`, as a writer that leaves out the `>parent@1` chain labels them. */
  const labelled = (bytes: Uint8Array, identifier: string): Uint8Array => {
    const table = tableFromIPC(bytes);
    const schema = new Schema(table.schema.fields, new Map([[SCHEMA_QUALIFIED_KEY, identifier]]));
    return tableToIPC(
      new Table(
        schema,
        table.batches.map((batch) => new RecordBatch(schema, batch.data)),
      ),
      "file",
    );
  };
  const digitsRun = writeTableBytes([{ epoch: 3, accuracy: 0.5 }], DigitsRowV1SchemaVersion);

  test("reads as a version it extends when this program knows its parents, as with its chain", async () => {
    const bytes = labelled(digitsRun, "digits-model@1");
    const path = join(folder, "own-version-only.arrow");
    writeFileSync(path, bytes);
    const read = readTableBytes(bytes, { schemaVersion: ModelV1SchemaVersion });
    expect(read.identifier).toBe("digits-model@1");
    expect(read.rows[0]).toBeInstanceOf(ModelV1);
    expect((await readTable(path, { schemaVersion: ModelV1SchemaVersion })).rows[0]).toBeInstanceOf(ModelV1);
    expect(await readModelRow(path, { schemaVersion: ModelV1SchemaVersion })).toBeInstanceOf(ModelV1);
  });

  test("is refused as another version when this program does not know it, saying so and what to do", async () => {
    const bytes = labelled(digitsRun, "runs.unregistered-model@1");
    const error = (() => {
      try {
        readTableBytes(bytes, { schemaVersion: ModelV1SchemaVersion });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toMatchObject({
      name: "SchemaVersionMismatchError",
      found: "runs.unregistered-model@1",
      expected: "legolas-flux.model@1",
    });
    expect(error!.message).toContain(
      "names only runs.unregistered-model@1, not the versions it extends, and this program does not know runs.unregistered-model@1, so it cannot tell whether it extends legolas-flux.model@1",
    );
  });
});
