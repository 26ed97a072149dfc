/**
 * One test per declaration rule: the exact message, at the exact `file:line:col`. The CLI tests
 * (test/cli/generate.test.ts) show that an error writes nothing.
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test, vi } from "vitest";
import { main } from "../../generator/cli/main.js";
import { generate } from "../../generator/generate.js";
import { declarationErrors, declarationErrorsWithShipped, generateFromYaml } from "./helpers.js";

const base = `schema: base
prefix: Base
versions:
  1:
    fields:
      a: int64?
      b:
        type: string
        pattern: "^x"
      c:
        type: int32?
        min: 0
        max: 10
`;

function schema(name: string, prefix: string, versions: string): string {
  return `schema: ${name}\nprefix: ${prefix}\nversions:\n${versions}`;
}

const cases: [rule: string, files: Record<string, string>, expected: string][] = [
  ["yaml syntax", { "a.yaml": "schema: a\nprefix: [A\n" }, "schemas/a.yaml:2:9: invalid YAML: "],
  [
    "a regular expression's backslash in double quotes, which YAML reads as an escape",
    { "a.yaml": schema("a", "A", '  1:\n    fields:\n      x:\n        type: string\n        pattern: "^\\d+$"\n') },
    `schemas/a.yaml:8:20: invalid YAML: invalid escape sequence \\d; in double quotes a backslash starts an escape, so write two for one (pattern: "^\\\\d+$"), or use single quotes (pattern: '^\\d+$') [yaml-syntax]`,
  ],
  [
    "duplicate keys (a field or version declared twice)",
    { "a.yaml": schema("a", "A", "  1:\n    fields:\n      x: int8\n      x: int16\n") },
    'schemas/a.yaml:7:7: invalid YAML: map keys must be unique; "x" is repeated [duplicate-key]',
  ],
  [
    "a field name with a character that shows as nothing (a zero width space), escaped so the name does not look valid",
    { "a.yaml": schema("a", "A", "  1:\n    fields:\n      a\u200b: int32\n") },
    'schemas/a.yaml:6:7: field name "a\\u200B" must be a Julia identifier (letters, digits, "_", "!", primes; no "$" or "-") [field-name]',
  ],
  [
    "schema name",
    { "A_b.yaml": schema("A_b", "Ab", "  1:\n") },
    'schemas/A_b.yaml:1:9: schema name "A_b" may only contain lower-case letters, digits, "." and "-" [schema-name]',
  ],
  [
    "schema name, in a file that starts with a byte order mark (as Windows editors save UTF-8), at the column an editor shows",
    { "A_b.yaml": `\uFEFF${schema("A_b", "Ab", "  1:\n")}` },
    'schemas/A_b.yaml:1:9: schema name "A_b" may only contain lower-case letters, digits, "." and "-" [schema-name]',
  ],
  [
    "a schema name that would be the index module",
    { "index.yaml": schema("index", "Idx", "  1:\n") },
    'schemas/index.yaml:1:9: schema name "index" cannot name a generated file: index.ts would be the folder\'s index.ts, which re-exports every schema; pick another name [schema-name]',
  ],
  [
    "a schema name that would be a declaration file",
    { "my.d.yaml": schema("my.d", "MyD", "  1:\n") },
    'schemas/my.d.yaml:1:9: schema name "my.d" cannot name a generated file: my.d.ts would be a TypeScript declaration file; pick another name [schema-name]',
  ],
  [
    "file name",
    { "other.yaml": schema("a", "A", "  1:\n") },
    'schemas/other.yaml:1:9: schema "a" must live in a file named "a.yaml" [file-name]',
  ],
  [
    "prefix",
    { "a.yaml": schema("a", "lower", "  1:\n") },
    'schemas/a.yaml:2:9: prefix "lower" must be a PascalCase TypeScript name (A-Z, then letters and digits) [prefix]',
  ],
  [
    "version number",
    { "a.yaml": schema("a", "A", "  -1:\n") },
    'schemas/a.yaml:4:3: version "-1" must be a non-negative integer in decimal digits, such as 1 [version-number]',
  ],
  [
    "version number that is not an integer",
    { "a.yaml": schema("a", "A", "  v1:\n") },
    'schemas/a.yaml:4:3: version "v1" must be a non-negative integer in decimal digits, such as 1 [version-number]',
  ],
  [
    "a version tagged !!str, which makes it text",
    { "a.yaml": schema("a", "A", "  !!str 1:\n") },
    'schemas/a.yaml:4:9: version "1" is tagged !!str, which makes it text; a version is a number: write 1: without the tag [version-number]',
  ],
  [
    "a version tagged !!int but quoted",
    { "a.yaml": schema("a", "A", '  !!int "1":\n') },
    'schemas/a.yaml:4:9: version "1" is tagged !!int and quoted; a version is a plain number: write 1: without the tag and quotes [version-number]',
  ],
  [
    "a %YAML 1.1 directive, which would change what the file says",
    { "a.yaml": `# header\n%YAML 1.1\n---\n${schema("a", "A", "  1:\n    fields:\n      n: int64\n")}` },
    "schemas/a.yaml:2:1: invalid YAML: schema files are YAML 1.2, and %YAML 1.1 would read y, n, yes, no, on and off as true or false, 010 as 8 and << as a merge; remove the directive [yaml-version]",
  ],
  [
    "a tag the reader cannot resolve, whose value would be text",
    { "a.yaml": schema("a", "A", "  1:\n    fields:\n      x:\n        type: float64\n        default: !!float 3\n") },
    "schemas/a.yaml:8:18: invalid YAML: the tag !!float cannot be read here, and the value would be text; write the value without it [yaml-tag]",
  ],
  [
    "a version beyond what a JavaScript number holds exactly",
    { "a.yaml": schema("a", "A", "  9007199254740993:\n") },
    'schemas/a.yaml:4:3: version "9007199254740993" is larger than 9007199254740991, the largest a JavaScript number holds exactly [version-number]',
  ],
  [
    "unknown key",
    { "a.yaml": schema("a", "A", "  1:\n    field:\n      x: int8\n") },
    'schemas/a.yaml:5:5: version 1: unknown key "field" (did you mean fields?); allowed: extends, fields, checks, doc [unknown-key]',
  ],
  [
    "a misspelt key",
    { "a.yaml": schema("a", "A", "  1:\n    fields:\n      x:\n        type: int8?\n        defualt: 1\n") },
    'schemas/a.yaml:8:9: field "x": unknown key "defualt" (did you mean default?); allowed: type, doc, default, value, input, fields, min, max, pattern, values, length, min_length, max_length [unknown-key]',
  ],
  [
    "a field written straight under its version, fields: left out",
    { "a.yaml": schema("a", "A", "  1:\n    run_id: string\n") },
    'schemas/a.yaml:5:5: version 1: unknown key "run_id"; it reads as a field, and a version\'s fields go under fields: (write fields: on its own line, then run_id: indented below it); allowed: extends, fields, checks, doc [unknown-key]',
  ],
  [
    "a field in the long form straight under its version",
    { "a.yaml": schema("a", "A", "  1:\n    epochs:\n      type: int64?\n      default: 1\n") },
    'schemas/a.yaml:5:5: version 1: unknown key "epochs"; it reads as a field, and a version\'s fields go under fields: (write fields: on its own line, then epochs: indented below it); allowed: extends, fields, checks, doc [unknown-key]',
  ],
  [
    "a misspelt version key whose value is a type's name too: the misspelling is said",
    { "a.yaml": schema("a", "A", "  1:\n    extend: base@1\n") },
    'schemas/a.yaml:5:5: version 1: unknown key "extend" (did you mean extends?); allowed: extends, fields, checks, doc [unknown-key]',
  ],
  [
    "a key close to none allowed",
    { "a.yaml": schema("a", "A", "  1:\n    owner: me\n") },
    'schemas/a.yaml:5:5: version 1: unknown key "owner"; allowed: extends, fields, checks, doc [unknown-key]',
  ],
  [
    "a field's optional: key, as other schema languages write it",
    { "a.yaml": schema("a", "A", "  1:\n    fields:\n      x:\n        type: int8\n        optional: true\n") },
    'schemas/a.yaml:8:9: field "x": unknown key "optional"; a field is optional when its type ends in "?" (type: string?); allowed: type, doc, default, value, input, fields, min, max, pattern, values, length, min_length, max_length [unknown-key]',
  ],
  [
    "a field's maximum: key, as JSON Schema writes it",
    { "a.yaml": schema("a", "A", "  1:\n    fields:\n      x:\n        type: float32\n        maximum: 1\n") },
    'schemas/a.yaml:8:9: field "x": unknown key "maximum"; write an upper bound as max: (max: 1, inclusive); allowed: type, doc, default, value, input, fields, min, max, pattern, values, length, min_length, max_length [unknown-key]',
  ],
  [
    "a field's maxItems: key, as JSON Schema writes it",
    { "a.yaml": schema("a", "A", "  1:\n    fields:\n      x:\n        type: list<string>\n        maxItems: 5\n") },
    'schemas/a.yaml:8:9: field "x": unknown key "maxItems"; write a list\'s greatest length as max_length: (max_length: 10); allowed: type, doc, default, value, input, fields, min, max, pattern, values, length, min_length, max_length [unknown-key]',
  ],
  [
    "a field's description: key, as JSON Schema writes it",
    {
      "a.yaml": schema("a", "A", "  1:\n    fields:\n      x:\n        type: string\n        description: the name\n"),
    },
    'schemas/a.yaml:8:9: field "x": unknown key "description"; write a field\'s text as doc: (doc: what the field holds); allowed: type, doc, default, value, input, fields, min, max, pattern, values, length, min_length, max_length [unknown-key]',
  ],
  [
    "unknown parent",
    { "a.yaml": schema("a", "A", "  1:\n    extends: nowhere@1\n") },
    'schemas/a.yaml:5:14: parent "nowhere@1" is not declared in any schema file [unknown-parent]',
  ],
  [
    "malformed parent",
    { "a.yaml": schema("a", "A", "  1:\n    extends: Nowhere\n") },
    'schemas/a.yaml:5:14: extends "Nowhere": "Nowhere" has no "@version"; write it as name@version [parent-identifier]',
  ],
  [
    "a parent named without its version, of a schema declared",
    { "a.yaml": schema("a", "A", "  1:\n    extends: b\n"), "b.yaml": schema("b", "B", "  1:\n  2:\n") },
    'schemas/a.yaml:5:14: extends "b": "b" has no "@version"; write it as name@version, such as "b@2" [parent-identifier]',
  ],
  [
    "extending its own schema",
    { "a.yaml": schema("a", "A", "  1:\n  2:\n    extends: a@1\n") },
    "schemas/a.yaml:6:14: a@2 cannot extend another version of its own schema (a@1); declare the fields again instead [extends-own-schema]",
  ],
  [
    "cycles",
    { "a.yaml": schema("a", "A", "  1:\n    extends: b@1\n"), "b.yaml": schema("b", "B", "  1:\n    extends: a@1\n") },
    "schemas/b.yaml:5:14: a@1 depends on itself: a@1 -> b@1 -> a@1 [cycle]",
  ],
  [
    "a record that contains itself",
    { "a.yaml": schema("a", "A", "  1:\n    fields:\n      me: a@1?\n") },
    "schemas/a.yaml:6:11: a@1 depends on itself: a@1 -> a@1 [cycle]",
  ],
  [
    "field names starting with _",
    { "a.yaml": schema("a", "A", "  1:\n    fields:\n      _x: int8\n") },
    'schemas/a.yaml:6:7: field name "_x" must not start with "_" (Legolas reserves those) [field-name]',
  ],
  [
    "field names that are not identifiers",
    { "a.yaml": schema("a", "A", "  1:\n    fields:\n      a-b: int8\n") },
    'schemas/a.yaml:6:7: field name "a-b" must be a Julia identifier (letters, digits, "_", "!", primes; no "$" or "-") [field-name]',
  ],
  [
    "field names that are Julia keywords",
    { "a.yaml": schema("a", "A", "  1:\n    fields:\n      end: int8\n") },
    'schemas/a.yaml:6:7: field name "end" is a Julia keyword [field-name]',
  ],
  [
    "field names not in Unicode NFC",
    { "a.yaml": schema("a", "A", '  1:\n    fields:\n      "e\u0301": int8\n') },
    'schemas/a.yaml:6:7: field name "e\u0301" must be in Unicode NFC, as Julia reads it: write "\u00e9" [field-name]',
  ],
  [
    "unknown type",
    { "a.yaml": schema("a", "A", "  1:\n    fields:\n      x: int\n") },
    'schemas/a.yaml:6:10: field "x": unknown type "int" (did you mean int8, int16, int32 or int64?); known types: bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float32, float64, string, binary, uuid, date, datetime, time, Weights, any, float16, int128, uint128, symbol, char, version, SchemaVersion, integer, real, number, period, timestamp, duration, list<T>, vector<T>, ntuple<T, N>, set<T>, tuple<A, B, ...>, map<K, V>, union<A, B, ...>, struct, <schema>@<version> [unknown-type]',
  ],
  [
    "an unknown type written with arguments, as other languages name a list",
    { "a.yaml": schema("a", "A", "  1:\n    fields:\n      x: List<float32>\n") },
    'schemas/a.yaml:6:10: field "x": unknown type "List" (did you mean list?); the types that take arguments in <...> are list, vector, ntuple, set, tuple, map, union, timestamp and duration [unknown-type]',
  ],
  [
    "a known type written with arguments",
    { "a.yaml": schema("a", "A", "  1:\n    fields:\n      x: int64<ms>\n") },
    'schemas/a.yaml:6:10: field "x": "int64" takes no type arguments; only list, vector, ntuple, set, tuple, map, union, timestamp and duration do [unknown-type]',
  ],
  [
    "a pattern written as a JavaScript regular expression, which matches no string",
    {
      "a.yaml": schema(
        "a",
        "A",
        "  1:\n    fields:\n      x:\n        type: string\n        pattern: /^run-[0-9]+$/i\n",
      ),
    },
    'schemas/a.yaml:8:18: field "x": pattern "/^run-[0-9]+$/i" matches no string, so no value passes; write it without the slashes of a JavaScript regular expression: pattern: "^run-[0-9]+$" (a pattern takes no flags: it runs with the u flag) [constraint-type]',
  ],
  [
    "a pattern that matches no string",
    { "a.yaml": schema("a", "A", "  1:\n    fields:\n      x:\n        type: string\n        pattern: a^\n") },
    'schemas/a.yaml:8:18: field "x": pattern "a^" matches no string, so no value passes [constraint-type]',
  ],
  [
    "unknown record type",
    { "a.yaml": schema("a", "A", "  1:\n    fields:\n      x: b@1\n") },
    'schemas/a.yaml:6:10: field "x": record type "b@1" is not declared in any schema file [unknown-type]',
  ],
  [
    "bad time unit",
    { "a.yaml": schema("a", "A", "  1:\n    fields:\n      x: timestamp<days>\n") },
    'schemas/a.yaml:6:10: field "x": time unit "days" is not one of s, ms, us, ns [unknown-type]',
  ],
  [
    "a time zone Julia's TimeZones.jl refuses as legacy (Arrow.jl reads each value with TimeZone(zone))",
    { "a.yaml": schema("a", "A", "  1:\n    fields:\n      x: list<timestamp<ms, US/Pacific>>\n") },
    'schemas/a.yaml:6:10: field "x": time zone "US/Pacific" is a legacy name (tzdata\'s backward or etcetera file), which Julia\'s TimeZones.jl refuses; write America/Los_Angeles, the same zone [julia-unreadable]',
  ],
  [
    "a time zone Julia's TimeZones.jl does not know",
    { "a.yaml": schema("a", "A", "  1:\n    fields:\n      x: timestamp<ms, Europe/Pari>\n") },
    'schemas/a.yaml:6:10: field "x": time zone "Europe/Pari" is no time zone Julia\'s TimeZones.jl knows (tzdata 2025b) (did you mean Europe/Paris?); write an IANA zone name such as Europe/Paris or an offset such as +01:00 [julia-unreadable]',
  ],
  [
    "a type no file Julia reads has (Julia's containers are invariant; Arrow.jl reads concrete types)",
    { "a.yaml": schema("a", "A", "  1:\n    fields:\n      x: map<string, real>\n") },
    'schemas/a.yaml:6:10: field "x": type map<string, real> is no type Julia reads: Arrow.jl reads real as Float64, and Dict is invariant (Dict{String, Float64} is no Dict{String, Real}), so Legolas.read refuses every file of it, Julia\'s own included; write map<string, float64> [julia-unreadable]',
  ],
  [
    "a struct child named as an Object.prototype member (a leading _ is allowed there, as in a NamedTuple)",
    {
      "a.yaml": schema(
        "a",
        "A",
        "  1:\n    fields:\n      s:\n        type: struct\n        fields:\n          _id: int64\n          __proto__: int64\n",
      ),
    },
    'schemas/a.yaml:10:11: field name "__proto__" is a member of every JavaScript object (Object.prototype), which a struct value cannot hold as data [field-name]',
  ],
  [
    "a version's field starting with _, which Legolas.jl reserves (a struct child may)",
    { "a.yaml": schema("a", "A", "  1:\n    fields:\n      _id: int64\n") },
    'schemas/a.yaml:6:7: field name "_id" must not start with "_" (Legolas reserves those) [field-name]',
  ],
  [
    "struct without fields",
    { "a.yaml": schema("a", "A", "  1:\n    fields:\n      x: struct\n") },
    'schemas/a.yaml:6:10: field "x" is a struct: give its "fields:" [struct-fields]',
  ],
  [
    "narrowing: another type",
    { "base.yaml": base, "a.yaml": schema("a", "A", "  1:\n    extends: base@1\n    fields:\n      a: int32?\n") },
    "schemas/a.yaml:7:10: field \"a\" re-declares base@1's int64 as int32; a re-declared field keeps its type or narrows it as Julia's subtyping does (any to any type; integer, real, number, period to a subtype or a union of subtypes; a union to a member; vector<T> to list<T>; vector<any> to any vector<T> or list<T>; a tuple part by part) [narrowing]",
  ],
  [
    "narrowing: an abstract type widened",
    {
      "base.yaml": schema("base", "Base", "  1:\n    fields:\n      a: float64\n"),
      "a.yaml": schema("a", "A", "  1:\n    extends: base@1\n    fields:\n      a: real\n"),
    },
    'schemas/a.yaml:7:10: field "a" re-declares base@1\'s float64 as real; real is wider than float64; a re-declared field may only narrow its type [narrowing]',
  ],
  [
    "narrowing: to a type that is no subtype",
    {
      "base.yaml": schema("base", "Base", "  1:\n    fields:\n      a: integer\n"),
      "a.yaml": schema("a", "A", "  1:\n    extends: base@1\n    fields:\n      a: float64\n"),
    },
    "schemas/a.yaml:7:10: field \"a\" re-declares base@1's integer as float64; a re-declared field keeps its type or narrows it as Julia's subtyping does (any to any type; integer, real, number, period to a subtype or a union of subtypes; a union to a member; vector<T> to list<T>; vector<any> to any vector<T> or list<T>; a tuple part by part) [narrowing]",
  ],
  [
    "narrowing: to a union holding a member that is no subtype",
    {
      "base.yaml": schema("base", "Base", "  1:\n    fields:\n      a: integer\n"),
      "a.yaml": schema("a", "A", "  1:\n    extends: base@1\n    fields:\n      a: union<int64, float64>\n"),
    },
    "schemas/a.yaml:7:10: field \"a\" re-declares base@1's integer as union<int64, float64>; a re-declared field keeps its type or narrows it as Julia's subtyping does (any to any type; integer, real, number, period to a subtype or a union of subtypes; a union to a member; vector<T> to list<T>; vector<any> to any vector<T> or list<T>; a tuple part by part) [narrowing]",
  ],
  [
    "narrowing: an ntuple to a tuple with a part that is no subtype of its element",
    {
      "base.yaml": schema("base", "Base", "  1:\n    fields:\n      a: ntuple<integer, 2>\n"),
      "a.yaml": schema("a", "A", "  1:\n    extends: base@1\n    fields:\n      a: tuple<int64, float64>\n"),
    },
    "schemas/a.yaml:7:10: field \"a\" re-declares base@1's ntuple<integer, 2> as tuple<int64, float64>; a re-declared field keeps its type or narrows it as Julia's subtyping does (any to any type; integer, real, number, period to a subtype or a union of subtypes; a union to a member; vector<T> to list<T>; vector<any> to any vector<T> or list<T>; a tuple part by part) [narrowing]",
  ],
  [
    "narrowing: required made optional",
    { "base.yaml": base, "a.yaml": schema("a", "A", "  1:\n    extends: base@1\n    fields:\n      b: string?\n") },
    'schemas/a.yaml:7:10: field "b" re-declares base@1\'s required field as optional; a re-declared field may only narrow [narrowing]',
  ],
  [
    "narrowing: looser bound",
    {
      "base.yaml": base,
      "a.yaml": schema(
        "a",
        "A",
        "  1:\n    extends: base@1\n    fields:\n      c:\n        type: int32?\n        max: 11\n",
      ),
    },
    "schemas/a.yaml:7:7: field \"c\" re-declares base@1's constraints: max 11 is looser than the parent's 10 [narrowing]",
  ],
  [
    "narrowing: another default than the parent's, which the parent's conversion takes first",
    {
      "base.yaml": schema("base", "Base", "  1:\n    fields:\n      x:\n        type: int64?\n        default: 1\n"),
      "a.yaml": schema(
        "a",
        "A",
        "  1:\n    extends: base@1\n    fields:\n      x:\n        type: int64\n        default: 2\n",
      ),
    },
    'schemas/a.yaml:9:18: field "x" re-declares base@1\'s default "1" as "2"; the parent\'s conversion runs first and takes its default, as Legolas.jl runs the parent\'s coalesce before the child\'s, so this one would never be taken: leave the default out here (the parent\'s stays) [narrowing]',
  ],
  [
    "narrowing: a default for the parent's required field, which the parent's conversion refuses missing first",
    {
      "base.yaml": schema("base", "Base", "  1:\n    fields:\n      x: int64\n"),
      "a.yaml": schema(
        "a",
        "A",
        "  1:\n    extends: base@1\n    fields:\n      x:\n        type: int64\n        default: 5\n",
      ),
    },
    "schemas/a.yaml:9:18: field \"x\" re-declares base@1's required field with a default \"5\"; the parent's conversion runs first and refuses a missing value, as Legolas.jl's parent constructor throws before the child's coalesce runs, so this default would never be taken: leave it out here, or make the parent's field optional (int64?) [narrowing]",
  ],
  [
    "narrowing: another pattern",
    {
      "base.yaml": base,
      "a.yaml": schema(
        "a",
        "A",
        '  1:\n    extends: base@1\n    fields:\n      b:\n        type: string\n        pattern: "^y"\n',
      ),
    },
    'schemas/a.yaml:7:7: field "b" re-declares base@1\'s constraints: pattern "^y" accepts strings the parent\'s "^x" rejects, such as "y" [narrowing]',
  ],
  [
    "narrowing: a pattern that cannot be compared with the parent's",
    {
      "base.yaml": base,
      "a.yaml": schema(
        "a",
        "A",
        '  1:\n    extends: base@1\n    fields:\n      b:\n        type: string\n        pattern: "(?<=a)x"\n',
      ),
    },
    'schemas/a.yaml:7:7: field "b" re-declares base@1\'s constraints: pattern must stay the parent\'s "^x" (/(?<=a)x/ has no automaton: it holds a lookaround, so the two cannot be compared) [narrowing]',
  ],
  [
    "default of the wrong type",
    { "a.yaml": schema("a", "A", '  1:\n    fields:\n      x:\n        type: int32\n        default: "3"\n') },
    'schemas/a.yaml:8:18: field "x": default "3" does not fit: int32 takes an integer, not text: write it without quotes [default-type]',
  ],
  [
    "an instant as text where a timestamp's count is: the count it reads as, in the field's unit",
    {
      "a.yaml": schema(
        "a",
        "A",
        '  1:\n    fields:\n      x:\n        type: timestamp<ms, UTC>?\n        default: "2020-01-01T00:00:00Z"\n',
      ),
    },
    'schemas/a.yaml:8:18: field "x": default "2020-01-01T00:00:00Z" does not fit: timestamp<ms, UTC> takes an integer, its count of milliseconds since 1970-01-01 UTC: write 1577836800000 for 2020-01-01T00:00:00.000Z [default-type]',
  ],
  [
    "a day as text where a nanosecond timestamp's count is",
    { "a.yaml": schema("a", "A", "  1:\n    fields:\n      x:\n        type: timestamp\n        min: 2020-01-01\n") },
    'schemas/a.yaml:8:14: field "x": min "2020-01-01" does not fit: timestamp takes an integer, its count of nanoseconds since 1970-01-01 UTC: write 1577836800000000000 for 2020-01-01T00:00:00.000Z [constraint-type]',
  ],
  [
    "other text where a timestamp's count is: the unit, without a count",
    { "a.yaml": schema("a", "A", "  1:\n    fields:\n      x:\n        type: timestamp<s>\n        max: soon\n") },
    'schemas/a.yaml:8:14: field "x": max "soon" does not fit: timestamp<s> takes an integer, its count of seconds since 1970-01-01 UTC [constraint-type]',
  ],
  [
    "a text default holding a control character, escaped once",
    { "a.yaml": schema("a", "A", '  1:\n    fields:\n      x:\n        type: int32\n        default: "a\\u0007b"\n') },
    'schemas/a.yaml:8:18: field "x": default "a\\u0007b" does not fit: int32 takes an integer [default-type]',
  ],
  [
    "a mapping as a bound, in its JSON once",
    { "a.yaml": schema("a", "A", "  1:\n    fields:\n      x:\n        type: int32\n        min: { a: 1 }\n") },
    'schemas/a.yaml:8:14: field "x": min {"a":1} does not fit: int32 takes an integer [constraint-type]',
  ],
  [
    "default out of range",
    { "a.yaml": schema("a", "A", "  1:\n    fields:\n      x:\n        type: uint8\n        default: 256\n") },
    'schemas/a.yaml:8:18: field "x": default 256 does not fit: 256 is out of the range of uint8 [default-type]',
  ],
  [
    "an integer bound written as a float beyond 2^53, which rounds it",
    { "a.yaml": schema("a", "A", "  1:\n    fields:\n      x:\n        type: uint64\n        max: 1.8e19\n") },
    'schemas/a.yaml:8:14: field "x": max 18000000000000000000 does not fit: uint64 takes an integer written in decimal digits, which are read exactly; a float beyond 2^53 is rounded [constraint-type]',
  ],
  [
    "an integer bound beyond its type's range, however large",
    {
      "a.yaml": schema(
        "a",
        "A",
        "  1:\n    fields:\n      x:\n        type: uint64\n        max: 18446744073709551616\n",
      ),
    },
    'schemas/a.yaml:8:14: field "x": max 18446744073709551616 does not fit: 18446744073709551616 is out of the range of uint64 [constraint-type]',
  ],
  [
    "a date default that is no day of the calendar (Date.parse reads 2024-02-30 as March 1; every row without it failed)",
    { "a.yaml": schema("a", "A", "  1:\n    fields:\n      x:\n        type: date\n        default: 2024-02-30\n") },
    'schemas/a.yaml:8:18: field "x": default "2024-02-30" does not fit: date takes YYYY-MM-DD, a day of the calendar [default-type]',
  ],
  [
    "a float32 default beyond float32's range (it was declared as Infinity, which the input 1e39 is refused for)",
    { "a.yaml": schema("a", "A", "  1:\n    fields:\n      x:\n        type: float32\n        default: 1e39\n") },
    'schemas/a.yaml:8:18: field "x": default 1e+39 does not fit: 1e+39 is beyond the range of float32 (it would be an infinity) [default-type]',
  ],
  [
    "a float16 default beyond float16's range (every row without it failed: expected float16, found 70000)",
    { "a.yaml": schema("a", "A", "  1:\n    fields:\n      x:\n        type: float16?\n        default: 70000\n") },
    'schemas/a.yaml:8:18: field "x": default 70000 does not fit: 70000 is beyond the range of float16 (it would be an infinity) [default-type]',
  ],
  [
    "a bound of .nan, which no value compares with",
    { "a.yaml": schema("a", "A", "  1:\n    fields:\n      x:\n        type: float32\n        min: .nan\n") },
    'schemas/a.yaml:8:14: field "x": min is .nan, which bounds nothing: no value compares with it [constraint-type]',
  ],
  [
    "an infinite default for an integer, shown as YAML writes it",
    { "a.yaml": schema("a", "A", "  1:\n    fields:\n      x:\n        type: int64\n        default: -.inf\n") },
    'schemas/a.yaml:8:18: field "x": default -.inf does not fit: int64 takes an integer [default-type]',
  ],
  [
    "default that breaks its own constraint",
    {
      "a.yaml": schema(
        "a",
        "A",
        "  1:\n    fields:\n      x:\n        type: int32\n        max: 2\n        default: 3\n",
      ),
    },
    'schemas/a.yaml:9:18: field "x": default 3 breaks the field\'s own constraint max: 2 [default-type]',
  ],
  [
    "a bool's default written as YAML 1.1 wrote a boolean",
    { "a.yaml": schema("a", "A", "  1:\n    fields:\n      x:\n        type: bool\n        default: yes\n") },
    'schemas/a.yaml:8:18: field "x": default "yes" does not fit: bool takes true or false (YAML 1.2 reads yes as text) [default-type]',
  ],
  [
    "constraint on the wrong type",
    { "a.yaml": schema("a", "A", "  1:\n    fields:\n      x:\n        type: bool\n        min: 0\n") },
    'schemas/a.yaml:8:14: field "x": min applies to numbers, timestamps and durations, not bool [constraint-type]',
  ],
  [
    "a bound on a string, meant for its length",
    { "a.yaml": schema("a", "A", "  1:\n    fields:\n      x:\n        type: string\n        max: 8\n") },
    'schemas/a.yaml:8:14: field "x": max applies to numbers, timestamps and durations, not string; to bound its length, write max_length [constraint-type]',
  ],
  [
    "invalid pattern",
    { "a.yaml": schema("a", "A", '  1:\n    fields:\n      x:\n        type: string\n        pattern: "("\n') },
    'schemas/a.yaml:8:18: field "x": pattern "(" is not a valid regular expression: invalid regular expression: /(/u: Unterminated group [constraint-type]',
  ],
  [
    "a pattern whose automaton explodes",
    {
      "a.yaml": schema(
        "a",
        "A",
        '  1:\n    fields:\n      x:\n        type: string\n        pattern: "^(a|b)*a(a|b){20}$"\n',
      ),
    },
    'schemas/a.yaml:8:18: field "x": pattern "^(a|b)*a(a|b){20}$" is refused: its automaton would need more than 1024 states, so only a backtracking RegExp could match it, and it repeats a part that repeats again, is optional or has alternatives, on which backtracking can take exponential time (ReDoS); write it without that nesting, or check the value in a row check [constraint-type]',
  ],
  [
    "a pattern only a RegExp matches, that could backtrack catastrophically",
    {
      "a.yaml": schema(
        "a",
        "A",
        '  1:\n    fields:\n      x:\n        type: string\n        pattern: "^(a+)+\\\\1$"\n',
      ),
    },
    'schemas/a.yaml:8:18: field "x": pattern "^(a+)+\\\\1$" is refused: it holds a backreference, so only a backtracking RegExp could match it, and it repeats a part that repeats again, is optional or has alternatives, on which backtracking can take exponential time (ReDoS); write it without that nesting, or check the value in a row check [constraint-type]',
  ],
  [
    "a pattern only a RegExp matches, repeating a part with an optional piece",
    {
      "a.yaml": schema(
        "a",
        "A",
        "  1:\n    fields:\n      x:\n        type: string\n        pattern: '^(?:\\p{L}\\p{L}?){1,60}!$'\n",
      ),
    },
    'schemas/a.yaml:8:18: field "x": pattern "^(?:\\\\p{L}\\\\p{L}?){1,60}!$" is refused: its automaton would need more than 1024 states, so only a backtracking RegExp could match it, and it repeats a part that repeats again, is optional or has alternatives, on which backtracking can take exponential time (ReDoS); write it without that nesting, or check the value in a row check [constraint-type]',
  ],
  [
    "listed values on a date",
    { "a.yaml": schema("a", "A", '  1:\n    fields:\n      x:\n        type: date\n        values: ["2024-01-01"]\n') },
    'schemas/a.yaml:8:17: field "x": values cannot list dates: a date field holds a Date, which no listed text equals; check it in a row check [constraint-type]',
  ],
  [
    "a default that breaks the bound its parent declares",
    {
      "p.yaml": schema("p", "P", "  1:\n    fields:\n      n:\n        type: int32?\n        min: 0\n"),
      "c.yaml": schema(
        "c",
        "C",
        "  1:\n    extends: p@1\n    fields:\n      n:\n        type: int32\n        default: -1\n",
      ),
    },
    "schemas/c.yaml:7:7: field \"n\": default -1 breaks the field's constraint min: 0 (its own and p@1's together) [default-type]",
  ],
  [
    "bounds that each hold but leave nothing together",
    {
      "p.yaml": schema("p", "P", "  1:\n    fields:\n      n:\n        type: int32\n        max: 100\n"),
      "c.yaml": schema(
        "c",
        "C",
        "  1:\n    extends: p@1\n    fields:\n      n:\n        type: int32\n        min: 200\n",
      ),
    },
    'schemas/c.yaml:7:7: field "n" re-declares p@1\'s constraints: together, min 200 is greater than max 100, so no value passes [narrowing]',
  ],
  [
    "values that do not fit",
    { "a.yaml": schema("a", "A", "  1:\n    fields:\n      x:\n        type: int8\n        values: [1, x]\n") },
    'schemas/a.yaml:8:17: field "x": values holds "x", which does not fit: int8 takes an integer [constraint-type]',
  ],
  [
    "a SchemaVersion's values listing a chain, which a value's first link is compared with",
    {
      "a.yaml": schema(
        "a",
        "A",
        "  1:\n    fields:\n      x:\n        type: SchemaVersion\n        values: [b@1, c@1>d@1]\n",
      ),
    },
    'schemas/a.yaml:8:17: field "x": values holds "c@1>d@1", a chain: list the schema version alone ("c@1"); a value passes when its first link is listed, whatever parents follow it [constraint-type]',
  ],
  [
    "a SchemaVersion's values in a spelling Legolas.jl does not write",
    {
      "a.yaml": schema("a", "A", "  1:\n    fields:\n      x:\n        type: SchemaVersion\n        values: [b@01]\n"),
    },
    'schemas/a.yaml:8:17: field "x": values holds "b@01": write it as "b@1", as Legolas.jl does [constraint-type]',
  ],
  [
    "a SchemaVersion default whose first link is not listed",
    {
      "a.yaml": schema(
        "a",
        "A",
        "  1:\n    fields:\n      x:\n        type: SchemaVersion\n        values: [b@1]\n        default: c@1>b@1\n",
      ),
    },
    'schemas/a.yaml:9:18: field "x": default "c@1>b@1" breaks the field\'s own constraint values: ["b@1"] [default-type]',
  ],
  [
    "a string's values written as YAML numbers",
    { "a.yaml": schema("a", "A", "  1:\n    fields:\n      x:\n        type: string\n        values: [a, 1]\n") },
    'schemas/a.yaml:8:17: field "x": values holds 1, which does not fit: string takes a string; YAML reads 1 unquoted as the number 1: write it in quotes, "1" [constraint-type]',
  ],
  [
    "a string's default written as a YAML number",
    { "a.yaml": schema("a", "A", "  1:\n    fields:\n      x:\n        type: string\n        default: 5\n") },
    'schemas/a.yaml:8:18: field "x": default 5 does not fit: string takes a string; YAML reads 5 unquoted as the number 5: write it in quotes, "5" [default-type]',
  ],
  [
    "a length written as text",
    { "a.yaml": schema("a", "A", '  1:\n    fields:\n      x:\n        type: string\n        length: "3"\n') },
    'schemas/a.yaml:8:17: field "x": length must be a non-negative integer, not text: write 3 without quotes [constraint-type]',
  ],
  [
    "a negative max_length",
    { "a.yaml": schema("a", "A", "  1:\n    fields:\n      x:\n        type: list<int8>\n        max_length: -1\n") },
    'schemas/a.yaml:8:21: field "x": max_length must be a non-negative integer, found -1 [constraint-type]',
  ],
  [
    "a default of null, meant as none",
    { "a.yaml": schema("a", "A", "  1:\n    fields:\n      x:\n        type: float64?\n        default: null\n") },
    'schemas/a.yaml:8:18: field "x": default null does not fit: null is no default: leave "default:" out (an optional field, its type ending in ?, is null when its value is missing) [default-type]',
  ],
  [
    "an empty default of a string",
    { "a.yaml": schema("a", "A", "  1:\n    fields:\n      x:\n        type: string\n        default:\n") },
    'schemas/a.yaml:8:17: field "x": default null does not fit: null is no default: leave "default:" out (an optional field, its type ending in ?, is null when its value is missing) [default-type]',
  ],
  [
    "a symbol's default holding NUL, which Julia's Symbol cannot hold",
    { "a.yaml": schema("a", "A", '  1:\n    fields:\n      x:\n        type: symbol\n        default: "a\\0b"\n') },
    'schemas/a.yaml:8:18: field "x": default "a\\u0000b" does not fit: it holds NUL (\\0), which Julia\'s Symbol cannot hold [default-type]',
  ],
  [
    "a symbol's listed value holding NUL",
    { "a.yaml": schema("a", "A", '  1:\n    fields:\n      y:\n        type: symbol\n        values: [ok, "\\0"]\n') },
    'schemas/a.yaml:8:17: field "y": values holds "\\u0000", which does not fit: it holds NUL (\\0), which Julia\'s Symbol cannot hold [constraint-type]',
  ],
  [
    "a symbol's default written as a YAML boolean",
    { "a.yaml": schema("a", "A", "  1:\n    fields:\n      x:\n        type: symbol\n        default: true\n") },
    'schemas/a.yaml:8:18: field "x": default true does not fit: symbol takes a string; YAML reads true unquoted as the boolean true: write it in quotes, "true" [default-type]',
  ],
  [
    "a check that is two statements",
    { "a.yaml": schema("a", "A", '  1:\n    checks:\n      - check: "true; process.exit(1)"\n        message: m\n') },
    'schemas/a.yaml:6:16: check "true; process.exit(1)": it must be exactly one expression over row, such as row.epoch >= 0n [check-expression]',
  ],
  [
    "a check with a function body",
    {
      "a.yaml": schema(
        "a",
        "A",
        '  1:\n    checks:\n      - check: "(() => { while (true) {} })()"\n        message: m\n',
      ),
    },
    'schemas/a.yaml:6:18: check "(() => { while (true) {} })()": it contains a function, which a check may not (see "Row checks" in docs/schemas.md) [check-expression]',
  ],
  [
    "a check that assigns",
    { "a.yaml": schema("a", "A", '  1:\n    checks:\n      - check: "(row.x = 1) > 0"\n        message: m\n') },
    'schemas/a.yaml:6:24: check "(row.x = 1) > 0": it contains an assignment, which a check may not (see "Row checks" in docs/schemas.md) [check-expression]',
  ],
  [
    "a check that does not parse",
    { "a.yaml": schema("a", "A", '  1:\n    checks:\n      - check: "row.x >"\n        message: m\n') },
    'schemas/a.yaml:6:24: check "row.x >": it does not parse: expression expected. [check-expression]',
  ],
  [
    "a check that names a field the row lacks",
    {
      "a.yaml": schema(
        "a",
        "A",
        "  1:\n    fields:\n      loss_history: list<float64>\n    checks:\n      - check: row.los_history.length > 0\n        message: m\n",
      ),
    },
    "schemas/a.yaml:8:16: check \"row.los_history.length > 0\" does not type-check over the row: Property 'los_history' does not exist on type 'AV1Fields'. Did you mean 'loss_history'? [check-type]",
  ],
  [
    "a check that names a field a nested record lacks: the record's class is typed by its fields",
    {
      "base.yaml": base,
      "a.yaml": schema(
        "a",
        "A",
        "  1:\n    fields:\n      nested: base@1\n    checks:\n      - check: row.nested.cc !== null\n        message: m\n",
      ),
    },
    "schemas/a.yaml:8:16: check \"row.nested.cc !== null\" does not type-check over the row: Property 'cc' does not exist on type 'BaseV1'. [check-type]",
  ],
  [
    "a check that compares an optional field without testing for null",
    {
      "a.yaml": schema(
        "a",
        "A",
        "  1:\n    fields:\n      epoch: int64?\n    checks:\n      - check: row.epoch >= 0n\n        message: m\n",
      ),
    },
    "schemas/a.yaml:8:16: check \"row.epoch >= 0n\" does not type-check over the row: 'row.epoch' is possibly 'null'. [check-type]",
  ],
  [
    "a check that misspells a member of a Weights field: the runtime's Weights is typed by its members",
    {
      "a.yaml": schema(
        "a",
        "A",
        "  1:\n    fields:\n      weights: Weights?\n    checks:\n      - check: row.weights === null || row.weights.arrys.length > 0\n        message: m\n",
      ),
    },
    "schemas/a.yaml:8:16: check \"row.weights === null || row.weights.arrys.length > 0\" does not type-check over the row: Property 'arrys' does not exist on type 'Weights'. Did you mean 'arrays'? [check-type]",
  ],
  [
    "a check that misspells a member of one of a Weights field's arrays",
    {
      "a.yaml": schema(
        "a",
        "A",
        "  1:\n    fields:\n      weights: Weights\n    checks:\n      - check: row.weights.arrays[0].sise.length === 2\n        message: m\n",
      ),
    },
    "schemas/a.yaml:8:16: check \"row.weights.arrays[0].sise.length === 2\" does not type-check over the row: Property 'sise' does not exist on type 'FlatArray'. [check-type]",
  ],
  [
    "prefix clash",
    { "a.yaml": schema("a", "Same", "  1:\n"), "b.yaml": schema("b", "Same", "  1:\n") },
    'schemas/b.yaml:2:9: prefix "Same" is already used by schema "a" (schemas/a.yaml); pick another [prefix-clash]',
  ],
];

/** Runs `legolas generate` on `files`; returns its exit code and whether it wrote anything. */
async function generateWithCli(files: Record<string, string>): Promise<{ code: number; wrote: boolean }> {
  const root = mkdtempSync(join(tmpdir(), "legolas-errors-"));
  mkdirSync(join(root, "schemas"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, "schemas", name), text);
  vi.spyOn(console, "error").mockImplementation(() => {});
  process.exitCode = 0;
  await main(["generate", "--schemas", join(root, "schemas"), "--out", join(root, "generated")]);
  const code = Number(process.exitCode);
  process.exitCode = 0;
  vi.restoreAllMocks();
  return { code, wrote: existsSync(join(root, "generated")) };
}

