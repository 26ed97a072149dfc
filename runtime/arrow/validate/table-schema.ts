/**
 * Column-level validation, with Legolas.jl's semantics: every declared field is present with an
 * accepted Arrow type, or absent and optional; extra columns are allowed. Like Legolas's
 * `find_violations` it reports every violation, not the first, so that one run shows everything
 * to fix. Nested structs and records are matched by child NAME, never by position.
 *
 * One deliberate leniency: a required field may sit in a nullable column (pyarrow and others
 * mark every column nullable). What matters is whether a null is actually there, which
 * `validateTable` checks, at every depth, when it is given a table rather than a bare schema.
 */
import {
  DataType,
  DateUnit,
  Precision,
  type RecordBatch,
  type Schema,
  type Struct,
  Table,
  type Data,
  type Field,
} from "apache-arrow";
import { formatFieldType, typedArrayName, type FieldDescriptor, type FieldType } from "../../field-types.js";
import type { SchemaVersion } from "../../schema-version.js";
import type { Violation } from "../../violations.js";
import { parseIdentifier } from "../../identifier.js";
import { TableSchemaError } from "../errors.js";
import {
  EXTENSION_NAME_KEY,
  extensionNameOf,
  LOCAL_ZONED_DATETIME_EXTENSION,
  recordExtensionName,
  UUID_EXTENSION,
  ZONED_DATETIME_EXTENSION,
} from "../metadata.js";
import { arrowTypeOf, extensionNameFor, TIME_UNITS, WEIGHTS_ARRAYS } from "../schema.js";
import { weightsTypeViolations } from "../columns/weights.js";
import { isDateTimeStorage, isTimeOfDayStorage } from "../columns/time-units.js";
import { isUint128 } from "../ipc/uint128-columns.js";
import { isSameTimeZone } from "../time-zones.js";
import { acceptsJuliaStorage, isTextStorage, isWideOrHalf } from "../columns/julia-scalar-storage.js";
import { bitmapNullCount, isPresent } from "../columns/buffers.js";
import { acceptsContainer } from "./julia-containers.js";
import {
  chunkIndex,
  dictionaryChunks,
  dictionaryHasNulls,
  dictionaryValueIsNull,
  type DictionaryChunks,
} from "../columns/dictionary-chunks.js";

/**
 * Every column violation of `tableOrSchema` against `schemaVersion`; empty when it complies.
 * Given a table, required columns holding nulls are violations too. Row violations (constraints,
 * row checks) are not reported here, since a violation has no row index:
 * `validateRecordBatch(table, schemaVersion)` lists them, row by row, once the columns comply.
 */
export function validateTable(tableOrSchema: Table | Schema, schemaVersion: SchemaVersion): Violation[] {
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
    // `input: any`: any storage, which the field's value expression makes its type (row by row).
    if (field.input !== "any") checkType(path, field.type, optional, column.type, out, column);
  }
}

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
      return (
        DataType.isTimestamp(found) &&
        found.unit === TIME_UNITS[type.unit] &&
        isSameTimeZone(type.timezone, found.timezone ?? null)
      );
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

/**
 * The null check that needs data, over `batches` (checked by guard/data-bounds.ts): a required
 * field without a default holding nulls, at any depth (a struct's or a record's required child,
 * a list's elements, any part of a Weights value), counted only where every
 * enclosing value is present (a child of a missing struct is null by construction). Legolas.jl types a column by its
 * values, so a nullable column for a required field passes when it holds no null. Columns without
 * nulls cost nothing: only a part that has nulls is visited value by value.
 *
 * Each is reported as the row class reports it in a row (its code, path and expected type),
 * once for the whole column, with how many nulls it found: a missing value, or, where a list is
 * held as one typed array (`list<float32>`, ...), the whole list of another type (an array with a null in it);
 * within a Weights value, no Weights value (naming the part: `1 null at arrays[].vec`).
 */
export function nullViolations(batches: readonly RecordBatch[], fields: readonly FieldDescriptor[]): Violation[] {
  const counter = new NullCounter(fields);
  for (const batch of batches) counter.add(batch);
  return counter.violations();
}

/** {@link nullViolations} counted batch by batch: the counts are summed over the batches added. */
class NullCounter {
  private readonly counts: NullCounts = new Map();

  constructor(private readonly fields: readonly FieldDescriptor[]) {}

