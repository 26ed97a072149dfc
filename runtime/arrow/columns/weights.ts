/**
 * The `Weights` column, both ways. Its storage is LegolasFlux.jl's:
 *
 *     Struct{weights: List<FlatArray>}            extension JuliaLang.LegolasFlux.Weights
 *     FlatArray = Struct{vec: List<T>,            extension JuliaLang.LegolasFlux.FlatArray
 *                        size: List<Int64>}
 *
 * with T Float32 (Flux's default), Float64 (`f64(model)`), Float16 or an integer type (element-types.ts),
 * one type per column as in LegolasFlux's `Weights{T}`. So all the values of all a column's arrays sit in ONE buffer.
 * Reading, each FlatArray's `vec` is a view of that buffer (no copy, and a 40 MB model reads in
 * milliseconds). Writing, the arrays are written one after the other by the file writer
 * (buffers.ts, `gatheredTyped`), never copied into one buffer first; arrays that already are one
 * buffer (Weights read from a file) are that buffer. The element type is kept both ways: nothing is cast.
 *
 * Loops, never `push(...items)` or recursion, over the arrays: a model may have 100k+ of them,
 * more than a call's argument list or the stack holds.
 */
import { markUnknownLayout } from "../../weights/unknown-layout.js";
import { DataType, makeData, util, type Data, type Field, type Struct } from "apache-arrow";
import {
  elementTypeOf,
  FlatArray,
  flatArrayProblem,
  promotedElementType,
  vecArrayOf,
  Weights,
  weightsProblem,
  widenedVec,
  type FlatArrayVec,
  type WeightsElementType,
  type WeightsLayout,
} from "../../weights/weights.js";
import { WeightsElementTypeError } from "../../weights/errors.js";
import type { Violation } from "../../violations.js";
import {
  bitmapNullCount,
  type ColumnPlace,
  gatheredTyped,
  isPresent,
  numberOffsets,
  offsetsOf,
  validityOf,
} from "./buffers.js";
import { CorruptTableError } from "../errors.js";
import { is128BitInt } from "../ipc/uint128-columns.js";
import { weightsArrowType } from "../schema.js";
import type { UnknownWeightsLayout } from "../weights-layout.js";

/**
 * Decodes a Weights column by child name (`weights`, `vec`, `size`), like any struct. The result
 * is a columns/decode.ts `ColumnDecoder`, spelled out so that this module does not import its importer.
 */
export function weightsDecoder(
  arrowType: Struct,
  trusted = false,
  layout?: WeightsLayout | UnknownWeightsLayout,
): (data: Data) => (index: number) => unknown {
  const storageOf = weightsStorage(arrowType);
  // A value that is no Weights (a null inside, or a FlatArray whose size does not match its
  // values) is left as plain data for the row validator to report with its field path, rather
  // than thrown from inside the decoder. A caller that skips row validation still never gets a
  // value that is not a Weights, nor a number stored under a null.
  const refused = (value: { arrays: unknown }) => {
    if (!trusted) return value;
    throw new CorruptTableError(
      `a Weights value is broken (${weightsProblem(value)}); read the table with validate: "rows" to see which row`,
    );
  };
  return (data) => {
    const storage = storageOf(data);
    const { arrayOffsets, vecOffsets, sizeOffsets, sizes } = storage;
    const values = weightsValues(storage.vecValues);
    return (i) => {
      if (holdsNull(storage, i)) return refused(storedWithNulls(storage, values, i));
      const arrays: { vec: FlatArrayVec; size: number[] }[] = [];
      let valid = true;
      for (let j = arrayOffsets[i]!; j < arrayOffsets[i + 1]!; j++) {
        const vec = values.subarray(vecOffsets[j]!, vecOffsets[j + 1]!);
        const size: number[] = [];
        for (let k = sizeOffsets[j]!; k < sizeOffsets[j + 1]!; k++) size.push(Number(sizes[k]!));
        valid &&= flatArrayProblem(vec, size) === null;
        arrays.push({ vec, size });
      }
      if (!valid) return refused({ arrays });
      const weights = new Weights(
        arrays.map((a) => new FlatArray(a.vec, a.size)),
        { layout: typeof layout === "object" ? undefined : layout },
      );
      if (typeof layout === "object") markUnknownLayout(weights, layout.unknown);
      return weights;
    };
  };
}