describe("declaration errors", () => {
  test.each(cases)("%s", async (_rule, files, expected) => {
    const errors = declarationErrors(files);
    expect(errors).toHaveLength(1);
    if (expected.endsWith(": "))
      expect(errors[0]).toMatch(new RegExp(`^${expected.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}.*\\[yaml-syntax\\]$`));
    else expect(errors[0]).toBe(expected);
    expect(await generateWithCli(files)).toEqual({ code: 2, wrote: false });
  });

  test("a child may narrow its parent's pattern to one whose every string the parent's accepts", () => {
    const child =
      '  1:\n    extends: base@1\n    fields:\n      b:\n        type: string\n        pattern: "^x[0-9]+$"\n';
    const output = generateFromYaml({ "base.yaml": base, "a.yaml": schema("a", "A", child) });
    const descriptor = output.find((file) => file.path === "a.ts")!.content;
    expect(descriptor).toContain('pattern: "^x[0-9]+$"');
    expect(descriptor).not.toContain('pattern: "^x"');
  });

  test("a child's int64 may keep values of its parent's integer, 1 there being 1n here", () => {
    const parent = schema("p", "P", "  1:\n    fields:\n      n:\n        type: integer\n        values: [1, 2]\n");
    const child = "  1:\n    extends: p@1\n    fields:\n      n:\n        type: int64\n        values: [1]\n";
    const output = generateFromYaml({ "p.yaml": parent, "a.yaml": schema("a", "A", child) });
    expect(output.find((file) => file.path === "a.ts")!.content).toContain("values: [1n]");
  });

  test("a child may repeat its parent's default in its narrower type (integer 1 as int64 1n, real 0.1 as float32)", () => {
    const parent = schema(
      "p",
      "P",
      "  1:\n    fields:\n      n:\n        type: integer?\n        default: 1\n      r:\n        type: real?\n        default: 0.1\n",
    );
    const child =
      "  1:\n    extends: p@1\n    fields:\n      n:\n        type: int64\n        default: 1\n      r:\n        type: float32\n        default: 0.1\n";
    const output = generateFromYaml({ "p.yaml": parent, "a.yaml": schema("a", "A", child) });
    const descriptor = output.find((file) => file.path === "a.ts")!.content;
    expect(descriptor).toContain("default: 1n");
    expect(descriptor).toContain(`default: ${Math.fround(0.1)}`);
  });

  test("the error is a SchemaDeclarationError with its stable code and every diagnostic as data", () => {
    const error = (() => {
      try {
        generate([{ path: "schemas/a.yaml", text: schema("a", "A", "  1:\n    fields:\n      x: nope\n") }], {
          outDir: "generated",
        });
      } catch (thrown) {
        return thrown as { name: string; code: string; diagnostics: { line: number; rule: string }[] };
      }
      throw new Error("expected a declaration error");
    })();
    expect(error).toMatchObject({ name: "SchemaDeclarationError", code: "schema_declaration_invalid" });
    expect(error.diagnostics.map(({ line, rule }) => ({ line, rule }))).toEqual([{ line: 6, rule: "unknown-type" }]);
  });

  test("every error of every file is reported in one run, sorted by position", () => {
    const errors = declarationErrors({
      "b.yaml": schema("b", "B", "  1:\n    fields:\n      x: nope\n"),
      "a.yaml": schema("a", "A", "  1:\n    fields:\n      x: nope\n      _y: int8\n"),
    });
    expect(errors.map((e) => e.slice(0, e.indexOf(": ")))).toEqual([
      "schemas/a.yaml:6:10",
      "schemas/a.yaml:7:7",
      "schemas/b.yaml:6:10",
    ]);
  });

  test("a check over a field inherited from a shipped schema type-checks against the parent's type", () => {
    const child = schema(
      "c",
      "C",
      "  1:\n    extends: legolas-flux.model@1\n    checks:\n      - check: row.architecture_version === null || row.architecture_version > 0n\n        message: m\n      - check: row.architecture > 0n\n        message: m\n",
    );
    expect(declarationErrorsWithShipped({ "c.yaml": child })).toEqual([
      "schemas/c.yaml:9:16: check \"row.architecture > 0n\" does not type-check over the row: Property 'architecture' does not exist on type 'CV1Fields'. [check-type]",
    ]);
  });

  test("checks over a Weights field's members, as the runtime's class has them, generate", () => {
    const checks = [
      "row.weights === null || row.weights.parameterCount > 0",
      'row.weights?.layout !== "flux"',
      "row.weights === null || row.weights.arrays.length === 0 || row.weights.arrays[0]!.shape.length <= 4",
      'row.weights === null || row.weights.elementType === "float32"',
    ];
    const yaml = schema(
      "a",
      "A",
      `  1:\n    fields:\n      weights: Weights?\n    checks:\n${checks.map((check) => `      - check: '${check}'\n        message: m\n`).join("")}`,
    );
    const module = generateFromYaml({ "a.yaml": yaml }).find((file) => file.path === "a.ts")!.content;
    for (const check of checks) expect(module).toContain(check);
  });

  test("a clash with a shipped schema is reported in the user's file, naming the shipped one", () => {
    const errors = declarationErrorsWithShipped({
      "mymodel.yaml": schema("mymodel", "Model", "  1:\n    extends: legolas-flux.model@1\n"),
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^schemas\/mymodel\.yaml:2:9: prefix "Model" is already used by schema "legolas-flux\.model" \(.*legolas-flux\.model\.yaml\); pick another \[prefix-clash\]$/,
    );
  });

  test("one run reports parse errors and the resolve errors of the files that parsed; what refers to the broken file, one error each saying so", () => {
    const errors = declarationErrors({
      "a.yaml": schema("a", "A", "  1:\n    fields:\n      x: [unclosed\n"),
      "b.yaml": schema("b", "B", "  1:\n    extends: gone@1\n"),
      "c.yaml": schema("c", "C", "  1:\n    extends: a@1\n    fields:\n      y: a@1\n"),
      "d.yaml": schema("d", "D", "  1:\n    fields:\n      z: a@1\n"),
      "e.yaml": schema("e", "E", "  1:\n    extends: c@1\n"),
    });
    expect(errors.map((e) => e.slice(e.lastIndexOf("[")))).toEqual([
      "[yaml-syntax]",
      "[unknown-parent]",
      "[depends-on-errors]",
      "[depends-on-errors]",
    ]);
    expect(errors[1]).toContain("schemas/b.yaml:5:14");
    expect(errors.slice(2)).toEqual([
      'schemas/c.yaml:5:14: parent "a@1" cannot be read: schemas/a.yaml, the file of schema "a", has errors; once they are fixed, c@1 is checked too [depends-on-errors]',
      'schemas/d.yaml:6:10: field "z": record type "a@1" cannot be read: schemas/a.yaml, the file of schema "a", has errors; once they are fixed, the field is checked too [depends-on-errors]',
    ]);
  });

  test("a file with errors inside its versions still has the rest resolved: a version's other fields, the file's other versions", () => {
    const errors = declarationErrors({
      "a.yaml": schema(
        "a",
        "A",
        "  1:\n    extends: gone@1\n  2:\n    fields:\n      x: in64\n      y:\n        type: int8\n        min: 1000\n",
      ),
      "b.yaml": schema("b", "B", "  1:\n    extends: a@2\n  2:\n    extends: a@3\n"),
    });
    expect(errors.map((e) => `${e.split(":").slice(0, 2).join(":")} ${e.slice(e.lastIndexOf("["))}`)).toEqual([
      "schemas/a.yaml:5 [unknown-parent]",
      "schemas/a.yaml:8 [unknown-type]",
      "schemas/a.yaml:11 [constraint-type]",
      "schemas/b.yaml:7 [unknown-parent]",
    ]);
  });

  test("a version that a file with errors inside its versions does not hold at all is unknown, as anywhere; one it left out for its errors, or any once a version key cannot be read, depends on them", () => {
    // a.yaml holds versions 1 (a broken field) and 2 (left out whole); no 3.
    const a = schema("a", "A", "  1:\n    fields:\n      x:\n        type: int8\n        mni: 3\n  2: [oops]\n");
    const errors = declarationErrors({
      "a.yaml": a,
      "b.yaml": schema("b", "B", "  1:\n    extends: a@3\n  2:\n    extends: a@2\n  3:\n    fields:\n      r: a@3\n"),
    });
    expect(errors.slice(2)).toEqual([
      'schemas/b.yaml:5:14: parent "a@3" is not declared: a has version 1 [unknown-parent]',
      'schemas/b.yaml:7:14: parent "a@2" cannot be read: schemas/a.yaml, the file of schema "a", has errors; once they are fixed, b@2 is checked too [depends-on-errors]',
      'schemas/b.yaml:10:10: field "r": record type "a@3" is not declared: a has version 1 [unknown-type]',
    ]);
    // A version key that is not read as a number ("3" in quotes) may be any version.
    const quoted = declarationErrors({
      "a.yaml": `${a}  "3":\n    fields:\n      y: int8\n`,
      "b.yaml": schema("b", "B", "  1:\n    extends: a@3\n"),
    });
    expect(quoted.at(-1)).toMatch(/^schemas\/b\.yaml:5:14: parent "a@3" cannot be read: .*\[depends-on-errors\]$/);
  });

  test("row checks of files no error touches are type-checked in the same run", () => {
    const errors = declarationErrors({
      "a.yaml": schema(
        "a",
        "A",
        "  1:\n    fields:\n      x: nope\n    checks:\n      - check: row.zz > 0\n        message: m\n",
      ),
      "b.yaml": schema(
        "b",
        "B",
        "  1:\n    fields:\n      n: int32\n    checks:\n      - check: row.m > 0\n        message: m\n",
      ),
      "c.yaml": schema(
        "c",
        "C",
        "  1:\n    extends: a@1\n    checks:\n      - check: row.yy > 0\n        message: m\n",
      ),
    });
    expect(errors.map((e) => `${e.split(":").slice(0, 2).join(":")} ${e.slice(e.lastIndexOf("["))}`)).toEqual([
      "schemas/a.yaml:6 [unknown-type]",
      "schemas/b.yaml:8 [check-type]",
    ]);
  });

  test("a .yml file that does not parse is named by what extends it, not called an undeclared parent", () => {
    const errors = declarationErrors({
      "a.yml": schema("a", "A", "  1:\n    fields:\n      x: [unclosed\n"),
      "c.yaml": schema("c", "C", "  1:\n    extends: a@1\n    fields:\n      y: a@1\n"),
    });
    expect(errors.map((e) => `${e.slice(0, e.indexOf(":"))} ${e.slice(e.lastIndexOf("["))}`)).toEqual([
      "schemas/a.yml [yaml-syntax]",
      "schemas/c.yaml [depends-on-errors]",
    ]);
    expect(errors[1]).toContain("schemas/a.yml, the file of schema");
  });

  test("files that parse are resolved together, and all their errors reported", () => {
    const errors = declarationErrors({
      "a.yaml": schema("a", "A", "  1:\n    extends: gone@1\n"),
      "b.yaml": schema("b", "B", "  1:\n    fields:\n      x: a@2\n"),
    });
    expect(errors.map((e) => e.slice(e.lastIndexOf("["))).sort()).toEqual(["[unknown-parent]", "[unknown-type]"]);
  });
});

// YAML's core schema reads some unquoted text as no text: `True` the boolean true, `Null` and `~`
// null, `1.0` the number 1. The user wrote text there; the error says what YAML made of it and what to write.
const unquotedCases: [rule: string, files: Record<string, string>, expected: string][] = [
  [
    "text that YAML's core schema reads as no text (True, Null, ~, 1.0): what it was read as, and to quote it",
    {
      "a.yaml":
        "schema: a\nprefix: A\ndoc: 1.0\nversions:\n  1:\n    fields:\n      Null: int32\n      c: { type: int32, doc: 2024 }\n    checks:\n      - { check: row.c > 0, message: 404 }\n",
      "c.yaml": "schema: c\nprefix: True\nversions:\n  1:\n",
    },
    [
      'schemas/a.yaml:3:6: "doc" must be a string of well-formed Unicode; YAML reads 1.0 unquoted as the number 1: write it in quotes, "1.0" [wrong-value]',
      'schemas/a.yaml:7:7: field name "Null" must be text; YAML reads Null unquoted as null (no value): write it in quotes, "Null" [field-name]',
      'schemas/a.yaml:8:30: "doc" must be a string of well-formed Unicode; YAML reads 2024 unquoted as the number 2024: write it in quotes, "2024" [wrong-value]',
      'schemas/a.yaml:10:38: "message" must be a non-empty string; YAML reads 404 unquoted as the number 404: write it in quotes, "404" [wrong-value]',
      'schemas/c.yaml:2:9: "prefix" must be a non-empty string; YAML reads True unquoted as the boolean true: write it in quotes, "True" [wrong-value]',
    ].join("\n"),
  ],
  [
    "two field names that YAML reads as one null (Null, NULL), and extends: null",
    {
      "a.yaml": "schema: a\nprefix: A\nversions:\n  1:\n    fields:\n      NULL: int32\n      Null: int32\n",
      "b.yaml": "schema: b\nprefix: B\nversions:\n  1:\n    extends: ~\n",
    },
    [
      'schemas/a.yaml:7:7: invalid YAML: map keys must be unique; "Null" is read as the key "NULL" before it; YAML reads Null unquoted as null (no value): write it in quotes, "Null" [duplicate-key]',
      'schemas/b.yaml:5:14: "extends" must be a non-empty string; leave extends out for a version without a parent [wrong-value]',
    ].join("\n"),
  ],
  [
    "defaults and listed values that YAML reads as no text (1e3, 0x10, ~) for a text field, and Julia's digit separators (1_000) for a number",
    {
      "a.yaml":
        "schema: a\nprefix: A\nversions:\n  1:\n    fields:\n      s: { type: string, default: 1e3 }\n      t: { type: string?, default: ~ }\n      u: { type: string, values: [a, 0x10] }\n      n: { type: int32, default: 1_000 }\n      f: { type: float64, max: 1_000.5 }\n",
    },
    [
      'schemas/a.yaml:6:35: field "s": default 1000 does not fit: string takes a string; YAML reads 1e3 unquoted as the number 1000: write it in quotes, "1e3" [default-type]',
      'schemas/a.yaml:7:36: field "t": default null does not fit: null is no default: leave "default:" out (an optional field, its type ending in ?, is null when its value is missing) [default-type]',
      'schemas/a.yaml:8:34: field "u": values holds 16, which does not fit: string takes a string; YAML reads 0x10 unquoted as the number 16: write it in quotes, "0x10" [constraint-type]',
      'schemas/a.yaml:9:34: field "n": default "1_000" does not fit: int32 takes an integer, and YAML 1.2 reads 1_000 as text (digit separators are Julia\'s and YAML 1.1\'s): write 1000 [default-type]',
      'schemas/a.yaml:10:32: field "f": max "1_000.5" does not fit: float64 takes a number, and YAML 1.2 reads 1_000.5 as text (digit separators are Julia\'s and YAML 1.1\'s): write 1000.5 [constraint-type]',
    ].join("\n"),
  ],
  [
    "a value YAML reads as no text, for a text type its quoted text would not fit either (a date 20240101, a uuid 1e3): no advice to quote it",
    {
      "a.yaml":
        "schema: a\nprefix: A\nversions:\n  1:\n    fields:\n      d: { type: date, default: 20240101 }\n      u: { type: uuid, values: [1e3] }\n      c: { type: char, default: 1 }\n",
    },
    [
      'schemas/a.yaml:6:33: field "d": default 20240101 does not fit: date takes YYYY-MM-DD, a day of the calendar [default-type]',
      'schemas/a.yaml:7:32: field "u": values holds 1000, which does not fit: uuid takes a UUID such as 123e4567-e89b-12d3-a456-426614174000 [constraint-type]',
      'schemas/a.yaml:8:33: field "c": default 1 does not fit: char takes a string of one character (one code point); YAML reads 1 unquoted as the number 1: write it in quotes, "1" [default-type]',
    ].join("\n"),
  ],
  [
    "an unknown key that YAML reads as no text (True, 1e3, Null) is named as written, never told to be quoted: no allowed key is such text",
    {
      "a.yaml":
        "schema: a\nprefix: A\nTrue: x\nversions:\n  1:\n    fields:\n      x: { type: int32, 1e3: 2, Null: 3 }\n",
    },
    [
      'schemas/a.yaml:3:1: schema file: unknown key "True"; allowed: schema, prefix, doc, versions [unknown-key]',
      'schemas/a.yaml:7:25: field "x": unknown key "1e3"; allowed: type, doc, default, value, input, fields, min, max, pattern, values, length, min_length, max_length [unknown-key]',
      'schemas/a.yaml:7:33: field "x": unknown key "Null"; allowed: type, doc, default, value, input, fields, min, max, pattern, values, length, min_length, max_length [unknown-key]',
    ].join("\n"),
  ],
];

test.each(unquotedCases)("%s", (_rule, files, expected) => {
  expect(declarationErrors(files).join("\n")).toBe(expected);
});

// The yaml package places it where the value ends: the end of the file, the line after the last.
test("a quote never closed is named where it opens, not past the last line", () => {
  const unclosed = (value: string, after = "") => ({
    "a.yaml": schema("a", "A", `  1:\n    fields:\n      x:\n        type: string\n        ${value}\n${after}`),
  });
  const hint = "never closed, so it runs on to the end of the file: close it with the same quote [yaml-syntax]";
  expect(declarationErrors(unclosed('pattern: "^[a-z]+'))).toStrictEqual([
    `schemas/a.yaml:8:18: invalid YAML: missing closing "quote; the value quoted here is ${hint}`,
  ]);
  expect(declarationErrors(unclosed("doc: 'a field", "      y: int64\n"))).toStrictEqual([
    `schemas/a.yaml:8:14: invalid YAML: missing closing 'quote; the value quoted here is ${hint}`,
  ]);
  expect(declarationErrors({ "a.yaml": 'schema: a\nprefix: "A' })).toStrictEqual([
    `schemas/a.yaml:2:9: invalid YAML: missing closing "quote; the value quoted here is ${hint}`,
  ]);
});

// The yaml package places it where the block runs out: the line after the last, or the next key.
test("a [ or { never closed is named where it opens, with what to do", () => {
  const unclosed = (value: string, after = "") => ({
    "a.yaml": schema("a", "A", `  1:\n    fields:\n      x:\n        type: string\n        ${value}\n${after}`),
  });
  const said = (open: string, close: string) =>
    `flow ${open === "[" ? "sequence" : "map"} in block collection must be sufficiently indented and end with a ${close}; ` +
    `the ${open} here is never closed, so the lines below are read as part of it: close it with ${close}, or quote the value if the ${open} is text [yaml-syntax]`;
  expect(declarationErrors(unclosed("values: [a, b", "      y: int64\n"))).toStrictEqual([
    `schemas/a.yaml:8:17: invalid YAML: ${said("[", "]")}`,
  ]);
  expect(declarationErrors(unclosed("doc: {a: b"))).toStrictEqual([
    `schemas/a.yaml:8:14: invalid YAML: ${said("{", "}")}`,
  ]);
  expect(declarationErrors({ "a.yaml": "schema: a\nprefix: [A\n" })).toStrictEqual([
    `schemas/a.yaml:2:9: invalid YAML: ${said("[", "]")}`,
  ]);
});

// Text a user means as one value that YAML reads otherwise: a colon and a space (a ternary in a
// check, "Accuracy: ..." in a doc), a leading quote or bracket, a leading ! (a negation).
test("a check or doc that YAML cannot read as one unquoted value says to quote it", () => {
  const version = (checks: string) => ({
    "a.yaml": schema(
      "a",
      "A",
      `  1:\n    fields:\n      x: bool\n      s: string\n    checks:\n      - check: ${checks}\n        message: m\n`,
    ),
  });
  const colon =
    "; an unquoted value ends before a colon followed by a space, which YAML reads as a key: put the whole value in quotes (single quotes keep it as written: doc: 'Accuracy: the share of correct answers') [yaml-syntax]";
  expect(declarationErrors(version("row.x ? row.s !== '' : true"))).toStrictEqual([
    `schemas/a.yaml:9:16: invalid YAML: nested mappings are not allowed in compact mappings${colon}`,
  ]);
  expect(
    declarationErrors({
      "a.yaml": schema("a", "A", "  1:\n    fields:\n      x:\n        type: bool\n        doc: Done: the run ended\n"),
    }),
  ).toStrictEqual([`schemas/a.yaml:8:14: invalid YAML: nested mappings are not allowed in compact mappings${colon}`]);
  expect(declarationErrors(version('["a", "b"].includes(row.s)'))).toStrictEqual([
    "schemas/a.yaml:9:26: invalid YAML: unexpected scalar at node end; a value that starts with a quote, [ or { ends where they close, and more follows here: put the whole value in quotes (single quotes, with each ' inside written twice: check: '\"x\" !== row.a') [yaml-syntax]",
  ]);
  expect(declarationErrors(version("!row.x"))).toStrictEqual([
    "schemas/a.yaml:9:16: invalid YAML: the tag !row.x cannot be read here, and the value would be text; write the value without it, or, where the ! begins the value (a negation in a check), put the whole value in quotes: '!row.x ...' [yaml-tag]",
  ]);
});

// JSON's habit: `"epoch":"int64"` has no space after its colon, and YAML reads `epoch:int64?` as
// one text, reporting only that it runs on into the next line (or has no value, last in its map).
test("a key without a space after its colon says to write one", () => {
  const fields = (lines: string) => ({ "a.yaml": schema("a", "A", `  1:\n    fields:\n${lines}`) });
  expect(declarationErrors(fields("      epoch:int64?\n      accuracy: float32?\n"))).toStrictEqual([
    "schemas/a.yaml:6:7: invalid YAML: implicit keys need to be on a single line; a key's colon is followed by a space, else YAML reads epoch:int64? as one text: write epoch: int64? [yaml-syntax]",
  ]);
  expect(declarationErrors(fields("      accuracy: float32?\n      epoch:int64?\n"))).toStrictEqual([
    "schemas/a.yaml:7:7: invalid YAML: implicit map keys need to be followed by map values; a key's colon is followed by a space, else YAML reads epoch:int64? as one text: write epoch: int64? [yaml-syntax]",
  ]);
  expect(declarationErrors({ "a.yaml": "schema: a\nprefix:A\nversions: {}\n" })).toStrictEqual([
    "schemas/a.yaml:2:1: invalid YAML: implicit keys need to be on a single line; a key's colon is followed by a space, else YAML reads prefix:A as one text: write prefix: A [yaml-syntax]",
  ]);
});

// A file left empty (a save cut short, a checkout that wrote nothing) was told only what a schema
// file is, as a list or a text is.
test("an empty schema file, or one of only comments, is said to hold no value", () => {
  const empty =
    "schemas/a.yaml:1:1: the file holds no YAML value (it is empty, or only comments); a schema file is a mapping with the keys schema, prefix, versions (and doc) [file-shape]";
  expect(declarationErrors({ "a.yaml": "" })).toStrictEqual([empty]);
  expect(declarationErrors({ "a.yaml": "# a schema, some day\n" })[0]).toMatch(
    /^schemas\/a\.yaml:\d+:\d+: the file holds no YAML value \(it is empty, or only comments\); /,
  );
  expect(declarationErrors({ "a.yaml": "- schema: a\n" })).toStrictEqual([
    "schemas/a.yaml:1:1: a schema file is a mapping with the keys schema, prefix, versions (and doc) [file-shape]",
  ]);
});

// A field written without its colon (`offset float64`): YAML reads the line as one text, and said
// only that an implicit key must be on one line, or, alone under fields:, that fields is a mapping.
test("a field without the colon after its name says to write one, wherever it stands under fields:", () => {
  const fields = (lines: string) => ({ "a.yaml": schema("a", "A", `  1:\n    fields:\n${lines}`) });
  expect(declarationErrors(fields("      gain: float64\n      offset float64\n      x: int8?\n"))).toStrictEqual([
    "schemas/a.yaml:7:7: invalid YAML: implicit keys need to be on a single line; a key is followed by a colon and a space, else YAML reads offset float64 as one text: write offset: float64 [yaml-syntax]",
  ]);
  expect(declarationErrors(fields("      gain: float64\n      offset list<string>?\n"))).toStrictEqual([
    "schemas/a.yaml:7:7: invalid YAML: implicit map keys need to be followed by map values; a key is followed by a colon and a space, else YAML reads offset list<string>? as one text: write offset: list<string>? [yaml-syntax]",
  ]);
  expect(declarationErrors(fields("      offset float64\n"))).toStrictEqual([
    'schemas/a.yaml:6:7: fields is a mapping from field name to its type (or to a mapping with type, doc, default, constraints); YAML reads "offset float64" as one text, no field: write offset: float64 (a colon and a space after the name) [fields-shape]',
  ]);
  // Text that is no name and value (a quote, a colon in it) gets no such advice.
  expect(declarationErrors(fields("      - offset\n"))[0]).toMatch(/constraints\) \[fields-shape\]$/);
});

