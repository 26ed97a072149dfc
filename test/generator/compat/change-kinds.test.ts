/**
 * The verdict of each kind of change, in each mode: a table of (old declaration, new
 * declaration) -> (change kind, backward, forward). full = backward && forward.
 */
import { describe, expect, test } from "vitest";
import type { ChangeKind } from "../../../generator/compat/index.js";
import { compareYaml, twoVersions } from "./helpers.js";

interface Case {
  readonly name: string;
  readonly v1: string;
  readonly v2: string;
  /** The expected changes: [kind, path, backward, forward]; empty for "no change". */
  readonly expected: readonly (readonly [ChangeKind, string, boolean, boolean])[];
}

const f = (fields: string, extra = "") =>
  `fields:\n${fields
    .trim()
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n")}${extra === "" ? "" : `\n${extra.trim()}`}`;

const CASES: readonly Case[] = [
  { name: "nothing changed", v1: f("a: int32"), v2: f("a: int32"), expected: [] },
  {
    name: "fields reordered (matched by name)",
    v1: f("a: int32\nb: string"),
    v2: f("b: string\na: int32"),
    expected: [],
  },
  {
    name: "optional field added",
    v1: f("a: int32"),
    v2: f("a: int32\nb: string?"),
    expected: [["field-added", "b", true, true]],
  },
  {
    name: "required field added",
    v1: f("a: int32"),
    v2: f("a: int32\nb: string"),
    expected: [["field-added", "b", false, true]],
  },
  {
    name: "optional computed field added (its value: computes it for old rows)",
    v1: f("a: int32"),
    v2: f('a: int32\nb:\n  type: int32?\n  max: 3\n  value: "row.a + 1"'),
    expected: [["field-added", "b", false, true]],
  },
  {
    name: "optional computed field removed (the old value: computes it for new rows)",
    v1: f('a: int32\nb:\n  type: int32?\n  max: 3\n  value: "row.a + 1"'),
    v2: f("a: int32"),
    expected: [["field-removed", "b", true, false]],
  },
  {
    name: "optional field added, a check on both sides reads only another field",
    v1: f("a: int32", "checks:\n  - check: row.a > 0\n    message: positive"),
    v2: f("a: int32\nb: string?", "checks:\n  - check: row.a > 0\n    message: positive"),
    expected: [["field-added", "b", true, true]],
  },
  {
    name: "optional field added, a check on both sides reads the whole row",
    v1: f("a: int32", "checks:\n  - check: Object.keys(row).length === 1\n    message: one field"),
    v2: f("a: int32\nb: string?", "checks:\n  - check: Object.keys(row).length === 1\n    message: one field"),
    expected: [["field-added", "b", false, false]],
  },
  {
    name: "optional field removed, a check on both sides reads it where the row has it",
    v1: f("a: int32\nb: int32?", "checks:\n  - check: '!(\"b\" in row) || row.b !== null'\n    message: b given"),
    v2: f("a: int32", "checks:\n  - check: '!(\"b\" in row) || row.b !== null'\n    message: b given"),
    expected: [["field-removed", "b", false, false]],
  },
  {
    name: "required field with a default added (a default fills values, not columns)",
    v1: f("a: int32"),
    v2: f("a: int32\nb:\n  type: int32\n  default: 1"),
    expected: [["field-added", "b", false, true]],
  },
  {
    name: "optional field removed",
    v1: f("a: int32\nb: string?"),
    v2: f("a: int32"),
    expected: [["field-removed", "b", true, true]],
  },
  {
    name: "required field removed",
    v1: f("a: int32\nb: string"),
    v2: f("a: int32"),
    expected: [["field-removed", "b", true, false]],
  },
  { name: "made optional", v1: f("a: int32"), v2: f("a: int32?"), expected: [["made-optional", "a", true, false]] },
  { name: "made required", v1: f("a: int32?"), v2: f("a: int32"), expected: [["made-required", "a", false, true]] },
  {
    name: "int32 -> int64 (another Arrow column type)",
    v1: f("a: int32"),
    v2: f("a: int64"),
    expected: [["type-changed", "a", false, false]],
  },
  { name: "int64 -> int32", v1: f("a: int64"), v2: f("a: int32"), expected: [["type-changed", "a", false, false]] },
  // Julia's Any holds every value (and missing): narrowing it is safe forward, widening to it is breaking.
  {
    name: "any -> int64 (narrowed, and made required)",
    v1: f("a: any"),
    v2: f("a: int64"),
    expected: [
      ["made-required", "a", false, true],
      ["type-changed", "a", false, true],
    ],
  },
  {
    name: "string? -> any (widened)",
    v1: f("a: string?"),
    v2: f("a: any"),
    expected: [["type-changed", "a", true, false]],
  },
  {
    name: "float32 -> float64",
    v1: f("a: float32"),
    v2: f("a: float64"),
    expected: [["type-changed", "a", false, false]],
  },
  { name: "uint8 -> int16", v1: f("a: uint8"), v2: f("a: int16"), expected: [["type-changed", "a", false, false]] },
  // Old ns tables read in ms lose their sub-millisecond part; new ms tables read exactly in ns.
  {
    name: "timestamp unit coarser",
    v1: f("a: timestamp"),
    v2: f("a: timestamp<ms>"),
    expected: [["type-changed", "a", false, true]],
  },
  {
    name: "timestamp unit finer",
    v1: f("a: timestamp<s, UTC>"),
    v2: f("a: timestamp<us, UTC>"),
    expected: [["type-changed", "a", true, false]],
  },
  {
    name: "timestamp time zone",
    v1: f("a: timestamp<ns, UTC>"),
    v2: f("a: timestamp"),
    expected: [["type-changed", "a", false, false]],
  },
  // Julia's ZonedDateTime in any zone: the same instants, read alike under both.
  {
    name: "timestamp zone to another zone",
    v1: f("a: timestamp<ms, UTC>"),
    v2: f("a: timestamp<ms, Europe/Paris>"),
    expected: [["type-changed", "a", true, true]],
  },
  { name: "string -> binary", v1: f("a: string"), v2: f("a: binary"), expected: [["type-changed", "a", false, false]] },
  // Julia's subtyping (issue 23): a widening to an abstract type keeps old tables valid, a narrowing new ones.
  {
    name: "float64 -> real (widened)",
    v1: f("a: float64"),
    v2: f("a: real"),
    expected: [["type-changed", "a", true, false]],
  },
  {
    name: "real -> float64 (narrowed)",
    v1: f("a: real"),
    v2: f("a: float64"),
    expected: [["type-changed", "a", false, true]],
  },
  {
    name: "int8 -> integer (widened)",
    v1: f("a: int8"),
    v2: f("a: integer"),
    expected: [["type-changed", "a", true, false]],
  },
  {
    name: "int64 -> integer with the same values and default (1n there is 1 here)",
    v1: f("a:\n  type: int64\n  values: [1, 2]\nb:\n  type: int64?\n  default: 1"),
    v2: f("a:\n  type: integer\n  values: [1, 2]\nb:\n  type: integer?\n  default: 1"),
    expected: [
      ["type-changed", "a", true, false],
      ["type-changed", "b", true, false],
    ],
  },
  {
    name: "int64 -> integer, its enumeration deciding: every old value the bound admits is listed",
    v1: f("a:\n  type: int64\n  values: [1, 2]\n  min: 2"),
    v2: f("a:\n  type: integer\n  values: [2]"),
    expected: [
      ["type-changed", "a", true, false],
      ["constraint-loosened", "a", true, true],
      ["constraint-tightened", "a", true, true],
    ],
  },
  {
    name: "integer -> number (widened)",
    v1: f("a: integer"),
    v2: f("a: number"),
    expected: [["type-changed", "a", true, false]],
  },
  {
    name: "period -> duration<ms> (narrowed)",
    v1: f("a: period"),
    v2: f("a: duration<ms>"),
    expected: [["type-changed", "a", false, true]],
  },
  {
    name: "float32 -> integer (no subtype)",
    v1: f("a: float32"),
    v2: f("a: integer"),
    expected: [["type-changed", "a", false, false]],
  },
  {
    name: "symbol -> string (Symbol is no AbstractString)",
    v1: f("a: symbol"),
    v2: f("a: string"),
    expected: [["type-changed", "a", false, false]],
  },
  {
    name: "list element type",
    v1: f("a: list<int32>"),
    v2: f("a: list<int64>"),
    expected: [["type-changed", "a[]", false, false]],
  },
  {
    name: "min raised",
    v1: f("a:\n  type: int32\n  min: 0"),
    v2: f("a:\n  type: int32\n  min: 1"),
    expected: [["constraint-tightened", "a", false, true]],
  },
  {
    name: "min lowered",
    v1: f("a:\n  type: int32\n  min: 1"),
    v2: f("a:\n  type: int32\n  min: 0"),
    expected: [["constraint-loosened", "a", true, false]],
  },
  {
    name: "min added",
    v1: f("a: float64"),
    v2: f("a:\n  type: float64\n  min: 0"),
    expected: [["constraint-tightened", "a", false, true]],
  },
  {
    name: "max removed",
    v1: f("a:\n  type: float64\n  max: 1"),
    v2: f("a: float64"),
    expected: [["constraint-loosened", "a", true, false]],
  },
  {
    name: "max at the type's own bound adds nothing",
    v1: f("a: uint8"),
    v2: f("a:\n  type: uint8\n  max: 255"),
    expected: [],
  },
  {
    name: "bounds at a time of day's own range add nothing",
    v1: f("a: time"),
    v2: f("a:\n  type: time\n  min: 0\n  max: 86399999999999"),
    expected: [],
  },
  {
    name: "bounds at an Int64's range add nothing to a timestamp or duration",
    v1: f("a: timestamp\nb: duration<ms>"),
    v2: f("a:\n  type: timestamp\n  min: -9223372036854775808\nb:\n  type: duration<ms>\n  max: 9223372036854775807"),
    expected: [],
  },
  {
    name: "a time of day's bound tightened within its range",
    v1: f("a: time"),
    v2: f("a:\n  type: time\n  min: 1"),
    expected: [["constraint-tightened", "a", false, true]],
  },
  {
    name: "min and max both tightened",
    v1: f("a:\n  type: int64\n  min: 0\n  max: 10"),
    v2: f("a:\n  type: int64\n  min: 1\n  max: 9"),
    expected: [
      ["constraint-tightened", "a", false, true],
      ["constraint-tightened", "a", false, true],
    ],
  },
  {
    name: "pattern added",
    v1: f("a: string"),
    v2: f("a:\n  type: string\n  pattern: '^x'"),
    expected: [["constraint-tightened", "a", false, true]],
  },
  {
    name: "pattern removed",
    v1: f("a:\n  type: string\n  pattern: '^x'"),
    v2: f("a: string"),
    expected: [["constraint-loosened", "a", true, false]],
  },
  {
    name: "pattern widened (every old string still matches)",
    v1: f("a:\n  type: string\n  pattern: '^run-[0-9]{4}$'"),
    v2: f("a:\n  type: string\n  pattern: '^run-[0-9]{4,6}$'"),
    expected: [["constraint-loosened", "a", true, false]],
  },
  {
    name: "pattern narrowed",
    v1: f("a:\n  type: string\n  pattern: '^[xy]'"),
    v2: f("a:\n  type: string\n  pattern: '^x'"),
    expected: [["constraint-tightened", "a", false, true]],
  },
  {
    name: "pattern rewritten, accepting the same strings",
    v1: f("a:\n  type: string\n  pattern: '^[0-9]+$'"),
    v2: f("a:\n  type: string\n  pattern: '^\\d+$'"),
    expected: [["constraint-changed", "a", true, true]],
  },
  {
    name: "pattern unanchored -> anchored (unanchored matches anywhere in the string)",
    v1: f("a:\n  type: string\n  pattern: 'b'"),
    v2: f("a:\n  type: string\n  pattern: '^b'"),
    expected: [["constraint-tightened", "a", false, true]],
  },
  {
    name: "pattern a -> a+ (unanchored: the same strings)",
    v1: f("a:\n  type: string\n  pattern: 'a'"),
    v2: f("a:\n  type: string\n  pattern: 'a+'"),
    expected: [["constraint-changed", "a", true, true]],
  },
  {
    name: "pattern changed, each side accepting strings the other rejects",
    v1: f("a:\n  type: string\n  pattern: '^a'"),
    v2: f("a:\n  type: string\n  pattern: '^b'"),
    expected: [["constraint-changed", "a", false, false]],
  },
  {
    name: "pattern with a backreference (no automaton) changed: taken to break both directions",
    v1: f("a:\n  type: string\n  pattern: '^(a+)\\1$'"),
    v2: f("a:\n  type: string\n  pattern: '^(a+)\\1b?$'"),
    expected: [["constraint-changed", "a", false, false]],
  },
  {
    name: "values extended",
    v1: f("a:\n  type: string\n  values: [x, y]"),
    v2: f("a:\n  type: string\n  values: [x, y, z]"),
    expected: [["constraint-loosened", "a", true, false]],
  },
  {
    name: "values reduced",
    v1: f("a:\n  type: string\n  values: [x, y]"),
    v2: f("a:\n  type: string\n  values: [x]"),
    expected: [["constraint-tightened", "a", false, true]],
  },
  {
    name: "values swapped",
    v1: f("a:\n  type: int32\n  values: [1, 2]"),
    v2: f("a:\n  type: int32\n  values: [2, 3]"),
    expected: [["constraint-changed", "a", false, false]],
  },
  {
    name: "values added",
    v1: f("a: int32"),
    v2: f("a:\n  type: int32\n  values: [1]"),
    expected: [["constraint-tightened", "a", false, true]],
  },
  {
    name: "an enumeration decides exactly: a min every listed value meets",
    v1: f("a:\n  type: int32\n  values: [1, 2]"),
    v2: f("a:\n  type: int32\n  values: [1, 2]\n  min: 1"),
    expected: [["constraint-tightened", "a", true, true]],
  },
  {
    name: "an enumeration decides exactly: a changed pattern every listed value matches",
    v1: f("a:\n  type: string\n  values: [ab, ac]\n  pattern: '^a'"),
    v2: f("a:\n  type: string\n  values: [ab, ac]\n  pattern: '^a[bc]$'"),
    expected: [["constraint-tightened", "a", true, true]],
  },
  {
    name: "length -> the same min/max lengths",
    v1: f("a:\n  type: string\n  length: 3"),
    v2: f("a:\n  type: string\n  min_length: 3\n  max_length: 3"),
    expected: [],
  },
  {
    name: "min_length raised",
    v1: f("a:\n  type: string\n  min_length: 1"),
    v2: f("a:\n  type: string\n  min_length: 2"),
    expected: [["constraint-tightened", "a", false, true]],
  },
  {
    name: "max_length raised",
    v1: f("a:\n  type: list<int32>\n  max_length: 2"),
    v2: f("a:\n  type: list<int32>\n  max_length: 3"),
    expected: [["constraint-loosened", "a", true, false]],
  },
  {
    name: "length changed",
    v1: f("a:\n  type: binary\n  length: 2"),
    v2: f("a:\n  type: binary\n  length: 3"),
    expected: [["constraint-changed", "a", false, false]],
  },
  {
    name: "default changed, no check reads it",
    v1: f("a:\n  type: int32?\n  default: 1"),
    v2: f("a:\n  type: int32?\n  default: 2"),
    expected: [["default-changed", "a", true, true]],
  },
  {
    name: "default changed, a check reads it",
    v1: f("a:\n  type: int32?\n  default: 1", "checks:\n  - check: row.a !== 2\n    message: not two"),
    v2: f("a:\n  type: int32?\n  default: 2", "checks:\n  - check: row.a !== 2\n    message: not two"),
    expected: [["default-changed", "a", false, false]],
  },
  {
    name: "default changed, a check reads only another field",
    v1: f("a:\n  type: int32?\n  default: 1\nb: int32", "checks:\n  - check: row.b > 0\n    message: positive"),
    v2: f("a:\n  type: int32?\n  default: 2\nb: int32", "checks:\n  - check: row.b > 0\n    message: positive"),
    expected: [["default-changed", "a", true, true]],
  },
  {
    name: "default changed, another field's value: reads it",
    v1: f('a:\n  type: int32?\n  default: 1\nb:\n  type: int32\n  value: "row.a ?? 0"'),
    v2: f('a:\n  type: int32?\n  default: 2\nb:\n  type: int32\n  value: "row.a ?? 0"'),
    expected: [["default-changed", "a", false, false]],
  },
  {
    name: "default changed, only its own value: reads it (before the default fills it)",
    v1: f('a:\n  type: int32?\n  default: 1\n  value: "row.a"'),
    v2: f('a:\n  type: int32?\n  default: 2\n  value: "row.a"'),
    expected: [["default-changed", "a", true, true]],
  },
  {
    name: "default changed, a check passes the whole row on",
    v1: f("a:\n  type: int32?\n  default: 1", "checks:\n  - check: Object.values(row).length > 0\n    message: m"),
    v2: f("a:\n  type: int32?\n  default: 2", "checks:\n  - check: Object.values(row).length > 0\n    message: m"),
    expected: [["default-changed", "a", false, false]],
  },
  {
    name: "check added",
    v1: f("a: int32"),
    v2: f("a: int32", "checks:\n  - check: row.a > 0\n    message: positive"),
    expected: [["check-added", "", false, true]],
  },
  {
    name: "check removed",
    v1: f("a: int32", "checks:\n  - check: row.a > 0\n    message: positive"),
    v2: f("a: int32"),
    expected: [["check-removed", "", true, false]],
  },
  {
    name: "check re-worded only",
    v1: f("a: int32", "checks:\n  - check: row.a > 0\n    message: positive"),
    v2: f("a: int32", "checks:\n  - check: row.a  >  0 // same\n    message: must be positive"),
    expected: [["check-message-changed", "", true, true]],
  },
  {
    name: "struct child added (optional)",
    v1: f("s:\n  type: struct\n  fields:\n    x: int32"),
    v2: f("s:\n  type: struct\n  fields:\n    x: int32\n    y: int32?"),
    expected: [["field-added", "s.y", true, true]],
  },
  {
    name: "struct child added (required)",
    v1: f("s:\n  type: struct\n  fields:\n    x: int32"),
    v2: f("s:\n  type: struct\n  fields:\n    x: int32\n    y: int32"),
    expected: [["field-added", "s.y", false, true]],
  },
  {
    name: "struct child type",
    v1: f("s:\n  type: struct\n  fields:\n    x: int32"),
    v2: f("s:\n  type: struct\n  fields:\n    x: int16"),
    expected: [["type-changed", "s.x", false, false]],
  },
  {
    name: "a required struct child gains a default (nested nulls now read as it)",
    v1: f("s:\n  type: struct\n  fields:\n    x: int32"),
    v2: f("s:\n  type: struct\n  fields:\n    x:\n      type: int32\n      default: 0"),
    expected: [["default-changed", "s.x", true, false]],
  },
  {
    name: "a required top-level field gains a default (its nulls now read as it)",
    v1: f("a: int32"),
    v2: f("a:\n  type: int32\n  default: 0"),
    expected: [["default-changed", "a", true, false]],
  },
  {
    name: "a required top-level field loses its default (old tables may hold nulls there)",
    v1: f("a:\n  type: int32\n  default: 0"),
    v2: f("a: int32"),
    expected: [["default-changed", "a", false, true]],
  },
  {
    name: "list of structs: element child removed",
    v1: f("a: list<int32>\np:\n  type: list<struct>\n  fields:\n    x: int32\n    y: int32"),
    v2: f("a: list<int32>\np:\n  type: list<struct>\n  fields:\n    x: int32"),
    expected: [["field-removed", "p[].y", true, false]],
  },
  // Julia's containers and unions (issue 23): storage and Julia's subtyping decide.
  {
    name: "vector<T> <-> list<T> (one storage, the same values)",
    v1: f("a: vector<float64>"),
    v2: f("a: list<float64>"),
    expected: [["type-changed", "a", true, true]],
  },
  {
    name: "vector<any> narrowed to list<T> (Vector{Float64} <: AbstractVector; old tables may hold other lists)",
    v1: f("a: vector<any>"),
    v2: f("a: list<float64>"),
    expected: [["type-changed", "a", false, true]],
  },
  {
    name: "vector<T> widened to vector<any> (new tables may hold lists of other elements)",
    v1: f("a: vector<int64>"),
    v2: f("a: vector<any>"),
    expected: [["type-changed", "a", true, false]],
  },
  {
    name: "any narrowed to vector<any>",
    v1: f("a: any"),
    v2: f("a: vector<any>"),
    expected: [
      ["made-required", "a", false, true],
      ["type-changed", "a", false, true],
    ],
  },
  {
    name: "union narrowed to a member (old tables may hold the other member)",
    v1: f("a: union<int64, string>"),
    v2: f("a: int64"),
    expected: [["type-changed", "a", false, true]],
  },
  {
    name: "union narrowed to fewer members",
    v1: f("a: union<int64, string, bool>"),
    v2: f("a: union<int64, bool>"),
    expected: [["type-changed", "a", false, true]],
  },
  {
    name: "member widened to a union (Julia's widening is breaking)",
    v1: f("a: string"),
    v2: f("a: union<int64, string>"),
    expected: [["type-changed", "a", true, false]],
  },
  {
    name: "tuple narrowed part by part",
    v1: f("a: tuple<union<int64, string>, bool>"),
    v2: f("a: tuple<int64, bool>"),
    expected: [["type-changed", "a", false, true]],
  },
  {
    name: "set<int32> -> set<int64> (invariant, another storage)",
    v1: f("a: set<int32>"),
    v2: f("a: set<int64>"),
    expected: [["type-changed", "a", false, false]],
  },
  {
    name: "ntuple length changed",
    v1: f("a: ntuple<float32, 3>"),
    v2: f("a: ntuple<float32, 4>"),
    expected: [["type-changed", "a", false, false]],
  },
];

