/**
 * A key given to a row-class instance after it was built (or to a lazy row after it was read) that
 * misspells an optional field the row holds no value of: the instance is written from its
 * declared fields, so the writers refuse the row with an ExtraKeyError, never the value dropped
 * and the field written missing.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { ExtraKeyError, readTableBytes, writeTable, writeTableBytes } from "legolas-ts";
import { HyperRunV1, HyperRunV1SchemaVersion } from "../../generated/index.js";
import { errorOf } from "../../helpers/error-of.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-misspelt-instance-keys-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A run built by its constructor, then given `key` = `value`. */
function changed(key: string, value: unknown, fields: object = {}): HyperRunV1 {
  const row = new HyperRunV1({ name: "a", hyper: { learning_rate: 0.01 }, ...fields });
  (row as unknown as Record<string, unknown>)[key] = value;
  return row;
}

test.each([
  ["confg", "config", { seed: 3n }],
  ["Trials", "trials", [{ momentum: 0.9 }]],
])(
  "an instance given %s after it was built, which misspells the field %s it lacks, is refused",
  (key, field, value) => {
    for (const validate of [true, false]) {
      const error = errorOf<ExtraKeyError>(() =>
        writeTableBytes([changed("comment", "x"), changed(key, value)], HyperRunV1SchemaVersion, { validate }),
      );
      expect(error).toBeInstanceOf(ExtraKeyError);
      expect(error).toMatchObject({ code: "extra_key", key, path: key, identifier: "test.hyper-run@1" });
      expect(error.message).toContain(
        `row 1 has it but lacks the field "${field}", which the key may misspell: rename the key to "${field}"`,
      );
      expect(error.message).toContain("an instance of HyperRunV1 is written from its declared fields");
    }
  },
);

test("rows from an iterator and from an array are refused, and no file is written", async () => {
  const file = join(folder, "changed.arrow");
  function* rows() {
    yield changed("confg", { seed: 3n });
  }
  await expect(writeTable(file, rows(), HyperRunV1SchemaVersion, { batchSize: 1 })).rejects.toThrow(
    expect.objectContaining({ name: "ExtraKeyError", key: "confg" }),
  );
  await expect(writeTable(file, [changed("confg", { seed: 3n })], HyperRunV1SchemaVersion)).rejects.toThrow(
    ExtraKeyError,
  );
  expect(existsSync(file)).toBe(false);
});

test("a field deleted and a key misspelling it added is refused too", () => {
  const row = changed("confg", { seed: 3n }, { config: { seed: 1n } });
  delete (row as { config?: unknown }).config;
  expect(() => writeTableBytes([row], HyperRunV1SchemaVersion)).toThrow(
    expect.objectContaining({ name: "ExtraKeyError", key: "confg" }),
  );
});

test("a key beside the field it misspells, or like no field, is dropped as before; the field set is written", () => {
  const rows = [
    changed("confg", { seed: 3n }, { config: { seed: 1n } }),
    changed("comment", "x"),
    changed("confg", undefined),
  ];
  // The row the message says to write: the field set, not the key.
  const fixed = changed("config", { seed: 3n, hyper: null });
  const { rows: read } = readTableBytes(writeTableBytes([...rows, fixed], HyperRunV1SchemaVersion), {
    schemaVersion: HyperRunV1SchemaVersion,
  });
  expect(read.map((row) => row.config?.seed ?? null)).toEqual([1n, null, null, 3n]);
  expect(Object.keys(read[0]!)).not.toContain("confg");
});

test("a lazy row of a read, given a key that misspells a field it lacks, is refused: read, edit, write", () => {
  const bytes = writeTableBytes([changed("comment", "x"), changed("comment", "y")], HyperRunV1SchemaVersion);
  for (const validate of [true, false]) {
    const { rows } = readTableBytes(bytes, { schemaVersion: HyperRunV1SchemaVersion });
    (rows[1] as unknown as Record<string, unknown>).confg = { seed: 3n };
    const error = errorOf<ExtraKeyError>(() => writeTableBytes(rows, HyperRunV1SchemaVersion, { validate }));
    expect(error).toBeInstanceOf(ExtraKeyError);
    expect(error).toMatchObject({ key: "confg", path: "confg" });
    expect(error.message).toContain('row 1 has it but lacks the field "config"');
  }
  // Spelt right, the value is written; a key like no field is not refused.
  const { rows } = readTableBytes(bytes, { schemaVersion: HyperRunV1SchemaVersion });
  (rows[0] as unknown as Record<string, unknown>).config = { seed: 3n };
  (rows[1] as unknown as Record<string, unknown>).remark = "kept aside";
  const { rows: back } = readTableBytes(writeTableBytes(rows, HyperRunV1SchemaVersion), {
    schemaVersion: HyperRunV1SchemaVersion,
  });
  expect(back.map((row) => row.config?.seed ?? null)).toEqual([3n, null]);
});
