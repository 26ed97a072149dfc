/**
 * Random Legolas schemas and tables for property tests: schemas of every type (optional fields,
 * defaults, constraints, inline structs, nested records, a parent chain, row checks), generated
 * from YAML and registered in memory; tables of valid and invalid values, nulls in required
 * columns, absent and all-null columns, several batches.
 */
import fc from "fast-check";
import { Field, List, makeData, Null, RecordBatch, Schema, Struct, Table, type Data } from "apache-arrow";
import { offsetsOf, validityOf } from "../../../../runtime/arrow/columns/buffers.js";
import { encodeColumn } from "../../../../runtime/arrow/columns/encode.js";
import { arrowFieldOf, arrowTypeOf } from "../../../../runtime/arrow/schema.js";
import { propertyKey } from "../../../../runtime/field-names.js";
import {
  findSchemaVersion,
  FlatArray,
  Weights,
  type FieldDescriptor,
  type FieldType,
  type SchemaVersion,
} from "../../../../runtime/index.js";
import { typedArrayName } from "../../../../runtime/field-types.js";
import { isJuliaContainer } from "../../../../runtime/julia-containers.js";
import { loadYamlSchemas } from "./row-path.js";
import { juliaScalarValues } from "../../../helpers/julia-scalar-values.js";

// ---- random schemas, as YAML ----

const SCALARS = [
  "bool",
  "int8",
  "int16",
  "int32",
  "int64",
  "uint8",
  "uint16",
  "uint32",
  "uint64",
  "float32",
  "float64",
  "string",
  "binary",
  "uuid",
  "date",
  "datetime",
  "time",
  "timestamp",
  "timestamp<ms>",
  "timestamp<ns, UTC>",
  "duration",
  "duration<us>",
] as const;
type Scalar = (typeof SCALARS)[number];
const UUIDS = ["123e4567-e89b-12d3-a456-426614174000", "00000000-0000-0000-0000-00000000000a"];
const TEXTS = ["", "a", "bb", "ç", "😀", "abc", "zzz", "aç😀"];

const isOrdered = (t: Scalar) => /^(u?int|float|timestamp|duration|time$)/.test(t);
const isUnsigned = (t: Scalar) => t.startsWith("uint") || t === "time";

function scalarConstraints(t: Scalar): fc.Arbitrary<Record<string, unknown>> {
  const bounds = fc
    .record({ min: fc.integer({ min: isUnsigned(t) ? 0 : -3, max: 2 }), span: fc.integer({ min: 0, max: 4 }) })
    .chain(({ min, span }) =>
      fc
        .subarray([
          ["min", min],
          ["max", min + span],
        ] as [string, number][])
        .map(Object.fromEntries),
    );
  const lengths = fc
    .integer({ min: 0, max: 2 })
    .chain((low) =>
      fc.constantFrom<Record<string, unknown>>(
        {},
        { length: low },
        { min_length: low },
        { max_length: low + 1 },
        { min_length: low, max_length: low + 2 },
      ),
    );
  const values = <T>(pool: readonly T[]) =>
    fc.option(
      fc.subarray([...pool], { minLength: 1 }).map((v) => ({ values: v })),
      { nil: {} },
    );
  if (isOrdered(t)) {
    const pool = t.startsWith("float") ? [0, 1.5, -2, 3] : isUnsigned(t) ? [0, 1, 3, 4] : [-2, 0, 1, 3];
    return fc.tuple(fc.option(bounds, { nil: {} }), values(pool)).map(([a, b]) => ({ ...a, ...b }));
  }
  switch (t) {
    case "string":
      return fc
        .tuple(
          fc.option(lengths, { nil: {} }),
          values(TEXTS),
          fc.constantFrom({}, { pattern: "^[a-c]*$" }, { pattern: "^\\p{L}+$" }),
        )
        .map(([a, b, c]) => ({ ...a, ...b, ...c }));
    case "binary":
      return fc.option(lengths, { nil: {} });
    case "uuid":
      return values(UUIDS);
    case "bool":
      return values([true]);
    default:
      return fc.constant({});
  }
}

