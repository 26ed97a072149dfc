/**
 * The Arrow type of each `any` column a write of rows makes. A schema version says none (Julia's
 * untyped field holds any value), so it comes from one of two places:
 *
 * - the column of the same name in `fieldMetadataFrom` (a table read before, or its schema): its
 *   exact Arrow type, nullability and field metadata (extension names included), so that a table
 *   read and written back keeps the column as it was, byte for byte;
 * - otherwise the values of the rows, which must agree on one type (inferred-types.ts), nullable
 *   only when one is missing: all missing is Arrow's Null type, as Arrow.jl writes a
 *   `Vector{Missing}`, and so is an object's key missing in every row (a Null child).
 *
 * Rows from an iterator are written under a schema written before the first row, so there an
 * `any` column needs `fieldMetadataFrom`. Every value is then held to the column's type before
 * anything is encoded (`anyValueProblem`), never stored as something else.
 */
import { DataType, Field, FixedSizeList, List, Map_, Schema, Struct, Table, Union } from "apache-arrow";
import { ownValue, propertyKey, structKeys } from "../../field-names.js";
import { formatFieldType, type FieldDescriptor, type FieldType } from "../../field-types.js";
import type { SchemaVersion } from "../../schema-version-types.js";
import { describeValue } from "../../violations.js";
import { AnyColumnError } from "../errors.js";
import { arrowFieldOf } from "../schema.js";
import { inferredFieldType, LONE_SURROGATE_TEXT } from "./inferred-types.js";
import { unreadableRowsError } from "./unreadable-rows.js";
import { storageFieldType } from "../columns/any-values.js";
import { type ColumnPlace, elementsPlace, memberPlace, valueAt } from "../columns/buffers.js";
import { isUuid, isWellFormedText } from "../../convert.js";
import { isChar, isVersion } from "../../julia-scalars.js";
import { unionMemberIndex } from "../../julia-unions.js";

/**
 * The Arrow schema `rows` (an array, or `null` for rows from an iterator) are encoded in: the
 * version's, with its `any` columns given their types, those of its nested records too (Julia's
 * `gc::GrandchildV1` whose `z` is untyped), wherever a column holds them (a list, map, tuple or
 * inline struct of records, a union's member); the version's own when it has none.
 *
 * @throws AnyColumnError when an `any` column's type can be neither taken nor inferred.
 * @throws RowValidationError of the first row whose reading throws, at the place that threw.
 */
export function anyColumnsSchema(
  schemaVersion: SchemaVersion<object, never>,
  rows: readonly unknown[] | null,
  source: Schema | Table | undefined,
): Schema {
  const declared = schemaVersion.arrowSchema;
  if (!holdsAny(schemaVersion)) return declared;
  const sourceFields = source === undefined ? [] : (source instanceof Table ? source.schema : source).fields;
  try {
    return new Schema(typedFields(schemaVersion, declared.fields, rows, sourceFields, 1, null), declared.metadata);
  } catch (error) {
    // The rows are read here before any is constructed: a getter that throws is its row's error.
    throw (rows === null ? undefined : unreadableRowsError(schemaVersion, error, rows, 0)) ?? error;
  }
}

/** Whether a version has an `any` field, itself or in a record it nests (in a container too). */
function holdsAny(schemaVersion: SchemaVersion<object, never>): boolean {
  return schemaVersion.fields.some(({ type }) => typeHoldsAny(type));
}

/** Whether values of `type` may hold an `any` value: it is one, or a record or container holds one. */
function typeHoldsAny(type: FieldType): boolean {
  switch (type.kind) {
    case "record":
      return holdsAny(type.schemaVersion());
    case "struct":
      return type.fields.some((field) => typeHoldsAny(field.type));
    case "list":
    case "vector":
    case "set":
    case "ntuple":
      return isTypedByWrite(type) || typeHoldsAny(type.element);
    case "map":
      return typeHoldsAny(type.value);
    case "tuple":
      return type.elements.some(typeHoldsAny);
    case "union":
      return type.members.some(typeHoldsAny);
    default:
      return isTypedByWrite(type);
  }
}

/** Whether a write gives the column its Arrow type: `any`, and `vector<any>` (Julia's bare `AbstractVector`), a List of the values' one element type. */
function isTypedByWrite(type: FieldType): boolean {
  return type.kind === "any" || isBareVector(type);
}

function isBareVector(type: FieldType): boolean {
  return type.kind === "vector" && type.element.kind === "any";
}