describe("each kind of change, with its verdict in each mode", () => {
  test.each(CASES)("$name", ({ v1, v2, expected }) => {
    const files = twoVersions(v1, v2);
    const comparison = compareYaml(files, "t.item@1", files, "t.item@2");
    expect(comparison.changes.map((c) => [c.kind, c.path, c.backward, c.forward])).toEqual(expected);
    const backward = expected.every(([, , b]) => b);
    const forward = expected.every(([, , , fw]) => fw);
    expect({ backward: comparison.backward, forward: comparison.forward, full: comparison.full }).toEqual({
      backward,
      forward,
      full: backward && forward,
    });
    expect(comparison.bumpRequired).toBe(!(backward && forward));
    expect(comparison.inPlace).toBe(false);
    for (const change of comparison.changes) expect(change.reason.length).toBeGreaterThan(10);
  });
});

describe("a type that keeps its Arrow storage but not its Julia type", () => {
  // Arrow.jl labels a symbol, a DateTime or a Set column (JuliaLang.Symbol, JuliaLang.DateTime,
  // JuliaLang.Set), and Legolas.jl refuses a column of one Julia type for a field of the other.
  test.each([
    ["string", "symbol", "Arrow Utf8"],
    ["timestamp<ms>", "datetime", "Arrow Timestamp<MILLISECOND>"],
    ["set<int64>", "list<int64>", "Arrow List<Int64>"],
  ])("%s -> %s breaks both ways, for its label", (before, after, storage) => {
    const files = twoVersions(f(`a: ${before}`), f(`a: ${after}`));
    const [change] = compareYaml(files, "t.item@1", files, "t.item@2").changes;
    expect([change!.backward, change!.forward]).toEqual([false, false]);
    expect(change!.reason).toMatch(
      new RegExp(`^both are stored as ${storage.replace(/[<>]/g, "\\$&")}, but Julia tells`),
    );
    expect(change!.reason).toContain("Arrow extension label");
  });
});

