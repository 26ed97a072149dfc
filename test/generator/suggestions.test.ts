/** Declaration errors that suggest the fix: the close name, the versions that exist, the constraint broken. */
import { expect, test } from "vitest";
import { closestNames, didYouMean } from "../../runtime/did-you-mean.js";
import { FOREIGN_GENERICS, FOREIGN_NAMES, JULIA_CONTAINERS, JULIA_NAMES } from "../../generator/parse/foreign-types.js";
import { PLAIN_TYPES } from "../../generator/parse/plain-types.js";
import { declarationErrors, declarationErrorsWithShipped, generateFromYaml } from "./helpers.js";

const KNOWN_TYPES =
  "known types: bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float32, float64, string, binary, uuid, date, datetime, time, Weights, any, float16, int128, uint128, symbol, char, version, SchemaVersion, integer, real, number, period, timestamp, duration, list<T>, vector<T>, ntuple<T, N>, set<T>, tuple<A, B, ...>, map<K, V>, union<A, B, ...>, struct, <schema>@<version>";

const oneField = (type: string) => ({
  "a.yaml": `schema: a\nprefix: A\nversions:\n  1:\n    fields:\n      x: ${type}\n`,
});

test.each([
  ["datetme", " (did you mean datetime?)"],
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

test.each([
  ["sensor.location", "sensor.location@1"],
  ["legolas-flux.model", "legolas-flux.model@1"],
  ["list<sensor.location>", "sensor.location@1"],
])("a record type written without its version says to name one: %s", (type, written) => {
  const name = written.slice(0, -2);
  expect(declarationErrors(oneField(type))).toEqual([
    `schemas/a.yaml:6:10: field "x": unknown type "${name}" (a nested record names a version of its schema: write ${written}, or the version you mean); ${KNOWN_TYPES} [unknown-type]`,
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
  // A datetime is Julia's DateTime, which has no zone: a zoned instant is a timestamp, in that zone.
  [
    '"datetime<Europe/Paris>"',
    `"datetime" takes no type arguments (a datetime has no zone, as Julia's DateTime; for a ZonedDateTime write timestamp<ms, Europe/Paris>); only list, vector, ntuple, set, tuple, map, union, timestamp and duration do`,
  ],
  [
    '"datetime<ms, UTC>"',
    `"datetime" takes no type arguments (a datetime has no zone, as Julia's DateTime; for a ZonedDateTime write timestamp<ms, UTC>); only list, vector, ntuple, set, tuple, map, union, timestamp and duration do`,
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
    'unknown type "string?[]" (list elements cannot be missing: write list<string>, or list<string>? for a list that may be missing; vector<any> reads lists whose elements may be missing)',
  ],
  [
    '"Array<int64 | string | null>"',
    `unknown type "Array" (list elements cannot be missing: write list<union<int64, string>>, or list<union<int64, string>>? for a list that may be missing; vector<any> reads lists whose elements may be missing); ${GENERIC_TYPES}`,
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
    'unknown type "Optional<int32>[]" (list elements cannot be missing: write list<int32>, or list<int32>? for a list that may be missing; vector<any> reads lists whose elements may be missing)',
  ],
  ['"Optional<int32 | null>"', `unknown type "Optional" (write int32?); ${GENERIC_TYPES}`],
  // Text no type is made of is quoted, never repeated in a hint.
  ['"string\\e[31m | null"', `unknown type "string\\u001b[31m | null"; ${KNOWN_TYPES}`],
])("a type in another language's syntax says what to write: %s", (type, message) => {
  expect(declarationErrors(oneField(type))).toEqual([`schemas/a.yaml:6:10: field "x": ${message} [unknown-type]`]);
});

// A Legolas.jl @version's field types, as a Julia user writes them (docs/julia.md's table).
test.each([
  ["Int", 'unknown type "Int" (write int64)', true],
  ["Float64", 'unknown type "Float64" (write float64)', true],
  ["String", 'unknown type "String" (write string)', true],
  ["Bool", 'unknown type "Bool" (write bool)', true],
  ["UUID", 'unknown type "UUID" (write uuid)', true],
  ["DateTime", 'unknown type "DateTime" (write datetime)', true],
  ["Dates.DateTime", 'unknown type "Dates.DateTime" (write datetime)', true],
  ["Dates.Date", 'unknown type "Dates.Date" (write date)', true],
  ["Any", 'unknown type "Any" (write any)', true],
  ["Legolas.SchemaVersion", 'unknown type "Legolas.SchemaVersion" (write SchemaVersion)', true],
  ["ZonedDateTime", 'unknown type "ZonedDateTime" (write timestamp<ms, UTC>)', true],
  ["Nanosecond", 'unknown type "Nanosecond" (write duration)', true],
  ["Millisecond", 'unknown type "Millisecond" (write duration<ms>)', true],
  ["Dates.Period", 'unknown type "Dates.Period" (write period)', true],
  [
    "Missing",
    'unknown type "Missing" (a field always missing: write any, with a row check that its value is null)',
    true,
  ],
  [
    "DigitsModelV1",
    'unknown type "DigitsModelV1" (a row type is a record here, its schema\'s name and version: write digits-model@1 (the schema whose prefix is DigitsModel))',
    true,
  ],
  [
    "Vector{DigitsModelV1}",
    'unknown type "Vector{DigitsModelV1}" (write list<digits-model@1>; a row type is a record here, its schema\'s name and version: DigitsModelV1 is digits-model@1 (the schema whose prefix is DigitsModel))',
    false,
  ],
  ["Vector{UInt8}", 'unknown type "Vector{UInt8}" (write list<uint8>)', false],
  ["AbstractVector{Int64}", 'unknown type "AbstractVector{Int64}" (write vector<int64>)', false],
  ["Dict{String, Float64}", 'unknown type "Dict{String, Float64}" (write map<string, float64>)', false],
  ["NTuple{3, Float32}", 'unknown type "NTuple{3, Float32}" (write ntuple<float32, 3>)', false],
  ["Tuple{Int64, String}", 'unknown type "Tuple{Int64, String}" (write tuple<int64, string>)', false],
  // Tuple{Int64, Int64} is NTuple{2, Int64} in Julia.
  ["Tuple{Int64, Int64}", 'unknown type "Tuple{Int64, Int64}" (write ntuple<int64, 2>)', false],
  ["Union{Int64, String}", 'unknown type "Union{Int64, String}" (write union<int64, string>)', false],
  [
    "Union{Missing, String}",
    'unknown type "Union{Missing, String}" (an optional type ends in "?": write string?)',
    false,
  ],
  ["Union{Nothing, Int64}", 'unknown type "Union{Nothing, Int64}" (an optional type ends in "?": write int64?)', false],
  [
    "Union{Missing, Vector{Float32}}",
    'unknown type "Union{Missing, Vector{Float32}}" (an optional type ends in "?": write list<float32>?)',
    false,
  ],
  [
    "Union{Missing, Int64, String}",
    'unknown type "Union{Missing, Int64, String}" (an optional type ends in "?": write union<int64, string>?)',
    false,
  ],
  [
    "Vector{Union{Missing, Int64}}",
    'unknown type "Vector{Union{Missing, Int64}}" (list elements cannot be missing: write list<int64>, or list<int64>? for a list that may be missing; vector<any> reads lists whose elements may be missing)',
    false,
  ],
  [
    "Dict{String, Union{Missing, Float64}}",
    'unknown type "Dict{String, Union{Missing, Float64}}" (the parts of a container cannot be missing: write map<string, float64>, and make the container itself optional with "?")',
    false,
  ],
  [
    "list<Union{Missing, Int64}>",
    'unknown type "Union{Missing, Int64}" (the parts of a container cannot be missing: write int64, and make the container itself optional with "?")',
    false,
  ],
  // Julia's type has no form here: say so, and what holds its values.
  [
    "Set{Float64}",
    'unknown type "Set{Float64}" (set<float64> would be Julia\'s type, but a set element must be one of bool, an integer type, string, symbol, char, uuid, timestamp, duration or time: write any, with a row check of its values)',
    false,
  ],
  ["Set{Symbol}", 'unknown type "Set{Symbol}" (write set<symbol>)', false],
  ["Dict{Char, Int64}", 'unknown type "Dict{Char, Int64}" (write map<char, int64>)', false],
  // A member always missing is the union's "?".
  ["union<int32, null>", 'unknown type "union<int32, null>" (an optional type ends in "?": write int32?)', false],
  [
    "union<int32, string, Missing>",
    'unknown type "union<int32, string, Missing>" (an optional type ends in "?": write union<int32, string>?)',
    false,
  ],
  [
    "list<union<int32, null>>",
    'unknown type "union<int32, null>" (the parts of a container cannot be missing: write int32, and make the container itself optional with "?")',
    false,
  ],
  // A capitalised name Julia's table has not, and a lower-case one, are left to "did you mean".
  ["Frobnicator", 'unknown type "Frobnicator"', true],
  ["Foo{Int64}", 'unknown type "Foo{Int64}"', true],
])("a type written as Julia writes it says what to write: %s", (type, message, listsKnown) => {
  expect(declarationErrors(oneField(JSON.stringify(type)))).toEqual([
    `schemas/a.yaml:6:10: field "x": ${message}${listsKnown ? `; ${KNOWN_TYPES}` : ""} [unknown-type]`,
  ]);
});

/** The types a hint says to write (after `write ` or `type: `), each whole with its `<...>`. */
function typesNamed(hint: string): string[] {
  const types: string[] = [];
  for (const match of hint.matchAll(/\b(?:write|type:) /g)) {
    let end = match.index + match[0].length;
    for (let depth = 0; end < hint.length && (depth > 0 || !/[\s,;)]/.test(hint[end]!)); end++)
      depth += hint[end] === "<" ? 1 : hint[end] === ">" ? -1 : 0;
    types.push(hint.slice(match.index + match[0].length, end));
  }
  return types;
}

/** The hint an unknown type's message gives, in its first parenthesis. */
function hintOf(type: string): string | null {
  const [message] = declarationErrors(oneField(JSON.stringify(type)));
  return /unknown type "(?:[^"\\]|\\.)*" \((.*)\)(?:;| \[)/.exec(message!)?.[1] ?? null;
}

test("every hint names types that generate, Julia can read, for every name the hint tables know", () => {
  const written = [
    ...Object.keys(FOREIGN_NAMES),
    ...Object.keys(JULIA_NAMES),
    // Julia's names of plain types: Float64, UUID, DateTime, and their modules' forms.
    ...Object.keys(PLAIN_TYPES).flatMap((name) => [name[0]!.toUpperCase() + name.slice(1), name.toUpperCase()]),
    ...Object.keys(JULIA_NAMES).map((name) => `Dates.${name}`),
    ...Object.keys(FOREIGN_GENERICS).flatMap((name) => [`${name}<float32>`, `${name}<string, float32>`]),
    ...Object.keys(JULIA_CONTAINERS).flatMap((name) =>
      ["Int64", "String, Float64", "3, Float32", "Union{Missing, Int64}"].map((parts) => `${name}{${parts}}`),
    ),
    "Missing",
    "DigitsModelV1",
    "Vector{DigitsModelV1}",
  ];
  const named = new Set<string>();
  for (const type of written) {
    if (Object.hasOwn(PLAIN_TYPES, type)) continue;
    for (const suggested of typesNamed(hintOf(type) ?? "")) named.add(suggested);
  }
  expect(named.size).toBeGreaterThan(30);
  const record = "schema: digits-model\nprefix: DigitsModel\nversions:\n  1:\n    fields:\n      n: int64\n";
  for (const type of named) {
    const field = type.startsWith("struct")
      ? `\n        type: ${type}\n        fields:\n          a: int32`
      : JSON.stringify(type);
    // generate throws the declaration errors, julia-unreadable among them.
    expect(() => generateFromYaml({ ...oneField(field), "digits-model.yaml": record }), type).not.toThrow();
  }
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
  ["type: int32\n        min: 0\n        default: -1", "default -1 breaks the field's own constraint min: 0"],
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