  add(batch: RecordBatch): void {
    // An empty batch may carry no child data at all.
    if (batch.numRows === 0) return;
    checkNullsIn("", this.fields, batch.schema.fields, batch.data.children, batch.numRows, null, this.counts);
  }

  violations(): Violation[] {
    return [...this.counts.values()].flatMap(({ path, type, within, nulls, nullElements }) => {
      const expected = formatFieldType(type);
      const violations: Violation[] = [];
      if (within !== undefined) {
        // The row class finds no Weights value there at all (weightsProblem says which part is null).
        if (nulls > 0) violations.push({ code: "incorrect_type", path, expected, found: nullsAt(nulls, within) });
        if (nullElements > 0)
          violations.push({ code: "incorrect_type", path, expected, found: nullsAt(nullElements, `${within}[]`) });
        return violations;
      }
      if (nulls > 0) violations.push({ code: "missing_field", path, expected, found: counted(nulls, "null") });
      if (nullElements > 0)
        violations.push({ code: "incorrect_type", path, expected, found: counted(nullElements, "null element") });
      return violations;
    });
  }
}

const nullsAt = (n: number, within: string): string => `${counted(n, "null")} at ${within}`;

const counted = (n: number, what: string): string => `${n} ${what}${n === 1 ? "" : "s"}`;

/** Which of the first slots of a `Data` lie inside present values of everything enclosing it (1); `null`: all of them. */
type Visible = Uint8Array | null;

/**
 * The nulls of the value of `type` at `path`, and those among its elements where it is a
 * typed-array list; for a Weights value, those `within` it (at `arrays[].vec`, say), each part apart.
 */
interface NullCount {
  readonly path: string;
  readonly type: FieldType;
  readonly within?: string;
  nulls: number;
  nullElements: number;
}

/** The null counts by path (and part within a Weights value). */
type NullCounts = Map<string, NullCount>;

function countAt(counts: NullCounts, path: string, type: FieldType, what: "nulls" | "nullElements", n: number): void {
  addCount(counts, { path, type, nulls: 0, nullElements: 0 }, what, n);
}

function addCount(counts: NullCounts, at: NullCount, what: "nulls" | "nullElements", n: number): void {
  if (n === 0) return;
  const key = at.within === undefined ? at.path : `${at.path} ${at.within}`;
  let count = counts.get(key);
  if (count === undefined) counts.set(key, (count = { ...at }));
  count[what] += n;
}

/**
 * `slots`: how many of each `Data`'s first values the enclosing values refer to. Only those are
 * looked at: the rest (a child of an empty struct, say) is not checked by guard/data-bounds.ts and
 * may claim any length.
 */
function checkNullsIn(
  prefix: string,
  declared: readonly FieldDescriptor[],
  found: readonly Field[],
  data: readonly Data[],
  slots: number,
  visible: Visible,
  counts: NullCounts,
): void {
  for (const field of declared) {
    const index = found.findIndex((f) => f.name === field.name);
    const child = data[index];
    if (index < 0 || child === undefined) continue;
    // A default fills a missing value in a row, as the row class's conversion does (a default
    // that breaks the field's rules is the value scans' to refuse, column-scan.ts).
    const required = !field.optional && field.default === undefined;
    checkNulls(prefix + field.name, field.type, required, child, slots, visible, counts);
  }
}

