/**
 * `legolas compat`'s verdicts against what actually happens: for a version changed in place
 * (`v@1` in an old and a new folder), rows are written under one declaration and read under the
 * other. A direction holds when the table reads, and reads as the values its own declaration
 * reads: a table that reads but to other values is no more compatible than one that fails.
 *
 * Each case gives rows that show its verdict: where compat says a direction breaks, they are the
 * table that breaks it; where it says it holds, they are one table that must read.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  type DataType,
  Duration,
  Field,
  Float32,
  Int32,
  Int64,
  Struct,
  Table,
  TimeUnit,
  tableToIPC,
  Utf8,
  vectorFromArray,
} from "apache-arrow";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { catalogOf, compareVersions, type Catalog } from "../../../generator/compat/index.js";
import { generate } from "../../../generator/generate.js";
import { readTableBytes, writeTableBytes, type SchemaVersion } from "../../../runtime/index.js";

type TableSource = readonly object[] | (() => Uint8Array);

interface Case {
  readonly name: string;
  /** The YAML under `fields:` of `v@1`, before and after. */
  readonly old: string;
  readonly new: string;
  readonly backward: boolean;
  readonly forward: boolean;
  /** A table of old rows (as the old declaration writes them, or Arrow bytes another writer made). */
  readonly oldTable?: TableSource;
  readonly newTable?: TableSource;
}

/** A table another writer made, its one column `a` stored as `type` (an Int64 column for a string, say). */
const columnOf =
  (values: readonly unknown[], type: DataType): (() => Uint8Array) =>
  () =>
    tableToIPC(new Table({ a: vectorFromArray(values as unknown[], type) }), "file");

/** Two versions of a record that other schemas nest, declared alike. */
const RECORD =
  "schema: p\nprefix: P\nversions:\n  1:\n    fields:\n      u: int64\n  2:\n    fields:\n      u: int64\n";

/** A record changed in place: the new folder's r@1 has a required field more. */
const RECORD_IN_PLACE = {
  old: "schema: r\nprefix: R\nversions:\n  1:\n    fields:\n      u: int64\n",
  new: "schema: r\nprefix: R\nversions:\n  1:\n    fields:\n      u: int64\n      w: int64\n",
};

/** A record changed in place: the new folder's o@1 has an optional field more. */
const OPTIONAL_IN_PLACE = {
  old: "schema: o\nprefix: O\nversions:\n  1:\n    fields:\n      u: int64\n",
  new: "schema: o\nprefix: O\nversions:\n  1:\n    fields:\n      u: int64\n      w: int64?\n",
};

/** A record whose field is computed: read through its expression, "abc" is "ABC". */
const COMPUTED_RECORD =
  'schema: q\nprefix: Q\nversions:\n  1:\n    fields:\n      s:\n        type: string\n        value: "String(row.s).toUpperCase()"\n';