const DEFAULTS: Partial<Record<Scalar, unknown>> = {
  bool: true,
  int8: 1,
  int32: -7,
  int64: 5,
  uint16: 9,
  float32: 0.1,
  float64: 2.5,
  string: "dé",
  uuid: UUIDS[0],
  date: "2021-02-03",
  timestamp: 7,
  duration: -3,
  time: 3,
};

type Decl = string | Record<string, unknown>;
const optionalMark = fc.boolean().map((optional) => (optional ? "?" : ""));

/** A scalar field: short form, or long form with constraints or a default. */
const scalarField: fc.Arbitrary<Decl> = fc.constantFrom(...SCALARS).chain((t) =>
  fc.tuple(optionalMark, scalarConstraints(t), fc.boolean()).map(([q, constraints, withDefault]) => {
    if (withDefault && DEFAULTS[t] !== undefined) return { type: t + q, default: DEFAULTS[t] };
    return Object.keys(constraints).length === 0 ? t + q : { type: t + q, ...constraints };
  }),
);

function fieldDecl(record: string | null, depth: number): fc.Arbitrary<Decl> {
  const options: fc.Arbitrary<Decl>[] = [scalarField, scalarField, scalarField];
  options.push(
    fc
      .tuple(
        fc.constantFrom(...SCALARS),
        optionalMark,
        fc.option(fc.constantFrom({ max_length: 2 }, { min_length: 1 }), { nil: {} }),
      )
      .map(([t, q, lengths]) => ({ type: `list<${t}>${q}`, ...lengths })),
    fc.tuple(fc.constantFrom("float64", "int16", "string"), optionalMark).map(([t, q]) => `list<list<${t}>>${q}`),
    optionalMark.map((q) => `Weights${q}`),
  );
  if (depth < 2) {
    options.push(
      fc
        .tuple(fc.constantFrom("struct", "list<struct>"), optionalMark, fieldsDecl(null, depth + 1, 1, 3))
        .map(([kind, q, fields]) => ({ type: kind + q, fields })),
    );
  }
  if (record !== null)
    options.push(fc.tuple(fc.constantFrom(record, `list<${record}>`), optionalMark).map(([t, q]) => t + q));
  return fc.oneof(...options);
}

const NAMES = ["a", "b", "index", "x_1", "toString", "value"];

function fieldsDecl(
  record: string | null,
  depth: number,
  minLength: number,
  maxLength: number,
): fc.Arbitrary<Record<string, Decl>> {
  return fc
    .uniqueArray(fc.constantFrom(...NAMES), { minLength, maxLength })
    .chain((names) =>
      fc
        .tuple(...names.map(() => fieldDecl(record, depth)))
        .map((decls) => Object.fromEntries(names.map((n, k) => [n, decls[k]!]))),
    );
}

/** Row checks over the version's own fields, by their YAML type; some throw on a null. */
function checksFor(fields: Record<string, Decl>): fc.Arbitrary<{ check: string; message: string }[]> {
  const candidates = Object.entries(fields).flatMap(([name, decl]) => {
    const type = (typeof decl === "string" ? decl : String(decl.type)).replace("?", "");
    const f = `row[${JSON.stringify(propertyKey(name))}]`;
    if (/^(u?int(8|16|32))$/.test(type)) return [`${f} == null || ${f} % 3 !== 0`];
    if (/^(u?int64|timestamp|duration)/.test(type)) return [`${f} == null || ${f} % 3n !== 0n`];
    if (type.startsWith("float")) return [`${f} == null || ${f} < 2`];
    if (type === "string" || type.startsWith("list")) return [`${f} == null || ${f}.length !== 1`, `${f}!.length >= 0`]; // the second throws on a null, on purpose
    // Not `!== false`: with `values: [true]` the field's type is the literal `true`, and the generator type-checks checks.
    if (type === "bool") return [`${f} == null || ${f}`];
    if (type === "date") return [`${f} == null || ${f}.getUTCDay() !== 0`];
    if (type === "struct") return [`${f} == null || Object.values(${f}).join("") !== ""`];
    if (type === "Weights") return [`${f} == null || ${f}.arrays.length !== 1`];
    return [];
  });
  if (candidates.length === 0) return fc.constant([]);
  return fc
    .subarray(candidates, { maxLength: Math.min(2, candidates.length) })
    .map((checks) => checks.map((check, k) => ({ check, message: `check ${k}` })));
}

