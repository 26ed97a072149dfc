/**
 * Julia's containers <-> Arrow, one column at a time (their storage: ../julia-container-storage.ts).
 * A `vector` is a `list` here, and a `set` a list of its elements in insertion order; this module
 * holds what differs: an `ntuple`'s fixed-size lists, a `tuple`'s numbered struct children, a
 * `map`'s entries, a `union`'s dense children, and the JavaScript values (`Set`, `Map`, arrays,
 * a union member's value) read from them.
 */
import {
  type Data,
  DataType,
  type DenseUnion,
  type Field,
  makeData,
  type Map_,
  type Null,
  type Struct,
  type Union,
} from "apache-arrow";
import type { FieldType } from "../../field-types.js";
import { isByteTuple, type JuliaContainerType } from "../../julia-containers.js";
import { unionMemberIndex } from "../../julia-unions.js";
import { BYTE_STORAGE, type StorageMatches, unionChildMembers } from "../validate/julia-containers.js";
import { withChildIndexTypeIds } from "../ipc/union-type-ids.js";
import { type ColumnPlace, elementsPlace, memberPlace, numberOffsets, offsetsOf, type Validity } from "./buffers.js";
import { UnrepresentableValueError } from "../errors.js";

/** encode.ts's `encodeColumn`, passed in so that the two modules do not import each other. */
type EncodeColumn = (type: FieldType, field: Field, values: readonly unknown[], place: ColumnPlace) => Data;

/** The column of an `ntuple`, `tuple`, `map` or `union` (vectors and sets go through encode.ts's lists). */
export function encodeContainer(
  type: Extract<JuliaContainerType, { kind: "ntuple" | "tuple" | "map" | "union" }>,
  field: Field,
  values: readonly unknown[],
  validity: Validity,
  place: ColumnPlace,
  encodeColumn: EncodeColumn,
): Data {
  const length = values.length;
  // FixedSizeBinary (an `ntuple<uint8, N>`) has no children: `null`, not `[]`, in apache-arrow.
  const childField = (field.type.children as Field[] | null)?.[0];
  switch (type.kind) {
    case "ntuple": {
      if (isByteTuple(type)) {
        const data = new Uint8Array(type.length * length);
        values.forEach((value, i) => {
          if (value != null) data.set(value as Uint8Array, i * type.length);
        });
        return makeData({ type: field.type, length, ...validity, data });
      }
      // A missing tuple still takes its N slots in the child, as placeholders.
      const flat: unknown[] = [];
      for (const value of values) {
        if (value == null) for (let k = 0; k < type.length; k++) flat.push(null);
        else for (let k = 0; k < type.length; k++) flat.push((value as ArrayLike<unknown>)[k]);
      }
      const child = encodeColumn(type.element, childField!, flat, elementsPlace(place, type.length));
      return makeData({ type: field.type, length, ...validity, child });
    }
    case "tuple": {
      const children = type.elements.map((element, k) =>
        encodeColumn(
          element,
          (field.type as Struct).children[k]!,
          values.map((value) => (value == null ? null : (value as readonly unknown[])[k])),
          memberPlace(place, `.${k + 1}`),
        ),
      );
      return makeData({ type: field.type as Struct, length, ...validity, children });
    }
    case "map": {
      const maps = values.map((value) => (value ?? EMPTY_MAP) as ReadonlyMap<unknown, unknown>);
      const valueOffsets = offsetsOf(
        maps.map((map) => map.size),
        place,
      );
      const keys: unknown[] = [];
      const items: unknown[] = [];
      for (const map of maps) {
        for (const [key, item] of map) {
          keys.push(key);
          items.push(item);
        }
      }
      const entryType = childField!.type as Struct;
      const [keyField, valueField] = entryType.children as Field[];
      const entries = makeData({
        type: entryType,
        length: keys.length,
        nullCount: 0,
        children: [
          encodeColumn(
            type.key,
            keyField!,
            keys,
            elementsPlace(place, valueOffsets, ".key", (k) => `[${k}].key`),
          ),
          encodeColumn(
            type.value,
            valueField!,
            items,
            elementsPlace(place, valueOffsets, ".value", (k) => `[${k}].value`),
          ),
        ],
      });
      return makeData({ type: field.type as Map_, length, ...validity, valueOffsets, child: entries });
    }
    case "union":
      return encodeUnion(type, field, values, place, encodeColumn);
  }
}

