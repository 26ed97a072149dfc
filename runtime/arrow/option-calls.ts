/**
 * What each public call that takes an options object takes: one table per kind of call (a read
 * of rows, of a source, a write, a load...), each option with the values it takes, and the
 * calls by the names their refusals give them. runtime/arrow/options.ts checks options against
 * these; test/runtime/option-names.test.ts holds the list of names to the options' types.
 */

/** What one option takes: its values in words, and the test. */
export interface OptionRule {
  readonly expected: string;
  readonly accepts: (value: unknown) => boolean;
}

function oneOf(...values: readonly string[]): OptionRule {
  const quoted = values.map((value) => JSON.stringify(value));
  return {
    expected: `${quoted.slice(0, -1).join(", ")} or ${quoted.at(-1)}`,
    accepts: (value) => values.includes(value as string),
  };
}

const positiveInteger: OptionRule = {
  expected: "a positive integer",
  accepts: (value) => Number.isSafeInteger(value) && (value as number) >= 1,
};

const nonNegativeInteger: OptionRule = {
  expected: "a non-negative integer",
  accepts: (value) => Number.isSafeInteger(value) && (value as number) >= 0,
};

const byteCount: OptionRule = {
  expected: "a number of bytes: a non-negative integer, or Infinity",
  accepts: (value) => value === Number.POSITIVE_INFINITY || nonNegativeInteger.accepts(value),
};

const trueOrFalse: OptionRule = { expected: "true or false", accepts: (value) => typeof value === "boolean" };

const columnNames: OptionRule = {
  expected: 'an array of column names, such as ["epoch"]',
  accepts: (value) => Array.isArray(value) && value.every((name) => typeof name === "string"),
};

export const schemaVersion: OptionRule = {
  expected: "a schema version descriptor, such as ModelV1SchemaVersion (not a row class or an identifier)",
  accepts: (value) =>
    typeof value === "object" &&
    value !== null &&
    typeof (value as { identifier?: unknown }).identifier === "string" &&
    Array.isArray((value as { fields?: unknown }).fields),
};

/**
 * What to say to a `Map` given where an object of options is taken, whose entries are no keys of
 * its own (its options would be left unseen): how to make the object it stands for; `""` for any
 * other value.
 */
export function mapOptionsHint(value: unknown): string {
  return Object.prototype.toString.call(value) === "[object Map]"
    ? " (Object.fromEntries(map) makes one of a Map)"
    : "";
}

/** Whether `value` is an `AbortSignal` (of a platform that has them). */
export function isAbortSignal(value: unknown): value is AbortSignal {
  return typeof AbortSignal !== "undefined" && value instanceof AbortSignal;
}

const abortSignal: OptionRule = { expected: "an AbortSignal", accepts: isAbortSignal };

/**
 * An option whose values are not checked here: the code that uses it checks them in its own
 * words (a writer's `compression`, ipc/codecs.ts; a handler's `model` and `fields`) or takes them
 * as given (a writer's `metadata` and `fieldMetadataFrom`, a handler's `onSave`).
 */
const checkedWhereUsed: OptionRule = { expected: "", accepts: () => true };

/** A read of rows from a whole table: the readers of tables and of model rows. */
const TABLE_READ: Readonly<Record<string, OptionRule>> = {
  schemaVersion,
  validate: oneOf("rows", "columns"),
  rows: oneOf("lazy", "eager"),
  columns: columnNames,
};

/** A read batch by batch: a table read's options, and what to do with an invalid row. */
const BATCHES_READ: Readonly<Record<string, OptionRule>> = { ...TABLE_READ, invalidRows: oneOf("throw", "collect") };

/** How a source (a URL, a `Blob`, bytes, a path) is read: `SourceOptions`. */
const SOURCE_READ: Readonly<Record<string, OptionRule>> = {
  tailBytes: positiveInteger,
  maxWholeBytes: byteCount,
  maxGap: byteCount,
  concurrency: positiveInteger,
  retries: nonNegativeInteger,
  maxRetryDelay: { expected: "a number of milliseconds: a non-negative integer", accepts: nonNegativeInteger.accepts },
  signal: abortSignal,
};

/** Where the batch validators count rows from, and when they stop. */
const BATCH_VALIDATION: Readonly<Record<string, OptionRule>> = {
  firstRowIndex: nonNegativeInteger,
  maxInvalidRows: {
    expected: "a positive integer, or Infinity",
    accepts: (value) => value === Number.POSITIVE_INFINITY || positiveInteger.accepts(value),
  },
};

