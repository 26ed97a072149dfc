/**
 * The fields a row check reads, as the generator lists them in the descriptor
 * (`checks[i].fields`): reads of `row` by name, in field order; nothing when a check uses `row`
 * in a way that could read anything, so that a read of some columns then reads every column.
 */
import { describe, expect, test } from "vitest";
import { fieldsReadByCheck } from "../../generator/resolve/check-fields.js";
import { TrainingLogV1SchemaVersion } from "../generated/index.js";

const fields = ["epoch", "accuracy", "σ²", "toString", "row"];

describe("fieldsReadByCheck", () => {
  test.each([
    ["row.epoch >= 0n", ["epoch"]],
    ["row.accuracy === null || row.epoch > 2n && row.accuracy > 0.5", ["epoch", "accuracy"]],
    ['row["σ²"] > 0', ["σ²"]],
    // An escaped name is read by its property (field-names.ts): `toString$`.
    ["row.toString$ !== null", ["toString"]],
    ["row.row === 1", ["row"]],
    ["[1, 2].includes(Number(row.epoch))", ["epoch"]],
    ["({ row: 1 }).row === 1", []],
    ["true", []],
  ])("%s reads %j", (check, expected) => {
    expect(fieldsReadByCheck(check, fields)).toEqual(expected);
  });

  test.each([
    "Object.keys(row).length > 0",
    "row[someKey] === 1",
    "JSON.stringify(row) !== ''",
    "row.missing === 1",
    "({ ...row }).epoch === 1n",
  ])("%s could read any field: null", (check) => {
    expect(fieldsReadByCheck(check, fields)).toBeNull();
  });
});

test("the generated descriptor lists them per check", () => {
  expect(TrainingLogV1SchemaVersion.checks.map((check) => check.fields)).toEqual([["train_loss", "test_loss"]]);
});