function checkNulls(
  path: string,
  type: FieldType,
  required: boolean,
  data: Data,
  slots: number,
  visible: Visible,
  counts: NullCounts,
): void {
  // A Null column is refused by the column check where the field is required.
  if (slots === 0 || DataType.isNull(data.type)) return;
  if (required) countAt(counts, path, type, "nulls", missingValues(data, slots, visible));
  if (DataType.isDictionary(data.type)) return checkDictionaryValues(path, type, data, slots, visible, counts);
  const fields = childFields(type);
  const inside = () => (bitmapNullCount(data) > 0 ? presentAndVisible(data, slots, visible) : visible);
  const first = data.children[0];
  if (type.kind === "weights" && DataType.isStruct(data.type)) {
    checkWeightsNulls(path, type, data, slots, inside(), counts);
  } else if (fields !== null && DataType.isStruct(data.type)) {
    checkNullsIn(`${path}.`, fields, data.type.children, data.children, slots, inside(), counts);
  } else if (
    (type.kind === "list" || type.kind === "vector" || type.kind === "set") &&
    (DataType.isList(data.type) || DataType.isLargeList(data.type)) &&
    first !== undefined
  ) {
    // The first `slots` lists hold the child's values up to offsets[slots] (guard/data-bounds.ts checked it is within the child).
    const elements = Number((data.valueOffsets as Int32Array | BigInt64Array)[slots]);
    const shown = listElementsVisible(data, slots, inside());
    checkElements(path, type, first, elements, shown, counts);
  } else if (type.kind === "ntuple" && DataType.isFixedSizeList(data.type) && first !== undefined) {
    const { length } = type;
    const shown = spread(inside(), length);
    checkElements(path, type, first, slots * length, shown, counts);
  } else if (type.kind === "tuple" && DataType.isStruct(data.type)) {
    const parts = inside();
    type.elements.forEach((element, k) => {
      const part = data.children[k];
      if (part !== undefined) checkNulls(`${path}[${k}]`, element, holdsNoNull(element), part, slots, parts, counts);
    });
  } else if (type.kind === "map" && DataType.isMap(data.type) && first !== undefined) {
    // A Map is a list of (key, value) entries: neither may be null where the map is present.
    const entries = Number((data.valueOffsets as Int32Array)[slots]);
    const present = listElementsVisible(data, slots, inside());
    [type.key, type.value].forEach((part, k) => {
      const column = first.children[k];
      if (column !== undefined)
        checkNulls(`${path}[][${k}]`, part, holdsNoNull(part), column, entries, present, counts);
    });
  }
}

/**
 * The nulls inside the dictionary values that the visible, present slots of a dictionary-encoded
 * `data` refer to (Arrow.jl's `dictencode=true` encodes lists, structs and records too): each
 * chunk of the dictionary is checked as a column whose visible values are those referred to, so
 * a value that many rows share counts once. A scalar's value has no inside.
 */
function checkDictionaryValues(
  path: string,
  type: FieldType,
  data: Data,
  slots: number,
  visible: Visible,
  counts: NullCounts,
): void {
  const dictionary = dictionaryChunks(data.dictionary);
  if (dictionary === null || !hasParts(type)) return;
  const { chain, count } = dictionary;
  const chunks = chain.chunks.slice(0, count);
  const referred = chunks.map((chunk) => new Uint8Array(chunk.length));
  const indices = data.values as ArrayLike<number | bigint>;
  for (let i = 0; i < slots; i++) {
    if ((visible !== null && visible[i] !== 1) || !isPresent(data, i)) continue;
    const index = Number(indices[data.offset + i]);
    const k = chunkIndex(dictionary, index);
    referred[k]![index - chain.starts[k]!] = 1;
  }
  chunks.forEach((chunk, k) => checkNulls(path, type, false, chunk, chunk.length, referred[k]!, counts));
}

/** Whether a value of `type` has parts that may hold nulls of their own (a container, a struct or record, Weights). */
function hasParts(type: FieldType): boolean {
  return childFields(type) !== null || CONTAINER_KINDS.has(type.kind);
}

const CONTAINER_KINDS: ReadonlySet<FieldType["kind"]> = new Set([
  "weights",
  "list",
  "vector",
  "set",
  "ntuple",
  "tuple",
  "map",
]);

/**
 * The nulls within the Weights values at `path`, at any depth of their storage, counted by the
 * part that holds them, named as the value's (`arrays[].vec`): a Weights value with a null in it
 * is no Weights value, as the row class says.
 */
function checkWeightsNulls(
  path: string,
  type: FieldType,
  data: Data,
  slots: number,
  visible: Visible,
  counts: NullCounts,
): void {
  const list = data.children[(data.type as Struct).children.findIndex((child) => child.name === "weights")];
  if (list === undefined) return;
  const within: NullCounts = new Map();
  checkNulls("arrays", WEIGHTS_ARRAYS, true, list, slots, visible, within);
  for (const count of within.values()) {
    for (const what of ["nulls", "nullElements"] as const)
      addCount(counts, { path, type, within: count.path, nulls: 0, nullElements: 0 }, what, count[what]);
  }
}

/**
 * The elements (`data`) of the lists of `type` at `path`. A row holds a list of numbers as one
 * typed array, which a null element keeps it from being: the row class reports the list, of
 * another type. Any other list's null element is a missing value of its own.
 */
