/**
 * What `X.is(value)` proves of a value, as a type: the row's fields as the generated walk checks
 * them, which is less than the row class's own type says. The walk reads an absent or `undefined`
 * optional field as missing, as the constructor converts it to `null`; it takes a nested record
 * that is any object of the record's fields, and a `Weights` value that is any object of its
 * arrays, as a structured clone of a row holds them (a clone keeps no class). So a value that
 * passes may lack the optional fields, and the methods and getters of the classes inside it
 * (`child.toJSON()`, `weights.parameterCount`). A row passes as it is typed; `new X(value)` makes
 * any value that passes a row.
 */
import type { Weights, WeightsInput } from "./weights/weights.js";

/** `Fields` as `X.is` checks them: optional fields may be absent, the values inside as {@link Complying}. */
export type Complying<Fields> = {
  readonly [Key in keyof Fields as Fields[Key] extends Method ? never : null extends Fields[Key] ? never : Key]: Held<
    Fields[Key]
  >;
} & {
  readonly [Key in keyof Fields as Fields[Key] extends Method ? never : null extends Fields[Key] ? Key : never]?:
    | Held<Fields[Key]>
    | undefined;
};

type Method = (...args: never) => unknown;

/**
 * A value of a field as the walk checks it: a `Weights` as its arrays, a record or struct as its
 * fields, the elements of a list, tuple or map likewise; what holds no record is as typed.
 */
type Held<Value> = Value extends Weights
  ? Exclude<WeightsInput, Weights>
  : // Before sets: a Map is a ReadonlySet<unknown> to TypeScript (its methods fit one's).
    Value extends Map<infer Key, infer Item>
    ? Map<Key, Held<Item>>
    : Value extends HoldsNoRecord
      ? Value
      : Value extends readonly unknown[]
        ? { [Index in keyof Value]: Held<Value[Index]> }
        : Value extends object
          ? Complying<Value>
          : Value;

/** Values no record is inside: a set's elements compare by value (bool, integers, text, ...). */
type HoldsNoRecord =
  | null
  | undefined
  | boolean
  | number
  | bigint
  | string
  | Date
  | ArrayBufferView
  | ReadonlySet<unknown>;
