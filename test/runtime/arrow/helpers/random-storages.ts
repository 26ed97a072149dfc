/** Random Arrow storages and their values, as Arrow.jl writes them: scalars, Lists and Structs of them. */
import {
  Bool,
  type DataType,
  Dictionary,
  Field,
  Float32,
  Float64,
  Int16,
  Int32,
  Int8,
  Int64,
  LargeList,
  LargeUtf8,
  List,
  Struct,
  Utf8,
  Utf8View,
} from "apache-arrow";
import fc from "fast-check";

/**
 * Strings, some beginning with U+FEFF: part of the value (Julia keeps it), which a default
 * TextDecoder (apache-arrow's, flechette's) drops as a byte order mark.
 */
export const text = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.string({ maxLength: 5 }).map((rest) => `\uFEFF${rest}`),
);

/** An Arrow type and an arbitrary of its values (non-null; nulls are added where the field is nullable). */
export interface Storage {
  readonly type: DataType;
  readonly value: fc.Arbitrary<unknown>;
}

const scalars: fc.Arbitrary<Storage> = fc.constantFrom<Storage>(
  { type: new Bool(), value: fc.boolean() },
  { type: new Int16(), value: fc.integer({ min: -32768, max: 32767 }) },
  { type: new Int64(), value: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }) },
  { type: new Float32(), value: fc.float({ noNaN: true }) },
  { type: new Float64(), value: fc.double({ noNaN: true }) },
  { type: new Utf8(), value: text },
);

/**
 * Text in the storages other writers use and legolas-ts reads but writes only as Utf8: LargeUtf8,
 * Utf8View (Polars) and a dictionary, each dictionary a new one: Int8 indices as Arrow.jl writes
 * pooled strings (a pool this small; src/arraytypes/dictencoding.jl, `signedtype`), Int32 as
 * pyarrow's `dictionary_encode` does.
 */
const otherTextScalars: fc.Arbitrary<Storage> = fc.oneof(
  fc.constantFrom<Storage>({ type: new LargeUtf8(), value: text }, { type: new Utf8View(), value: text }),
  fc.constantFrom(Int8, Int32).map((Indices) => ({ type: new Dictionary(new Utf8(), new Indices()), value: text })),
);

/** Storages built from `leaves` by Lists (`LargeList` too, when `largeLists`) and Structs. */
function storageOf(leaves: fc.Arbitrary<Storage>, largeLists: boolean): fc.Arbitrary<Storage> {
  return fc.letrec<{ storage: Storage }>((tie) => ({
    storage: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      leaves,
      fc.tuple(tie("storage"), fc.boolean()).map(([{ type, value }, large]) => ({
        type: large && largeLists ? new LargeList(new Field("", type, false)) : new List(new Field("", type, false)),
        value: fc.array(value, { maxLength: 3 }),
      })),
      fc
        .uniqueArray(fc.tuple(fc.constantFrom("a", "b", "1", "σ"), tie("storage")), {
          minLength: 1,
          maxLength: 3,
          selector: ([name]) => name,
        })
        .map((children) => ({
          type: new Struct(children.map(([name, child]) => new Field(name, child.type, false))),
          value: fc.record(Object.fromEntries(children.map(([name, child]) => [name, child.value]))),
        })),
    ),
  })).storage;
}

/** The storages an `any` column is written back in from rows. */
export const storage: fc.Arbitrary<Storage> = storageOf(scalars, false);

/** Storages an `any` column reads from other writers too: text stored in every way, LargeLists. */
export const readableStorage: fc.Arbitrary<Storage> = storageOf(fc.oneof(scalars, otherTextScalars), true);
