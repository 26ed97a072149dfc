/**
 * The `Weights` column, both ways. Its storage is LegolasFlux.jl's:
 *
 *     Struct{weights: List<FlatArray>}            extension JuliaLang.LegolasFlux.Weights
 *     FlatArray = Struct{vec: List<Float32>,      extension JuliaLang.LegolasFlux.FlatArray
 *                        size: List<Int64>}
 *
 * so all the values of all a column's arrays sit in ONE Float32 buffer. Reading, each FlatArray's
 * `vec` is a view of that buffer (no copy, and a 40 MB model reads in milliseconds). Writing,
 * the arrays' values must be made contiguous: that is one copy, unless they already are, as
 * when the Weights were read from a file, in which case the buffer is reused as it is.
 */
import { makeData, type Data, type Field, type Struct } from "apache-arrow";
import { FlatArray, flatArrayProblem, Weights } from "../weights/weights.js";
import { concatTyped, numberOffsets, offsetsOf, validityOf } from "./buffers.js";
import type { ColumnDecoder } from "./decode.js";
import { NotArrowFileError } from "./errors.js";

/** Decodes a Weights column by child name (`weights`, `vec`, `size`), like any struct. */
export function weightsDecoder(arrowType: Struct, trusted = false): ColumnDecoder {
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
    const values = vecList.children[0]!.values as Float32Array;
    const sizes = sizeList.children[0]!.values as BigInt64Array;
    return (i) => {
      const arrays: { vec: Float32Array; size: number[] }[] = [];
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
        throw new NotArrowFileError(`a Weights value is broken (${problem}); read the table with validate: "rows" to see which row`);
      }
      return valid ? new Weights(arrays.map((a) => new FlatArray(a.vec, a.size))) : { arrays };
    };
  };
}

function childIndex(children: readonly Field[], name: string): number {
  const index = children.findIndex((child) => child.name === name);
  if (index < 0) throw new TypeError(`a Weights column has no "${name}" child`);
  return index;
}

/** Encodes Weights values (or `null` for a missing value) as a column of `field`'s type. */
export function encodeWeights(field: Field, values: readonly unknown[]): Data {
  const type = field.type as Struct;
  const listField = type.children[0]!;
  const flatField = listField.type.children[0] as Field<Struct>;
  const [vecField, sizeField] = flatField.type.children as [Field, Field];

  const arrays: FlatArray[] = [];
  const perRow = values.map((value) => {
    const own = value === null || value === undefined ? [] : (value as Weights).arrays;
    arrays.push(...own);
    return own.length;
  });
  const arrayOffsets = offsetsOf(perRow);
  const vecOffsets = offsetsOf(arrays.map((a) => a.vec.length));
  const sizeOffsets = offsetsOf(arrays.map((a) => a.size.length));
  const vec = concatTyped(arrays.map((a) => a.vec), Float32Array);
  const sizes = BigInt64Array.from(arrays.flatMap((a) => a.size), (d) => BigInt(d));

  const vecValues = makeData({ type: vecField.type.children[0]!.type, length: vec.length, data: vec });
  const sizeValues = makeData({ type: sizeField.type.children[0]!.type, length: sizes.length, data: sizes });
  const flat = makeData({
    type: flatField.type,
    length: arrays.length,
    nullCount: 0,
    children: [
      makeData({ type: vecField.type, length: arrays.length, nullCount: 0, valueOffsets: vecOffsets, child: vecValues }),
      makeData({ type: sizeField.type, length: arrays.length, nullCount: 0, valueOffsets: sizeOffsets, child: sizeValues }),
    ],
  });
  const list = makeData({ type: listField.type, length: values.length, nullCount: 0, valueOffsets: arrayOffsets, child: flat });
  const { nullCount, nullBitmap } = validityOf(values, field.nullable);
  return makeData({ type, length: values.length, nullCount, nullBitmap, children: [list] });
}
