/**
 * What `legolas inspect` reads raw Arrow files with, beside the public reading API: internal.ts'
 * other half, apart so that a command that reads no table (`generate`, `init`, `docs`, `compat`)
 * loads no apache-arrow. No part of the public API, no stability promise, not a package export.
 */
export { uuidFromArrowBytes } from "./arrow/columns/decode.js";
// `legolas inspect` describes raw files: extension names, Weights columns, arrays that are not FlatArrays.
export {
  CHAR_EXTENSION,
  extensionNameOf,
  TUPLE_EXTENSION,
  UUID_EXTENSION,
  VERSION_NUMBER_EXTENSION,
  WEIGHTS_EXTENSION,
} from "./arrow/metadata.js";
export { flatArrayProblem } from "./weights/weights.js";
// ... and reads them batch by batch, so that a file larger than memory is described too.
export { TableCheck } from "./arrow/validate/table-schema.js";
export { weightsColumnReader } from "./arrow/read-weights-column.js";
// ... and whose layout their weights are in, Flux's when the table does not say.
export { tableWeightsLayout, type UnknownWeightsLayout } from "./arrow/weights-layout.js";
// ... and shows their values as a user knows them: 128-bit integers, times of day.
export { int128FromBytes } from "./arrow/columns/julia-scalars.js";
export { changeUnit, dateTimeUnitChange, isTimeOfDayStorage, timeOfDayUnitChange } from "./arrow/columns/time-units.js";
