/**
 * Rows of a fuzzed version as the `any` oracle (any-values.ts) sees them: the row a table read
 * gives back, the row `fromJSON(toJSON(row))` gives, and whether a table of rows cannot be written
 * because an `any` column (a top-level field's, or a record's field at any depth in it, typed
 * from all of that column's values) has no type to infer.
 */
import { anyJson, anyReadBack, anyRefusal, type AnyShape, anyStructKeys } from "./any-values.js";
import { type MixRefusal, mixReadBack, mixRefusal } from "./any-mixes.js";
import { flatFields, type FieldModel, partsOf, type TypeModel, type VersionModel } from "./model.js";
import { keyOf, type Row } from "./values.js";

/** Called with each `any` value, and where it lies in its column (its fields' names and tuple parts). */
type Visit = (shape: AnyShape, value: unknown, at: string) => unknown;

/** The row with every `any` value replaced by `visit`'s answer (the row itself when it holds none). */
function mapRow(fields: readonly FieldModel[], row: Row, visit: Visit, at = ""): Row {
  if (!fields.some((field) => holdsAny(field.type))) return row;
  const out: Row = { ...row };
  for (const field of fields)
    out[keyOf(field.name)] = mapValue(field.type, row[keyOf(field.name)], visit, `${at}.${field.name}`);
  return out;
}

function mapValue(type: TypeModel, value: unknown, visit: Visit, at: string): unknown {
  if (type.kind === "any") return visit(type.shape, value, at);
  // A value of another type (a fault: faults.ts) holds no any value.
  if (typeof value !== "object" || value === null || !holdsAny(type)) return value;
  if (
    type.kind === "map"
      ? !(value instanceof Map)
      : type.kind !== "record" && type.kind !== "struct" && !Array.isArray(value)
  )
    return value;
  switch (type.kind) {
    case "record":
      return mapRow(flatFields(type.target), value as Row, visit, at);
    case "struct":
      return mapRow(type.fields, value as Row, visit, at);
    case "list<struct>":
      return (value as Row[]).map((item) => mapRow(type.fields, item, visit, at));
    case "list":
    case "vector":
    case "ntuple":
      return (value as unknown[]).map((item) => mapValue(type.element, item, visit, at));
    case "map":
      return new Map(
        [...(value as Map<unknown, unknown>)].map(([key, item]) => [key, mapValue(type.value, item, visit, at)]),
      );
    case "tuple":
      return (value as unknown[]).map((part, k) => mapValue(type.parts[k]!, part, visit, `${at}[${k}]`));
    default:
      return value;
  }
}

/** Whether values of `type` may hold an `any` value. */
export function holdsAny(type: TypeModel): boolean {
  if (type.kind === "any") return true;
  const { fields, types } = partsOf(type);
  return fields.some((field) => holdsAny(field.type)) || types.some(holdsAny);
}

/** Whether values of `type` may hold an `any` value whose values differ from row to row (any-mixes.ts). */
export function holdsMix(type: TypeModel): boolean {
  if (type.kind === "any") return type.shape.kind === "mix";
  const { fields, types } = partsOf(type);
  return fields.some((field) => holdsMix(field.type)) || types.some(holdsMix);
}

/**
 * Rows of `version` as a table of them reads back (an `any` struct has every key its column's
 * objects hold; a mixed column's values are as the one type of all of them holds them).
 */
export function readRows(version: VersionModel, rows: readonly Row[]): Row[] {
  const fields = flatFields(version);
  const columns = anyColumns(fields, rows);
  const readers = new Map(
    [...columns].map(([at, { shape, values }]) => {
      if (shape.kind === "mix") return [at, mixReadBack(values)];
      const keys = anyStructKeys(shape, values);
      return [at, (value: unknown) => anyReadBack(shape, value, keys)];
    }),
  );
  return rows.map((row) => mapRow(fields, row, (_, value, at) => readers.get(at)!(value)));
}

/** Each `any` column in rows of these fields (a field's, or a record's field's in it): where it lies, its shape and all its values. */
function anyColumns(fields: readonly FieldModel[], rows: readonly Row[]) {
  const columns = new Map<string, { shape: AnyShape; values: unknown[] }>();
  const collect: Visit = (shape, value, at) => {
    let column = columns.get(at);
    if (column === undefined) columns.set(at, (column = { shape, values: [] }));
    column.values.push(value);
    return value;
  };
  for (const row of rows) mapRow(fields, row, collect);
  return columns;
}

/** A row of `version` as `fromJSON(toJSON(row))` gives it: an `any` value is its JSON form as it is. */
export function jsonRow(version: VersionModel, row: Row): Row {
  return mapRow(flatFields(version), row, (shape, value) => anyJson(shape, value));
}

/**
 * Why rows of `version` cannot be written (an `any` column with no type to infer), or `null`:
 * the reason, and the values its error must name (both bigints no 64-bit integer holds).
 * Each column is a top-level field; the values of one `any` field of a record in it, wherever they
 * lie in the column, are typed together.
 */
export function tableRefusal(version: VersionModel, rows: readonly Row[]): MixRefusal | null {
  const refusals: MixRefusal[] = [];
  for (const [at, { shape, values }] of anyColumns(flatFields(version), rows)) {
    if (shape.kind === "mix") {
      const refusal = mixRefusal(values);
      if (refusal !== null) refusals.push({ reason: `${at}: ${refusal.reason}`, names: refusal.names });
    } else {
      const refusal = anyRefusal(shape, values);
      if (refusal !== null) refusals.push({ reason: `${at}: ${refusal}`, names: [] });
    }
  }
  // The writer refuses the first column it types; the values named are checked when only one is refused.
  if (refusals.length === 0) return null;
  return refusals.length === 1 ? refusals[0]! : { reason: refusals.map((r) => r.reason).join("; "), names: [] };
}
