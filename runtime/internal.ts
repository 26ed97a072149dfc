/**
 * What the package's own tools (the CLI, the generator) use from the runtime and its users do
 * not: no part of the public API, no stability promise, not a package export. Everything else
 * the CLI needs comes from the public entry (index.ts) or, for the schema loader that links
 * generated code, `legolas-ts/codegen` (codegen.ts); test/architecture/cli-imports.test.ts holds
 * it to that.
 */
export { createFile, replaceFile } from "./replace-file.js";
export { createFolder } from "./create-folder.js";
export { asFileAccessError } from "./file-errors.js";
export { globFiles, isFolder, isPattern } from "./glob.js";
export { mapConcurrently } from "./concurrency.js";
export { isHttpUrl } from "./urls.js";
// The package.json `legolas` field's settings, misspelt, are named as the runtime's options are.
export { didYouMean } from "./did-you-mean.js";
// A file's identifier may be of any length: reports quote it as the runtime's errors do.
export { quotedText, shortText } from "./violations.js";
// Text quoting file names or contents, escaped for a terminal as the runtime's own message is.
export { printable } from "./terminal-text.js";
export { shownSource } from "./arrow/source/node-sources.js";
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
export { tableWeightsLayout } from "./arrow/weights-layout.js";
// ... and shows their values as a user knows them: 128-bit integers, times of day, float16s.
export { int128FromBytes } from "./arrow/columns/julia-scalars.js";
export { changeUnit, dateTimeUnitChange, isTimeOfDayStorage, timeOfDayUnitChange } from "./arrow/columns/time-units.js";
export { toFloat16 } from "./julia-scalars.js";