const CASES: readonly Case[] = [
  {
    name: "a nested record re-pinned (p@1 -> p@2)",
    old: "a: p@1",
    new: "a: p@2",
    backward: false,
    forward: false,
    oldTable: [{ a: { u: 1n } }],
    newTable: [{ a: { u: 1n } }],
  },
  {
    name: "a list of nested records re-pinned (list<p@1> -> list<p@2>)",
    old: "a: list<p@1>",
    new: "a: list<p@2>",
    backward: false,
    forward: false,
    oldTable: [{ a: [{ u: 1n }] }],
    newTable: [{ a: [{ u: 1n }] }],
  },
  {
    name: "a value: expression added (a stored abcd reads as ABC through it)",
    old: "a:\n  type: string\n  max_length: 3",
    new: 'a:\n  type: string\n  max_length: 3\n  value: "String(row.a).toUpperCase().slice(0, 3)"',
    backward: false,
    forward: false,
    oldTable: [{ a: "abc" }],
    newTable: columnOf(["abcd"], new Utf8()),
  },
  {
    name: "a value: expression removed (a stored abcd read as ABC through it)",
    old: 'a:\n  type: string\n  max_length: 3\n  value: "String(row.a).toUpperCase().slice(0, 3)"',
    new: "a:\n  type: string\n  max_length: 3",
    backward: false,
    forward: false,
    oldTable: columnOf(["abcd"], new Utf8()),
    newTable: [{ a: "abc" }],
  },
  {
    name: "a value: expression removed from a field an old table may lack",
    old: 'a:\n  type: string\n  value: "String(row.a).toUpperCase()"',
    new: "a: string",
    backward: false,
    forward: false,
    oldTable: () => tableToIPC(new Table({ k: vectorFromArray([1], new Int32()) }), "file"),
    newTable: [{ a: "abc" }],
  },
  {
    name: "a value: expression changed, so that old values break max_length",
    old: 'a:\n  type: string\n  max_length: 3\n  value: "String(row.a)"',
    new: "a:\n  type: string\n  max_length: 3\n  value: \"String(row.a) + '!'\"",
    backward: false,
    forward: false,
    oldTable: [{ a: "abc" }],
    newTable: [{ a: "a" }],
  },
  {
    name: "input: any removed",
    old: 'a:\n  type: string\n  input: any\n  value: "String(row.a)"',
    new: 'a:\n  type: string\n  value: "String(row.a)"',
    backward: false,
    forward: true,
    oldTable: columnOf([5n], new Int64()),
    newTable: [{ a: "x" }],
  },
  {
    name: "input: any added",
    old: 'a:\n  type: string\n  value: "String(row.a)"',
    new: 'a:\n  type: string\n  input: any\n  value: "String(row.a)"',
    backward: true,
    forward: false,
    oldTable: [{ a: "x" }],
    newTable: columnOf([5n], new Int64()),
  },
  {
    name: "vector<string> max_length 2 -> list<string> max_length 1 (one storage)",
    old: "a:\n  type: vector<string>\n  max_length: 2",
    new: "a:\n  type: list<string>\n  max_length: 1",
    backward: false,
    forward: true,
    oldTable: [{ a: ["p", "q"] }],
    newTable: [{ a: ["p"] }],
  },
  {
    name: "integer min 0 -> int64 (narrowed, and its bound dropped)",
    old: "a:\n  type: integer\n  min: 0",
    new: "a: int64",
    backward: false,
    forward: false,
    oldTable: columnOf([1], new Int32()),
    newTable: [{ a: -1n }],
  },
  {
    name: "real max 1 -> float64 (narrowed, and its bound dropped)",
    old: "a:\n  type: real\n  max: 1",
    new: "a: float64",
    backward: false,
    forward: false,
    oldTable: columnOf([0.5], new Float32()),
    newTable: [{ a: 5 }],
  },
  {
    name: "int64 values [1, 2] -> integer values [1, 2] (widened; the same values)",
    old: "a:\n  type: int64\n  values: [1, 2]",
    new: "a:\n  type: integer\n  values: [1, 2]",
    backward: true,
    forward: false,
    oldTable: [{ a: 1n }, { a: 2n }],
    newTable: columnOf([1], new Int32()),
  },
  {
    name: "an enumeration holding NaN gains a min (NaN breaks any bound)",
    old: "a:\n  type: float64\n  values: [.nan, 1.0]",
    new: "a:\n  type: float64\n  values: [.nan, 1.0]\n  min: 0",
    backward: false,
    forward: true,
    oldTable: [{ a: Number.NaN }],
    newTable: [{ a: 1 }],
  },
  {
    name: "a pattern widened: ^run-[0-9]{4}$ -> ^run-[0-9]{4,6}$",
    old: "a:\n  type: string\n  pattern: '^run-[0-9]{4}$'",
    new: "a:\n  type: string\n  pattern: '^run-[0-9]{4,6}$'",
    backward: true,
    forward: false,
    oldTable: [{ a: "run-0042" }],
    newTable: [{ a: "run-00042" }],
  },
  {
    name: "a pattern narrowed: ^run-[0-9]{4,6}$ -> ^run-[0-9]{4}$",
    old: "a:\n  type: string\n  pattern: '^run-[0-9]{4,6}$'",
    new: "a:\n  type: string\n  pattern: '^run-[0-9]{4}$'",
    backward: false,
    forward: true,
    oldTable: [{ a: "run-00042" }],
    newTable: [{ a: "run-0042" }],
  },
  {
    name: "a pattern rewritten to accept the same strings: [0-9] -> \\d",
    old: "a:\n  type: string\n  pattern: '[0-9]'",
    new: "a:\n  type: string\n  pattern: '\\d'",
    backward: true,
    forward: true,
    oldTable: [{ a: "run 7" }],
    newTable: [{ a: "7 runs" }],
  },
  {
    name: "a pattern anchored: b -> ^b (unanchored, b matched anywhere)",
    old: "a:\n  type: string\n  pattern: 'b'",
    new: "a:\n  type: string\n  pattern: '^b'",
    backward: false,
    forward: true,
    oldTable: [{ a: "ab" }],
    newTable: [{ a: "ba" }],
  },
  {
    name: "a pattern changed, each side accepting strings the other rejects",
    old: "a:\n  type: string\n  pattern: '^[a-m]'",
    new: "a:\n  type: string\n  pattern: '^[h-z]'",
    backward: false,
    forward: false,
    oldTable: [{ a: "apple" }],
    newTable: [{ a: "zebra" }],
  },
  {
    name: "a required field gains a default (a null in its column reads as it)",
    old: "a: int32",
    new: "a:\n  type: int32\n  default: 0",
    backward: true,
    forward: false,
    oldTable: [{ a: 1 }],
    newTable: columnOf([1, null], new Int32()),
  },
  {
    name: "a required field loses its default",
    old: "a:\n  type: int32\n  default: 0",
    new: "a: int32",
    backward: false,
    forward: true,
    oldTable: columnOf([1, null], new Int32()),
    newTable: [{ a: 1 }],
  },
  {
    name: "a default changed that another field's value: reads (y = x, x missing)",
    old: 'x:\n  type: int32?\n  default: 1\ny:\n  type: int32\n  max: 1\n  value: "row.x ?? 0"',
    new: 'x:\n  type: int32?\n  default: 5\ny:\n  type: int32\n  max: 1\n  value: "row.x ?? 0"',
    backward: false,
    forward: false,
    oldTable: () => tableToIPC(new Table({ y: vectorFromArray([1], new Int32()) }), "file"),
  },
  {
    name: "an optional field added that its value: computes from another (b = a + 1, max 3)",
    old: "a: int32",
    new: 'a: int32\nb:\n  type: int32?\n  max: 3\n  value: "row.a + 1"',
    backward: false,
    forward: true,
    oldTable: [{ a: 5 }],
  },
  {
    name: "an optional field removed that its value: computed from another (b = a + 1, max 3)",
    old: 'a: int32\nb:\n  type: int32?\n  max: 3\n  value: "row.a + 1"',
    new: "a: int32",
    backward: true,
    forward: false,
    newTable: [{ a: 5 }],
  },
  {
    name: "an optional field added that another field's value: reads where the row has it",
    old: "a: int32\ny:\n  type: int32\n  value: '\"b\" in row && row.b != null ? 1 : 0'",
    new: "a: int32\nb:\n  type: int32?\n  default: 5\ny:\n  type: int32\n  value: '\"b\" in row && row.b != null ? 1 : 0'",
    backward: false,
    forward: false,
    oldTable: [{ a: 1 }],
  },
  {
    name: "an optional field removed that another field's value: reads where the row has it",
    old: "a: int32\nb:\n  type: int32?\n  default: 5\ny:\n  type: int32\n  value: '\"b\" in row && row.b != null ? 1 : 0'",
    new: "a: int32\ny:\n  type: int32\n  value: '\"b\" in row && row.b != null ? 1 : 0'",
    backward: false,
    forward: false,
    newTable: [{ a: 1 }],
  },
  {
    name: "an optional struct child added that another field's value: reads where the struct has it",
    old: "st:\n  type: struct\n  fields:\n    x: int32\ny:\n  type: int32\n  value: '\"b\" in row.st ? 1 : 0'",
    new: "st:\n  type: struct\n  fields:\n    x: int32\n    b: int32?\ny:\n  type: int32\n  value: '\"b\" in row.st ? 1 : 0'",
    backward: false,
    forward: false,
    oldTable: [{ st: { x: 1 } }],
  },
  {
    name: "an optional struct child removed that another field's value: reads where the struct has it",
    old: "st:\n  type: struct\n  fields:\n    x: int32\n    b: int32?\ny:\n  type: int32\n  value: '\"b\" in row.st ? 1 : 0'",
    new: "st:\n  type: struct\n  fields:\n    x: int32\ny:\n  type: int32\n  value: '\"b\" in row.st ? 1 : 0'",
    backward: false,
    forward: false,
    newTable: [{ st: { x: 1 } }],
  },
  {
    name: "a record that gained an optional field in place, read by another field's value: where the record has it",
    old: "a: o@1\ny:\n  type: int32\n  value: '\"w\" in row.a ? 1 : 0'",
    new: "a: o@1\ny:\n  type: int32\n  value: '\"w\" in row.a ? 1 : 0'",
    backward: false,
    forward: false,
    oldTable: [{ a: { u: 1n } }],
    newTable: [{ a: { u: 1n } }],
  },
  {
    name: "a struct replaced by a record whose field has a value: expression",
    old: "a:\n  type: struct\n  fields:\n    s: string",
    new: "a: q@1",
    backward: false,
    forward: false,
    oldTable: [{ a: { s: "abc" } }],
    newTable: columnOf([{ s: "abc" }], new Struct([new Field("s", new Utf8())])),
  },
  {
    name: "a tuple holding a record that gained a required field in place",
    old: "a: tuple<r@1, int64>",
    new: "a: tuple<r@1, int64>",
    backward: false,
    forward: true,
    oldTable: [{ a: [{ u: 1n }, 2n] }],
  },
  {
    name: "a union holding a vector of a record that gained a required field in place",
    old: "a: union<vector<r@1>, string>",
    new: "a: union<string, vector<r@1>>",
    backward: false,
    forward: true,
    oldTable: [{ a: [{ u: 1n }] }],
  },
  {
    name: "vector<r@1> -> list<r@1> (one storage), r@1 gaining a required field in place",
    old: "a: vector<r@1>",
    new: "a: list<r@1>",
    backward: false,
    forward: true,
    oldTable: [{ a: [{ u: 1n }] }],
  },
  {
    name: "a union's members reordered (the same Julia type)",
    old: "a: union<int64, string, bool>",
    new: "a: union<bool, string, int64>",
    backward: true,
    forward: true,
    oldTable: [{ a: 5n }, { a: "s" }, { a: true }],
    newTable: [{ a: false }, { a: "t" }, { a: 6n }],
  },
  {
    name: "uuid widened to any (old tables read as uuid strings, a UUID as Arrow.jl reads an Any column)",
    old: "a: uuid",
    new: "a: any",
    backward: true,
    forward: false,
    oldTable: [{ a: "0b8b3f1e-5a4c-4d1e-9f3a-2c7e8d9a0b1c" }],
    newTable: [{ a: 5n }],
  },
  {
    name: "datetime widened to any (old tables read as Dates)",
    old: "a: datetime",
    new: "a: any",
    backward: true,
    forward: false,
    oldTable: [{ a: new Date(1_709_164_800_123) }],
    newTable: [{ a: "x" }],
  },
  {
    name: "tuple<int64, char> widened to any",
    old: "a: tuple<int64, char>",
    new: "a: any",
    backward: true,
    forward: false,
    oldTable: [{ a: [1n, "é"] }],
    newTable: [{ a: "x" }],
  },
  {
    name: "union<int64, string> widened to any",
    old: "a: union<int64, string>",
    new: "a: any",
    backward: true,
    forward: false,
    oldTable: [{ a: 5n }, { a: "s" }],
    newTable: [{ a: 1.5 }],
  },
  {
    name: "set<int32> widened to any",
    old: "a: set<int32>",
    new: "a: any",
    backward: true,
    forward: false,
    oldTable: [{ a: new Set([1, 2]) }],
    newTable: [{ a: "x" }],
  },
  {
    name: "version widened to any",
    old: "a: version",
    new: "a: any",
    backward: true,
    forward: false,
    oldTable: [{ a: "1.2.3" }],
    newTable: [{ a: "x" }],
  },
  {
    name: "ntuple<float64, 2> widened to any (old tables read as plain arrays, not Float64Arrays)",
    old: "a: ntuple<float64, 2>",
    new: "a: any",
    backward: false,
    forward: false,
    oldTable: [{ a: [1, 2] }],
    newTable: [{ a: "x" }],
  },
  {
    name: "int128 widened to any",
    old: "a: int128",
    new: "a: any",
    backward: false,
    forward: false,
    oldTable: [{ a: 5n }],
    newTable: [{ a: "x" }],
  },
  {
    name: "map<string, uuid> widened to any (a label in a Map is not read)",
    old: "a: map<string, uuid>",
    new: "a: any",
    backward: false,
    forward: false,
    oldTable: [{ a: new Map([["k", "0b8b3f1e-5a4c-4d1e-9f3a-2c7e8d9a0b1c"]]) }],
    newTable: [{ a: "x" }],
  },
  {
    name: "a nested record widened to any (read as a plain object, not its row class)",
    old: "a: p@1",
    new: "a: any",
    backward: false,
    forward: false,
    oldTable: [{ a: { u: 1n } }],
    newTable: [{ a: "x" }],
  },
  {
    name: "list<integer> widened to any (a BigInt64Array where integer reads a plain array)",
    old: "a: list<integer>",
    new: "a: any",
    backward: false,
    forward: false,
    oldTable: [{ a: [1n, 2n] }],
    newTable: [{ a: "x" }],
  },
  {
    // docs/julia.md: Arrow.jl writes an abstract Period field as Duration(SECOND), which period
    // reads in nanoseconds and an any column as its own count of seconds.
    name: "period widened to any (Arrow.jl's Duration(SECOND): nanoseconds under period, seconds under any)",
    old: "a: period",
    new: "a: any",
    backward: false,
    forward: false,
    oldTable: columnOf([5n], new Duration(TimeUnit.SECOND)),
    newTable: [{ a: "x" }],
  },
  {
    name: "list<symbol> widened to any",
    old: "a: list<symbol>",
    new: "a: any",
    backward: true,
    forward: false,
    oldTable: [{ a: ["s", "t"] }],
    newTable: [{ a: 1n }],
  },
];

