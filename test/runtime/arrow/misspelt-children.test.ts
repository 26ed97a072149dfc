/**
 * A key of a row's struct or nested record that misspells a child the value lacks: the row class
 * drops undeclared keys there (a struct holds its declared children only), so the writers refuse
 * the row with an ExtraKeyError naming the key's path, as they refuse a top-level key misspelling
 * an optional field, never the value dropped and the child written missing.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { ExtraKeyError, RowValidationError, readTableBytes, writeTable, writeTableBytes } from "legolas-ts";
import { HyperRunV1, HyperRunV1SchemaVersion } from "../../generated/index.js";
import { errorOf } from "../../helpers/error-of.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-misspelt-children-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const good = { name: "a", hyper: { learning_rate: 0.01, batch_size: 32 } };

/** writeTableBytes's refusal of `rows`, which must be an ExtraKeyError. */
function refusal(rows: unknown[], validate = true): ExtraKeyError {
  const error = errorOf<ExtraKeyError>(() => writeTableBytes(rows as never, HyperRunV1SchemaVersion, { validate }));
  expect(error).toBeInstanceOf(ExtraKeyError);
  return error;
}

test.each<[string, object, string, string, string]>([
  ["a struct", { hyper: { ...good.hyper, momentun: 0.9 } }, "momentun", "hyper.momentun", "momentum"],
  [
    "a struct in a list",
    { trials: [{ momentum: 0.5 }, { Momentum: 0.9 }] },
    "Momentum",
    "trials[1].Momentum",
    "momentum",
  ],
  [
    "a nested record's struct",
    { config: { hyper: { learningrate: 0.1 } } },
    "learningrate",
    "config.hyper.learningrate",
    "learning_rate",
  ],
  ["a nested record's own field", { config: { sed: 7n } }, "sed", "config.sed", "seed"],
  ["a nested record in a list", { configs: [{ seed: 1n }, { seeds: 2n }] }, "seeds", "configs[1].seeds", "seed"],
])("a key misspelling a child %s lacks is refused, naming its path", (_, fields, key, path, child) => {
  for (const validate of [true, false]) {
    const error = refusal([good, { ...good, ...fields }], validate);
    expect(error).toMatchObject({ code: "extra_key", key, path, identifier: "test.hyper-run@1" });
    expect(error.message).toContain(
      `rows have a key ${JSON.stringify(key)} at ${path}, which ${path.slice(0, -key.length - 1)}`,
    );
    expect(error.message).toContain(
      `row 1 has it but lacks "${child}", which the key may misspell: rename the key to "${child}"`,
    );
  }
});

test("the row the message says to write is written, the value kept", () => {
  const fixed = { ...good, hyper: { ...good.hyper, momentum: 0.9 } };
  const { rows } = readTableBytes(writeTableBytes([fixed], HyperRunV1SchemaVersion), {
    schemaVersion: HyperRunV1SchemaVersion,
  });
  expect(rows[0]!.hyper.momentum).toBe(0.9);
});

test("a key beside the child it misspells, or like no child, is an extra key: dropped, as the constructor drops it", () => {
  const rows = [
    { ...good, hyper: { ...good.hyper, momentum: 0.9, momentun: 0.1 } },
    { ...good, hyper: { ...good.hyper, comment: "x" }, config: { seed: 1n, hyper: null, momentum: 3 } },
  ];
  const { rows: read } = readTableBytes(writeTableBytes(rows, HyperRunV1SchemaVersion), {
    schemaVersion: HyperRunV1SchemaVersion,
  });
  expect(read.map((row) => ({ ...row.hyper }))).toEqual([
    { learning_rate: 0.01, batch_size: 32, momentum: 0.9 },
    { learning_rate: 0.01, batch_size: 32, momentum: null },
  ]);
});

test("a misspelt required field is left to validation, which names the key; the constructor keeps dropping optional ones", () => {
  const error = errorOf<RowValidationError>(() =>
    writeTableBytes([{ nme: "a", hyper: {} }] as never, HyperRunV1SchemaVersion),
  );
  expect(error).toBeInstanceOf(RowValidationError);
  expect(error.message).toContain(`found "nme" instead`);
  // As documented (docs/schemas.md): a valid row whose optional child is misspelt, built without a word.
  expect(new HyperRunV1({ ...good, hyper: { momentun: 0.9 } } as never).hyper).toEqual({
    learning_rate: null,
    batch_size: null,
    momentum: null,
  });
});

test("rows from an iterator are refused as rows in an array are, and no file is written or replaced", async () => {
  const file = join(folder, "streamed.arrow");
  const slip = { ...good, hyper: { ...good.hyper, momentun: 0.9 } };
  function* rows() {
    yield good;
    yield slip;
  }
  await expect(writeTable(file, rows(), HyperRunV1SchemaVersion, { batchSize: 1 })).rejects.toThrow(
    expect.objectContaining({ name: "ExtraKeyError", path: "hyper.momentun" }),
  );
  expect(existsSync(file)).toBe(false);
  // An existing file keeps its bytes: from an array, and from an async iterator.
  writeFileSync(file, writeTableBytes([good], HyperRunV1SchemaVersion));
  const before = readFileSync(file);
  await expect(writeTable(file, [good, slip], HyperRunV1SchemaVersion)).rejects.toThrow(ExtraKeyError);
  async function* later() {
    yield* rows();
  }
  await expect(writeTable(file, later(), HyperRunV1SchemaVersion, { batchSize: 1 })).rejects.toThrow(ExtraKeyError);
  expect(readFileSync(file).equals(before)).toBe(true);
});