// A key indented off its column is read as part of the value on the line above, which YAML
// reports as that value holding a colon: the advice to quote it is no help there.
test("a line indented wrong is not told to quote a value", () => {
  const accuracy = (min: string) => ({
    "a.yaml": schema("a", "A", `  1:\n    fields:\n      accuracy:\n        type: float32?\n${min}\n        max: 1\n`),
  });
  expect(declarationErrors(accuracy("       min: 0"))).toStrictEqual([
    "schemas/a.yaml:8:1: invalid YAML: all mapping items must start at the same column; this line is indented 7 spaces, and line 7 above it 8: the keys of one mapping start in one column, so indent it as the keys beside it [yaml-syntax]",
  ]);
  expect(declarationErrors(accuracy("\tmin: 0"))).toStrictEqual([
    "schemas/a.yaml:8:1: invalid YAML: tabs are not allowed as indentation; YAML indents with spaces: indent this line with spaces instead [yaml-syntax]",
  ]);
  // Indented deeper, the line runs on from the value above; it may be meant as part of it. One
  // error, naming the line and both indentations: one space too deep is the commonest.
  const runOn = (indent: number) =>
    `schemas/a.yaml:7:15: invalid YAML: nested mappings are not allowed in compact mappings; the value that starts here runs on into line 8, whose colon YAML reads as a key's: if line 8 holds a key of its own, indent it 8 spaces, like this line's key (it has ${indent}); if it is part of the value, put the whole value in quotes (single quotes keep it as written: doc: 'Accuracy: the share of correct answers') [yaml-syntax]`;
  expect(declarationErrors(accuracy("         min: 0"))).toStrictEqual([runOn(9)]);
  expect(declarationErrors(accuracy("          min: 0"))).toStrictEqual([runOn(10)]);
  // A doc that runs on to a colon on its next line: the same one error.
  expect(
    declarationErrors({
      "a.yaml": schema(
        "a",
        "A",
        "  1:\n    fields:\n      x:\n        type: int8\n        doc: The count\n          of runs: all\n",
      ),
    }),
  ).toStrictEqual([
    "schemas/a.yaml:8:14: invalid YAML: nested mappings are not allowed in compact mappings; the value that starts here runs on into line 9, whose colon YAML reads as a key's: if line 9 holds a key of its own, indent it 8 spaces, like this line's key (it has 10); if it is part of the value, put the whole value in quotes (single quotes keep it as written: doc: 'Accuracy: the share of correct answers') [yaml-syntax]",
  ]);
});