describe("a changed pattern, decided by the strings each side accepts", () => {
  const pattern = (source: string) => f(`a:\n  type: string\n  pattern: '${source}'`);
  test.each([
    [
      "^run-[0-9]{4}$",
      "^run-[0-9]{4,6}$",
      'the new pattern accepts every string the old one does; new tables may hold strings the old pattern rejects, such as "run-00000"',
    ],
    [
      "^[a-z]+$",
      "^[a-z]{2,}$",
      'old tables may hold strings the new pattern rejects, such as "a"; every string the new pattern accepts was valid before',
    ],
    [
      "^a",
      "^b",
      'old tables may hold strings the new pattern rejects, such as "a"; new tables may hold strings the old pattern rejects, such as "b"',
    ],
    ["[0-9]", "\\d", "both patterns accept the same strings"],
    [
      "^(a+)\\1$",
      "^(a+)\\1b?$",
      "/^(a+)\\1$/ has no automaton: it holds a backreference, so the patterns cannot be compared and the change is taken to break both directions (list the allowed values with `values` to let compat decide exactly)",
    ],
    [
      "^a+$",
      "(?<=a)b",
      "/(?<=a)b/ has no automaton: it holds a lookaround, so the patterns cannot be compared and the change is taken to break both directions (list the allowed values with `values` to let compat decide exactly)",
    ],
  ])("/%s/ -> /%s/", (before, after, reason) => {
    const files = twoVersions(pattern(before), pattern(after));
    const changes = compareYaml(files, "t.item@1", files, "t.item@2").changes;
    expect(changes.map((c) => [c.detail, c.reason])).toEqual([[`pattern /${before}/ -> /${after}/`, reason]]);
  });
});

