/**
 * Properties of Julia's containers and unions (issue 23): random declarations of `vector`,
 * `ntuple`, `set`, `tuple`, `map` and `union` fields, nested in each other, generated from YAML;
 * random valid rows round-trip through our writer and reader (validated by rows and by columns)
 * and through their JSON form, and flechette, an Arrow implementation other than ours, reads the
 * same values with Arrow.jl's storage. Polars reads the columns it has types for (a List, a
 * FixedSizeList); it refuses any extension type, so `set` and `tuple` columns are flechette's.
 */
import * as flechette from "@uwdata/flechette";
import fc from "fast-check";
import pl from "nodejs-polars";
import { describe, expect, test } from "vitest";
import {
  findSchemaVersion,
  propertyKey,
  readTableBytes,
  writeTableBytes,
  type FieldType,
  type SchemaVersion,
} from "legolas-ts";
import { uuidFromArrowBytes } from "../../../runtime/arrow/columns/decode.js";
import { typedArrayName } from "../../../runtime/field-types.js";
import { loadYamlSchemas } from "./helpers/row-path.js";
import { juliaScalarValues } from "../../helpers/julia-scalar-values.js";

// ---- random declarations ----

type Fields = readonly { name: string; type: string; optional: boolean }[];
type Row = Record<string, unknown>;

/** Scalars by their value class (runtime/julia-unions.ts), so that a union can pick one per class. */
const SCALARS_BY_CLASS: Readonly<Record<string, readonly string[]>> = {
  boolean: ["bool"],
  number: ["int8", "int32", "uint16", "float32", "float64"],
  bigint: ["int64", "uint64", "duration<us>", "time"],
  string: ["string", "uuid"],
  Date: ["date", "datetime"],
  Uint8Array: ["binary"],
};
/**
 * flechette reads a Timestamp as a Date, like a date's: kept out of unions, whose member it would
 * blur; so are Julia's Symbol and Char, strings as a string's or uuid's (a union refuses char).
 */
const SCALARS = [...Object.values(SCALARS_BY_CLASS).flat(), "timestamp<ms>", "symbol", "char"];
const HASHABLE = ["bool", "int8", "int32", "uint16", "int64", "string", "symbol", "char", "uuid", "duration<us>"];

/**
 * A YAML type text of depth at most `depth`, its scalars drawn from `scalars`; where it stands as
 * the parameter of an invariant Julia type (`exact`: a vector's element, a map's value, and the
 * parts of a tuple there), no vector, which Arrow.jl reads as a Vector and Legolas.jl so refuses
 * (docs/julia.md, the types Julia reads).
 */
function typeText(
  depth: number,
  scalars: readonly string[] = SCALARS,
  all = true,
  exact = false,
): fc.Arbitrary<string> {
  const scalar = fc.constantFrom(...scalars);
  if (depth === 0) return scalar;
  const inner = typeText(depth - 1, scalars, all, exact);
  const invariant = typeText(depth - 1, scalars, all, true);
  const hashable = fc.constantFrom(...HASHABLE.filter((t) => scalars.includes(t)));
  const lists = [
    ...(exact ? [] : [invariant.map((t) => `vector<${t}>`)]),
    fc.tuple(inner, fc.integer({ min: 1, max: 3 })).map(([t, n]) => `ntuple<${t}, ${n}>`),
    fc.tuple(hashable, invariant).map(([k, v]) => `map<${k}, ${v}>`),
  ];
  if (!all) return fc.oneof(...lists);
  return fc.oneof(
    { weight: 2, arbitrary: scalar },
    ...lists,
    hashable.map((t) => `set<${t}>`),
    // Of distinct Julia types: a tuple of one type is an NTuple, which the generator says to write as ntuple.
    fc
      .uniqueArray(inner, { minLength: 2, maxLength: 3, selector: juliaType })
      .map((parts) => `tuple<${parts.join(", ")}>`),
    fc
      .shuffledSubarray(Object.keys(SCALARS_BY_CLASS), { minLength: 2, maxLength: 3 })
      .chain((classes) => fc.tuple(...classes.map((c) => fc.constantFrom(...SCALARS_BY_CLASS[c]!))))
      .map((members) => `union<${members.join(", ")}>`),
  );
}

/** A type text with each union's members in one order: Julia's Union{A, B} is Union{B, A}. */
function juliaType(text: string): string {
  return text.replace(/union<((?:[^<>]|<[^<>]*>)*)>/g, (_, members: string) => {
    const sorted = members.split(/, (?![^<]*>)/).sort();
    return `union<${sorted.join(", ")}>`;
  });
}