// An editor set to indent with tabs gives YAML's error on every indented line: one says it for the file.
test("a file indented with tabs is one error, at its first tabbed line, counting them", () => {
  const tabbed = schema("a", "A", "\t1:\n\t\tfields:\n\t\t\tepoch: int64\n\t\t\taccuracy:\n\t\t\t\ttype: float32?\n");
  expect(declarationErrors({ "a.yaml": tabbed })).toStrictEqual([
    `schemas/a.yaml:4:1: invalid YAML: tabs are not allowed as indentation; YAML indents with spaces, and 5 lines of this file are indented with tabs, this one first and line 8 last: indent them with spaces instead (an editor's "convert indentation to spaces" does the whole file) [yaml-syntax]`,
  ]);
  // A tab after spaces is named where it is; the file's errors the tabs do not make are reported as before.
  const mixed = schema(
    "a",
    "A",
    '  1:\n    fields:\n    \tepoch: int64\n      x:\n        type: string\n        pattern: "\\d"\n\t\tb: int64\n',
  );
  expect(declarationErrors({ "a.yaml": mixed })).toStrictEqual([
    `schemas/a.yaml:6:5: invalid YAML: tabs are not allowed as indentation; YAML indents with spaces, and 2 lines of this file are indented with tabs, this one first and line 10 last: indent them with spaces instead (an editor's "convert indentation to spaces" does the whole file) [yaml-syntax]`,
    `schemas/a.yaml:9:19: invalid YAML: invalid escape sequence \\d; in double quotes a backslash starts an escape, so write two for one (pattern: "^\\\\d+$"), or use single quotes (pattern: '^\\d+$') [yaml-syntax]`,
  ]);
});