/**
 * A DenseUnion column (no validity bitmap: a union's nulls are its children's): each value goes
 * to the child of its member (julia-unions.ts), a missing one to the Null child that
 * `union<A, B>?` has first, as Arrow.jl's `todense` places them.
 */
function encodeUnion(
  type: Extract<JuliaContainerType, { kind: "union" }>,
  field: Field,
  values: readonly unknown[],
  place: ColumnPlace,
  encodeColumn: EncodeColumn,
): Data {
  const unionType = field.type as DenseUnion;
  const first = DataType.isNull(unionType.children[0]!.type) ? 1 : 0;
  const typeIds = new Int8Array(values.length);
  const valueOffsets = new Int32Array(values.length);
  const childValues: unknown[][] = unionType.children.map(() => []);
  values.forEach((value, i) => {
    // A missing value without a Null child is a placeholder under a missing parent: the first member's.
    const child = value == null ? 0 : first + unionMemberIndex(type, value);
    typeIds[i] = child;
    valueOffsets[i] = childValues[child]!.length;
    childValues[child]!.push(value ?? null);
  });
  const children = unionType.children.map((childField, k) =>
    k < first
      ? makeData({ type: childField.type as Null, length: childValues[k]!.length })
      : encodeColumn(type.members[k - first]!, childField, childValues[k]!, {
          path: `${place.path}|${k - first}`,
          rows: place.rows,
          // A member's value j is the union's value i whose member and offset they are.
          locate: (j) => {
            let i = 0;
            while (typeIds[i] !== k || valueOffsets[i] !== j) i++;
            return place.locate?.(i) ?? { row: i, path: place.path };
          },
        }),
  );
  return makeData({ type: unionType, length: values.length, nullCount: 0, typeIds, valueOffsets, children });
}

const EMPTY_MAP: ReadonlyMap<unknown, unknown> = new Map();

/**
 * A stored Map key as a JavaScript `Map` takes it. A float key -0.0 would be held as 0 (a `Map`
 * compares keys by SameValueZero), and so would merge with a key 0.0 that Julia's `Dict` keeps
 * apart (`isequal(-0.0, 0.0)` is false): refused, never read as another key. (A declared `map`'s
 * key is never a float; an `any` column's Map may be.)
 */
export function mapKey(key: unknown): unknown {
  if (Object.is(key, -0))
    throw new UnrepresentableValueError(
      "a Map column holds the key -0.0, which a JavaScript Map holds as 0 (Julia's Dict keeps -0.0 and 0.0 apart)",
    );
  return key;
}

/** A set's elements, in its insertion order, for encode.ts's list of them. */
export function setElements(values: readonly unknown[]): readonly unknown[] {
  return values.map((value) => (value instanceof Set ? [...value] : value));
}

/** decode.ts's `ColumnDecoder` (bound to a batch's data, it reads a row's value). */
type ColumnDecoder = (data: Data) => (index: number) => unknown;
/** decode.ts's `columnDecoder`, passed in for the same reason as `EncodeColumn`. */
type DecoderOf = (type: FieldType, arrowType: DataType) => ColumnDecoder;

/** A `set` read from its list's decoder: a JavaScript `Set` of the list's elements, as Julia's `Set(x)`. */
export function setDecoder(list: ColumnDecoder): ColumnDecoder {
  return (data) => {
    const read = list(data);
    return (i) => new Set(read(i) as Iterable<unknown>);
  };
}

/**
 * The decoder of a `tuple` or `map` column. A tuple's elements are its struct's children by name
 * (`"1"`, `"2"`, ..., as validate/table-schema.ts found them); a map's keys and values are its
 * entries' first and second children, as Arrow's Map layout places them whatever their names.
 */
