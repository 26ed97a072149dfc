/**
 * Column-level validation, with Legolas.jl's semantics: every declared field is present with an
 * accepted Arrow type, or absent and optional; extra columns are allowed. Like Legolas's
 * `find_violations` it reports every violation, not the first, so that one run shows everything
 * to fix. Nested structs and records are matched by child NAME, never by position.
 *
 * One deliberate leniency: a required field may sit in a nullable column (pyarrow and others
 * mark every column nullable). What matters is whether a null is actually there, which
 * `validateTable` checks, at every depth, when it is given a table rather than a bare schema
 * (null-counts.ts).
 */
import { DataType, DateUnit, Precision, type RecordBatch, type Schema, Table, type Field } from "apache-arrow";
import { formatFieldType, type FieldDescriptor, type FieldType } from "../../field-types.js";
import type { SchemaVersion } from "../../schema-version-types.js";
import { shortText, type Violation } from "../../violations.js";
import { parseIdentifier } from "../../identifier.js";
import { TableSchemaError } from "../errors.js";
import { checkArrowArgument } from "../arrow-arguments.js";
import { checkSchemaVersionArgument } from "../options.js";
import {
  EXTENSION_NAME_KEY,
  NOTHING_EXTENSION,
  extensionNameOf,
  LOCAL_ZONED_DATETIME_EXTENSION,
  recordExtensionName,
  UUID_EXTENSION,
  ZONED_DATETIME_EXTENSION,
} from "../metadata.js";
import { arrowTypeOf, extensionNameFor, TIME_UNITS } from "../schema.js";
import { weightsTypeViolations } from "../columns/weights.js";
import { isDateTimeStorage, isTimeOfDayStorage, isTimestampStorage } from "../columns/time-units.js";
import { isUint128 } from "../ipc/uint128-columns.js";
import { readsTimeZone } from "../time-zones.js";
import { acceptsJuliaStorage, isTextStorage, isWideOrHalf } from "../columns/julia-scalar-storage.js";
import { acceptsContainer } from "./julia-containers.js";
import { NullCounter, nullViolations } from "./null-counts.js";

/**
 * Every column violation of `tableOrSchema` against `schemaVersion`; empty when it complies.
 * Given a table, required columns holding nulls are violations too. Row violations (constraints,
 * row checks) are not reported here, since a violation has no row index:
 * `validateRecordBatch(table, schemaVersion)` lists them, row by row, once the columns comply.
 */
export function validateTable(tableOrSchema: Table | Schema, schemaVersion: SchemaVersion): Violation[] {
  checkArrowArgument(tableOrSchema, "the table", ["Table", "Schema"]);
  checkSchemaVersionArgument(schemaVersion);
  if (!(tableOrSchema instanceof Table)) return columnViolations(tableOrSchema, schemaVersion.fields);
  const check = new TableCheck(tableOrSchema.schema, schemaVersion);
  for (const batch of tableOrSchema.batches) check.add(batch);
  return check.violations();
}

/**
 * {@link validateTable} of a table read batch by batch, for one too large to hold whole: `add`
 * each batch, then `violations()` gives what `validateTable` gives for the table of those
 * batches. Memory holds the null counts, never a batch already added.
 */
export class TableCheck {
  private readonly nulls: NullCounter;

  constructor(
    private readonly schema: Schema,
    private readonly schemaVersion: SchemaVersion,
  ) {
    this.nulls = new NullCounter(schemaVersion.fields.filter(isStoredAsDeclared));
  }

  add(batch: RecordBatch): void {
    this.nulls.add(batch);
  }

  violations(): Violation[] {
    return [...columnViolations(this.schema, this.schemaVersion.fields), ...this.nulls.violations()];
  }
}

/** Like {@link validateTable}, but throws one `TableSchemaError` listing every violation. */
export function assertTableValid(tableOrSchema: Table | Schema, schemaVersion: SchemaVersion, source?: string): void {
  const violations = validateTable(tableOrSchema, schemaVersion);
  if (violations.length > 0) throw new TableSchemaError(schemaVersion.identifier, violations, source);
}

/**
 * {@link assertTableValid} of a table whose schema has no column violation (read-plans.ts found
 * none in a schema alike in every property): what needs its data, the nulls in required columns.
 */