function checkElements(
  path: string,
  type: Extract<FieldType, { kind: "list" | "vector" | "ntuple" | "set" }>,
  data: Data,
  slots: number,
  visible: Visible,
  counts: NullCounts,
): void {
  if (type.kind !== "set" && typedArrayName(type.element) !== null)
    countAt(counts, path, type, "nullElements", missingValues(data, slots, visible));
  else checkNulls(`${path}[]`, type.element, holdsNoNull(type.element), data, slots, visible, counts);
}

/** How many of the first `slots` values of `data` that are visible are missing: null, or (dictionary-encoded) indexing a null. */
function missingValues(data: Data, slots: number, visible: Visible): number {
  const dictionary = DataType.isDictionary(data.type) ? dictionaryChunks(data.dictionary) : null;
  if (dictionary !== null && dictionaryHasNulls(dictionary))
    return countDictionaryNulls(data, dictionary, slots, visible);
  if (bitmapNullCount(data) === 0) return 0;
  return visible === null && slots === data.length ? data.nullCount : countNulls(data, slots, visible);
}

/** The nulls among the first `slots` values of `data` that are visible. */
function countNulls(data: Data, slots: number, visible: Visible): number {
  const { nullBitmap, offset } = data;
  let nulls = 0;
  for (let i = 0; i < slots; i++) {
    const bit = offset + i;
    if ((visible === null || visible[i] === 1) && (nullBitmap[bit >> 3]! & (1 << (bit & 7))) === 0) nulls++;
  }
  return nulls;
}

/** The visible values among the first `slots` of a dictionary-encoded `data` that are null or index a null. */
function countDictionaryNulls(data: Data, dictionary: DictionaryChunks, slots: number, visible: Visible): number {
  const { nullBitmap, offset } = data;
  const indices = data.values as ArrayLike<number | bigint>;
  let nulls = 0;
  for (let i = 0; i < slots; i++) {
    if (visible !== null && visible[i] !== 1) continue;
    const bit = offset + i;
    const absent = data.nullCount > 0 && (nullBitmap[bit >> 3]! & (1 << (bit & 7))) === 0;
    if (absent || dictionaryValueIsNull(dictionary, Number(indices[bit]))) nulls++;
  }
  return nulls;
}

/** Which of the first `slots` values of `data` are visible and not null themselves. */
function presentAndVisible(data: Data, slots: number, visible: Visible): Uint8Array {
  const { nullBitmap, offset } = data;
  const out = new Uint8Array(slots);
  for (let i = 0; i < slots; i++) {
    const bit = offset + i;
    out[i] = (visible === null || visible[i] === 1) && (nullBitmap[bit >> 3]! & (1 << (bit & 7))) !== 0 ? 1 : 0;
  }
  return out;
}

function childFields(type: FieldType): readonly FieldDescriptor[] | null {
  switch (type.kind) {
    case "struct":
      return type.fields;
    case "record":
      return type.schemaVersion().fields;
    default:
      return null;
  }
}

/** Whether an element of `type` must hold a value: any but `any`, which holds `missing` too. */
function holdsNoNull(type: FieldType): boolean {
  return type.kind !== "any";
}

/** Each of `visible`'s slots `length` times: the elements of fixed-size lists where the lists are visible. */
function spread(visible: Visible, length: number): Visible {
  if (visible === null) return null;
  const mask = new Uint8Array(visible.length * length);
  visible.forEach((shown, row) => {
    if (shown === 1) mask.fill(1, row * length, (row + 1) * length);
  });
  return mask;
}

/** Which elements of a list column's child lie in its first `slots` lists, where those are visible. */
function listElementsVisible(list: Data, slots: number, visible: Visible): Visible {
  if (visible === null) return null;
  const offsets = list.valueOffsets as Int32Array | BigInt64Array;
  const mask = new Uint8Array(Number(offsets[slots]));
  for (let row = 0; row < slots; row++) {
    if (visible[row] === 1) mask.fill(1, Number(offsets[row]), Number(offsets[row + 1]));
  }
  return mask;
}

/** `field`: the Arrow field holding the refused value, whose extension label may be what is wrong. */
function incorrect(path: string, type: FieldType, found: DataType, field?: Field): Violation {
  const label = field === undefined ? "" : labelProblem(type, found, field);
  return { code: "incorrect_type", path, expected: expectedText(type), found: `Arrow ${String(found)}${label}` };
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
  let arrow: string;
  try {
    arrow = String(arrowTypeOf(type));
  } catch {
    return formatFieldType(type);
  }
  return `${formatFieldType(type)} (Arrow ${arrow})`;
}