/**
 * `declared` (the Arrow fields of `schemaVersion`'s fields) with each `any` field typed from
 * `sourceFields` or inferred from `rows` (the version's values, `null` for an iterator's), and
 * each record field holding one rebuilt as a struct of its own typed fields. `depth` is the
 * fields' level in the table's schema: 1 for its columns; `at` their records' place in the table
 * (`null` for its columns; `many[]` for a list's records, each value's row and index in it), which
 * an error names.
 */
function typedFields(
  schemaVersion: SchemaVersion<object, never>,
  declared: readonly Field[],
  rows: readonly unknown[] | null,
  sourceFields: readonly Field[],
  depth: number,
  at: ColumnPlace | null,
): Field[] {
  return declared.map((field, k) => {
    const descriptor = schemaVersion.fields[k]!;
    if (!typeHoldsAny(descriptor.type)) return field;
    const from = sourceFields.find((candidate) => candidate.name === field.name);
    const values = rows === null ? null : valuesOf(schemaVersion, descriptor, rows);
    const place = at === null ? { path: field.name, rows: rows?.length ?? 0 } : memberPlace(at, `.${field.name}`);
    return typedField(descriptor.type, field, values, from, depth, place);
  });
}

/**
 * `field` (the declared Arrow field of a value of `type`, which holds an `any` value) with each
 * `any` in it typed from `from` (fieldMetadataFrom's field in its place) or inferred from `values`
 * (all its values in the column, `null` for an iterator's): a record's fields as a version's, and
 * a container's parts (a list's, set's or ntuple's elements, a map's values, a tuple's or inline
 * struct's members) from all the values in that part, as one column. `place` is its place in the
 * table as the encoder (columns/encode.ts) and the column checks name it: `many[].z`,
 * `inner.leaf.z`, `pair.1.z`, `keyed.value.z`, each value by its row and path there (`many[1].z`).
 */
function typedField(
  type: FieldType,
  field: Field,
  values: readonly unknown[] | null,
  from: Field | undefined,
  depth: number,
  place: ColumnPlace,
): Field {
  if (isTypedByWrite(type)) return typedAnyField(type, field, values, from, depth, place);
  if (!typeHoldsAny(type)) return field;
  const rebuilt = (arrowType: DataType) => new Field(field.name, arrowType, field.nullable, field.metadata);
  // A missing value's members are missing too: a struct's children keep every row's place.
  const members = (member: (value: unknown) => unknown) =>
    values?.map((value) => (value === null || value === undefined ? null : (member(value) ?? null))) ?? null;
  const part = (
    partType: FieldType,
    partField: Field,
    partValues: unknown[] | null,
    partFrom: Field | undefined,
    partPlace: ColumnPlace,
  ) => typedField(partType, partField, partValues, partFrom, depth + 1, partPlace);
  switch (type.kind) {
    case "record": {
      const children = typedFields(
        type.schemaVersion(),
        (field.type as Struct).children,
        values,
        from ? fieldsOf(from.type) : [],
        depth + 1,
        place,
      );
      return rebuilt(new Struct(children));
    }
    case "struct": {
      const keyOf = structKeys[type.keys ?? "property"];
      const children = type.fields.map((child, k) =>
        part(
          child.type,
          (field.type as Struct).children[k]!,
          members((value) => (value as Record<string, unknown>)[keyOf(child.name)]),
          from ? fieldsOf(from.type).find((candidate) => candidate.name === child.name) : undefined,
          memberPlace(place, `.${child.name}`),
        ),
      );
      return rebuilt(new Struct(children));
    }
    case "tuple": {
      const children = type.elements.map((element, k) =>
        part(
          element,
          (field.type as Struct).children[k]!,
          members((value) => (Array.isArray(value) ? value[k] : null)),
          from ? fieldsOf(from.type).find((candidate) => candidate.name === String(k + 1)) : undefined,
          memberPlace(place, `.${k + 1}`),
        ),
      );
      return rebuilt(new Struct(children));
    }
    case "list":
    case "vector":
    case "set":
    case "ntuple": {
      // A missing ntuple still takes its N slots in the child (julia-containers.ts), each missing.
      const items = values?.map((value) =>
        value !== null && value !== undefined
          ? itemsOf(value)
          : type.kind === "ntuple"
            ? Array<null>(type.length).fill(null)
            : [],
      );
      const element = part(
        type.element,
        field.type.children[0]!,
        items?.flat() ?? null,
        from?.type.children?.[0],
        items === undefined ? { path: `${place.path}[]`, rows: place.rows } : elementsPlace(place, offsetsOf(items)),
      );
      if (DataType.isFixedSizeList(field.type)) return rebuilt(new FixedSizeList(field.type.listSize, element));
      return rebuilt(new List(element));
    }
    case "map": {
      const entries = field.type.children[0]!;
      const [key, value] = (entries.type as Struct).children as Field[];
      // A Map, or its input form: [key, value] pairs.
      const items = values?.map((map) =>
        map === null || map === undefined
          ? []
          : map instanceof Map
            ? [...map.values()]
            : itemsOf(map).map((pair) => (Array.isArray(pair) ? pair[1] : null)),
      );
      const valuePlace =
        items === undefined
          ? { path: `${place.path}.value`, rows: place.rows }
          : elementsPlace(place, offsetsOf(items), ".value", (k) => `[${k}].value`);
      const typedValue = part(
        type.value,
        value!,
        items?.flat() ?? null,
        from?.type.children?.[0]?.type.children?.[1],
        valuePlace,
      );
      const entryField = new Field(entries.name, new Struct([key!, typedValue]), entries.nullable, entries.metadata);
      return rebuilt(new Map_(entryField, (field.type as Map_).keysSorted));
    }
    case "union": {
      // Each member's child typed from the values of its class (julia-unions.ts), as the encoder
      // (columns/julia-containers.ts) sends them there, and named as it names them (`u|0[].z`).
      const union = field.type as Union;
      const first = union.children.length - type.members.length;
      const fromChildren: readonly Field[] | undefined =
        from !== undefined && DataType.isUnion(from.type) && from.type.children.length === union.children.length
          ? from.type.children
          : undefined;
      const children = union.children.map((child, k) => {
        if (k < first) return child;
        const rows: number[] = [];
        values?.forEach((value, i) => {
          if (value !== null && value !== undefined && unionMemberIndex(type, value) === k - first) rows.push(i);
        });
        return part(
          type.members[k - first]!,
          child,
          values === null ? null : rows.map((i) => values[i]),
          fromChildren?.[k],
          {
            path: `${place.path}|${k - first}`,
            rows: place.rows,
            locate: (j) => place.locate?.(rows[j]!) ?? { row: rows[j]!, path: place.path },
          },
        );
      });
      return rebuilt(new Union(union.mode, union.typeIds, children));
    }
    default:
      return field;
  }
}

