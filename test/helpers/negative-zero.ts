/**
 * The fields that hold an integer at every depth (a scalar of each width and kind, a tuple's
 * part, a map's value, a union's member, a struct's child), beside a `real` and a `float64`, which
 * keep -0: the schema the -0 tests of the constructor (row-values.test.ts) and of the JSON doors
 * (json.property.test.ts) declare.
 */
export const INTEGERS_AT_EVERY_DEPTH = {
  a: "int32",
  b: "uint8?",
  c: "integer?",
  d: "tuple<int16, string>?",
  e: "map<string, int8>?",
  f: "union<int32, string>?",
  g: { type: "struct?", fields: { x: "int32" } },
  r: "real?",
  z: "float64?",
} as const;
