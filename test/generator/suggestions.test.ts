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

test.each([
  ["enum", " (an enumeration is a type with values: in the long form, as type: string and values: [a, b])"],
  ["boolean", " (write bool)"],
  ["double", " (write float64)"],
  ["bigint", " (write int64)"],
  ["Date", " (write datetime for a JavaScript Date (day and time, UTC), date for a day)"],
  ["object", " (write struct with its fields: in the long form, or map<K, V>)"],
])("a type named as another language names it says what to write: %s", (type, hint) => {
  expect(declarationErrors(oneField(type))).toEqual([
    `schemas/a.yaml:6:10: field "x": unknown type "${type}"${hint}; ${KNOWN_TYPES} [unknown-type]`,
  ]);
});

const GENERIC_TYPES =
  "the types that take arguments in <...> are list, vector, ntuple, set, tuple, map, union, timestamp and duration";

test.each([
  ['"string[]"', 'unknown type "string[]" (write list<string>)'],
  ['"list<int32>[]"', 'unknown type "list<int32>[]" (write list<list<int32>>)'],
  ['"string | null"', 'unknown type "string | null" (an optional type ends in "?": write string?)'],
  [
    '"int64 | string | undefined"',
    'unknown type "int64 | string | undefined" (an optional type ends in "?": write union<int64, string>?)',
  ],
  ['"Array<float32>"', `unknown type "Array" (write list<float32>); ${GENERIC_TYPES}`],
  ['"Record<string, int32>"', `unknown type "Record" (write map<string, int32>); ${GENERIC_TYPES}`],
  ['"optional<uuid>"', `unknown type "optional" (write uuid?); ${GENERIC_TYPES}`],
  [
    '"struct<a: int32>"',
    `"struct" takes no type arguments (a struct's fields go under fields: in the long form); only list, vector, ntuple, set, tuple, map, union, timestamp and duration do`,
  ],
  ['"int64 | int64 | null"', 'unknown type "int64 | int64 | null" (an optional type ends in "?": write int64?)'],
  ['"string | bool |"', 'unknown type "string | bool |" (write union<string, bool>)'],
  ['"string |"', 'unknown type "string |" (write string)'],
  // A value always missing is no type here: no hint, rather than an empty union.
  ['"null | undefined"', `unknown type "null | undefined"; ${KNOWN_TYPES}`],
  // A part of a container cannot be missing: the hint never offers what the next run refuses.
  [
    '"map<string, float64 | null>"',
    'unknown type "float64 | null" (the parts of a container cannot be missing: write float64, and make the container itself optional with "?")',
  ],
  [
    '"list<int32 | null>"',
    'unknown type "int32 | null" (the parts of a container cannot be missing: write int32, and make the container itself optional with "?")',
  ],
  [
    '"string?[]"',
    'unknown type "string?[]" (list elements cannot be missing: write list<string>, or list<string>? for a list that may be missing)',
  ],
  [
    '"Array<int64 | string | null>"',
    `unknown type "Array" (list elements cannot be missing: write list<union<int64, string>>, or list<union<int64, string>>? for a list that may be missing); ${GENERIC_TYPES}`,
  ],
  // Optional<T> as a part of a container is no T? either, nor a list of it a list<Optional<T>>.
  [
    '"list<Optional<int32>>"',
    `unknown type "Optional" (the parts of a container cannot be missing: write int32, and make the container itself optional with "?"); ${GENERIC_TYPES}`,
  ],
  [
    '"map<string, Option<float64>>"',
    `unknown type "Option" (the parts of a container cannot be missing: write float64, and make the container itself optional with "?"); ${GENERIC_TYPES}`,
  ],
  [
    '"Optional<int32>[]"',
    'unknown type "Optional<int32>[]" (list elements cannot be missing: write list<int32>, or list<int32>? for a list that may be missing)',
  ],
  ['"Optional<int32 | null>"', `unknown type "Optional" (write int32?); ${GENERIC_TYPES}`],
  // Text no type is made of is quoted, never repeated in a hint.
  ['"string\\e[31m | null"', `unknown type "string\\u001b[31m | null"; ${KNOWN_TYPES}`],
])("a type in another language's syntax says what to write: %s", (type, message) => {
  expect(declarationErrors(oneField(type))).toEqual([`schemas/a.yaml:6:10: field "x": ${message} [unknown-type]`]);
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
