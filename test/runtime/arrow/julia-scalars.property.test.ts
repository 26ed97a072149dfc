/**
 * Properties of Julia's scalar types (issue 23) over random declarations: any mix of `float16`,
 * `int128`, `uint128`, `symbol`, `char`, `version`, `SchemaVersion`, `integer`, `real`, `number`
 * and `period`, required or optional, alone or in a list, generated and registered in memory.
 * Random rows round-trip through our writer and reader; flechette (another Arrow
 * implementation) reads the same values with Arrow.jl's extension names, every type but the
 * 128-bit integers (flechette: "128 must be one of 8,16,32,64"); Polars reads the plain columns
 * (float16, the 128-bit integers, `integer`, `real`, `number`) with the same values, and cannot
 * represent the others (extension types: docs/scale.md).
 */
import * as flechette from "@uwdata/flechette";
import fc from "fast-check";
import pl from "nodejs-polars";
import { describe, expect, test } from "vitest";
import { findSchemaVersion, readTableBytes, writeTableBytes, type FieldType, type SchemaVersion } from "legolas-ts";
import { float16Values, int128Values, juliaScalarValues } from "../../helpers/julia-scalar-values.js";
import { loadYamlSchemas } from "./helpers/row-path.js";

const TYPES = [
  "float16",
  "int128",
  "uint128",
  "symbol",
  "char",
  "version",
  "SchemaVersion",
  "integer",
  "real",
  "number",
  "period",
] as const;
type TypeName = (typeof TYPES)[number];

interface FieldSpec {
  readonly type: TypeName;
  readonly list: boolean;
  readonly optional: boolean;
}

const fieldSpec: fc.Arbitrary<FieldSpec> = fc.record({
  type: fc.constantFrom(...TYPES),
  list: fc.boolean(),
  optional: fc.boolean(),
});

let count = 0;

/** A registered schema version declaring `fields` as `f0`, `f1`, ... */
async function declared(fields: readonly FieldSpec[]): Promise<SchemaVersion> {
  const name = `prop.julia-scalars${count++}`;
  const yamlFields = Object.fromEntries(
    fields.map((f, k) => [`f${k}`, `${f.list ? `list<${f.type}>` : f.type}${f.optional ? "?" : ""}`]),
  );
  await loadYamlSchemas([{ schema: name, prefix: `PropJulia${count}X`, version: { fields: yamlFields } }]);
  return findSchemaVersion(`${name}@1`)!;
}

/** Valid values of a field type, as a row holds them. */
function valuesOf(type: FieldType): fc.Arbitrary<unknown> {
  switch (type.kind) {
    case "float":
      return float16Values;
    case "int":
      return int128Values(type.signed);
    case "list":
      return fc.array(valuesOf(type.element), { maxLength: 3 });
    case "symbol":
    case "char":
    case "version":
    case "schema-version":
    case "abstract":
      return juliaScalarValues(type);
    default:
      throw new Error(`no values of ${type.kind} here`);
  }
}

function rowsOf(schemaVersion: SchemaVersion): fc.Arbitrary<Record<string, unknown>[]> {
  const row = fc.record(
    Object.fromEntries(
      schemaVersion.fields.map((field) => {
        const values = valuesOf(field.type);
        return [field.name, field.optional ? fc.option(values, { nil: null }) : values];
      }),
    ),
  );
  return fc.array(row, { minLength: 1, maxLength: 4 });
}

/** The fields of a random declaration. */
const declarations = fc.array(fieldSpec, { minLength: 1, maxLength: 5 });

const toBigIntText = (value: unknown): unknown =>
  typeof value === "bigint" ? `${value}n` : Array.isArray(value) ? value.map(toBigIntText) : value;

