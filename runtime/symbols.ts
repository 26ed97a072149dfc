/**
 * The runtime's symbol table: every export that generated code may import, and whether it is a
 * type. The generator's import helpers accept only these names, and a test checks that each is
 * really exported by the runtime, so generated code never references something that is gone.
 */
export const RUNTIME_SYMBOLS = {
  defineSchemaVersion: { typeOnly: false },
  RowValidationError: { typeOnly: false },
  missingField: { typeOnly: false },
  incorrectType: { typeOnly: false },
  constraintViolated: { typeOnly: false },
  checkFailed: { typeOnly: false },
  convertInput: { typeOnly: false },
  toBigInt: { typeOnly: false },
  toFloat32: { typeOnly: false },
  toDate: { typeOnly: false },
  toTimestamp: { typeOnly: false },
  toUuid: { typeOnly: false },
  toTypedArray: { typeOnly: false },
  toArray: { typeOnly: false },
  toStruct: { typeOnly: false },
  toRecord: { typeOnly: false },
  toWeights: { typeOnly: false },
  toWeightsValue: { typeOnly: false },
  collectViolations: { typeOnly: false },
  compliesSafely: { typeOnly: false },
  parseRow: { typeOnly: false },
  standardSchema: { typeOnly: false },
  rowToJson: { typeOnly: false },
  rowFromJson: { typeOnly: false },
  isWellFormedText: { typeOnly: false },
  isInt64: { typeOnly: false },
  isUint64: { typeOnly: false },
  isUuid: { typeOnly: false },
  isDay: { typeOnly: false },
  isWeights: { typeOnly: false },
  codePointLength: { typeOnly: false },
  Unchecked: { typeOnly: true },
  Violation: { typeOnly: true },
  ParseResult: { typeOnly: true },
  StandardSchemaProps: { typeOnly: true },
  SchemaVersion: { typeOnly: true },
  JsonFloat: { typeOnly: true },
  WeightsJson: { typeOnly: true },
  Weights: { typeOnly: true },
  WeightsInput: { typeOnly: true },
} as const;

export type RuntimeSymbol = keyof typeof RUNTIME_SYMBOLS;