export function assertRequiredFilled(table: Table, schemaVersion: SchemaVersion, source?: string): void {
  const violations = nullViolations(table.batches, schemaVersion.fields.filter(isStoredAsDeclared));
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

function checkChildren(
  prefix: string,
  found: readonly Field[],
  declared: readonly FieldDescriptor[],
  out: Violation[],
): void {
  const columns = new Map<string, Field[]>();
  for (const column of found) {
    const same = columns.get(column.name);
    if (same === undefined) columns.set(column.name, [column]);
    else same.push(column);
  }
  for (const field of declared) {
    const path = prefix + field.name;
    const [column, ...others] = columns.get(field.name) ?? [];
    // A field a `value:` expression computes may be missing from the table, or null in it.
    const optional = field.optional || !isStoredAsDeclared(field);
    if (column === undefined) {
      if (!optional) out.push({ code: "missing_field", path, expected: expectedText(field.type) });
      continue;
    }
    // Arrow allows two columns of one name; a reader by name would take the first and never see the other.
    if (others.length > 0) {
      out.push({
        code: "incorrect_type",
        path,
        expected: `one column of this name holding ${expectedText(field.type)}`,
        found: `${others.length + 1} columns named ${JSON.stringify(field.name)}`,
      });
      continue;
    }
    // `input: any`: any storage, which the field's value expression makes its type (row by row),
    // but not local wall-clock times, which it would be handed as instants (as an `any` column).
    if (field.input !== "any") checkType(path, field.type, optional, column.type, out, column);
    else localZonedDateTimes(path, ANY, column, out);
  }
}

/** What an `input: any` field's column is checked as: any storage (see {@link localZonedDateTimes}). */
const ANY: FieldType = { kind: "any" };

/** Whether a field's column must hold its value as declared: not one a `value:` expression computes on read. */
function isStoredAsDeclared(field: FieldDescriptor): boolean {
  return field.computed !== true;
}

/**
 * `field`: the Arrow field holding the value (a column, struct child or list element), whose
 * extension name a nested record must not contradict.
 */
function checkType(
  path: string,
  type: FieldType,
  optional: boolean,
  stored: DataType,
  out: Violation[],
  field?: Field,
): void {
  // An all-missing column: Arrow.jl writes a `Vector{Missing}` as the Null type. An `any` holds
  // `missing` wherever it stands (a `vector<any>`'s elements too: a List of Null, as Arrow.jl
  // writes a `Vector{Missing}` in an `AbstractVector` field, and as the writer does).
  if (DataType.isNull(stored)) {
    if (!optional && type.kind !== "any") out.push(incorrect(path, type, stored));
    // Arrow.jl reads a Null column labelled JuliaLang.Nothing as Julia's `nothing`s, which no `Union{Missing, T}` holds (Legolas.jl refuses it); an `any` (Julia's `Any`) does.
    else if (type.kind !== "any" && field !== undefined && extensionNameOf(field) === NOTHING_EXTENSION)
      out.push({
        code: "incorrect_type",
        path,
        expected: expectedText(type),
        found: `Arrow Null labelled ${NOTHING_EXTENSION}: Julia's nothing, not missing (Legolas.jl refuses it for ${formatFieldType(type)}); write missing in Julia, or declare the field any`,
      });
    return;
  }
  // A dictionary-encoded column (Arrow.jl's pooled and categorical columns) holds values of its
  // dictionary's type: it is accepted wherever that type is.
  const found = DataType.isDictionary(stored) ? stored.dictionary : stored;
  // A child that narrowed an abstract field to a union of its subtypes (`Union{Int64, Float64} <:
  // Real`) writes a union, as Arrow.jl writes one: each child must hold the abstract type, a Null
  // child only where the field is optional.
  if (type.kind === "abstract" && DataType.isUnion(found)) {
    const children: Violation[] = [];
    for (const child of found.children) checkType(path, type, optional, child.type, children, child);
    if (children.length > 0) out.push(incorrect(path, type, stored, field));
    return;
  }
  switch (type.kind) {
    case "list": {
      if (!DataType.isList(found) && !DataType.isLargeList(found)) return void out.push(incorrect(path, type, stored));
      const child = found.children[0];
      if (child !== undefined) checkType(`${path}[]`, type.element, false, child.type, out, child);
      return;
    }
    case "struct":
      return checkStruct(path, type, type.fields, found, out);
    case "record":
      if (field !== undefined && !recordExtensionMatches(type.identifier, field)) {
        // The stored type stays in the text: an old Legolas.jl layout is recognised by it (errors.ts).
        const violation = incorrect(path, type, stored);
        return void out.push({
          ...violation,
          found: `${violation.found} labelled ${field.metadata.get(EXTENSION_NAME_KEY)}`,
        });
      }
      return checkStruct(path, type, type.schemaVersion().fields, found, out);
    case "weights":
      for (const violation of weightsTypeViolations(path, found)) out.push(violation);
      return;
    case "any":
      // Whatever the storage, but not local wall-clock times read as instants, at any depth.
      if (field !== undefined) localZonedDateTimes(path, type, field, out);
      return;
    case "vector":
    case "ntuple":
    case "set":
    case "tuple":
    case "map":
    case "union": {
      const checkChild = (at: string, part: FieldType, child: DataType, childField: Field) =>
        checkType(at, part, false, child, out, childField);
      if (!acceptsContainer(type, found, field, path, checkChild, storageMatches, optional))
        out.push(incorrect(path, type, stored, field));
      return;
    }
    default:
      if (field !== undefined && isLocalZonedDateTime(field))
        return void out.push(localTimeViolation(path, type, field));
      if (!acceptsScalar(type, found, field)) out.push(incorrect(path, type, stored, field));
  }
}

/** Whether `stored` is storage of `type` (a value, not missing), with no violation at any depth. */
export function storageMatches(type: FieldType, stored: DataType, field: Field | undefined): boolean {
  const violations: Violation[] = [];
  checkType("", type, false, stored, violations, field);
  return violations.length === 0;
}

/**
 * Arrow.jl before 2.4.2 labelled a `ZonedDateTime` column `JuliaLang.ZonedDateTime` and stored
 * each value's local wall-clock time in its zone, not the UTC instant Arrow's Timestamp means
 * (eltypes.jl, `LocalZonedDateTime`). Read as a timestamp, every value would be off by its zone's
 * offset, without a sign of it: refused, whatever the field's type.
 */
function isLocalZonedDateTime(field: Field): boolean {
  return DataType.isTimestamp(field.type) && field.metadata.get(EXTENSION_NAME_KEY) === LOCAL_ZONED_DATETIME_EXTENSION;
}

/** {@link localTimeViolation}s of `field` and every field it holds (an `any` column keeps its storage at every depth). */
function localZonedDateTimes(path: string, type: FieldType, field: Field, out: Violation[]): void {
  const stored = DataType.isDictionary(field.type) ? field.type.dictionary : field.type;
  if (DataType.isTimestamp(stored) && field.metadata.get(EXTENSION_NAME_KEY) === LOCAL_ZONED_DATETIME_EXTENSION)
    return void out.push(localTimeViolation(path, type, field));
  const children: readonly Field[] = stored.children ?? [];
  const struct = DataType.isStruct(stored);
  for (const child of children) localZonedDateTimes(struct ? `${path}.${child.name}` : `${path}[]`, type, child, out);
}

function localTimeViolation(path: string, type: FieldType, field: Field): Violation {
  return {
    code: "incorrect_type",
    path,
    expected: expectedText(type),
    found:
      `Arrow ${String(field.type)} labelled ${LOCAL_ZONED_DATETIME_EXTENSION}: local wall-clock times written by ` +
      `Arrow.jl before 2.4.2, not UTC instants; read the file with a current Arrow.jl and write it again, ` +
      `which stores UTC (${ZONED_DATETIME_EXTENSION})`,
  };
}

function checkStruct(
  path: string,
  type: FieldType,
  fields: readonly FieldDescriptor[],
  found: DataType,
  out: Violation[],
): void {
  if (!DataType.isStruct(found)) return void out.push(incorrect(path, type, found));
  // A struct that has none of the declared children is the wrong struct, not a broken one: say so once.
  const matched = fields.some((f) => found.children.some((child) => child.name === f.name));
  if (!matched && fields.some((f) => !f.optional)) return void out.push(incorrect(path, type, found));
  checkChildren(`${path}.`, found.children, fields, out);
}

/**
 * Legolas.jl labels a nested record's column with the Julia type it generates for that schema
 * version (`JuliaLang.Legolas.Generated.<name>.<version>`). A label naming another schema or
 * version is another record, whatever its columns: refused, never re-labelled on write. An
 * absent label is accepted (Arrow.jl omits it for some columns).
 */
function recordExtensionMatches(identifier: string, field: Field): boolean {
  const label = field.metadata.get(EXTENSION_NAME_KEY);
  if (label === undefined) return true;
  const [own] = parseIdentifier(identifier);
  return label === recordExtensionName(own!.name, own!.version);
}

/**
 * Whether `field` is labelled as Arrow.jl labels a UUID column. Arrow.jl reads 16 bytes without
 * the label as `NTuple{16, UInt8}`, no UUID, and the unlabelled ones other writers make hold
 * RFC 4122's byte order (pyarrow's `binary(16)` of Python's `uuid.bytes`), which Arrow.jl's
 * reversed order would read backwards.
 */
function holdsJuliaUuids(field: Field | undefined): boolean {
  return field !== undefined && extensionNameOf(field) === UUID_EXTENSION;
}

/** Whether a column of Arrow type `found` (of `field`, whose extension name some types read) holds values of the scalar field type `type`. */
function acceptsScalar(type: FieldType, found: DataType, field: Field | undefined): boolean {
  if (isWideOrHalf(type)) return acceptsJuliaStorage(type, found, field);
  switch (type.kind) {
    case "bool":
      return DataType.isBool(found);
    case "int":
      return DataType.isInt(found) && found.bitWidth === type.bits && found.isSigned === type.signed;
    case "float":
      return DataType.isFloat(found) && found.precision === (type.bits === 32 ? Precision.SINGLE : Precision.DOUBLE);
    case "string":
      return isTextStorage(found);
    case "binary":
      return DataType.isBinary(found) || DataType.isLargeBinary(found) || DataType.isBinaryView(found);
    case "uuid":
      // Legolas.jl accepts a UInt128 for a UUID (`accepted_field_type`): the same 16 bytes. Bytes
      // without Arrow.jl's label, or under another one (the canonical `arrow.uuid` of pyarrow and
      // DuckDB, in RFC 4122's byte order), are no UUID to Julia (holdsJuliaUuids).
      return (
        (DataType.isFixedSizeBinary(found) && found.byteWidth === 16 && holdsJuliaUuids(field)) || isUint128(found)
      );
    case "date":
      return DataType.isDate(found) && (found.unit === DateUnit.DAY || found.unit === DateUnit.MILLISECOND);
    case "datetime":
      return isDateTimeStorage(found);
    case "time":
      return isTimeOfDayStorage(found);
    case "timestamp":
      // Any unit, and any zone for a zone: Arrow.jl reads each as the same DateTime or ZonedDateTime (time-units.ts, time-zones.ts).
      return isTimestampStorage(found) && readsTimeZone(type.timezone, found.timezone ?? null);
    case "duration":
      return DataType.isDuration(found) && found.unit === TIME_UNITS[type.unit];
    case "symbol":
    case "char":
    case "version":
    case "schema-version":
    case "abstract":
      return acceptsJuliaStorage(type, found, field);
    default:
      return false;
  }
}

/** `field`: the Arrow field holding the refused value, whose extension label may be what is wrong. */
function incorrect(path: string, type: FieldType, found: DataType, field?: Field): Violation {
  const label = field === undefined ? "" : labelProblem(type, found, field);
  return { code: "incorrect_type", path, expected: expectedText(type), found: `${arrowTypeText(found)}${label}` };
}

/** How much of an Arrow type a violation shows. */
const ARROW_TYPE_LIMIT = 1_000;

/**
 * `Arrow <type>` for a violation's `found`. A file's struct may name its fields at any length:
 * a type longer than a struct of a few dozen fields is cut.
 */
export function arrowTypeText(type: DataType): string {
  return `Arrow ${shortText(String(type), ARROW_TYPE_LIMIT)}`;
}

/**
 * What is wrong with the extension label of `field`, when the label alone is: its storage would
 * hold `type` under the label Arrow.jl writes for it (for a union, one of its members'). Without
 * this, a `char` column missing `JuliaLang.Char` read "expected char (Arrow Uint32), found Arrow
 * Uint32". Empty when the storage itself is wrong.
 */
function labelProblem(type: FieldType, stored: DataType, field: Field): string {
  const label = extensionNameOf(field);
  const candidates = type.kind === "union" ? type.members : [type];
  for (const wanted of new Set(candidates.map(extensionNameFor))) {
    if (wanted === label || !storageMatches(type, stored, relabelled(field, wanted))) continue;
    if (wanted === null) return ` labelled ${label}, where ${formatFieldType(type)} has no extension label`;
    if (label === null) return ` without the extension label ${wanted}`;
    return ` labelled ${label}, not ${wanted}`;
  }
  return "";
}

/** `field` with the extension label `label` (`null`: none). */
function relabelled(field: Field, label: string | null): Field {
  const metadata = new Map(field.metadata);
  if (label === null) metadata.delete(EXTENSION_NAME_KEY);
  else metadata.set(EXTENSION_NAME_KEY, label);
  return field.clone({ metadata });
}

function expectedText(type: FieldType): string {
  // schema.ts stores an any with no values as Null; on read it is any storage.
  if (type.kind === "any") return "any (any Arrow type)";
  let arrow: string;
  try {
    arrow = String(arrowTypeOf(type));
  } catch {
    return formatFieldType(type);
  }
  return `${formatFieldType(type)} (Arrow ${arrow})`;
}