/** The parts of one batch's Weights column, found by child name. */
export interface WeightsStorage {
  /** Each row's list of FlatArrays. */
  readonly list: Data;
  /** The FlatArrays of every row, one after the other. */
  readonly flat: Data;
  readonly vecList: Data;
  readonly sizeList: Data;
  readonly vecValues: Data;
  readonly sizeValues: Data;
  readonly arrayOffsets: ArrayLike<number>;
  readonly vecOffsets: ArrayLike<number>;
  readonly sizeOffsets: ArrayLike<number>;
  readonly sizes: BigInt64Array;
  /** Whether any part holds a null: without one, no value is looked at for nulls. */
  readonly holdsNulls: boolean;
}

/** The parts of a Weights column of `arrowType` (LegolasFlux's layout, checked by {@link weightsTypeViolations}) in one batch. */
export function weightsStorage(arrowType: Struct): (data: Data) => WeightsStorage {
  const listIndex = childIndex(arrowType.children, "weights");
  return (data) => {
    const list = data.children[listIndex]!;
    const flat = list.children[0]!;
    const flatType = flat.type as Struct;
    const vecList = flat.children[childIndex(flatType.children, "vec")]!;
    const sizeList = flat.children[childIndex(flatType.children, "size")]!;
    const vecValues = vecList.children[0]!;
    const sizeValues = sizeList.children[0]!;
    const parts = [list, flat, vecList, sizeList, vecValues, sizeValues];
    return {
      list,
      flat,
      vecList,
      sizeList,
      vecValues,
      sizeValues,
      arrayOffsets: numberOffsets(list),
      vecOffsets: numberOffsets(vecList),
      sizeOffsets: numberOffsets(sizeList),
      sizes: sizeValues.values as BigInt64Array,
      holdsNulls: parts.some((part) => bitmapNullCount(part) > 0),
    };
  };
}

/**
 * Whether the (present) Weights value `i` holds a null at any depth: its list of FlatArrays, a
 * FlatArray, a `vec` or `size`, or an element of one. Arrow keeps some number under every null,
 * which no Weights value may be read with.
 */
export function holdsNull(storage: WeightsStorage, i: number): boolean {
  if (!storage.holdsNulls) return false;
  const { list, flat, vecList, sizeList, vecValues, sizeValues, arrayOffsets, vecOffsets, sizeOffsets } = storage;
  if (!isPresent(list, i)) return true;
  for (let j = arrayOffsets[i]!; j < arrayOffsets[i + 1]!; j++) {
    if (!isPresent(flat, j) || !isPresent(vecList, j) || !isPresent(sizeList, j)) return true;
    if (firstNull(vecValues, vecOffsets[j]!, vecOffsets[j + 1]!) >= 0) return true;
    if (firstNull(sizeValues, sizeOffsets[j]!, sizeOffsets[j + 1]!) >= 0) return true;
  }
  return false;
}

/** The index of the first null among values `start` to `end` of `data`, or -1. */
function firstNull(data: Data, start: number, end: number): number {
  if (bitmapNullCount(data) === 0) return -1;
  for (let k = start; k < end; k++) if (!isPresent(data, k)) return k;
  return -1;
}

/**
 * Weights value `i` as plain data with `null` wherever Arrow holds one, for the row validator
 * to say which part is missing (weightsProblem); a `vec` with a null element is an array of numbers.
 */
function storedWithNulls(storage: WeightsStorage, values: FlatArrayVec, i: number): { arrays: unknown } {
  const { list, flat, vecList, sizeList, vecValues, sizeValues, arrayOffsets, vecOffsets, sizeOffsets } = storage;
  if (!isPresent(list, i)) return { arrays: null };
  const arrays: unknown[] = [];
  for (let j = arrayOffsets[i]!; j < arrayOffsets[i + 1]!; j++) {
    if (!isPresent(flat, j)) {
      arrays.push(null);
      continue;
    }
    const vec = isPresent(vecList, j) ? storedVec(vecValues, values, vecOffsets[j]!, vecOffsets[j + 1]!) : null;
    const size = isPresent(sizeList, j)
      ? withNulls(sizeValues, storage.sizes, sizeOffsets[j]!, sizeOffsets[j + 1]!)
      : null;
    arrays.push({ vec, size });
  }
  return { arrays };
}

/** The `vec` of values `start` to `end`: a view of the column's, unless a null among them makes it numbers and nulls. */
function storedVec(data: Data, values: FlatArrayVec, start: number, end: number): FlatArrayVec | (number | null)[] {
  return firstNull(data, start, end) < 0 ? values.subarray(start, end) : withNulls(data, values, start, end);
}

/** Values `start` to `end` of `data` (its buffer `values`) as numbers, `null` where one is null. */
function withNulls(data: Data, values: ArrayLike<number | bigint>, start: number, end: number): (number | null)[] {
  return Array.from({ length: end - start }, (_, k) => (isPresent(data, start + k) ? Number(values[start + k]) : null));
}