describe("a struct's child is a field of the struct's column, not a column", () => {
  const config = (children: string) => f(`config:\n  type: struct\n  fields:\n${children}`);
  const compare = (v1: string, v2: string) => {
    const files = twoVersions(v1, v2);
    return compareYaml(files, "t.item@1", files, "t.item@2").changes;
  };

  test("an optional child added, and removed", () => {
    const [added] = compare(config("    rate: float64"), config("    rate: float64\n    dropout: float64?"));
    expect(added!.caveat!.text).toBe(
      'backward holds unless a table carries an undeclared "dropout" field in the "config" struct (extra struct fields may hold anything) that the new declaration rejects',
    );
    expect(added!.reason).toBe(
      "an optional field may be absent, as it is from old tables; to the old version the new struct field is an extra struct field, which is allowed",
    );
    const [removed] = compare(config("    rate: float64\n    dropout: float64?"), config("    rate: float64"));
    expect(removed!.caveat!.text).toContain('an undeclared "dropout" field in the "config" struct');
    expect(removed!.reason).toContain("to the new version the old struct field is an extra struct field");
  });

  test("a required child added", () => {
    const [added] = compare(config("    rate: float64"), config("    rate: float64\n    dropout: float64"));
    expect(added!.reason).toBe(
      'old tables have no "dropout" field in the "config" struct, which a required field needs (a default fills missing values in rows, not a missing struct field); make it optional to keep backward compatibility',
    );
  });

  test("a child made optional", () => {
    const [change] = compare(config("    rate: float64"), config("    rate: float64?"));
    expect(change!.reason).toBe(
      "new tables may lack the struct field or hold nulls in it, which the old version rejects",
    );
  });

  test("made optional or required, with a default taking nulls: the reason names only the missing child", () => {
    const defaulted = "    rate:\n      type: float64\n      default: 0";
    const [optional] = compare(config(defaulted), config("    rate: float64?"));
    expect(optional!.reason).toBe("new tables may lack the struct field, which the old version rejects");
    const [required] = compare(config("    rate: float64?"), config(defaulted));
    expect(required!.reason).toBe(
      "old tables may lack the struct field, which the new version rejects (a default does not fill a missing struct field)",
    );
  });

  test("a top-level field stays a column", () => {
    const [added] = compare(f("a: int32"), f("a: int32\nb: int32?"));
    expect(added!.caveat!.text).toContain('an undeclared "b" column (extra columns may hold anything)');
  });
});