export interface SchemaSpec {
  readonly child: { fields: Record<string, Decl>; checks: { check: string; message: string }[] };
  readonly base: { fields: Record<string, Decl>; checks: { check: string; message: string }[] };
  readonly top: { fields: Record<string, Decl>; checks: { check: string; message: string }[]; extendsBase: boolean };
}

const versionSpec = (record: string | null, min: number, max: number) =>
  fieldsDecl(record, 0, min, max).chain((fields) => checksFor(fields).map((checks) => ({ fields, checks })));

export const schemaSpec: fc.Arbitrary<SchemaSpec> = fc.record({
  child: versionSpec(null, 1, 3),
  base: versionSpec(null, 1, 2),
  top: fc.tuple(versionSpec("RECORD", 1, 5), fc.boolean()).map(([v, extendsBase]) => ({ ...v, extendsBase })),
});

let schemaCount = 0;

/** Generates, evaluates and registers the spec's three schemas; returns the top version. */
export async function loadSchemaSpec(spec: SchemaSpec): Promise<SchemaVersion> {
  const n = schemaCount++;
  const names = { child: `prop.child${n}`, base: `prop.base${n}`, top: `prop.top${n}` };
  const rename = (fields: Record<string, Decl>): Record<string, Decl> =>
    JSON.parse(JSON.stringify(fields).replaceAll("RECORD", `${names.child}@1`)) as Record<string, Decl>;
  const base = spec.top.extendsBase;
  // A re-declared parent field would have to narrow it: keep the top's names apart from the base's.
  const topFields = Object.fromEntries(
    Object.entries(rename(spec.top.fields)).map(([k, v]) => [base ? `t_${k}` : k, v]),
  );
  // The checks name properties (`toString$` for `toString`; no Julia name holds a `$`): rename the field, then escape again.
  const renamed = (check: string) =>
    check.replace(/row\["([^"$]+)\$?"\]/g, (_, name: string) => `row[${JSON.stringify(propertyKey(`t_${name}`))}]`);
  const topChecks = spec.top.checks.map((c) => ({ ...c, check: base ? renamed(c.check) : c.check }));
  await loadYamlSchemas([
    {
      schema: names.child,
      prefix: `PropChild${n}X`,
      version: { fields: spec.child.fields, checks: spec.child.checks },
    },
    { schema: names.base, prefix: `PropBase${n}X`, version: { fields: spec.base.fields, checks: spec.base.checks } },
    {
      schema: names.top,
      prefix: `PropTop${n}X`,
      version: { ...(base ? { extends: `${names.base}@1` } : {}), fields: topFields, checks: topChecks },
    },
  ]);
  return findSchemaVersion(`${names.top}@1`)!;
}

// ---- random tables: values of each declared type, inside and outside the rules, and nulls ----

const smallInt = fc.integer({ min: -4, max: 6 });
const RANGES: Record<string, [number, number]> = {
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-(2 ** 31), 2 ** 31 - 1],
  uint8: [0, 255],
  uint16: [0, 65535],
  uint32: [0, 2 ** 32 - 1],
};

