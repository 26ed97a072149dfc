/** Random Arrow storages and their values, as Arrow.jl writes them: scalars, Lists and Structs of them. */
import { Bool, type DataType, Field, Float32, Float64, Int16, Int64, List, Struct, Utf8 } from "apache-arrow";
import fc from "fast-check";

export const text = fc.string({ maxLength: 6 });

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

export const storage: fc.Arbitrary<Storage> = fc.letrec<{ storage: Storage }>((tie) => ({
  storage: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalars,
    tie("storage").map(({ type, value }) => ({
      type: new List(new Field("", type, false)),
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
