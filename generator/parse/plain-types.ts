/**
 * The types of the language written as one name (`int64`, `uuid`, `Weights`), by that name: read
 * by the type parser (type-expression.ts) and by the hints for names other languages give them
 * (foreign-types.ts: Julia's `Float64` is `float64`).
 */
import type { DeclaredFieldType } from "legolas-ts/internal/field-types";

export const PLAIN_TYPES: Readonly<Record<string, DeclaredFieldType>> = {
  bool: { kind: "bool" },
  int8: { kind: "int", bits: 8, signed: true },
  int16: { kind: "int", bits: 16, signed: true },
  int32: { kind: "int", bits: 32, signed: true },
  int64: { kind: "int", bits: 64, signed: true },
  uint8: { kind: "int", bits: 8, signed: false },
  uint16: { kind: "int", bits: 16, signed: false },
  uint32: { kind: "int", bits: 32, signed: false },
  uint64: { kind: "int", bits: 64, signed: false },
  float32: { kind: "float", bits: 32 },
  float64: { kind: "float", bits: 64 },
  string: { kind: "string" },
  binary: { kind: "binary" },
  uuid: { kind: "uuid" },
  date: { kind: "date" },
  datetime: { kind: "datetime" },
  time: { kind: "time" },
  Weights: { kind: "weights" },
  any: { kind: "any" },
  // Issue 23, Julia's scalars: see docs/julia.md.
  float16: { kind: "float", bits: 16 },
  int128: { kind: "int", bits: 128, signed: true },
  uint128: { kind: "int", bits: 128, signed: false },
  symbol: { kind: "symbol" },
  char: { kind: "char" },
  version: { kind: "version" },
  SchemaVersion: { kind: "schema-version" },
  integer: { kind: "abstract", name: "integer" },
  real: { kind: "abstract", name: "real" },
  number: { kind: "abstract", name: "number" },
  period: { kind: "abstract", name: "period" },
};
