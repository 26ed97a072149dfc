/**
 * A file that parses as Arrow but whose values contradict it (here a dictionary index past its
 * dictionary) is a `CorruptTableError`, not "not Arrow": both table commands say so and exit 2.
 * A decompression bomb is refused the same way, before anything is decompressed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  Dictionary,
  Field,
  Int8,
  makeData,
  makeVector,
  RecordBatch,
  Schema,
  Table,
  tableToIPC,
  TimestampMillisecond,
  Utf8,
  vectorFromArray,
} from "apache-arrow";
import { afterAll, expect, test } from "vitest";
import { prepareCompression, SCHEMA_QUALIFIED_KEY } from "legolas-ts";
import { extraBuffersFile } from "../hostile/helpers/crafted-batches.js";
import { legolasTable } from "../runtime/arrow/helpers/legolas-table.js";
import { runCli } from "./helpers.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-corrupt-table-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A `cli.text@1` table whose second row's dictionary index (5) lies outside its one-value dictionary. */
function corruptFile(): string {
  const type = new Dictionary(new Utf8(), new Int8());
  const text = makeVector(
    makeData({
      type,
      length: 2,
      nullCount: 0,
      data: Int8Array.of(0, 5),
      dictionary: vectorFromArray(["only"], new Utf8()),
    }),
  );
  const plain = new Table({ text });
  const schema = new Schema(plain.schema.fields, new Map([[SCHEMA_QUALIFIED_KEY, "cli.text@1"]]));
  const path = join(folder, "corrupt.arrow");
  writeFileSync(path, tableToIPC(new Table(plain.batches.map((batch) => new RecordBatch(schema, batch.data))), "file"));
  return path;
}

const schemas = join(folder, "schemas");
test("validate and inspect report a corrupt table as unreadable (exit 2) with the corrupt value's place", async () => {
  mkdirSync(schemas);
  writeFileSync(
    join(schemas, "cli.text.yaml"),
    "schema: cli.text\nprefix: CliText\nversions:\n  1:\n    fields:\n      text: string\n",
  );
  const path = corruptFile();

  const validated = await runCli("validate", "--json", "--schemas", schemas, path);
  expect(validated.code).toBe(2);
  expect(JSON.parse(validated.out).files).toEqual([
    expect.objectContaining({
      status: "unreadable",
      code: "corrupt_table",
      message: expect.stringMatching(/^a corrupt Arrow table .*index 5 at 1 lies outside its dictionary of 1 values/),
    }),
  ]);

  const inspected = await runCli("inspect", "--schemas", schemas, path);
  expect(inspected.code).toBe(2);
  expect(inspected.err).toMatch(/corrupt\.arrow: a corrupt Arrow table .*index 5 at 1 lies outside its dictionary/);
});

test("validate says a DateTime past a JavaScript Date is a sound value it cannot check, not a corrupt file", async () => {
  mkdirSync(schemas, { recursive: true });
  writeFileSync(
    join(schemas, "cli.when.yaml"),
    "schema: cli.when\nprefix: CliWhen\nversions:\n  1:\n    fields:\n      at: datetime\n",
  );
  // Julia's typemax(DateTime) is some 2.9e17 ms; a JavaScript Date holds 8.64e15.
  const type = new TimestampMillisecond();
  const at = makeData({ type, length: 1, nullCount: 0, data: BigInt64Array.of(10n ** 17n) });
  const path = join(folder, "far.arrow");
  writeFileSync(path, tableToIPC(legolasTable("cli.when@1", [new Field("at", type, false)], [at]), "file"));
  const validated = await runCli("validate", "--json", "--schemas", schemas, path);
  expect(validated.code).toBe(2);
  expect(JSON.parse(validated.out).files).toEqual([
    expect.objectContaining({
      status: "unreadable",
      code: "value_unrepresentable",
      message: expect.stringMatching(
        /^a sound table holding a value JavaScript has no form for.*beyond what a JavaScript Date holds/,
      ),
    }),
  ]);
});

test.each(["file", "stream"] as const)(
  "validate and inspect refuse a decompression bomb in the %s form (extra buffer entries) as unreadable, exit 2",
  async (form) => {
    await prepareCompression("zstd");
    const path = join(folder, `bomb-${form}.arrow`);
    writeFileSync(path, extraBuffersFile({ codec: "zstd", form, batch: "record", entries: 120, frameBytes: 16 << 20 }));
    const validated = await runCli("validate", "--json", path);
    expect(validated.code).toBe(2);
    expect(JSON.parse(validated.out).files).toEqual([
      expect.objectContaining({
        status: "unreadable",
        code: "not_arrow_file",
        message: expect.stringMatching(/decompression bomb/),
      }),
    ]);
    const inspected = await runCli("inspect", path);
    expect(inspected.code).toBe(2);
    expect(inspected.err).toMatch(/decompression bomb/);
  },
);
