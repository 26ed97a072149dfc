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
  widenedVec,
  type FlatArrayVec,
  type WeightsElementType,
  type WeightsLayout,
} from "../../weights/weights.js";
import { WeightsElementTypeError } from "../../weights/errors.js";
import type { Violation } from "../../violations.js";
import { gatheredTyped, numberOffsets, offsetsOf, validityOf } from "./buffers.js";
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
  const listIndex = childIndex(arrowType.children, "weights");
  return (data) => {
    const list = data.children[listIndex]!;
    const flat = list.children[0]!;
    const flatType = flat.type as Struct;
    const vecList = flat.children[childIndex(flatType.children, "vec")]!;
    const sizeList = flat.children[childIndex(flatType.children, "size")]!;
    const arrayOffsets = numberOffsets(list);
    const vecOffsets = numberOffsets(vecList);
    const sizeOffsets = numberOffsets(sizeList);
    const values = weightsValues(vecList.children[0]!);
    const sizes = sizeList.children[0]!.values as BigInt64Array;
    return (i) => {
      const arrays: { vec: FlatArrayVec; size: number[] }[] = [];
      let valid = true;
      for (let j = arrayOffsets[i]!; j < arrayOffsets[i + 1]!; j++) {
        const vec = values.subarray(vecOffsets[j]!, vecOffsets[j + 1]!);
        const size: number[] = [];
        for (let k = sizeOffsets[j]!; k < sizeOffsets[j + 1]!; k++) size.push(Number(sizes[k]!));
        valid &&= flatArrayProblem(vec, size) === null;
        arrays.push({ vec, size });
      }
      // A FlatArray whose size does not match its values is left as plain data for the row
      // validator to report with its field path, rather than thrown from inside the decoder.
      // A caller that skips row validation still never gets a value that is not a Weights.
      if (!valid && trusted) {
        const problem = arrays.map((a) => flatArrayProblem(a.vec, a.size)).find((p) => p !== null);
        throw new CorruptTableError(
          `a Weights value is broken (${problem}); read the table with validate: "rows" to see which row`,
        );
      }
      if (!valid) return { arrays };
      const weights = new Weights(
        arrays.map((a) => new FlatArray(a.vec, a.size)),
        { layout: typeof layout === "object" ? undefined : layout },
      );
      if (typeof layout === "object") markUnknownLayout(weights, layout.unknown);
      return weights;
    };
  };
}

/** The `vec` values of a whole column, as the typed array of their element type, never another type. */
function weightsValues(values: Data): FlatArrayVec {
  if (elementTypeOfArrow(values.type) === null) throw unsupportedElementType(values.type);
  return values.values as FlatArrayVec;
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
export function encodeWeights(field: Field, values: readonly unknown[]): Data {
  const arrays: FlatArray[] = [];
  const perRow: number[] = [];
  for (const value of values) {
    const own = value === null || value === undefined ? [] : (value as Weights).arrays;
    for (const array of own) arrays.push(array);
    perRow.push(own.length);
  }
  const elementType = columnElementType(arrays, field.name);
  const type = elementType === "float32" ? (field.type as Struct) : weightsArrowType(elementType);
  const listField = type.children[0]!;
  const flatField = listField.type.children[0] as Field<Struct>;
  const [vecField, sizeField] = flatField.type.children as [Field, Field];

  const arrayOffsets = offsetsOf(perRow);
  const vecOffsets = offsetsOf(arrays.map((a) => a.vec.length));
  const sizeOffsets = offsetsOf(arrays.map((a) => a.size.length));
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