interface Prepared {
  readonly case: Case;
  readonly old: SchemaVersion;
  readonly new: SchemaVersion;
  readonly verdict: { backward: boolean; forward: boolean };
}

const prepared: Prepared[] = [];

const REGISTRY = Symbol.for("legolas-ts.registry.v1");
const globals = globalThis as Record<symbol, unknown>;
let sharedRegistry: unknown;

afterAll(() => {
  globals[REGISTRY] = sharedRegistry;
});

function schemaFiles(side: "old" | "new") {
  const indent = (fields: string) =>
    fields
      .split("\n")
      .map((line) => `      ${line}`)
      .join("\n");
  return [
    { path: "schemas/p.yaml", text: RECORD },
    { path: "schemas/q.yaml", text: COMPUTED_RECORD },
    { path: "schemas/r.yaml", text: RECORD_IN_PLACE[side] },
    { path: "schemas/o.yaml", text: OPTIONAL_IN_PLACE[side] },
    ...CASES.map((c, i) => ({
      path: `schemas/v.c${i}.yaml`,
      text: `schema: v.c${i}\nprefix: C${i}\nversions:\n  1:\n    fields:\n${indent(c[side])}\n`,
    })),
  ];
}

async function generated(root: string, side: "old" | "new", sources: ReturnType<typeof schemaFiles>) {
  const out = join(root, side);
  mkdirSync(out);
  for (const file of generate(sources, { outDir: out, shipped: [] })) writeFileSync(join(out, file.path), file.content);
  return (await import(/* @vite-ignore */ pathToFileURL(join(out, "index.ts")).href)) as Record<string, unknown>;
}

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), "legolas-compat-tables-"));
  const oldSources = schemaFiles("old");
  const newSources = schemaFiles("new");
  const oldModules = await generated(root, "old", oldSources);
  // The two folders declare the same `v.cN@1` differently, which one process refuses
  // (SchemaVersionConflictError): the new side gets a registry of its own, as in another process.
  sharedRegistry = globals[REGISTRY];
  globals[REGISTRY] = new Map();
  const newModules = await generated(root, "new", newSources);
  const catalogs: { old: Catalog; new: Catalog } = { old: catalogOf(oldSources), new: catalogOf(newSources) };
  CASES.forEach((c, i) => {
    const comparison = compareVersions(
      catalogs.old.version(`v.c${i}@1`)!,
      catalogs.new.version(`v.c${i}@1`)!,
      catalogs,
    );
    prepared.push({
      case: c,
      old: oldModules[`C${i}V1SchemaVersion`] as SchemaVersion,
      new: newModules[`C${i}V1SchemaVersion`] as SchemaVersion,
      verdict: { backward: comparison.backward, forward: comparison.forward },
    });
  });
}, 60_000);