function valueOf(type: FieldType): fc.Arbitrary<unknown> {
  if (isJuliaContainer(type))
    throw new Error(`random schemas hold no ${type.kind} (julia-containers.property.test.ts draws those)`);
  switch (type.kind) {
    case "bool":
      return fc.boolean();
    case "int": {
      if (type.bits === 64) {
        const [min, max] = type.signed ? [-(2n ** 63n), 2n ** 63n - 1n] : [0n, 2n ** 64n - 1n];
        return fc.oneof(
          smallInt.map((v) => BigInt(type.signed ? v : Math.abs(v))),
          fc.bigInt({ min, max }),
        );
      }
      const [min, max] = RANGES[`${type.signed ? "int" : "uint"}${type.bits}`]!;
      return fc.oneof(
        smallInt.map((v) => Math.min(max, Math.max(min, v))),
        fc.integer({ min, max }),
      );
    }
    case "float":
      return fc
        .oneof(smallInt, fc.constantFrom(1.5, 0.1, Number.NaN), type.bits === 32 ? fc.float() : fc.double())
        .map((v) => (type.bits === 32 ? Math.fround(v) : v));
    case "string":
      return fc.oneof(fc.constantFrom(...TEXTS), fc.string({ unit: "grapheme", maxLength: 5 }));
    case "binary":
      return fc.uint8Array({ maxLength: 4 });
    case "uuid":
      return fc.oneof(fc.constantFrom(...UUIDS), fc.uuid());
    case "date":
      return fc.integer({ min: -1000, max: 1000 }).map((days) => new Date(days * 86_400_000));
    case "datetime":
      return fc.integer({ min: -(2 ** 40), max: 2 ** 40 }).map((milliseconds) => new Date(milliseconds));
    case "time":
      return fc.oneof(
        smallInt.map((v) => BigInt(Math.abs(v))),
        fc.bigInt({ min: 0n, max: 86_400_000_000_000n - 1n }),
      );
    case "timestamp":
    case "duration":
      return fc.oneof(smallInt.map(BigInt), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }));
    case "list": {
      const elements = fc.array(nullable(valueOf(type.element), 0.1), { maxLength: 3 });
      const arrayName = typedArrayName(type.element);
      if (arrayName === null) return elements;
      const TypedArray = globalThis[arrayName] as unknown as { from(items: unknown[]): unknown };
      // A numeric list with a null element reaches Arrow as a child with nulls.
      return elements.map((items) => (items.includes(null) ? items : TypedArray.from(items)));
    }
    case "struct":
      return structOf(type.fields);
    case "record":
      return structOf(type.schemaVersion().fields);
    case "weights": {
      const vec = fc.float32Array({ maxLength: 4, noNaN: true });
      const good = vec.map((v) => new FlatArray(v, [v.length]));
      const broken = fc
        .tuple(vec, fc.array(fc.integer({ min: -1, max: 3 }), { maxLength: 2 }))
        .map(([v, size]) => ({ vec: v, size }));
      return fc
        .array(fc.oneof(good, good, broken), { maxLength: 2 })
        .map((arrays) => ({ arrays }) as unknown as Weights);
    }
    case "any":
      // Random schemas declare no any field; any-columns.property.test.ts draws those columns.
      return fc.constant(null);
    case "symbol":
    case "char":
    case "version":
    case "schema-version":
    case "abstract":
      return juliaScalarValues(type);
  }
}

function nullable<T>(arbitrary: fc.Arbitrary<T>, frequency: number): fc.Arbitrary<T | null> {
  return fc.option(arbitrary, { nil: null, freq: Math.round(1 / frequency) });
}

function structOf(fields: readonly FieldDescriptor[]): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(Object.fromEntries(fields.map((f) => [f.name, nullable(valueOf(f.type), 0.1)])));
}

/**
 * Rows whose fields are mostly valid: a fault in one field must be found even when it is the
 * row's only one (a row with several faults would hide a scan that misses one of them).
 */