/**
 * The items of a container's value (an array, typed array or Set); none for a value of another
 * type, which the row's validation refuses (the column is typed from raw rows, before that runs).
 */
function itemsOf(value: unknown): unknown[] {
  return typeof value === "object" && value !== null && Symbol.iterator in value
    ? [...(value as Iterable<unknown>)]
    : [];
}

/** An `any` (or `vector<any>`) field at `place` typed from `from`, else inferred from `values`. */
function typedAnyField(
  type: FieldType,
  field: Field,
  values: readonly unknown[] | null,
  from: Field | undefined,
  depth: number,
  place: ColumnPlace,
): Field {
  const unwritable = (reason: string) => new AnyColumnError(place.path, reason, formatFieldType(type));
  if (from !== undefined) {
    if (isBareVector(type) && !DataType.isList(from.type) && !DataType.isLargeList(from.type))
      throw unwritable(
        `fieldMetadataFrom's column is ${from.type}, and vector<any> (Julia's AbstractVector) is stored as a List; pass a table or schema whose column is a List`,
      );
    return new Field(field.name, from.type, from.nullable, from.metadata);
  }
  if (values === null) {
    throw unwritable(
      "rows from an iterator are written under a schema written before the first row, and an any column's " +
        "Arrow type comes from its values; pass fieldMetadataFrom (a table or schema with this column) or write the rows from an array",
    );
  }
  const refuse = (reason: string, advice = ONE_TYPE_ADVICE): never => {
    throw unwritable(`${reason}; ${advice}`);
  };
  const inferredType = inferredFieldType(values, refuse, depth, (i, part) => valueAt(place, i, part));
  if (inferredType === null) return field;
  if (isBareVector(type) && inferredType.kind !== "list")
    throw unwritable(
      `its values are ${formatFieldType(inferredType)}, and vector<any> (Julia's AbstractVector) holds arrays or typed arrays`,
    );
  // Nullable only where a value is missing, as Arrow.jl types a column by the values it holds.
  const inferred = arrowFieldOf(field.name, inferredType, values.includes(null));
  INFERRED_TYPES.set(inferred, inferredType);
  // A vector<any> column encodes its elements as an any column of the List's child.
  if (inferredType.kind === "list") INFERRED_TYPES.set((inferred.type as List).children[0]!, inferredType.element);
  return inferred;
}