describe("random declarations of Julia's scalars", () => {
  test("rows round-trip through our writer and reader, validated by rows and by columns", async () => {
    await fc.assert(
      fc.asyncProperty(declarations, fc.context(), async (fields, context) => {
        const schemaVersion = await declared(fields);
        const rows = fc.sample(rowsOf(schemaVersion), { numRuns: 1, seed: count })[0]!;
        context.log(JSON.stringify(rows, (_, v) => toBigIntText(v)));
        const expected = rows.map((row) => writtenForm(schemaVersion, { ...new schemaVersion.rowClass(row as never) }));
        const bytes = writeTableBytes(rows, schemaVersion as SchemaVersion<object, never>);
        for (const validate of ["rows", "columns"] as const) {
          const read = readTableBytes(bytes, { schemaVersion, validate, rows: "eager" }).rows;
          expect(read.map((row) => ({ ...row }))).toStrictEqual(expected);
        }
      }),
      { numRuns: 25 },
    );
  });

  test("flechette reads the same values, with Arrow.jl's extension names (the 128-bit integers aside)", async () => {
    const readable = fieldSpec.filter((f) => f.type !== "int128" && f.type !== "uint128");
    await fc.assert(
      fc.asyncProperty(fc.array(readable, { minLength: 1, maxLength: 5 }), async (fields) => {
        const schemaVersion = await declared(fields);
        const rows = fc.sample(rowsOf(schemaVersion), { numRuns: 1, seed: count })[0]!;
        const ours = writeTableBytes(rows, schemaVersion as SchemaVersion<object, never>);
        const table = flechette.tableFromIPC(ours, { useBigInt: true });
        const read = readTableBytes(ours, { schemaVersion, rows: "eager" }).rows as Record<string, unknown>[];
        schemaVersion.fields.forEach((field, k) => {
          const column = table.getChild(field.name)!;
          const extension = table.schema.fields[k]!.metadata?.get("ARROW:extension:name");
          expect(extension ?? null).toBe(EXTENSIONS[fields[k]!.list ? "list" : fields[k]!.type]);
          read.forEach((row, i) => expect(flechetteValue(column.at(i), fields[k]!)).toStrictEqual(row[field.name]));
        });
      }),
      { numRuns: 25 },
    );
  });

  test("Polars reads the plain columns (float16, int128, uint128, integer, real, number) with the same values", async () => {
    const plain = fc.record({
      type: fc.constantFrom("float16", "int128", "uint128", "integer", "real", "number"),
      list: fc.constant(false),
      optional: fc.boolean(),
    }) as fc.Arbitrary<FieldSpec>;
    await fc.assert(
      fc.asyncProperty(fc.array(plain, { minLength: 1, maxLength: 4 }), async (fields) => {
        const schemaVersion = await declared(fields);
        const rows = fc.sample(rowsOf(schemaVersion), { numRuns: 1, seed: count })[0]!;
        const bytes = writeTableBytes(rows, schemaVersion as SchemaVersion<object, never>);
        const read = readTableBytes(bytes, { schemaVersion, rows: "eager" }).rows as Record<string, unknown>[];
        const frame = pl.readIPC(Buffer.from(bytes));
        schemaVersion.fields.forEach((field, k) => {
          // nodejs-polars converts neither Float16 nor the 128-bit integers to JavaScript: cast first.
          const wide = fields[k]!.type === "int128" || fields[k]!.type === "uint128";
          const column = frame
            .getColumn(field.name)
            .cast(wide ? pl.Utf8 : fields[k]!.type === "float16" ? pl.Float64 : frame.getColumn(field.name).dtype);
          // Compared as text: Polars gives an Int64 as a number or a bigint, and we a number or a bigint too.
          const text = (value: unknown) => (value === null ? null : wide ? String(value) : String(Number(value)));
          expect(column.toArray().map(text)).toStrictEqual(read.map((row) => text(row[field.name])));
        });
      }),
      { numRuns: 20 },
    );
  });
});

/**
 * A row as it reads back: an abstract field's value as the one storage written for its type
 * reads (julia-scalars.ts): `integer` from Int64 a bigint, `real` and `number` from Float64 a number.
 */
function writtenForm(schemaVersion: SchemaVersion, row: Record<string, unknown>): Record<string, unknown> {
  const asWritten = (type: FieldType, value: unknown): unknown => {
    if (value === null) return null;
    if (type.kind === "list") return (value as unknown[]).map((v) => asWritten(type.element, v));
    if (type.kind !== "abstract" || type.name === "period") return value;
    return type.name === "integer" ? BigInt(value as number) : Number(value);
  };
  return Object.fromEntries(schemaVersion.fields.map((f) => [f.name, asWritten(f.type, row[f.name])]));
}

const EXTENSIONS: Readonly<Record<TypeName | "list", string | null>> = {
  float16: null,
  int128: null,
  uint128: null,
  symbol: "JuliaLang.Symbol",
  char: "JuliaLang.Char",
  version: "JuliaLang.VersionNumber",
  SchemaVersion: "JuliaLang.Legolas.SchemaVersion",
  integer: null,
  real: null,
  number: null,
  period: "JuliaLang.Dates.Period",
  list: null,
};

/** A value as flechette reads it, in the form our row holds it (a char as its code point, a version as its struct). */
function flechetteValue(value: unknown, field: FieldSpec): unknown {
  if (value === null) return null;
  if (field.list) return Array.from(value as ArrayLike<unknown>, (v) => flechetteValue(v, { ...field, list: false }));
  switch (field.type) {
    case "char":
      return String.fromCodePoint(value as number);
    case "version": {
      const { major, minor, patch } = value as Record<string, number>;
      return `${major}.${minor}.${patch}`;
    }
    default:
      return value;
  }
}
