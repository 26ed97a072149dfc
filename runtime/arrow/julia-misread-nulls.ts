/**
 * The nulls of a batch read that Julia reads otherwise than legolas-ts, each with its row, at any
 * depth (a column, a struct's, record's or tuple's child, in a list's elements, a map's values or
 * a union's members):
 *
 * - A null that a field's default stands for (`seed::Int = coalesce(seed, 5)`) in a field not
 *   marked nullable, which legolas-ts reads as the default but Arrow.jl as the value under it: a
 *   field not marked nullable is typed plain `T` and read without its validity
 *   (src/arraytypes/primitive.jl `getindex`), and Legolas.jl builds a nested record from those
 *   values (`fromarrowstruct`), so its `coalesce` never sees a missing value. A validated write
 *   refuses them (write-bytes.ts `refuseNullsUnderDefaults`); a nullable field is
 *   julia-refused-layout.ts's.
 * - A null in a nullable part of a VersionNumber (`major`, ...), which Arrow.jl hands to
 *   `VersionNumber(major, minor, patch, prerelease, build)` as `missing` (ArrowTypes'
 *   `fromarrow(T, x...) = T(x...)`, from src/arraytypes/struct.jl `getindex`): no method takes
 *   it, and reading the row fails, where legolas-ts reads the value under it. Such a part holding
 *   no null Julia reads (julia-refused-layout.ts); one not marked nullable Julia reads as
 *   legolas-ts does, the value under its nulls.
 *
 * Fields are walked as julia-unopenable-names.ts `fieldsWithin` walks them (a struct's and tuple's
 * children at `.name`, a list's elements at `[]`), a union's members at `|k` as violations name
 * them, beside the declared types, and only into a field whose type
 * holds a default or a version somewhere: a batch without one costs nothing. Only slots a reader
 * reads count: a child of a null struct or list holds a null by construction.
 */
import { DataType, type Data, type Field, Precision, type RecordBatch } from "apache-arrow";
import type { FieldDescriptor, FieldType } from "../field-types.js";
import type { DefaultValue, SchemaVersion } from "../schema-version-types.js";
import { containedTypes, isJuliaContainer } from "../julia-containers.js";
import { bitmapNullCount, isPresent, numberOffsets } from "./columns/buffers.js";
import { unionChildMembers } from "./validate/julia-containers.js";
import { storageMatches } from "./validate/table-schema.js";

/**
 * A null Julia reads otherwise: its row in the batch, its place (`s.seed`, `rs[].seed`,
 * `v.major`) and what it is in; under a default, that default, which legolas-ts reads, and the
 * value stored under the null, which Julia reads (`undefined` where it is no number or Bool).
 */
export type MisreadNull =
  | { readonly row: number; readonly path: string; readonly under: "version" }
  | {
      readonly row: number;
      readonly path: string;
      readonly under: "default";
      readonly default: DefaultValue;
      readonly stored: number | bigint | boolean | undefined;
    };

/**
 * The values of a field a reader reads. `rows()[i]` is the row of the batch holding slot `i`, or
 * -1 where no reader reads it (under a null parent); `null`: slot `i` is row `i`. Worked out only
 * once a null is met, so that a batch without one allocates nothing.
 */
interface Slots {
  readonly data: Data;
  readonly count: number;
  readonly rows: () => Int32Array | null;
}

/** Each null Julia reads otherwise, column by column. */
export function* nullsJuliaMisreads(schemaVersion: SchemaVersion, batch: RecordBatch): Generator<MisreadNull> {
  for (const [k, field] of batch.schema.fields.entries()) {
    const declared = schemaVersion.fields.find((d) => d.name === field.name);
    const data = batch.data.children[k];
    if (declared === undefined || data === undefined) continue;
    yield* within(field, declared.type, declared.default, field.name, { data, count: batch.numRows, rows: () => null });
  }
}

/** The nulls at `field` (of the declared `type`, with its default or none) and within it. */
function* within(
  field: Field,
  type: FieldType,
  defaultValue: DefaultValue | undefined,
  path: string,
  slots: Slots,
): Generator<MisreadNull> {
  if (defaultValue !== undefined && !field.nullable)
    for (const { row, slot } of nullsAmong(slots))
      yield { row, path, under: "default", default: defaultValue, stored: storedUnder(slots.data, slot) };
  if (!mayMisread(type) || slots.count === 0 || DataType.isDictionary(slots.data.type)) return;
  if (type.kind === "version") yield* versionPartNulls(path, slots);
  else yield* inside(field, type, path, slots);
}

