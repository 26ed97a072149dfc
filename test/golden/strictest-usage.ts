// Compiled, never run, by `npm run typecheck` under test/golden/tsconfig.strictest.json
// (@tsconfig/strictest: exactOptionalPropertyTypes among its settings): what an app writes against
// generated Input types and the runtime's options. An optional field, or one with a default, may
// be `undefined` as well as absent or null, as the constructor accepts; a required one may not.
import { ClassifierV1, type ClassifierV1Input } from "./extends-shipped/expected/index.js";
import {
  type ReadTableResult,
  readTableBytes,
  type RowViolations,
  validateRecordBatch,
  writeTableBytes,
} from "legolas-ts";
import { AllTypesV1, type AllTypesV1Input, AllTypesV1SchemaVersion } from "../generated/index.js";

/** A value read from somewhere that may not have it: the shape `exactOptionalPropertyTypes` is about. */
declare const maybe: { readonly tiny?: number; readonly note?: string; readonly version?: bigint };

const allTypes: AllTypesV1Input = {
  flag: true,
  small: 1,
  ubyte: 2,
  uint: 3,
  double: 0.5,
  tiny: maybe.tiny,
  point: { x: 1, note: maybe.note },
  points: [{ x: 1, y: undefined }],
  child: undefined,
};
export const row: AllTypesV1 = new AllTypesV1(allTypes);

const classifier: ClassifierV1Input = {
  weights: { arrays: [] },
  classes: ["cat", "dog"],
  architecture_version: maybe.version,
};
export const model: ClassifierV1 = new ClassifierV1(classifier);

// @ts-expect-error: a required field is never `undefined`.
export const refused: AllTypesV1Input = { flag: true, small: undefined, ubyte: 2, uint: 3, double: 0.5 };

/**
 * The runtime's options, forwarded from a caller's own that may not have them: each option type
 * says `| undefined`, as the runtime reads an undefined option as one not given.
 */
declare const given: {
  readonly batchSize?: number;
  readonly validate?: "rows" | "columns";
  readonly columns?: readonly string[];
  readonly layout?: "tfjs" | "flux";
};
export const written: Uint8Array = writeTableBytes(
  [new AllTypesV1({ ...allTypes, weights: { arrays: [], layout: given.layout } })],
  AllTypesV1SchemaVersion,
  { batchSize: given.batchSize, compression: undefined, metadata: undefined, validate: undefined },
);
export const read: ReadTableResult<AllTypesV1> = readTableBytes(written, {
  schemaVersion: AllTypesV1SchemaVersion,
  validate: given.validate,
  rows: undefined,
});
export const violations: readonly RowViolations[] = validateRecordBatch(read.table, AllTypesV1SchemaVersion, {
  firstRowIndex: undefined,
  maxInvalidRows: undefined,
});
export const some: ReadTableResult = readTableBytes(written, { columns: given.columns });
