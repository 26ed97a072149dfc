/**
 * The options of the table readers and writers, and of the calls that move a tfjs model's
 * weights, checked as they are given: one table per kind of call of what each option takes, so
 * that every door refuses the same values with the same words. The code that uses an option
 * compares it with one of its values (`validate === "rows"`, `rows === "eager"`) or counts with
 * it; unchecked, a value from plain JavaScript that is none of them (`validate: true`, `"row"`)
 * would silently act as another, skipping the validation asked for, and a count that is none
 * (`concurrency: 0`, `NaN`) would start no worker and read nothing. So an option that is given
 * (anything but `undefined`) and takes no such value is an `InvalidOptionError` before a file is
 * opened, a byte written or a weight loaded. Each public door checks its options once and hands
 * them on as `Checked`, the type the code behind the doors takes, so that none is checked twice
 * and none gets past a door unchecked.
 */
import type { SchemaVersion } from "../schema-version-types.js";
import { describeValue } from "../violations.js";
import { InvalidOptionError, UnknownOptionError } from "./errors.js";
import { misspelt } from "../did-you-mean.js";

/** What one option takes: its values in words, and the test. */
interface OptionRule {
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

const schemaVersion: OptionRule = {
  expected: "a schema version descriptor, such as ModelV1SchemaVersion (not a row class or an identifier)",
  accepts: (value) =>
    typeof value === "object" &&
    value !== null &&
    typeof (value as { identifier?: unknown }).identifier === "string" &&
    Array.isArray((value as { fields?: unknown }).fields),
};

/** Whether `value` is an `AbortSignal` (of a platform that has them). */
export function isAbortSignal(value: unknown): value is AbortSignal {
  return typeof AbortSignal !== "undefined" && value instanceof AbortSignal;
}

const abortSignal: OptionRule = { expected: "an AbortSignal", accepts: isAbortSignal };

/**
 * Every option of the readers (`readTable`, `readTableBatches`, `openTableFile` and its URLs'
 * `SourceOptions`, a `TableFile`'s reads, the model-row readers) and of the batch validators.
 */
const READ_OPTIONS: Readonly<Record<string, OptionRule>> = {
  schemaVersion,
  validate: oneOf("rows", "columns"),
  rows: oneOf("lazy", "eager"),
  invalidRows: oneOf("throw", "collect"),
  columns: columnNames,
  firstRowIndex: nonNegativeInteger,
  filesInFlight: positiveInteger,
  maxInvalidRows: {
    expected: "a positive integer, or Infinity",
    accepts: (value) => value === Number.POSITIVE_INFINITY || positiveInteger.accepts(value),
  },
  tailBytes: positiveInteger,
  maxWholeBytes: byteCount,
  maxGap: byteCount,
  concurrency: positiveInteger,
  retries: nonNegativeInteger,
  maxRetryDelay: { expected: "a number of milliseconds: a non-negative integer", accepts: nonNegativeInteger.accepts },
  signal: abortSignal,
};

/**
 * Every option of the writers (`writeTable`, `writeTableBytes`, the model-row writers) but
 * `compression`, whose codec names are ipc/codecs.ts's to check (`UnsupportedCompressionError`).
 */
const WRITE_OPTIONS: Readonly<Record<string, OptionRule>> = {
  batchSize: positiveInteger,
  validate: trueOrFalse,
  signal: abortSignal,
};

/**
 * The options of the calls that move weights between a tfjs model and `Weights` (`fetchWeights`,
 * `loadWeights`, the model-row loaders and handlers): `copy: 0` read as falsy would hand the
 * model the caller's buffers to share, which only `false` asks for; an `expectedArchitectureVersion`
 * that is no integer would refuse every row, after reading it; a loader's `signal`, checked
 * before anything is read.
 */
const WEIGHTS_OPTIONS: Readonly<Record<string, OptionRule>> = {
  signal: abortSignal,
  copy: trueOrFalse,
  expectedArchitectureVersion: {
    expected: "an integer: a bigint, or a number that is a safe integer",
    accepts: (value) => typeof value === "bigint" || Number.isSafeInteger(value),
  },
};

declare const checked: unique symbol;

/**
 * Options a public door has checked, as it hands them to the code behind it: that code takes
 * this type, so that it is never given options no door checked, and checks none again.
 */
export type Checked<Options> = Options & { readonly [checked]: true };

/** `options`, checked: throws `InvalidOptionError` for the first reader option it gives that takes no such value. */
export function checkReadOptions<Options extends object>(options: Options): Checked<Options> {
  return checkOptions(options, READ_OPTIONS);
}

/**
 * `options` of a call that reads a source (`call` names it), checked as {@link checkReadOptions}
 * checks a reader's, and refused (`UnknownOptionError`) if they hold another HTTP client's name
 * for one of them ({@link FOREIGN_SOURCE_OPTIONS}).
 */
export function checkSourceOptions<Options extends object>(options: Options, call: string): Checked<Options> {
  const checked = checkReadOptions(options);
  const foreign = Object.keys(options).find((key) => Object.hasOwn(FOREIGN_SOURCE_OPTIONS, key));
  if (foreign !== undefined) {
    const { meant, use } = FOREIGN_SOURCE_OPTIONS[foreign]!;
    throw new UnknownOptionError(foreign, [meant], { call, use });
  }
  return checked;
}

/** `options`, checked: throws `InvalidOptionError` for the first writer option it gives that takes no such value. */
export function checkWriteOptions<Options extends object>(options: Options): Checked<Options> {
  return checkOptions(options, WRITE_OPTIONS);
}

/** `options`, checked: throws `InvalidOptionError` for the first weights option it gives that takes no such value. */
export function checkWeightsOptions<Options extends object>(options: Options): Checked<Options> {
  return checkOptions(options, WEIGHTS_OPTIONS);
}

/**
 * Every option of every call that takes an options object (the readers', the writers', the
 * sources', the weights' and the model rows'), whichever call is made: one call's options may be
 * given to another that ignores them (a loader passes its read options on), and only a key near
 * none of these is a misspelling. test/runtime/option-names.test.ts holds the list to the types.
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
] as const;

/**
 * Other HTTP clients' names for what a read of a source takes, and what to pass here instead: the
 * AWS SDK's `maxRetries` (v2) and `maxAttempts` (v3, which counts the first request) and the
 * `abortSignal` of its requests, ky's and got's `retry`, and the `timeout` of axios, got and ky.
 * None misspells an option of ours, so {@link checkOptions} passes them, yet a read leaves each
 * unused: `{ maxRetries: 0 }` still retried a 503 three times, `{ timeout: 5000 }` waited on a
 * silent server for as long as it held the connection. Only the calls that read a source refuse
 * them ({@link checkSourceOptions}), where the names can mean nothing else: a writer's or a local
 * read's options may be a settings object of the program's, whose `timeout` is another part's.
 */
const FOREIGN_SOURCE_OPTIONS: Readonly<Record<string, { readonly meant: string; readonly use: string }>> = {
  maxRetries: { meant: "retries", use: "use retries (0 turns them off)" },
  maxAttempts: {
    meant: "retries",
    use: "use retries, which counts the requests after the first: maxAttempts: 3 is retries: 2",
  },
  retry: { meant: "retries", use: "use retries, a count (0 turns them off)" },
  abortSignal: { meant: "signal", use: "use signal" },
  timeout: {
    meant: "signal",
    use: "pass signal: AbortSignal.timeout(ms), which aborts the read after ms milliseconds",
  },
};

function checkOptions<Options extends object>(
  options: Options,
  rules: Readonly<Record<string, OptionRule>>,
): Checked<Options> {
  // A string or null there (plain JavaScript) would be read as no options at all, or fail inside the call.
  if (typeof options !== "object" || options === null || Array.isArray(options))
    throw new TypeError(
      `the options given are ${describeValue(options)}: pass an object of options, or leave them out`,
    );
  for (const key of Object.keys(options)) {
    if ((OPTION_NAMES as readonly string[]).includes(key)) continue;
    const meant = misspelt(key, OPTION_NAMES);
    const shortened = meant.length > 0 ? meant : optionsEndingWith(key);
    if (shortened.length > 0) throw new UnknownOptionError(key, shortened);
  }
  for (const [option, rule] of Object.entries(rules)) {
    const value: unknown = (options as Record<string, unknown>)[option];
    if (value !== undefined && !rule.accepts(value)) throw new InvalidOptionError(option, value, rule.expected);
  }
  return options as Checked<Options>;
}

/**
 * The options whose name is `key` with words dropped from its start: `architectureVersion` for
 * `expectedArchitectureVersion`, `inFlight` for `filesInFlight`. No misspelling, so
 * {@link misspelt} passes them, yet each would go unused as surely: `loadModelRow(model, path,
 * { architectureVersion: 2 })` loaded a row of any architecture version. A key of one word
 * (`version`, `index`, `bytes`) is no such slip but a setting's own name, and is left alone.
 */
function optionsEndingWith(key: string): string[] {
  if (key.length < 5 || !/[a-z0-9][A-Z]/.test(key)) return [];
  const tail = key.toLowerCase();
  return OPTION_NAMES.filter((name) => {
    const start = name.length - key.length;
    // Where a word of the name begins: its tail from a capital letter.
    return start > 0 && /[A-Z]/.test(name[start]!) && name.toLowerCase().endsWith(tail);
  });
}

/**
 * Throws a `TypeError` that says what to pass when a call's schema version argument
 * (`writeTable(path, rows, X)`, `validateTable(table, X)`) is no descriptor, in the words the
 * option's refusal uses: a row class or an identifier there would otherwise fail deep inside the
 * call ("Cannot read properties of undefined (reading 'fields')").
 */
export function checkSchemaVersionArgument(value: unknown): asserts value is SchemaVersion {
  if (!schemaVersion.accepts(value))
    throw new TypeError(`the schema version given is ${describeValue(value)}: pass ${schemaVersion.expected}`);
}

/**
 * Throws a `TypeError` that says what to pass when a call that reads bytes (`readTableBytes`,
 * `readModelRowBytes`) is given no Uint8Array: an ArrayBuffer, as `response.arrayBuffer()` and
 * `blob.arrayBuffer()` give, would otherwise fail deep inside ("bytes.subarray is not a function").
 */
export function checkBytesArgument(value: unknown): asserts value is Uint8Array {
  // By its tag, not instanceof: a Uint8Array of another realm (a worker's, an iframe's) is one too.
  if (Object.prototype.toString.call(value) !== "[object Uint8Array]")
    throw new TypeError(
      `the bytes given are ${describeValue(value)}: pass a Uint8Array (new Uint8Array(buffer) views an ArrayBuffer's bytes without a copy)`,
    );
}