/** What to do about values that have no one type. */
const ONE_TYPE_ADVICE =
  "give every row a value of one type (boolean, number, bigint, string, Date, Uint8Array, a typed array, " +
  "an array or a plain object of those), pass fieldMetadataFrom with the column's Arrow type, or declare the field with a type";

/** The offsets of `items` laid one after another: `[0, n0, n0 + n1, ...]`. */
function offsetsOf(items: readonly (readonly unknown[])[]): number[] {
  const offsets = [0];
  for (const part of items) offsets.push(offsets.at(-1)! + part.length);
  return offsets;
}

/** The children of a source's struct field, by which a nested record's `any` fields are typed. */
function fieldsOf(type: DataType): readonly Field[] {
  return DataType.isStruct(type) ? type.children : [];
}

/** The type each inferred column was inferred as: a `datetime`'s Dates are stored as Timestamp(ms), which reads as bigints. */
const INFERRED_TYPES = new WeakMap<Field, FieldType>();

/**
 * The legolas-ts type whose values an `any` column of `field` is written from: the type it was
 * inferred as, else its storage's (columns/any-values.ts); `null` for a storage no type has.
 */
export function anyColumnType(field: Field): FieldType | null {
  return INFERRED_TYPES.get(field) ?? storageFieldType(field.type, field);
}

/** The stored values of an `any` field: what the row holds, or what its `value:` expression makes of it. */
function valuesOf(
  schemaVersion: SchemaVersion<object, never>,
  field: FieldDescriptor,
  rows: readonly unknown[],
): unknown[] {
  const key = propertyKey(field.name);
  const { prototype, convert } = schemaVersion.rowClass;
  return rows.map((row) => {
    // A missing record (an optional one, or in a missing struct) holds no value to compute.
    if (row === null || row === undefined) return null;
    const stored =
      field.computed && convert !== undefined && Object.getPrototypeOf(row) !== prototype ? convert(row) : row;
    return typeof stored === "object" && stored !== null ? ((stored as Record<string, unknown>)[key] ?? null) : null;
  });
}

/**
 * Why a value cannot be stored: `reason` said of the part of it at `part` (`[1]`, `.note[0]`; empty
 * for the value itself), which its error names by the value's place (columns/buffers.ts `valueAt`).
 */
export interface ValueProblem {
  readonly part: string;
  readonly reason: string;
}

const here = (reason: string): ValueProblem => ({ part: "", reason });

/**
 * Why `value` (present) cannot be stored as `type` (the legolas-ts type of an `any` column's
 * Arrow storage), or `null` when it can: the checks a declared field's validator makes, for the
 * types a storage maps to.
 */
export function anyValueProblem(type: FieldType, value: unknown): ValueProblem | null {
  const expected = (what: string) => here(`holds ${describe(value)} where its Arrow type stores ${what}`);
  switch (type.kind) {
    case "bool":
      return typeof value === "boolean" ? null : expected("a boolean");
    case "int": {
      if (type.bits === 64) {
        const fits =
          typeof value === "bigint" && (type.signed ? BigInt.asIntN(64, value) : BigInt.asUintN(64, value)) === value;
        return fits ? null : expected(`${type.signed ? "an int64" : "a uint64"} bigint`);
      }
      const limit = 2 ** (type.signed ? type.bits - 1 : type.bits);
      const low = type.signed ? -limit : 0;
      const high = type.signed ? limit - 1 : limit - 1;
      return Number.isInteger(value) && (value as number) >= low && (value as number) <= high
        ? null
        : expected(`an integer in [${low}, ${high}]`);
    }
    case "float":
      return typeof value === "number" ? null : expected("a number");
    case "string":
      if (typeof value !== "string") return expected("a string");
      return isWellFormedText(value) ? null : here(`holds ${LONE_SURROGATE_TEXT}`);
    case "binary":
      return value instanceof Uint8Array ? null : expected("a Uint8Array");
    case "datetime":
      return value instanceof Date && !Number.isNaN(value.getTime()) ? null : expected("a Date");
    case "date":
      return value instanceof Date && value.getTime() % 86_400_000 === 0 ? null : expected("a Date at UTC midnight");
    case "timestamp":
    case "duration":
    case "time":
      return typeof value === "bigint" && BigInt.asIntN(64, value) === value
        ? null
        : expected(`an int64 bigint count of ${"unit" in type ? type.unit : "ns"}`);
    case "uuid":
      return isUuid(value) ? null : expected("a lower-case canonical UUID string (JuliaLang.UUID)");
    case "char":
      return isChar(value) ? null : expected("a string of one code point (JuliaLang.Char)");
    case "version":
      return isVersion(value) ? null : expected('a version "major.minor.patch" (JuliaLang.VersionNumber)');
    case "set":
      return value instanceof Set
        ? listProblem(type.element, [...value])
        : here(`holds ${describe(value)} where a Set is stored (JuliaLang.Set)`);
    case "tuple":
      if (!Array.isArray(value) || value.length !== type.elements.length)
        return here(
          `holds ${describe(value)} where a tuple of ${type.elements.length} (an array, JuliaLang.Tuple) is stored`,
        );
      for (let k = 0; k < value.length; k++) {
        const item = value[k];
        const problem = item == null ? here("is missing") : anyValueProblem(type.elements[k]!, item);
        if (problem !== null) return within(`[${k}]`, problem);
      }
      return null;
    case "list":
      return listProblem(type.element, value) ?? null;
    case "struct":
      return structProblem(type.fields, value);
    default:
      return expected(type.kind);
  }
}