function mostlyValidRow(fields: readonly FieldDescriptor[]): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(
    Object.fromEntries(
      fields.map((f) => [
        f.name,
        fc.oneof(
          { weight: 12, arbitrary: validValueOf(f.type, f.constraints) },
          { weight: 1, arbitrary: valueOf(f.type) },
          { weight: 1, arbitrary: fc.constant(null) },
        ),
      ]),
    ),
  );
}

/** Values that satisfy `constraints`. */
function validValueOf(type: FieldType, constraints: FieldDescriptor["constraints"]): fc.Arbitrary<unknown> {
  const { min, max, values, pattern, length, minLength, maxLength } = constraints;
  const low = length ?? minLength ?? 0;
  const high = Math.min(length ?? maxLength ?? low + 3, low + 3);
  const inBounds = (v: unknown) =>
    (min === undefined || (v as number) >= min) && (max === undefined || (v as number) <= max);
  if (values !== undefined) {
    const allowed = values
      .filter(inBounds)
      .filter((v) => typeof v !== "string" || pattern === undefined || new RegExp(pattern, "u").test(v));
    const fitting = allowed.filter(
      (v) => typeof v !== "string" || ([...v].length >= low && [...v].length <= (length ?? maxLength ?? Infinity)),
    );
    return fitting.length === 0 ? valueOf(type) : fc.constantFrom(...fitting);
  }
  switch (type.kind) {
    case "int":
    case "timestamp":
    case "duration":
    case "time":
    case "float": {
      if (min === undefined && max === undefined) return valueOf(type);
      const from = Number(min ?? Number(max) - 5);
      const to = Number(max ?? Number(min) + 5);
      const big = type.kind !== "float" && (type.kind !== "int" || type.bits === 64);
      const nonNegative = (type.kind === "int" && !type.signed) || type.kind === "time";
      return fc
        .integer({ min: from, max: to })
        .filter((v) => !nonNegative || v >= 0)
        .map((v) => (big ? BigInt(v) : v));
    }
    case "string": {
      const letters =
        pattern === "^[a-c]*$" ? ["a", "b", "c"] : pattern === undefined ? ["a", "ç", "😀", "Z"] : ["a", "ç", "Z"];
      const atLeast = pattern === "^\\p{L}+$" ? Math.max(1, low) : low;
      return fc
        .array(fc.constantFrom(...letters), { minLength: atLeast, maxLength: Math.max(atLeast, high) })
        .map((chars) => chars.join(""));
    }
    case "binary":
      return fc.uint8Array({ minLength: low, maxLength: high });
    case "list":
      return fc.array(validValueOf(type.element, {}), { minLength: low, maxLength: high }).map((items) => {
        const arrayName = typedArrayName(type.element);
        return arrayName === null
          ? items
          : (globalThis[arrayName] as unknown as { from(items: unknown[]): unknown }).from(items);
      });
    case "struct":
      return mostlyValidRow(type.fields);
    case "record":
      return mostlyValidRow(type.schemaVersion().fields);
    case "weights":
      return fc
        .array(
          fc.float32Array({ maxLength: 4 }).map((v) => new FlatArray(v, [v.length])),
          { maxLength: 2 },
        )
        .map((arrays) => new Weights(arrays));
    default:
      return valueOf(type);
  }
}

/** How a top-level column appears in the table. */
type ColumnForm = "values" | "absent" | "all-null";

/** An Arrow field for `type` that may hold nulls at every level (a required field may sit in a nullable column). */
function looseField(name: string, type: FieldType): Field {
  switch (type.kind) {
    case "list":
      return new Field(name, new List(looseField("", type.element)), true);
    case "struct":
      return new Field(name, new Struct(type.fields.map((f) => looseField(f.name, f.type))), true);
    case "record":
      return new Field(name, new Struct(type.schemaVersion().fields.map((f) => looseField(f.name, f.type))), true);
    default:
      // With the extension name Arrow.jl writes (a uuid's JuliaLang.UUID): Julia reads the type by it.
      return new Field(name, arrowTypeOf(type), true, arrowFieldOf(name, type, true).metadata);
  }
}

