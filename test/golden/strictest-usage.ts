// Compiled, never run, by `npm run typecheck` under test/golden/tsconfig.strictest.json
// (@tsconfig/strictest: exactOptionalPropertyTypes among its settings): what an app writes against
// generated Input types. An optional field, or one with a default, may be `undefined` as well as
// absent or null, as the constructor accepts; a required one may not.
import { ClassifierV1, type ClassifierV1Input } from "./extends-shipped/expected/index.js";
import { AllTypesV1, type AllTypesV1Input } from "../generated/index.js";

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