/** The `vec` values of a whole column, as the typed array of their element type, never another type. */
function weightsValues(values: Data): FlatArrayVec {
  if (elementTypeOfArrow(values.type) === null) throw unsupportedElementType(values.type);
  return values.values as FlatArrayVec;
}

/** The element type of a Weights column of Arrow type `type` (its `vec`'s), or `null` for another layout. */
export function weightsElementTypeOf(type: DataType): WeightsElementType | null {
  const vec = type.children?.[0]?.type.children?.[0]?.type.children?.find((child: Field) => child.name === "vec");
  const values = vec?.type.children?.[0]?.type;
  return values === undefined ? null : elementTypeOfArrow(values);
}

/** Whether a Weights column's `data` holds any array (an empty or missing value holds none, and so no element type). */
export function holdsArrays(data: Data): boolean {
  return (data.children[0]?.children[0]?.length ?? 0) > 0;
}

/** The element type of a `vec` stored as Arrow `type`, or `null` for one legolas-ts does not hold (see element-types.ts). */
function elementTypeOfArrow(type: DataType): WeightsElementType | null {
  if (DataType.isFloat(type)) return (["float16", "float32", "float64"] as const)[type.precision] ?? null;
  if (!DataType.isInt(type)) return null;
  const name = `${type.isSigned ? "int" : "uint"}${type.bitWidth}` as WeightsElementType;
  return vecArrayOf(name) === undefined ? null : name;
}

/** What a Weights column's `vec` may hold, for messages. */
const ELEMENT_TYPES_TEXT = "Float16, Float32, Float64, Int8, Int16, Int32, UInt8 or UInt32";

function unsupportedElementType(type: DataType): WeightsElementTypeError {
  return new WeightsElementTypeError(
    String(type),
    `a Weights column holds ${String(type)} values; legolas-ts reads ${ELEMENT_TYPES_TEXT} weights ` +
      `(not UInt16, whose Uint16Array holds float16 bits here, nor Int64/UInt64, which would be bigints). ` +
      `Convert the model's arrays in Julia (e.g. Flux's f32, or Int32.(w)) before writing the row`,
  );
}

function childIndex(children: readonly Field[], name: string): number {
  const index = children.findIndex((child) => child.name === name);
  if (index < 0) throw new TypeError(`a Weights column has no "${name}" child`);
  return index;
}

/**
 * Encodes Weights values (or `null` for a missing value) as a column of `field`'s layout, its
 * values of the arrays' element type.
 *
 * @throws WeightsElementTypeError when the rows' arrays hold different element types.
 */
export function encodeWeights(field: Field, values: readonly unknown[], place: ColumnPlace): Data {
  const arrays: FlatArray[] = [];
  const perRow: number[] = [];
  const elementsPerRow: number[] = [];
  for (const value of values) {
    const own = value === null || value === undefined ? [] : (value as Weights).arrays;
    let elements = 0;
    for (const array of own) {
      arrays.push(array);
      elements += array.vec.length;
    }
    perRow.push(own.length);
    elementsPerRow.push(elements);
  }
  // Rows that hold no array have no element type of their own: they take the field's (the
  // table's, when write-bytes.ts encodes them again in it).
  const elementType =
    arrays.length === 0 ? (weightsElementTypeOf(field.type) ?? "float32") : columnElementType(arrays, field.name);
  const type = elementType === "float32" ? (field.type as Struct) : weightsArrowType(elementType);
  const listField = type.children[0]!;
  const flatField = listField.type.children[0] as Field<Struct>;
  const [vecField, sizeField] = flatField.type.children as [Field, Field];

  const arraysPlace = { path: `${place.path}.weights[]`, rows: place.rows };
  const arrayOffsets = offsetsOf(perRow, arraysPlace);
  // Too many elements is a row's Weights too large, not one of its arrays: sized by row.
  const vecOffsets = offsetsOf(
    arrays.map((a) => a.vec.length),
    { path: `${arraysPlace.path}.vec`, rows: place.rows },
    "elements",
    () => elementsPerRow,
  );
  const sizeOffsets = offsetsOf(
    arrays.map((a) => a.size.length),
    { path: `${arraysPlace.path}.size`, rows: place.rows },
  );
  // The file writer writes the arrays one after the other: no copy of a model's weights, but of
  // the rows of a narrower float type, widened here.
  const vec = gatheredTyped(
    arrays.map((a) => widenedVec(a.vec, elementType)),
    vecArrayOf(elementType) as never,
  );
  const sizes = BigInt64Array.from(
    arrays.flatMap((a) => a.size),
    (d) => BigInt(d),
  );

  // The values' length is the last offset: a gathered `vec` is a placeholder of length 0.
  const vecValues = makeData({ type: vecField.type.children[0]!.type, length: vecOffsets[arrays.length]!, data: vec });
  const sizeValues = makeData({ type: sizeField.type.children[0]!.type, length: sizes.length, data: sizes });
  const flat = makeData({
    type: flatField.type,
    length: arrays.length,
    nullCount: 0,
    children: [
      makeData({
        type: vecField.type,
        length: arrays.length,
        nullCount: 0,
        valueOffsets: vecOffsets,
        child: vecValues,
      }),
      makeData({
        type: sizeField.type,
        length: arrays.length,
        nullCount: 0,
        valueOffsets: sizeOffsets,
        child: sizeValues,
      }),
    ],
  });
  const list = makeData({
    type: listField.type,
    length: values.length,
    nullCount: 0,
    valueOffsets: arrayOffsets,
    child: flat,
  });
  const { nullCount, nullBitmap } = validityOf(values, field.nullable);
  return makeData({ type, length: values.length, nullCount, nullBitmap, children: [list] });
}