describe("a float32's or float16's bound, held rounded, is shown as the YAML declared it", () => {
  const change = (v1: string, v2: string) => {
    const files = twoVersions(f(v1), f(v2));
    const [found] = compareYaml(files, "t.item@1", files, "t.item@2").changes;
    return { detail: found!.detail, reason: found!.reason };
  };

  test.each([
    ["float32", "0.9", "0.7", "max 0.9 -> 0.7", "the new max 0.7"],
    ["float32", "0.123456789", "0.1", "max 0.12345679 -> 0.1", "the new max 0.1"],
    ["float16", "0.1", "0.05", "max 0.1 -> 0.05", "the new max 0.05"],
    ["float64", "0.9", "0.7", "max 0.9 -> 0.7", "the new max 0.7"],
  ])("%s, max %s -> %s", (type, old, neu, detail, reason) => {
    const found = change(`a:\n  type: ${type}\n  max: ${old}`, `a:\n  type: ${type}\n  max: ${neu}`);
    expect(found.detail).toBe(detail);
    expect(found.reason).toContain(reason);
  });

  test("so are its listed values and its default", () => {
    const values = change("a:\n  type: float32\n  values: [0.1, 0.9]", "a:\n  type: float32\n  values: [0.1]");
    expect(values).toEqual({
      detail: "values [0.1, 0.9] -> [0.1]",
      reason: "old tables may hold 0.9, no longer allowed",
    });
    const files = twoVersions(f("a:\n  type: float16?\n  default: 0.1"), f("a:\n  type: float16?\n  default: 0.3"));
    const changes = compareYaml(files, "t.item@1", files, "t.item@2").changes;
    expect(changes.map((c) => c.detail)).toEqual(["default 0.1 -> 0.3"]);
  });
});

