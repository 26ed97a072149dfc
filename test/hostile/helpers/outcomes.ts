/**
 * What a fuzz case may end in, shared by the fuzz tests: a typed legolas-ts error, or a value
 * that is correct (rows that validate, weights that are whole). And the rows of the every-type
 * table that the mutations start from.
 */
import type { DataType, Field, Schema } from "apache-arrow";
import { flatArrayProblem } from "../../../runtime/weights/weights.js";
import { Weights } from "legolas-ts";
import { LegolasError } from "../../../runtime/errors.js";
import { AllTypesV1 } from "../../generated/index.js";

/** Rows that exercise every decoder: nulls, empty lists, nested structs and records, weights. */
export function allTypesRows(): AllTypesV1[] {
  const base = { flag: true, small: -3, ubyte: 7, uint: 4_000_000_000, double: 0.5 };
  return [
    new AllTypesV1({
      ...base,
      tiny: -1,
      medium: 5,
      big: -(2n ** 62n),
      ushort: 9,
      ubig: 2n ** 63n,
      single: 1.25,
      text: "héllo ✓ 𝄞",
      blob: new Uint8Array([1, 2, 3]),
      id: "8a1b3c4d-0000-4000-8000-00000000000f",
      day: "2024-02-29",
      moment: "2024-02-29T23:59:59.999",
      clock: 1n,
      at: 123n,
      at_ms_utc: new Date(86_400_000),
      elapsed: 5n,
      elapsed_us: -5n,
      floats: [1, 2, 3],
      ints: [1n, -1n],
      bytes: [0, 255],
      names: ["a", "", "ç"],
      matrix: [new Float64Array([1, 2]), new Float64Array(0)],
      point: { x: 1, note: "n" },
      points: [
        { x: 1, y: 2 },
        { x: -3, y: null },
      ],
      child: { a: 1n, b: 2n },
      bounded: -1.5,
      label: "ok",
      kind: "c",
      tag: new Uint8Array([0, 1, 2, 255]),
      few_names: ["x"],
      weights: {
        arrays: [
          { vec: new Float32Array([1, 2, 3, 4, 5, 6]), size: [3, 2] },
          { vec: new Float32Array([7]), size: [] },
        ],
      },
      half: -1.5,
      wide: -(2n ** 100n),
      uwide: 2n ** 128n - 1n,
      sym: "sym",
      letter: "é",
      release: "1.2.3",
      samples: [1.5, -2],
      position: [1, 2, 3],
      tags: new Set(["a", "b"]),
      span: [7n, "seven"],
      counts: new Map([["a", 1n]]),
      either: "either",
    }),
    new AllTypesV1({ ...base, flag: false }),
    new AllTypesV1({
      ...base,
      names: [],
      floats: [],
      points: [],
      // An empty array after the first: LegolasFlux.jl cannot read Weights of none, or an empty first one.
      weights: {
        arrays: [
          { vec: new Float32Array([0]), size: [] },
          { vec: new Float32Array(0), size: [0] },
        ],
      },
      samples: [],
      tags: new Set(),
      counts: new Map(),
      either: 5n,
    }),
  ];
}

/** `error` as a typed legolas-ts error: its name, or `null` when it is anything else. */
export function typedErrorName(error: unknown): string | null {
  const e = error as { name?: unknown; code?: unknown } | null;
  if (!(error instanceof LegolasError) || typeof e?.name !== "string" || typeof e.code !== "string" || e.code === "")
    return null;
  return e.name;
}

/** The path of the first string in `value` holding U+FFFD, or `null` (typed arrays and bigints hold none). */
function replacementPath(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === "string") return value.includes("\uFFFD") ? path || "(the value)" : null;
  if (value === null || typeof value !== "object" || depth > 16 || ArrayBuffer.isView(value)) return null;
  // A Weights' only string, unknownLayout, is the table's metadata as stated (flatbuffer text, which
  // guard/utf8-text.ts does not judge): any value there marks the weights as not loadable.
  if (value instanceof Weights) return null;
  const entries: Iterable<[unknown, unknown]> =
    value instanceof Map
      ? [...value].flatMap(([k, v], i) => [[`key ${i}`, k] as [unknown, unknown], [String(k), v] as [unknown, unknown]])
      : value instanceof Set
        ? [...value].map((v, i) => [i, v] as [unknown, unknown])
        : Array.isArray(value)
          ? value.map((v, i) => [i, v] as [unknown, unknown])
          : Object.entries({ ...value });
  for (const [key, v] of entries) {
    const found = replacementPath(v, `${path}.${String(key)}`, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/** The first column name or metadata key or value, at any depth, that holds U+FFFD, or `null`. */
function schemaReplacement(
  fields: readonly Field[],
  metadata: ReadonlyMap<string, string>,
  path: string,
): string | null {
  for (const [key, value] of metadata)
    if (`${key}${value}`.includes("\uFFFD")) return `${path || "the table"}'s metadata ${JSON.stringify(key)}`;
  for (const field of fields) {
    // A list's child named "" reads back with name null (apache-arrow).
    const name = String(field.name ?? "");
    const at = `${path}${path ? "." : ""}${name}`;
    if (name.includes("\uFFFD")) return `the name of column ${JSON.stringify(at)}`;
    const type = field.type.typeId === -1 ? (field.type as unknown as { dictionary: DataType }).dictionary : field.type;
    const found = schemaReplacement(type.children ?? [], field.metadata, at);
    if (found !== null) return found;
  }
  return null;
}

/**
 * What a successful read must satisfy: every row a row-class instance that complies (unless the
 * read was asked not to validate rows, `validate: "columns"`), every Weights whole, no string
 * holding U+FFFD (invalid UTF-8 that the guard let through).
 */
export function checkValue(value: unknown, rowsValidated = true): string | null {
  // A read table's column names and metadata (guard/ipc-bounds.ts refuses them when not UTF-8).
  const schema = (value as { table?: { schema?: Schema } }).table?.schema;
  if (schema !== undefined) {
    const replaced = schemaReplacement(schema.fields, schema.metadata, "");
    if (replaced !== null) return `a name or metadata text holding U+FFFD (not UTF-8, read as replaced) at ${replaced}`;
  }
  const rows = Array.isArray((value as { rows?: unknown }).rows)
    ? (value as { rows: object[] }).rows
    : [value as object];
  for (const row of rows) {
    // Rows decode a field when it is first read: every field is, so a value that cannot be decoded fails here.
    const fields = { ...row };
    // The guard refuses text that is not UTF-8 (guard/utf8-text.ts); no source row holds U+FFFD, so one read means bytes decoded with replacement.
    const replaced = replacementPath(fields, "");
    if (replaced !== null) return `a string holding U+FFFD (text that is not UTF-8 read as replaced) at ${replaced}`;
    const rowClass = row.constructor as { validate?: (v: unknown) => unknown[] };
    if (rowClass.validate === undefined) return "a row that is not a row-class instance";
    const violations = rowsValidated ? rowClass.validate(row) : [];
    if (violations.length > 0) return `a row that does not validate: ${JSON.stringify(violations).slice(0, 300)}`;
    const weights = (row as { weights?: unknown }).weights;
    if (weights != null) {
      if (!(weights instanceof Weights)) return "weights that are not a Weights";
      for (const array of weights.arrays) {
        const problem = flatArrayProblem(array.vec, array.size);
        if (problem !== null) return `a FlatArray that is not whole: ${problem}`;
      }
    }
  }
  return null;
}
