/** Declaration errors that suggest the fix: the close name, the versions that exist, the constraint broken. */
import { expect, test } from "vitest";
import { closestNames, didYouMean } from "../../runtime/did-you-mean.js";
import { declarationErrors, declarationErrorsWithShipped } from "./helpers.js";

const KNOWN_TYPES =
  "known types: bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float32, float64, string, binary, uuid, date, datetime, time, Weights, any, float16, int128, uint128, symbol, char, version, SchemaVersion, integer, real, number, period, timestamp, duration, list<T>, vector<T>, ntuple<T, N>, set<T>, tuple<A, B, ...>, map<K, V>, union<A, B, ...>, struct, <schema>@<version>";

const oneField = (type: string) => ({
  "a.yaml": `schema: a\nprefix: A\nversions:\n  1:\n    fields:\n      x: ${type}\n`,
});

test.each([
  ["DateTime", " (did you mean datetime?)"],
  ["weights", " (did you mean Weights?)"],
  ["int65", " (did you mean int64?)"],
  ["float", " (did you mean float32, float64 or float16?)"],
  ["str", " (did you mean string or struct?)"],
  ["matrix", ""],
])("an unknown type %s: %s", (type, suggestion) => {
  expect(declarationErrors(oneField(type))).toEqual([
    `schemas/a.yaml:6:10: field "x": unknown type "${type}"${suggestion}; ${KNOWN_TYPES} [unknown-type]`,
  ]);
});

const RUN = "schema: run\nprefix: Run\nversions:\n  1:\n    fields:\n      a: bool\n  2:\n    fields:\n      a: bool\n";

test("an unknown version of a declared schema lists the versions it has, as a parent and as a record type", () => {
  const child =
    "schema: child\nprefix: Child\nversions:\n  1:\n    extends: run@7\n  2:\n    fields:\n      r: run@3\n";
  expect(declarationErrors({ "run.yaml": RUN, "child.yaml": child })).toEqual([
    'schemas/child.yaml:5:14: parent "run@7" is not declared: run has versions 1, 2 [unknown-parent]',
    'schemas/child.yaml:8:10: field "r": record type "run@3" is not declared: run has versions 1, 2 [unknown-type]',
  ]);
});

test("a misspelt schema name suggests the close one, with the version asked for when it exists", () => {
  const child = "schema: child\nprefix: Child\nversions:\n  1:\n    extends: legolas-flux.modle@1\n";
  expect(declarationErrorsWithShipped({ "child.yaml": child })).toEqual([
    'schemas/child.yaml:5:14: parent "legolas-flux.modle@1" is not declared in any schema file (did you mean legolas-flux.model@1?) [unknown-parent]',
  ]);
  // A one-letter name is no misspelling of another one-letter name.
  const other = "schema: child\nprefix: Child\nversions:\n  1:\n    extends: b@1\n";
  expect(declarationErrors({ "child.yaml": other, "a.yaml": oneField("bool")["a.yaml"] })).toEqual([
    'schemas/child.yaml:5:14: parent "b@1" is not declared in any schema file [unknown-parent]',
  ]);
});

test.each([
  ["type: int32\n        min: 0\n        default: -1", 'default "-1" breaks the field\'s own constraint min: 0'],
  [
    'type: string\n        pattern: "^a+$"\n        default: b',
    'default "b" breaks the field\'s own constraint pattern: "^a+$"',
  ],
  [
    "type: string\n        values: [train, test]\n        default: eval",
    'default "eval" breaks the field\'s own constraint values: ["train", "test"]',
  ],
  [
    "type: string\n        max_length: 2\n        default: abc",
    'default "abc" breaks the field\'s own constraint max_length: 2',
  ],
])("a default that breaks a constraint names it: %s", (field, message) => {
  const yaml = `schema: a\nprefix: A\nversions:\n  1:\n    fields:\n      x:\n        ${field}\n`;
  expect(declarationErrors({ "a.yaml": yaml })).toEqual([
    expect.stringMatching(
      new RegExp(
        `^schemas/a\\.yaml:\\d+:\\d+: field "x": ${message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\[default-type\\]$`,
      ),
    ),
  ]);
});

test("closestNames: case first, then the start of names, then one edit per five letters", () => {
  expect(closestNames("DATETIME", ["date", "datetime"])).toEqual(["datetime"]);
  expect(closestNames("uint46", ["uint64", "int64"])).toEqual(["uint64"]); // a swap is one edit
  expect(closestNames("ab", ["a", "abc"])).toEqual([]);
  expect(closestNames("example.gone", ["example.base", "example.run"])).toEqual([]);
  expect(closestNames("flaot64", ["float32", "float64"])).toEqual(["float64"]);
  expect(closestNames("x".repeat(100), ["x"])).toEqual([]);
  expect(didYouMean("int", ["int8", "int16", "int32", "int64", "uint8"])).toBe(
    " (did you mean int8, int16, int32 or int64?)",
  );
});