/** A write of rows (`WriteTableOptions`). */
const WRITE: Readonly<Record<string, OptionRule>> = {
  batchSize: positiveInteger,
  validate: trueOrFalse,
  compression: checkedWhereUsed,
  metadata: checkedWhereUsed,
  fieldMetadataFrom: checkedWhereUsed,
};

/**
 * How weights move between a model and `Weights`: `copy: 0` read as falsy would hand the model
 * the caller's buffers to share, which only `false` asks for.
 */
const WEIGHTS: Readonly<Record<string, OptionRule>> = { copy: trueOrFalse };

/**
 * The read of a model row for its weights: an `expectedArchitectureVersion` that is no integer
 * would refuse every row, after reading it; the signal is checked before anything is read.
 */
const MODEL_ROW_LOAD: Readonly<Record<string, OptionRule>> = {
  schemaVersion,
  expectedArchitectureVersion: {
    expected: "an integer: a bigint, or a number that is a safe integer",
    accepts: (value) => typeof value === "bigint" || Number.isSafeInteger(value),
  },
  signal: abortSignal,
};

/**
 * Which Flux layer a convolution kernel is of: any other value, `"conv"` included, was taken for
 * `CrossCor` and left the kernel unflipped.
 */
const KERNEL_CONVERSION: Readonly<Record<string, OptionRule>> = { layer: oneOf("Conv", "CrossCor") };

/** A tfjs `IOHandler` over a model row (`LegolasModelRowOptions`), which saves it and loads it into a new model. */
const MODEL_ROW_HANDLER: Readonly<Record<string, OptionRule>> = {
  ...MODEL_ROW_LOAD,
  model: checkedWhereUsed,
  fields: checkedWhereUsed,
};

/** The options a call takes, and what its refusal of one spared (`nothing was read`). */
export interface Call {
  readonly takes: Readonly<Record<string, OptionRule>>;
  readonly spared: string;
}

const reader = (takes: Call["takes"]): Call => ({ takes, spared: "nothing was read" });
const writer = (takes: Call["takes"]): Call => ({ takes, spared: "nothing was written" });
const loader = (takes: Call["takes"]): Call => ({ takes, spared: "nothing was loaded" });

/**
 * Every public call that takes an options object, with the options it takes, one table per kind
 * of call. Any other option of legolas-ts given to it is refused ({@link UNTAKEN}): it would go
 * unused, as `columns` did given to `loadModelRow` from plain JavaScript, which read and loaded
 * the whole row while its caller believed they had asked for some columns.
 */
export const CALLS = {
  readTable: reader(TABLE_READ),
  readTableBytes: reader(TABLE_READ),
  readModelRow: reader(TABLE_READ),
  readModelRowBytes: reader(TABLE_READ),
  "TableFile.readTable": reader(TABLE_READ),
  "TableFile.readBatches": reader(BATCHES_READ),
  "TableFile.readBatch": reader({ ...BATCHES_READ, firstRowIndex: nonNegativeInteger }),
  "TableFile.recordBatches": reader({ columns: columnNames }),
  readTableFrom: reader({ ...TABLE_READ, ...SOURCE_READ }),
  readModelRowFrom: reader({ ...TABLE_READ, ...SOURCE_READ }),
  readTableBatches: reader({ ...BATCHES_READ, filesInFlight: positiveInteger, ...SOURCE_READ }),
  openTableFile: reader(SOURCE_READ),
  readSourceBytes: reader(SOURCE_READ),
  validateRecordBatch: { takes: BATCH_VALIDATION, spared: "nothing was validated" },
  "ColumnValidator.violations": { takes: BATCH_VALIDATION, spared: "nothing was validated" },
  writeTableBytes: writer(WRITE),
  writeModelRowBytes: writer(WRITE),
  writeTable: writer({ ...WRITE, signal: abortSignal }),
  writeModelRow: writer({ ...WRITE, signal: abortSignal }),
  fetchWeights: { takes: WEIGHTS, spared: "nothing was fetched" },
  loadWeights: loader(WEIGHTS),
  loadModelRow: loader({ ...MODEL_ROW_LOAD, ...WEIGHTS }),
  loadModelRowFrom: loader({ ...MODEL_ROW_LOAD, ...WEIGHTS, ...SOURCE_READ }),
  fluxConvToTfjs: { takes: KERNEL_CONVERSION, spared: "nothing was converted" },
  tfjsConvToFlux: { takes: KERNEL_CONVERSION, spared: "nothing was converted" },
  legolasModelRow: { takes: MODEL_ROW_HANDLER, spared: "no handler was made" },
  legolasModelRowFrom: {
    takes: { ...MODEL_ROW_HANDLER, ...SOURCE_READ, onSave: checkedWhereUsed },
    spared: "no handler was made",
  },
} as const satisfies Readonly<Record<string, Call>>;

