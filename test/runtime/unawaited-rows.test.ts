/**
 * A row that is a Promise (rows made by `ids.map(async (id) => ...)`, not awaited), a Map or a
 * Set holds none of its values as properties: a version of optional fields only, such as
 * legolas-flux.model@1, took it as a row of nulls and wrote it so, the values lost. Every door
 * refuses it as no row, naming what it is; nothing is written.
 */
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { ModelV1, ModelV1SchemaVersion, RowValidationError, writeTable, writeTableBytes } from "legolas-ts";
import { TrainingLogV1, TrainingLogV1SchemaVersion } from "../generated/index.js";

const fetched = async (version: number) => ({ architecture_version: BigInt(version) });
const noRow = (kind: string) => [
  { code: "incorrect_type", path: "", expected: "a legolas-flux.model@1 row", found: kind },
];

test.each([
  ["a Promise", () => fetched(1)],
  ["a Map", () => new Map([["architecture_version", 1n]])],
  ["a Set", () => new Set([1n])],
])("%s is no row: the constructor, validate and writeTableBytes refuse it", (kind, make) => {
  expect(() => new ModelV1(make() as never)).toThrow(RowValidationError);
  expect(ModelV1.validate(make())).toEqual(noRow(kind));
  expect(() => writeTableBytes([make() as never], ModelV1SchemaVersion)).toThrow(`found ${kind}`);
});

test("rows not awaited in an array are refused at their index, and nothing is written", async () => {
  const path = join(mkdtempSync(join(tmpdir(), "legolas-unawaited-")), "run.arrow");
  await expect(writeTable(path, [1, 2, 3].map(fetched) as never, ModelV1SchemaVersion)).rejects.toMatchObject({
    code: "row_invalid",
    rowIndex: 0,
    violations: noRow("a Promise"),
  });
  expect(existsSync(path)).toBe(false);
});

// A version with a required field refuses these by that field's test, its walk spared the
// Promise, Map and Set tests (generator/emit/validator.ts); validate and the constructor still
// name what was given, and no row of nulls is written.
test.each([
  ["a Promise", () => fetched(1)],
  ["a Map", () => new Map([["epoch", 1n]])],
  ["a Set", () => new Set([1n])],
])("%s given for a version with a required field is refused by every door, named", (kind, make) => {
  const named = [{ code: "incorrect_type", path: "", expected: "a test.training-log@1 row", found: kind }];
  expect(TrainingLogV1.is(make())).toBe(false);
  expect(TrainingLogV1.validate(make())).toEqual(named);
  expect(() => new TrainingLogV1(make() as never)).toThrow(`found ${kind}`);
  expect(() => writeTableBytes([make() as never], TrainingLogV1SchemaVersion)).toThrow(RowValidationError);
});