type AnyVersion = SchemaVersion<object, never>;

/** Whether a table written under `from` (or given as bytes) reads under `to` as it reads under `from`. */
function readsAlike(table: TableSource, from: SchemaVersion, to: SchemaVersion): boolean {
  const bytes = typeof table === "function" ? table() : writeTableBytes(table as never[], from as AnyVersion);
  const rows = (version: SchemaVersion) =>
    readTableBytes(bytes, { schemaVersion: version as AnyVersion }).rows.map((row) => ({ ...row }));
  const own = rows(from);
  try {
    return JSON.stringify(rows(to), bigints) === JSON.stringify(own, bigints);
  } catch (error) {
    const name = (error as Error).name;
    if (name !== "TableSchemaError" && name !== "RowValidationError") throw error;
    return false;
  }
}

/** JSON.stringify's replacer: bigints as text, and a Set's or Map's contents, which JSON.stringify would drop (`{}`). */
function bigints(_key: string, value: unknown): unknown {
  if (value instanceof Set) return { Set: [...value] };
  if (value instanceof Map) return { Map: [...value] };
  return typeof value === "bigint" ? `${value}n` : value;
}

describe("compat's verdict is what writing under one declaration and reading under the other does", () => {
  test.each(CASES.map((c, i) => [c.name, i] as const))("%s", (_name, i) => {
    const { case: c, old, new: neu, verdict } = prepared[i]!;
    expect(verdict).toEqual({ backward: c.backward, forward: c.forward });
    if (c.oldTable !== undefined) expect(readsAlike(c.oldTable, old, neu)).toBe(c.backward);
    if (c.newTable !== undefined) expect(readsAlike(c.newTable, neu, old)).toBe(c.forward);
  });
});