/**
 * The one element type of a column's arrays (float32 when there are none): an Arrow column has
 * one. Rows of different float types are written as the widest, exactly (a Weights value of
 * one row is already one type: its constructor widens as Julia's `Weights(v)` does).
 */
function columnElementType(arrays: readonly FlatArray[], column: string): WeightsElementType {
  // elementTypeOf, not FlatArray's getter: a structured clone of a Weights value is written too.
  const types = new Set(arrays.map((array) => elementTypeOf(array.vec)!));
  const promoted = promotedElementType(types);
  if (promoted === null) {
    const mixed = [...types].join(" and ");
    throw new WeightsElementTypeError(
      mixed,
      `column "${column}": its Weights hold ${mixed} values, but an Arrow column has one element type, and ` +
        `integers are widened to nothing for you (Julia would round an Int64 into a Float16); convert every ` +
        `row's weights to one type before writing`,
    );
  }
  return promoted;
}

/**
 * Throws unless every nested part of the column `data` has the type its parent declares. Only a
 * Weights value inside a struct, record or list can break this: its parent's Arrow type is fixed
 * by the schema (float32 Weights), so float64 or float16 values there are refused rather than
 * written under a Float32 label. Walks the column's type tree, not its values.
 */
export function checkNestedElementTypes(data: Data, column: string): void {
  data.children.forEach((child, k) => {
    const declared = data.type.children[k]?.type;
    // A 128-bit integer's data is FixedSizeBinary(16) under its Int(128) (ipc/uint128-columns.ts).
    const differs = declared !== undefined && child.type !== declared && !util.compareTypes(child.type, declared);
    if (differs && !is128BitInt(declared)) {
      throw new WeightsElementTypeError(
        String(child.type),
        `column "${column}": Weights nested in a struct, record or list are written as float32 only, and these hold ` +
          `other values; convert them (Float32Array.from(vec)) or make the weights a top-level field`,
      );
    }
    checkNestedElementTypes(child, column);
  });
}

const WEIGHTS_LAYOUT = "Weights (Arrow Struct<{weights: List<Struct<{vec: List<T>, size: List<Int64>}>>}>)";

/**
 * The column check of a Weights column of Arrow type `found`: LegolasFlux's layout, children
 * matched by name, `vec` of an element type legolas-ts holds (element-types.ts); any other is named.
 */
export function weightsTypeViolations(path: string, found: DataType): Violation[] {
  const flat = listElement(childType(found, "weights"));
  const vec = listElement(childType(flat, "vec"));
  const size = listElement(childType(flat, "size"));
  if (
    flat === null ||
    !DataType.isStruct(flat) ||
    vec === null ||
    size === null ||
    !(DataType.isInt(size) && size.bitWidth === 64 && size.isSigned)
  ) {
    return [{ code: "incorrect_type", path, expected: WEIGHTS_LAYOUT, found: `Arrow ${String(found)}` }];
  }
  if (elementTypeOfArrow(vec) === null) {
    return [
      {
        code: "incorrect_type",
        path: `${path}.weights[].vec[]`,
        expected: `${ELEMENT_TYPES_TEXT} values (not UInt16: a Uint16Array holds float16 bits here; not 64-bit integers)`,
        found: `Arrow ${String(vec)}`,
      },
    ];
  }
  return [];
}

function childType(type: DataType | null, name: string): DataType | null {
  if (type === null || !DataType.isStruct(type)) return null;
  return type.children.find((child) => child.name === name)?.type ?? null;
}

function listElement(type: DataType | null): DataType | null {
  if (type === null || !(DataType.isList(type) || DataType.isLargeList(type))) return null;
  return type.children[0]?.type ?? null;
}
