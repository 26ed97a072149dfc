/**
 * Column-level validation, with Legolas.jl's semantics: every declared field is present with an
 * accepted Arrow type, or absent and optional; extra columns are allowed. Like Legolas's
 * `find_violations` it reports every violation, not the first, so that one run shows everything
 * to fix. Nested structs and records are matched by child NAME, never by position.
 *
 * One deliberate leniency: a required field may sit in a nullable column (pyarrow and others
 * mark every column nullable). What matters is whether a null is actually there, which
 * `validateTable` checks when it is given a table rather than a bare schema.
 */
import { DataType, DateUnit, Precision, Schema, Table, type Field } from "apache-arrow";
import { formatFieldType, type FieldDescriptor, type FieldType } from "../field-types.js";
import type { SchemaVersion } from "../schema-version.js";
import type { Violation } from "../violations.js";
import { TableSchemaError } from "./errors.js";
import { arrowTypeOf, recordFields, TIME_UNITS, WEIGHTS_STORAGE } from "./schema.js";

/**
 * Every column violation of `tableOrSchema` against `schemaVersion`; empty when it complies.
 * Given a table, required columns holding nulls are violations too.
 */
export function validateTable(tableOrSchema: Table | Schema, schemaVersion: SchemaVersion): Violation[] {
  const schema = tableOrSchema instanceof Table ? tableOrSchema.schema : tableOrSchema;
  const violations = columnViolations(schema, schemaVersion.fields);
  if (tableOrSchema instanceof Table) violations.push(...nullViolations(tableOrSchema, schemaVersion.fields));
  return violations;
}

/** Like {@link validateTable}, but throws one `TableSchemaError` listing every violation. */
export function assertTableValid(tableOrSchema: Table | Schema, schemaVersion: SchemaVersion, source?: string): void {
  const violations = validateTable(tableOrSchema, schemaVersion);
  if (violations.length > 0) throw new TableSchemaError(schemaVersion.identifier, violations, source);
}

/** `true` when `tableOrSchema` complies with `schemaVersion`. */
export function compliesWith(tableOrSchema: Table | Schema, schemaVersion: SchemaVersion): boolean {
  return validateTable(tableOrSchema, schemaVersion).length === 0;
}

/** The schema-level check: names and Arrow types of the columns. */
export function columnViolations(schema: Schema, fields: readonly FieldDescriptor[]): Violation[] {
  const out: Violation[] = [];
  checkChildren("", schema.fields, fields, out);
  return out;
}

function checkChildren(prefix: string, found: readonly Field[], declared: readonly FieldDescriptor[], out: Violation[]): void {
  for (const field of declared) {
    const path = prefix + field.name;
    const column = found.find((f) => f.name === field.name);
    if (column === undefined) {
      if (!field.optional) out.push({ code: "missing_field", path, expected: expectedText(field.type) });
      continue;
    }
    checkType(path, field.type, field.optional, column.type, out);
  }
}

function checkType(path: string, type: FieldType, optional: boolean, stored: DataType, out: Violation[]): void {
  // An all-missing column: Arrow.jl writes a `Vector{Missing}` as the Null type.
  if (DataType.isNull(stored)) {
    if (!optional) out.push(incorrect(path, type, stored));
    return;
  }
  // A dictionary-encoded column (Arrow.jl's pooled and categorical columns) holds values of its
  // dictionary's type: it is accepted wherever that type is.
  const found = DataType.isDictionary(stored) ? stored.dictionary : stored;
  switch (type.kind) {
    case "list": {
      if (!DataType.isList(found) && !DataType.isLargeList(found)) return void out.push(incorrect(path, type, stored));
      const child = found.children[0];
      if (child !== undefined) checkType(`${path}[]`, type.element, false, child.type, out);
      return;
    }
    case "struct":
      return checkStruct(path, type, type.fields, found, out);
    case "record":
      return checkStruct(path, type, recordFields(type.identifier), found, out);
    case "weights":
      return checkStruct(path, type, (WEIGHTS_STORAGE as { fields: readonly FieldDescriptor[] }).fields, found, out);
    default:
      if (!acceptsScalar(type, found)) out.push(incorrect(path, type, stored));
  }
}

function checkStruct(path: string, type: FieldType, fields: readonly FieldDescriptor[], found: DataType, out: Violation[]): void {
  if (!DataType.isStruct(found)) return void out.push(incorrect(path, type, found));
  // A struct that has none of the declared children is the wrong struct, not a broken one: say so once.
  const matched = fields.some((f) => found.children.some((child) => child.name === f.name));
  if (!matched && fields.some((f) => !f.optional)) return void out.push(incorrect(path, type, found));
  checkChildren(`${path}.`, found.children, fields, out);
}

/** Whether a column of Arrow type `found` holds values of the scalar field type `type`. */
function acceptsScalar(type: FieldType, found: DataType): boolean {
  switch (type.kind) {
    case "bool":
      return DataType.isBool(found);
    case "int":
      return DataType.isInt(found) && found.bitWidth === type.bits && found.isSigned === type.signed;
    case "float":
      return DataType.isFloat(found) && found.precision === (type.bits === 32 ? Precision.SINGLE : Precision.DOUBLE);
    case "string":
      // Utf8View: how Polars (and Arrow C++ on request) writes strings.
      return DataType.isUtf8(found) || DataType.isLargeUtf8(found) || DataType.isUtf8View(found);
    case "binary":
      return DataType.isBinary(found) || DataType.isLargeBinary(found) || DataType.isBinaryView(found);
    case "uuid":
      return DataType.isFixedSizeBinary(found) && found.byteWidth === 16;
    case "date":
      return DataType.isDate(found) && (found.unit === DateUnit.DAY || found.unit === DateUnit.MILLISECOND);
    case "timestamp":
      return DataType.isTimestamp(found) && found.unit === TIME_UNITS[type.unit] && (found.timezone ?? null) === type.timezone;
    case "duration":
      return DataType.isDuration(found) && found.unit === TIME_UNITS[type.unit];
    default:
      return false;
  }
}

/** The null check that needs data: a required column (or a required child of one) holding nulls. */
function nullViolations(table: Table, fields: readonly FieldDescriptor[]): Violation[] {
  const out: Violation[] = [];
  for (const field of fields) {
    if (field.optional) continue;
    const column = table.getChild(field.name);
    if (column === null || DataType.isNull(column.type)) continue;
    const nulls = column.nullCount;
    if (nulls > 0) {
      out.push({
        code: "incorrect_type",
        path: field.name,
        expected: `a value in every row (${formatFieldType(field.type)} is required)`,
        found: `${nulls} null${nulls === 1 ? "" : "s"}`,
      });
    }
  }
  return out;
}

function incorrect(path: string, type: FieldType, found: DataType): Violation {
  return { code: "incorrect_type", path, expected: expectedText(type), found: `Arrow ${String(found)}` };
}

function expectedText(type: FieldType): string {
  let arrow: string;
  try {
    arrow = String(arrowTypeOf(type));
  } catch {
    return formatFieldType(type);
  }
  return `${formatFieldType(type)} (Arrow ${arrow})`;
}
