/**
 * 128-bit integer columns, which apache-arrow parses in a schema but cannot load: its `Int` type
 * has no typed array of that width (`ArrayType` throws "Unrecognized Int type"), so a file with
 * one did not open at all. Arrow.jl writes Julia's `UInt128` and `Int128` so, and Legolas.jl
 * accepts a `UInt128` column for a `UUID` field (`accepted_field_type(::SchemaVersion,
 * ::Type{UUID}) = Union{UUID,UInt128}`): the UUID's 128 bits as one little-endian integer, the
 * very bytes Arrow.jl's `JuliaLang.UUID` FixedSizeBinary(16) holds.
 *
 * So such a column loads as what its buffers are: 16 bytes a value. The loader of every read
 * path (apache-arrow's `VectorLoader`, the compressed one included) makes its `Data` of type
 * FixedSizeBinary(16), while the table's schema keeps the field's Int(128) type: the column
 * check and the decoders read the field's type, the structural checks (guard/data-bounds.ts)
 * see 16-byte values, and writing the table back writes the same Int(128) column, byte for byte.
 * Installed when this module is first imported (read-bytes.ts imports it), on the apache-arrow
 * this package uses.
 *
 * Where a table holds no batch at all (a file of a schema and no record batch, as a writer may
 * make for an empty table), apache-arrow makes empty data of each field's type instead of
 * loading any, asking the type for its typed array: for Int(128) that is bytes, as the loader's
 * 16 bytes a value are. Unanswered, it threw, and one read path refused as not Arrow a file
 * whose 0 rows the batch-by-batch path read.
 */
import { DataType, FixedSizeBinary, Int } from "apache-arrow";
import { VectorLoader } from "apache-arrow/visitor/vectorloader";

/** Whether `type` is a 128-bit integer, signed or not: data of FixedSizeBinary(16) under it. */
export function is128BitInt(type: DataType): boolean {
  return DataType.isInt(type) && type.bitWidth === (128 as number);
}

/** Whether `type` is Arrow's unsigned 128-bit integer, Julia's `UInt128`. */
export function isUint128(type: DataType): boolean {
  return DataType.isInt(type) && type.bitWidth === (128 as number) && !type.isSigned;
}

const INSTALLED = Symbol.for("legolas-ts/uint128-columns");

type IntLoader = (this: VectorLoader, type: Int, node?: unknown) => unknown;

function loadWideIntegersAsBytes(): void {
  const prototype = VectorLoader.prototype as unknown as Record<symbol, unknown> & {
    visitInt: IntLoader;
    visitFixedSizeBinary: (this: VectorLoader, type: FixedSizeBinary, node?: unknown) => unknown;
  };
  if (prototype[INSTALLED] === true) return;
  const loadInt = prototype.visitInt;
  prototype.visitInt = function (type, node) {
    if (type.bitWidth !== (128 as number)) return loadInt.call(this, type, node);
    return prototype.visitFixedSizeBinary.call(this, BYTES_OF_128_BITS, node);
  };
  prototype[INSTALLED] = true;
}

const BYTES_OF_128_BITS = new FixedSizeBinary(16);

const EMPTY_INSTALLED = Symbol.for("legolas-ts/uint128-empty-data");

function makeEmptyWideIntegersBytes(): void {
  const prototype = Int.prototype as unknown as Record<symbol, unknown>;
  if (prototype[EMPTY_INSTALLED] === true) return;
  const arrayType = Object.getOwnPropertyDescriptor(Int.prototype, "ArrayType")!.get!;
  Object.defineProperty(Int.prototype, "ArrayType", {
    configurable: true,
    get(this: Int) {
      return this.bitWidth === (128 as number) ? Uint8Array : arrayType.call(this);
    },
  });
  prototype[EMPTY_INSTALLED] = true;
}

loadWideIntegersAsBytes();
makeEmptyWideIntegersBytes();