function encodeLoose(type: FieldType, field: Field, values: readonly unknown[]): Data {
  const { nullCount, nullBitmap } = validityOf(values, true);
  switch (type.kind) {
    case "list": {
      const lists = values.map((v) => (v ?? []) as ArrayLike<unknown>);
      const child = encodeLoose(
        type.element,
        field.type.children[0]!,
        lists.flatMap((l) => Array.from(l)),
      );
      return makeData({
        type: field.type,
        length: values.length,
        nullCount,
        nullBitmap,
        valueOffsets: offsetsOf(
          lists.map((l) => l.length),
          { path: "list", rows: lists.length },
        ),
        child,
      });
    }
    case "struct":
    case "record": {
      const fields = type.kind === "struct" ? type.fields : type.schemaVersion().fields;
      const children = fields.map((f, k) =>
        encodeLoose(
          f.type,
          (field.type as Struct).children[k]!,
          values.map((v) => (v == null ? null : (v as Record<string, unknown>)[f.name])),
        ),
      );
      return makeData({ type: field.type as Struct, length: values.length, nullCount, nullBitmap, children });
    }
    default:
      return encodeColumn(type, field, values);
  }
}

function tableOf(
  schemaVersion: SchemaVersion,
  rows: Record<string, unknown>[],
  forms: ColumnForm[],
  batchSizes: number[],
): Table {
  const present = schemaVersion.fields.flatMap((field, k) =>
    forms[k] === "absent" && field.optional ? [] : [{ field, form: forms[k]! }],
  );
  const fields = present.map(({ field, form }) =>
    form === "all-null" && field.optional
      ? new Field(field.name, new Null(), true)
      : looseField(field.name, field.type),
  );
  const schema = new Schema(fields);
  const batches: RecordBatch[] = [];
  for (let start = 0, b = 0; start < rows.length || batches.length === 0; b++) {
    const chunk = rows.slice(start, start + (batchSizes[b % batchSizes.length] ?? rows.length));
    start += Math.max(1, chunk.length);
    const children = present.map(({ field, form }, k) =>
      DataOf(form === "all-null" && field.optional ? null : field, fields[k]!, chunk),
    );
    batches.push(
      new RecordBatch(schema, makeData({ type: new Struct(fields), length: chunk.length, nullCount: 0, children })),
    );
  }
  return new Table(batches);
}

function DataOf(field: FieldDescriptor | null, arrowField: Field, rows: Record<string, unknown>[]): Data {
  if (field === null) return makeData({ type: new Null(), length: rows.length });
  return encodeLoose(
    field.type,
    arrowField,
    rows.map((row) => row[field.name] ?? null),
  );
}

/**
 * A random table of `schemaVersion` drawn with `gen`: mostly valid rows and arbitrary ones, each
 * top-level column present, absent or all null, cut into batches of random sizes.
 */
export function randomTable(gen: fc.GeneratorValue, schemaVersion: SchemaVersion): Table {
  const rows = randomRows(gen, schemaVersion);
  const forms = gen(() =>
    fc.array(fc.constantFrom<ColumnForm>("values", "values", "values", "absent", "all-null"), {
      minLength: schemaVersion.fields.length,
      maxLength: schemaVersion.fields.length,
    }),
  );
  const batchSizes = gen(() => fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 3 }));
  return tableOf(schemaVersion, rows, forms, batchSizes);
}

/** Random input rows of `schemaVersion` drawn with `gen`, as plain objects: mostly valid, some arbitrary. */
export function randomRows(
  gen: fc.GeneratorValue,
  schemaVersion: SchemaVersion,
  maxLength = 12,
): Record<string, unknown>[] {
  return gen(() =>
    fc.array(fc.oneof(mostlyValidRow(schemaVersion.fields), structOf(schemaVersion.fields)), { maxLength }),
  );
}