describe("a field renamed: removed, and another of its type added", () => {
  const changes = (v1: string, v2: string) => {
    const files = twoVersions(f(v1), f(v2));
    return compareYaml(files, "t.item@1", files, "t.item@2").changes;
  };

  test("the added field's reason says how old tables' values reach it, not only to make it optional", () => {
    const [removed, added] = changes("run: string\nlr: float64", "run: string\nlearning_rate: float64");
    expect(removed).toMatchObject({ kind: "field-removed", path: "lr" });
    expect(added).toMatchObject({ kind: "field-added", path: "learning_rate", backward: false, forward: true });
    expect(added!.reason).toBe(
      'old tables have no "learning_rate" column, which a required field needs (a default fills missing values in rows, not a missing column); make it optional to keep backward compatibility; ' +
        'if it renames "lr" (removed, of its type), old tables keep their values under "lr", which no reader of the new version takes as "learning_rate": read them as the old version and give each row learning_rate: row.lr to write it as the new one',
    );
  });

  test("no rename is told where the pairing is not one to one, or the types differ", () => {
    const twoRemoved = changes("lr: float64\nmomentum: float64", "learning_rate: float64");
    expect(twoRemoved.find((c) => c.kind === "field-added")!.reason).not.toContain("renames");
    const otherType = changes("lr: float32", "learning_rate: float64");
    expect(otherType.find((c) => c.kind === "field-added")!.reason).not.toContain("renames");
  });
});
