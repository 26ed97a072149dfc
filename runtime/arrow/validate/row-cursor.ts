/**
 * Row checks without rows: a reused cursor object whose getters read, at its current index, the
 * values a converted row would hold (defaults for missing values, bigints, typed-array views,
 * nested records as their row classes), so that a version's compiled checks (`checkRow`, see
 * schema-version.ts) run once per row without building the row. A field is decoded only when a
 * check reads it.
 *
 * The checks run only on rows whose fields passed every column scan (the row path runs them only
 * then), so each getter may assume its value is valid. A check that inspects the row object
 * itself (`Object.keys(row)`, `row instanceof ...`) rather than its fields sees the cursor.
 */
import type { Data, Field } from "apache-arrow";
import { propertyKey } from "../../field-names.js";
import { typedArrayName, type FieldDescriptor, type FieldType } from "../../field-types.js";
import type { SchemaVersion } from "../../schema-version-types.js";
import type { Violation } from "../../violations.js";
import { anyFieldType, columnDecoder, convertedDefault, type ValueReader } from "../columns/decode.js";
import { computesFields } from "../../field-expressions.js";

/** Bound to one batch's (or struct's) data: whether the row at an index passes its checks. */
export type RowChecker = (data: Data) => (index: number) => boolean;

/** Whether the chain of `schemaVersion` declares any row check. */
export function hasRowChecks(schemaVersion: SchemaVersion): boolean {
  for (let version: SchemaVersion | null = schemaVersion; version !== null; version = version.parent) {
    if (version.checks.length > 0) return true;
  }
  return false;
}

/**
 * The row checks of `schemaVersion` over data whose children are `columns`, or `null` when its
 * chain has none. Descriptors generated before `checkRow` existed fall back to the row class's
 * `is` on the same cursor: exact, only slower (it tests every field again).
 */
export function rowChecker(schemaVersion: SchemaVersion, columns: readonly Field[]): RowChecker | null {
  // A version with `value:` expressions has every row judged by its constructor (validate/batch.ts).
  if (!hasRowChecks(schemaVersion) || computesFields(schemaVersion)) return null;
  const bindView = rowView(schemaVersion.fields, columns);
  const { checkRow } = schemaVersion;
  if (checkRow === undefined) {
    const { rowClass } = schemaVersion;
    return (data) => {
      const view = bindView(data);
      return (index) => {
        view[AT] = index;
        return rowClass.is(view);
      };
    };
  }
  const failures: Violation[] = [];
  return (data) => {
    const view = bindView(data);
    return (index) => {
      view[AT] = index;
      checkRow.call(schemaVersion, view as never, "", failures);
      const passes = failures.length === 0;
      failures.length = 0;
      return passes;
    };
  };
}

/** The cursor's own state, under symbols so that no field name (`index`, say) can shadow it. */
const AT = Symbol("row index");
const READERS = Symbol("column readers");

/** A row cursor: its field getters read the bound columns at row `[AT]`. */
interface RowView {
  [AT]: number;
  [READERS]: ValueReader[];
}

/** Compiles a cursor class over `fields` stored in `columns` (matched by name); binding gives one cursor per batch. */
function rowView(fields: readonly FieldDescriptor[], columns: readonly Field[]): (data: Data) => RowView {
  const readers = fields.map((field) => fieldReader(field, columns));
  const View = function (this: RowView, data: Data) {
    this[AT] = 0;
    this[READERS] = readers.map((bind) => bind(data));
  } as unknown as new (
    data: Data,
  ) => RowView;
  fields.forEach((field, k) => {
    // The row class's own property (a field named `toString` is held as `toString$`, field-names.ts).
    Object.defineProperty(View.prototype, propertyKey(field.name), {
      enumerable: true,
      get(this: RowView) {
        return this[READERS][k]!(this[AT]);
      },
    });
  });
  return (data) => new View(data);
}

/** How a cursor reads one field: the decoded value, or the converted default where it is missing. */
function fieldReader(field: FieldDescriptor, columns: readonly Field[]): (data: Data) => ValueReader {
  const missing = field.default === undefined ? null : convertedDefault(field.type, field.default);
  const index = columns.findIndex((column) => column.name === field.name);
  if (index < 0) return () => () => missing;
  // An `any` column reads as rows read it: its storage's type, its Julia label included.
  const type = field.type.kind === "any" ? anyFieldType(columns[index]!) : field.type;
  const decode = columnDecoder(type, columns[index]!.type, { trusted: false }, columns[index]);
  const convert = valueConverter(field.type);
  return (data) => {
    const read = decode(data.children[index]!);
    if (convert === null) return (i) => read(i) ?? missing;
    return (i) => {
      const value = read(i);
      return value == null ? missing : convert(value);
    };
  };
}

/**
 * What the generated conversion does to a decoded (and valid) value, or `null` when it keeps it:
 * struct children take their defaults, nested records become their row classes, numeric lists
 * read as plain arrays (their child holds nulls elsewhere) become typed arrays.
 */
function valueConverter(type: FieldType): ((value: unknown) => unknown) | null {
  switch (type.kind) {
    case "list":
    case "vector":
    case "ntuple": {
      const arrayType = typedArrayName(type.element);
      if (arrayType !== null) {
        const TypedArray = globalThis[arrayType] as unknown as { from(items: unknown[]): unknown };
        return (value) => (Array.isArray(value) ? TypedArray.from(value) : value);
      }
      const element = valueConverter(type.element);
      return element === null
        ? null
        : (value) => (value as unknown[]).map((item) => (item == null ? item : element(item)));
    }
    case "struct": {
      const children = type.fields.map((field) => ({
        key: propertyKey(field.name),
        missing: field.default === undefined ? null : convertedDefault(field.type, field.default),
        convert: valueConverter(field.type),
      }));
      return (value) => {
        const out: Record<string, unknown> = {};
        for (const { key, missing, convert } of children) {
          const child = (value as Record<string, unknown>)[key];
          out[key] = child == null ? missing : convert === null ? child : convert(child);
        }
        return out;
      };
    }
    case "record": {
      const rowClass = type.schemaVersion().rowClass as unknown as new (input: unknown) => object;
      return (value) => new rowClass(value);
    }
    default:
      return null;
  }
}