/** The nulls a reader reads among `slots`: each one's row and slot. */
function* nullsAmong(slots: Slots): Generator<{ readonly row: number; readonly slot: number }> {
  const { data, count } = slots;
  if (bitmapNullCount(data) === 0) return;
  const rows = slots.rows();
  for (let i = 0; i < count; i++) {
    const row = rows === null ? i : rows[i]!;
    if (row >= 0 && !isPresent(data, i)) yield { row, slot: i };
  }
}

/**
 * The value stored under the null at `slot` of `data`, which Arrow.jl reads there, where it is
 * an integer, a float (not a half) or a Bool: `undefined` for any other type.
 */
function storedUnder(data: Data, slot: number): number | bigint | boolean | undefined {
  const { type } = data;
  if (DataType.isInt(type) || (DataType.isFloat(type) && type.precision !== Precision.HALF))
    return (data.values as ArrayLike<number | bigint>)[slot];
  if (DataType.isBool(type)) {
    const bit = data.offset + slot;
    return ((data.values[bit >> 3]! >> (bit & 7)) & 1) === 1;
  }
  return undefined;
}

/** The nulls in the nullable parts of the VersionNumbers among `slots`. */
function* versionPartNulls(path: string, slots: Slots): Generator<MisreadNull> {
  const { data } = slots;
  if (!DataType.isStruct(data.type)) return;
  const rows = presentRows(slots);
  for (const [k, part] of (data.type.children as Field[]).entries()) {
    const partData = data.children[k];
    if (part.nullable && partData !== undefined)
      for (const { row } of nullsAmong({ ...slots, data: partData, rows }))
        yield { row, path: `${path}.${part.name}`, under: "version" };
  }
}

function* inside(field: Field, type: FieldType, path: string, slots: Slots): Generator<MisreadNull> {
  const { data } = slots;
  if (type.kind === "union") {
    yield* unionMembers(field, type, path, slots);
    return;
  }
  const parts = partsOf(type, data.type);
  if (parts !== null) {
    // A tuple's parts are Arrow.jl's Struct of "1", "2", ..., read by position, and have no default of their own.
    const rows = presentRows(slots);
    for (const [k, part] of (data.type.children as Field[]).entries()) {
      const partType = parts[k];
      const partData = data.children[k];
      if (partType !== undefined && partData !== undefined)
        yield* within(part, partType, undefined, `${path}.${part.name}`, { ...slots, data: partData, rows });
    }
    return;
  }
  const children = fieldsOf(type);
  if (children !== null && DataType.isStruct(data.type)) {
    const rows = presentRows(slots);
    for (const [k, child] of (data.type.children as Field[]).entries()) {
      const declared = children.find((d) => d.name === child.name);
      const childData = data.children[k];
      if (declared === undefined || childData === undefined) continue;
      const at = `${path}.${child.name}`;
      yield* within(child, declared.type, declared.default, at, { ...slots, data: childData, rows });
    }
    return;
  }
  const held = heldType(type);
  const element = (field.type.children as Field[] | undefined)?.[0];
  const elementData = data.children[0];
  if (held === null || element === undefined || elementData === undefined || !isListLike(data.type)) return;
  const elements = elementSlots(slots, elementData);
  if (DataType.isMap(data.type)) {
    // A Map's element is its entries, a struct of key and value: the value's defaults are the ones read.
    const value = (element.type.children as Field[] | undefined)?.[1];
    const valueData = elementData.children[1];
    if (value !== undefined && valueData !== undefined)
      yield* within(value, held, undefined, `${path}[].${value.name}`, { ...elements, data: valueData });
    return;
  }
  // A list's element or a map's value has no default of its own: only its parts may.
  yield* within(element, held, undefined, `${path}[]`, elements);
}

/**
 * The values of a union among `slots`, each child's as the member the readers match it to
 * (validate/julia-containers.ts), at `path|k` for member `k`, as violations name them; a plain
 * column of one member's storage (a child schema's narrowing) as that member.
 */