// The yaml package reads a line with a tab in its indentation at a depth of its guessing, and
// reports what the guess breaks (a key run on from the line above, items out of line, here and
// below) beside, or instead of, the tab: none of it is what to fix.
test("a tab on a line indented with spaces is one error, at the tab, whatever else the yaml package says", () => {
  const fields = (lines: string) => ({ "a.yaml": schema("a", "A", `  1:\n    fields:\n${lines}`) });
  const oneTab = (at: string) =>
    `schemas/a.yaml:${at}: invalid YAML: tabs are not allowed as indentation; YAML indents with spaces: indent this line with spaces instead [yaml-syntax]`;
  // Spaces, then a tab: the tab and a key that runs on from the line above, twice over.
  expect(declarationErrors(fields("      a: int64\n    \tepoch: int64\n      b: int64\n"))).toStrictEqual([
    oneTab("7:5"),
  ]);
  // A tab between spaces, which the yaml package reports only as items out of line, there and below.
  expect(declarationErrors(fields("      a: int64\n \t     epoch: int64\n      b: int64\n"))).toStrictEqual([
    oneTab("7:2"),
  ]);
  // A key with a tab, whose children and the keys after it are read out of line.
  expect(
    declarationErrors(fields("      a: int64\n    \tb:\n        type: string\n        doc: x\n      c: int64\n")),
  ).toStrictEqual([oneTab("7:5")]);
  // A struct's fields: with a tab, read as the version's, beside its own fields: no repeated key.
  expect(
    declarationErrors(
      fields("      a: int64\n      c:\n        type: struct\n    \t    fields:\n          d: int64\n"),
    ),
  ).toStrictEqual([oneTab("9:5")]);
  // A tab that begins a line of a block scalar's text is text, and errors elsewhere are said as before.
  expect(
    declarationErrors(
      fields("      a:\n        type: string\n        doc: |\n          \tindented\n       b: int64\n"),
    ),
  ).toStrictEqual([
    "schemas/a.yaml:10:1: invalid YAML: all mapping items must start at the same column; this line is indented 7 spaces, and line 8 above it 8: the keys of one mapping start in one column, so indent it as the keys beside it [yaml-syntax]",
  ]);
});