/** A public call that takes an options object, by the name its refusals give it. */
export type OptionsCall = keyof typeof CALLS;

/**
 * Every option of every call that takes an options object (the readers', the writers', the
 * sources', the weights' and the model rows'): a key near one of these is a misspelling, and one
 * of these given to a call that does not take it would go unused ({@link UNTAKEN}).
 * test/runtime/option-names.test.ts holds the list to the types.
 */
export const OPTION_NAMES = [
  "schemaVersion",
  "validate",
  "rows",
  "columns",
  "invalidRows",
  "firstRowIndex",
  "filesInFlight",
  "maxInvalidRows",
  "tailBytes",
  "maxWholeBytes",
  "maxGap",
  "concurrency",
  "retries",
  "maxRetryDelay",
  "signal",
  "batchSize",
  "compression",
  "metadata",
  "fieldMetadataFrom",
  "copy",
  "expectedArchitectureVersion",
  "model",
  "fields",
  "onSave",
  "layer",
] as const;

export type OptionName = (typeof OPTION_NAMES)[number];

export function isOptionName(key: string): key is OptionName {
  return (OPTION_NAMES as readonly string[]).includes(key);
}

/**
 * Where each option goes, for a call given one it does not take (`columns` to `loadModelRow`):
 * the calls that take it, or how to have what it asks for.
 */
export const UNTAKEN: Readonly<Record<OptionName, string>> = {
  schemaVersion:
    "the readers and loaders take it (a TableFile's as file.readTable({ schemaVersion })), the writers and validators as their schema version argument",
  validate: 'the readers take it ("rows" or "columns"), and the writers (true or false)',
  rows: "the readers of rows take it: readTable, readModelRow, readTableFrom, a TableFile's readTable and readBatches",
  columns:
    "the readers of rows take it, to read some columns: readTable(path, { columns }), readModelRow(path, { columns }), readTableFrom, a TableFile's reads; a loader loads the whole row, weights and all",
  invalidRows:
    "the reads batch by batch take it: readTableBatches, a TableFile's readBatches and readBatch; a read of the whole table throws for an invalid row",
  firstRowIndex: "a TableFile's readBatch and the batch validators take it",
  filesInFlight: "readTableBatches takes it, reading many files",
  maxInvalidRows: "the batch validators take it: validateRecordBatch, a ColumnValidator's violations",
  tailBytes: "the reads of a source take it: openTableFile, readTableFrom, readTableBatches, loadModelRowFrom",
  maxWholeBytes: "the reads of a source take it: openTableFile, readTableFrom, readTableBatches, loadModelRowFrom",
  maxGap: "the reads of a source take it: openTableFile, readTableFrom, readTableBatches, loadModelRowFrom",
  concurrency: "the reads of a source take it: openTableFile, readTableFrom, readTableBatches, loadModelRowFrom",
  retries: "the reads of a URL take it: openTableFile, readTableFrom, readTableBatches, loadModelRowFrom",
  maxRetryDelay: "the reads of a URL take it: openTableFile, readTableFrom, readTableBatches, loadModelRowFrom",
  signal:
    "the reads of a source, the writes to a file and the loaders take it: a local file's read stops with openTableFile(path, { signal }) and the file's reads",
  batchSize: "the writers take it: writeTable, writeTableBytes",
  compression: "the writers take it: writeTable, writeTableBytes, writeModelRow; a read decompresses what it finds",
  metadata: "the writers take it: writeTable, writeTableBytes, writeModelRow; a read gives it as table.schema.metadata",
  fieldMetadataFrom: "the writers take it: writeTable, writeTableBytes",
  copy: "the calls that move weights into or out of a model take it: loadWeights, fetchWeights, loadModelRow, loadModelRowFrom",
  expectedArchitectureVersion:
    "the loaders take it: loadModelRow, loadModelRowFrom, legolasModelRow; after a read, compare row.architecture_version yourself",
  model:
    "the model-row handlers take it: legolasModelRow, legolasModelRowFrom; a loader takes the model as its first argument",
  fields:
    "the model-row handlers take it, to save: legolasModelRow, legolasModelRowFrom; a writer takes the row itself",
  onSave: "legolasModelRowFrom takes it, to save",
  layer:
    'fluxConvToTfjs and tfjsConvToFlux take it ("Conv" or "CrossCor"); a whole model\'s conversion takes { layers: { name: { convolution } } }',
};