function fieldsOf(type: fc.Arbitrary<string>) {
  return fc.uniqueArray(
    fc.record({ name: fc.constantFrom("a", "b", "c", "toString", "σ"), type, optional: fc.boolean() }),
    { minLength: 1, maxLength: 4, selector: (f) => f.name },
  );
}

const fieldsArbitrary = fieldsOf(typeText(2));
/** What Polars has types for: Lists, FixedSizeLists and Maps (its List of key-value Structs) of plain scalars. */
const POLARS_SCALARS = ["bool", "int8", "int32", "uint16", "float64", "string"];
const polarsFieldsArbitrary = fieldsOf(typeText(2, POLARS_SCALARS, false));

let schemaCount = 0;

async function declare(fields: Fields) {
  const schema = `containers.prop${schemaCount++}`;
  const version = { fields: Object.fromEntries(fields.map((f) => [f.name, `${f.type}${f.optional ? "?" : ""}`])) };
  await loadYamlSchemas([{ schema, prefix: `ContainersProp${schemaCount}X`, version }]);
  return findSchemaVersion(`${schema}@1`)!;
}

// ---- random values of a declared type ----

const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
const uuid = fc.uuid();

function valueOf(type: FieldType): fc.Arbitrary<unknown> {
  switch (type.kind) {
    case "bool":
      return fc.boolean();
    case "int":
      if (type.bits === 64) return type.signed ? int64 : fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
      return type.signed
        ? fc.integer({ min: -(2 ** (type.bits - 1)), max: 2 ** (type.bits - 1) - 1 })
        : fc.integer({ min: 0, max: 2 ** type.bits - 1 });
    case "float":
      return type.bits === 32 ? fc.float({ noDefaultInfinity: false }).map(Math.fround) : fc.double();
    case "string":
      return fc.string({ unit: "grapheme", maxLength: 6 });
    case "uuid":
      return uuid;
    case "binary":
      return fc.uint8Array({ maxLength: 4 });
    case "date":
      return fc.integer({ min: -1e8, max: 1e8 }).map((days) => new Date(days * 86_400_000));
    case "datetime":
      return fc.integer({ min: -8.64e15, max: 8.64e15 }).map((ms) => new Date(ms));
    // flechette reads a Timestamp as a Date, which holds ±8.64e15 ms.
    case "timestamp":
      return fc.bigInt({ min: -8_640_000_000_000_000n, max: 8_640_000_000_000_000n });
    case "duration":
      return int64;
    case "time":
      return fc.bigInt({ min: 0n, max: 86_399_999_999_999n });
    case "list":
    case "vector":
    case "ntuple": {
      const length = type.kind === "ntuple" ? { minLength: type.length, maxLength: type.length } : { maxLength: 3 };
      const arrayName = typedArrayName(type.element);
      return fc
        .array(valueOf(type.element), length)
        .map((items) =>
          arrayName === null
            ? items
            : (globalThis[arrayName] as unknown as { from(i: unknown[]): unknown }).from(items),
        );
    }
    case "set":
      return fc.uniqueArray(valueOf(type.element), { maxLength: 3 }).map((items) => new Set(items));
    case "tuple":
      return fc.tuple(...type.elements.map(valueOf));
    case "map":
      return fc
        .uniqueArray(fc.tuple(valueOf(type.key), valueOf(type.value)), { maxLength: 3, selector: ([key]) => key })
        .map((entries) => new Map(entries));
    case "union":
      return fc.oneof(...type.members.map(valueOf));
    case "symbol":
    case "char":
      return juliaScalarValues(type);
    default:
      throw new Error(`no values drawn for ${type.kind}`);
  }
}

function rowsOf(version: SchemaVersion): fc.Arbitrary<object[]> {
  const row = fc.record(
    Object.fromEntries(
      version.fields.map((f) => [
        propertyKey(f.name),
        f.optional ? fc.option(valueOf(f.type), { nil: null }) : valueOf(f.type),
      ]),
    ),
  );
  return fc.array(row, { minLength: 1, maxLength: 4 });
}

const rowClass = (version: SchemaVersion) => version.rowClass as unknown as new (input: unknown) => object;

// ---- the values another reader gives, in our form ----