export function containerDecoder(
  type: Extract<JuliaContainerType, { kind: "tuple" | "map" }>,
  arrowType: DataType,
  decoderOf: DecoderOf,
): ColumnDecoder {
  if (type.kind === "tuple") {
    const children = arrowType.children as Field[];
    const parts = type.elements.map((element, k) => {
      const index = children.findIndex((child) => child.name === String(k + 1));
      return { index, decode: decoderOf(element, children[index]!.type) };
    });
    return (data) => {
      const readers = parts.map(({ index, decode }) => decode(data.children[index]!));
      return (i) => readers.map((read) => read(i));
    };
  }
  const [keyField, valueField] = (arrowType.children[0] as Field).type.children as Field[];
  const decodeKey = decoderOf(type.key, keyField!.type);
  const decodeValue = decoderOf(type.value, valueField!.type);
  return (data) => {
    const offsets = numberOffsets(data);
    const entries = data.children[0]!;
    const readKey = decodeKey(entries.children[0]!);
    const readValue = decodeValue(entries.children[1]!);
    return (i) => {
      const map = new Map<unknown, unknown>();
      for (let k = offsets[i]!; k < offsets[i + 1]!; k++) map.set(mapKey(readKey(k)), readValue(k));
      return map;
    };
  };
}

/**
 * The decoder of an `ntuple` stored as a FixedSizeBinary: for `ntuple<uint8, N>` each value a
 * view of its N bytes; for an element type a child schema narrowed to `uint8` (a union holding
 * it, `integer`, `real`), an array of the N bytes, each read as that type reads a UInt8 column.
 */
export function byteTupleDecoder(
  type: Extract<JuliaContainerType, { kind: "ntuple" }>,
  decoderOf: DecoderOf,
): ColumnDecoder {
  const size = type.length;
  if (isByteTuple(type))
    return ({ values }) =>
      (i) =>
        (values as Uint8Array).subarray(i * size, (i + 1) * size);
  const readByteOf = decoderOf(type.element, BYTE_STORAGE);
  return ({ values }) => {
    const bytes = values as Uint8Array;
    const readByte = readByteOf(makeData({ type: BYTE_STORAGE, length: bytes.length, nullCount: 0, data: bytes }));
    return (i) => Array.from({ length: size }, (_, k) => readByte(i * size + k));
  };
}

/**
 * The decoder of a `union` column: a DenseUnion or SparseUnion, each child read as the member
 * validate/julia-containers.ts matched it to (a Null child reads as `null`); or a plain column of
 * one member's storage, read as that member.
 */
export function unionDecoder(
  type: Extract<JuliaContainerType, { kind: "union" }>,
  arrowType: DataType,
  decoderOf: DecoderOf,
  matches: StorageMatches,
  field: Field | undefined,
): ColumnDecoder {
  if (!DataType.isUnion(arrowType)) {
    // The column's own field: its Julia label is what makes a FixedSizeBinary(16) a uuid member.
    const member = type.members.find((m) => matches(m, arrowType, field))!;
    return decoderOf(member, arrowType);
  }
  const members = unionChildMembers(type, arrowType, matches)!;
  const children = arrowType.children as Field[];
  return unionOfChildren(
    arrowType,
    members.map((member, k) => (member === null ? null : decoderOf(type.members[member]!, children[k]!.type))),
  );
}

/**
 * The decoder of a DenseUnion or SparseUnion from its children's (`null`: a child read as
 * `null`): each row is its child's value at the row's offset (dense) or index (sparse). Any
 * reader of a child's rows is one (julia-readable-weights.ts finds Weights values so).
 */
export function unionOfChildren<Value>(
  arrowType: Union,
  decoders: readonly (((data: Data) => (index: number) => Value) | null)[],
): (data: Data) => (index: number) => Value | null {
  // A table the caller decoded may hold a union as Arrow.jl writes it, without type ids.
  const childIndex = withChildIndexTypeIds(arrowType).typeIdToChildIndex;
  const dense = DataType.isDenseUnion(arrowType);
  return (data) => {
    const readers = decoders.map((decode, k) => (decode === null ? () => null : decode(data.children[k]!)));
    // apache-arrow slices the type ids and offsets with the union, and a sparse union's children.
    const typeIds = data.typeIds;
    const offsets = data.valueOffsets as Int32Array;
    return (i) => readers[childIndex[typeIds[i]!]!]!(dense ? offsets[i]! : i);
  };
}