function* unionMembers(
  field: Field,
  type: Extract<FieldType, { kind: "union" }>,
  path: string,
  slots: Slots,
): Generator<MisreadNull> {
  const { data } = slots;
  if (!DataType.isUnion(data.type)) {
    const member = type.members.find((m) => storageMatches(m, data.type, field));
    if (member !== undefined) yield* within(field, member, undefined, path, slots);
    return;
  }
  const union = data.type;
  const members = unionChildMembers(type, union, storageMatches) ?? [];
  const children = union.children as Field[];
  for (const [k, m] of members.entries()) {
    const childData = data.children[k];
    if (m === null || childData === undefined) continue;
    yield* within(
      children[k]!,
      type.members[m]!,
      undefined,
      `${path}|${m}`,
      memberSlots(slots, union.typeIds[k]!, childData),
    );
  }
}

/** The values of the union child of type id `id` among `slots`: each row reads the child its type id names, a dense one at its offset. */
function memberSlots(slots: Slots, id: number, childData: Data): Slots {
  const { data } = slots;
  const rows = once(() => {
    const outer = slots.rows();
    const dense = DataType.isDenseUnion(data.type);
    const out = new Int32Array(childData.length).fill(-1);
    for (let i = 0; i < slots.count; i++) {
      const row = outer === null ? i : outer[i]!;
      if (row >= 0 && data.typeIds[i] === id) out[dense ? (data.valueOffsets as Int32Array)[i]! : i] = row;
    }
    return out;
  });
  return { data: childData, count: childData.length, rows };
}

function isListLike(type: DataType): boolean {
  return DataType.isList(type) || DataType.isLargeList(type) || DataType.isFixedSizeList(type) || DataType.isMap(type);
}

/** The rows of the present values among `slots`, -1 at a null, worked out once when first asked for. */
function presentRows({ data, count, rows }: Slots): () => Int32Array | null {
  if (bitmapNullCount(data) === 0) return rows;
  return once(() => {
    const outer = rows();
    const out = new Int32Array(count);
    for (let i = 0; i < count; i++) out[i] = isPresent(data, i) ? (outer === null ? i : outer[i]!) : -1;
    return out;
  });
}

/** The elements of the lists (or map entries) among `slots`, each with its list's row. */
function elementSlots(slots: Slots, elementData: Data): Slots {
  const present = presentRows(slots);
  const offsets = numberOffsets(slots.data);
  const count = offsets[slots.count]!;
  const rows = once(() => {
    const outer = present();
    const out = new Int32Array(count).fill(-1);
    for (let i = 0; i < slots.count; i++) {
      const row = outer === null ? i : outer[i]!;
      if (row >= 0) out.fill(row, offsets[i]!, offsets[i + 1]!);
    }
    return out;
  });
  return { data: elementData, count, rows };
}

function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

/** The fields of a struct or record type; `null` for any other. */
function fieldsOf(type: FieldType): readonly FieldDescriptor[] | null {
  if (type.kind === "struct") return type.fields;
  if (type.kind === "record") return type.schemaVersion().fields;
  return null;
}

/** The type a list's elements or a map's values hold; `null` for a type that holds no other one with fields. */
function heldType(type: FieldType): FieldType | null {
  switch (type.kind) {
    case "list":
    case "vector":
    case "set":
    case "ntuple":
      return type.element;
    case "map":
      return type.value;
    default:
      return null;
  }
}

/** The types of a tuple's parts stored as `stored`, Arrow.jl's Struct (an `ntuple`'s too, columns/decode.ts `ntupleAsTuple`); `null` otherwise. */
function partsOf(type: FieldType, stored: DataType): readonly FieldType[] | null {
  if (!DataType.isStruct(stored)) return null;
  if (type.kind === "tuple") return type.elements;
  if (type.kind === "ntuple") return stored.children.map(() => type.element);
  return null;
}

/** Whether a value of `type` is or holds a version, or a default stands within it (a struct's or record's child, at any depth). */
function mayMisread(type: FieldType): boolean {
  if (type.kind === "version") return true;
  const fields = fieldsOf(type);
  if (fields !== null) return fields.some((d) => d.default !== undefined || mayMisread(d.type));
  if (type.kind === "list") return mayMisread(type.element);
  return isJuliaContainer(type) && containedTypes(type).some(mayMisread);
}