/** flechette's value (`useBigInt`, `useDate`, `useMap`) of `type` in the form our rows hold. */
function fromFlechette(type: FieldType, value: unknown): unknown {
  if (value === null) return null;
  switch (type.kind) {
    case "uuid":
      return uuidFromArrowBytes(value as Uint8Array, 0);
    case "list":
    case "vector":
    case "ntuple": {
      const items = Array.from(value as ArrayLike<unknown>, (item) => fromFlechette(type.element, item));
      const arrayName = typedArrayName(type.element);
      return arrayName === null
        ? items
        : (globalThis[arrayName] as unknown as { from(i: unknown[]): unknown }).from(items);
    }
    case "set":
      return new Set(Array.from(value as ArrayLike<unknown>, (item) => fromFlechette(type.element, item)));
    case "tuple":
      return type.elements.map((element, k) =>
        fromFlechette(element, (value as Record<string, unknown>)[String(k + 1)]),
      );
    case "map":
      return new Map(
        Array.from(value as Map<unknown, unknown>, ([k, v]) => [
          fromFlechette(type.key, k),
          fromFlechette(type.value, v),
        ]),
      );
    case "union": {
      const member = type.members.find((m) => fromFlechetteMatches(m, value))!;
      return fromFlechette(member, value);
    }
    case "date":
    case "datetime":
      return new Date(value as number | Date);
    case "timestamp":
      return BigInt((value as Date).getTime());
    case "char":
      // Arrow.jl's UInt32 code point, which flechette reads as its number.
      return String.fromCodePoint(value as number);
    default:
      return value;
  }
}

/** Whether flechette's `value` is of `member`'s storage (a union's members differ in class). */
function fromFlechetteMatches(member: FieldType, value: unknown): boolean {
  // Both are bytes in flechette: a UUID's 16, a binary's at most 4 here.
  if (member.kind === "uuid") return value instanceof Uint8Array && value.length === 16;
  if (member.kind === "binary") return value instanceof Uint8Array && value.length <= 4;
  if (member.kind === "date" || member.kind === "datetime") return value instanceof Date;
  if (member.kind === "string") return typeof value === "string";
  if (member.kind === "bool") return typeof value === "boolean";
  if (member.kind === "float" || (member.kind === "int" && member.bits < 64)) return typeof value === "number";
  return typeof value === "bigint";
}

/** Checks `check` on random valid rows (built by their row class) of 30 random declarations. */
async function forRandomDeclarations(
  declarations: fc.Arbitrary<Fields>,
  rowsPerDeclaration: number,
  check: (version: SchemaVersion, rows: Row[]) => void,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(declarations, async (fields) => {
      const version = await declare(fields);
      fc.assert(
        fc.property(rowsOf(version), (inputs) =>
          check(version, inputs.map((input) => new (rowClass(version))(input)) as Row[]),
        ),
        { numRuns: rowsPerDeclaration },
      );
    }),
    { numRuns: 30 },
  );
}

describe("Julia containers and unions, declared at random", () => {
  test("valid rows round-trip through our writer and reader, by rows and by columns, and through JSON", async () => {
    await forRandomDeclarations(fieldsArbitrary, 10, (version, rows) => {
      const bytes = writeTableBytes(rows, version);
      expect(readTableBytes(bytes, { schemaVersion: version }).rows).toStrictEqual(rows);
      expect(readTableBytes(bytes, { schemaVersion: version, validate: "columns" }).rows).toStrictEqual(rows);
      const fromJson = version.rowClass as unknown as { fromJSON(json: unknown): object };
      for (const row of rows) expect(fromJson.fromJSON(JSON.parse(JSON.stringify(row)))).toStrictEqual(row);
    });
  });

  test("flechette reads the values we write", async () => {
    await forRandomDeclarations(fieldsArbitrary, 5, (version, rows) => {
      const table = flechette.tableFromIPC(writeTableBytes(rows, version), {
        useBigInt: true,
        useDate: true,
        useMap: true,
      });
      for (const field of version.fields) {
        const column = table.getChild(field.name)!;
        const key = propertyKey(field.name);
        rows.forEach((row, i) => expect(fromFlechette(field.type, column.at(i))).toStrictEqual(row[key]));
      }
    });
  });

  test("Polars reads the vector, ntuple and map columns we write", async () => {
    await forRandomDeclarations(polarsFieldsArbitrary, 5, (version, rows) => {
      const records = pl.readIPC(Buffer.from(writeTableBytes(rows, version))).toRecords();
      for (const field of version.fields) {
        const key = propertyKey(field.name);
        rows.forEach((row, i) => expect(records[i]![field.name]).toEqual(inPolarsForm(field.type, row[key])));
      }
    });
  });
});

/**
 * Our value as Polars's `toRecords` gives it: lists as arrays, a map as its List of `{ key, value }`.
 * Polars turns a missing Map into an empty List (apache-arrow and flechette read it as null).
 */
function inPolarsForm(type: FieldType, value: unknown): unknown {
  if (value === null) return type.kind === "map" ? [] : null;
  switch (type.kind) {
    case "vector":
    case "ntuple":
      return Array.from(value as ArrayLike<unknown>, (item) => inPolarsForm(type.element, item));
    case "map":
      return Array.from(value as Map<unknown, unknown>, ([key, item]) => ({
        key: inPolarsForm(type.key, key),
        value: inPolarsForm(type.value, item),
      }));
    default:
      return value;
  }
}