function listProblem(element: FieldType, value: unknown): ValueProblem | null {
  if (!Array.isArray(value) && !ArrayBuffer.isView(value))
    return here(`holds ${describe(value)} where a list is stored`);
  const values = value as ArrayLike<unknown>;
  for (let k = 0; k < values.length; k++) {
    const item = values[k];
    // List elements of the types legolas-ts writes are never missing (a list<T> has no T?), but
    // for a List of Null's (Arrow.jl's Vector{Missing}), which are never anything else.
    const missing = item === null || item === undefined;
    const problem =
      element.kind === "any"
        ? missing
          ? null
          : here(`holds ${describe(item)} where its Arrow type stores only missing elements (a List of Null)`)
        : missing
          ? here("holds a missing element")
          : anyValueProblem(element, item);
    if (problem !== null) return within(`[${k}]`, problem);
  }
  return null;
}

function structProblem(fields: readonly FieldDescriptor[], value: unknown): ValueProblem | null {
  // A plain object only: a Map's entries, a Date's time or an instance's class are no own keys, and would be lost.
  if (!isPlainObject(value)) return here(`holds ${describe(value)} where a struct (a plain object) is stored`);
  const unstored = unstoredKey(fields, value);
  if (unstored !== null)
    return here(
      `has the key ${unstored}, which its Arrow struct has no field for (it would be dropped): pass fieldMetadataFrom whose struct has it, or delete the key`,
    );
  for (const field of fields) {
    const child = ownValue(value, field.name);
    if (child === null || child === undefined) {
      if (!field.optional) return within(`.${field.name}`, here("is missing, and its Arrow field has no nulls"));
      continue;
    }
    const problem = anyValueProblem(field.type, child);
    if (problem !== null) return within(`.${field.name}`, problem);
  }
  return null;
}

function isPlainObject(value: unknown): value is object {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** A key of `value` holding a value that none of `fields` stores (a symbol key too), as text; `null` when none. */
function unstoredKey(fields: readonly FieldDescriptor[], value: object): string | null {
  const held = (key: string | symbol) =>
    Object.prototype.propertyIsEnumerable.call(value, key) &&
    (value as Record<string | symbol, unknown>)[key] !== undefined &&
    (value as Record<string | symbol, unknown>)[key] !== null;
  for (const key of Object.keys(value))
    if (held(key) && !fields.some((field) => field.name === key)) return JSON.stringify(key);
  const symbol = Object.getOwnPropertySymbols(value).find(held);
  return symbol === undefined ? null : String(symbol);
}

/** `problem` of the part at `step` (`[1]`, `.note`) of a value: the problem of the value at `step` + its part. */
function within(step: string, problem: ValueProblem): ValueProblem {
  return { part: `${step}${problem.part}`, reason: problem.reason };
}

function describe(value: unknown): string {
  if (typeof value === "bigint") return `the bigint ${value}`;
  if (typeof value === "number" || typeof value === "boolean") return `the ${typeof value} ${value}`;
  if (typeof value === "string") return "a string";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object" && value !== null) return describeValue(value);
  return `a ${typeof value}`;
}
