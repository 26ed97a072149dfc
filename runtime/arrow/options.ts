/**
 * The options of the table readers and writers, and of the calls that move a tfjs model's
 * weights, checked as they are given against the table of what each call takes
 * (option-calls.ts), so that every door refuses the same values with the same words. An option
 * of legolas-ts that a call does not take is refused too (`UnknownOptionError`): it would go
 * unused, the call doing other than its caller believes (`columns` given to `loadModelRow`
 * loaded the whole row). The code that uses an option compares it with one of its values
 * (`validate === "rows"`, `rows === "eager"`) or counts with it; unchecked, a value from plain
 * JavaScript that is none of them (`validate: true`, `"row"`) would silently act as another,
 * skipping the validation asked for, and a count that is none (`concurrency: 0`, `NaN`) would
 * start no worker and read nothing. So an option that is given (anything but `undefined`) and
 * takes no such value is an `InvalidOptionError` before a file is opened, a byte written or a
 * weight loaded. Each public door checks its options and hands them on as `Checked`, the type
 * the code behind the doors takes, so that none gets past a door unchecked.
 */
import type { SchemaVersion } from "../schema-version-types.js";
import { describeValue } from "../violations.js";
import { InvalidOptionError, UnknownOptionError } from "./errors.js";
import { misspelt } from "../did-you-mean.js";
import {
  type Call,
  CALLS,
  isOptionName,
  mapOptionsHint,
  OPTION_NAMES,
  type OptionName,
  type OptionsCall,
  schemaVersion,
  UNTAKEN,
} from "./option-calls.js";

declare const checked: unique symbol;

/**
 * Options a public door has checked, as it hands them to the code behind it: that code takes
 * this type, so that it is never given options no door checked, and checks none again.
 */
export type Checked<Options> = Options & { readonly [checked]: true };

/**
 * `options` of `call`, checked: `UnknownOptionError` for a key that misspells an option, for an
 * option of legolas-ts that `call` does not take, for another API's name for one it takes, and
 * for the whole-model Flux conversions' options given to a call that does not convert
 * ({@link OTHER_NAMES}); `InvalidOptionError` for an option it takes given a value it does not
 * take. Keys near no option are left alone, so that an object of settings may carry keys of its
 * own.
 */
export function checkOptions<Options extends object>(options: Options, call: OptionsCall): Checked<Options> {
  // A string or null there (plain JavaScript) would be read as no options at all, or fail inside the
  // call; so would a Map, whose entries are no keys of its own (an expectedArchitectureVersion unseen).
  const mapHint = mapOptionsHint(options);
  if (typeof options !== "object" || options === null || Array.isArray(options) || mapHint !== "")
    throw new TypeError(
      `the options given are ${describeValue(options)}: pass an object of options, or leave them out${mapHint}`,
    );
  const { takes, spared }: Call = CALLS[call];
  // `readTable(path, XV1SchemaVersion)`, the place a writer takes it: its keys would be refused
  // one by one, `fields` first, as a model-row handler's option.
  if (schemaVersion.accepts(options)) {
    const { identifier } = options as unknown as SchemaVersion;
    throw new TypeError(
      Object.hasOwn(takes, "schemaVersion")
        ? `the options given are the schema version ${identifier}: pass it as an option, { schemaVersion: ... }`
        : `the options given are the schema version ${identifier}, which this call does not take: pass an object of options, or leave them out`,
    );
  }
  const given = options as Readonly<Record<string, unknown>>;
  const keys = Object.keys(given);
  // Before the misspellings: a name another API gives may be near one of ours (`layers`, `layer`).
  for (const { refusedBy, names } of OTHER_NAMES) {
    const other = refusedBy.includes(call) ? keys.find((key) => Object.hasOwn(names, key)) : undefined;
    if (other === undefined) continue;
    const { meant, use } = names[other]!;
    throw new UnknownOptionError(other, meant === undefined ? [] : [meant], { call, use, spared });
  }
  for (const key of keys) {
    if (isOptionName(key)) continue;
    const meant = misspelt(key, OPTION_NAMES);
    const shortened = meant.length > 0 ? meant : optionsWithWordsOf(key);
    if (shortened.length > 0) throw new UnknownOptionError(key, shortened);
  }
  for (const [option, rule] of Object.entries(takes)) {
    const value = given[option];
    if (value !== undefined && !rule.accepts(value)) throw new InvalidOptionError(option, value, rule.expected);
  }
  // An option left undefined asks for nothing: a shared object of options may hold it so.
  const untaken = keys.find(
    (key): key is OptionName => isOptionName(key) && !Object.hasOwn(takes, key) && given[key] !== undefined,
  );
  if (untaken !== undefined) throw new UnknownOptionError(untaken, [], { call, use: UNTAKEN[untaken], spared });
  return options as Checked<Options>;
}

/**
 * Another API's names for options of ours, or options of another call: the option each stands
 * for (none for another call's), and what to pass instead.
 */
type OtherNames = Readonly<Record<string, { readonly meant?: OptionName; readonly use: string }>>;

/**
 * Other HTTP clients' names for what a read of a source takes, and what to pass here instead: the
 * AWS SDK's `maxRetries` (v2) and `maxAttempts` (v3, which counts the first request) and the
 * `abortSignal` of its requests, ky's and got's `retry`, and the `timeout` of axios, got and ky.
 * None misspells an option of ours, so {@link checkOptions} passes them, yet a read leaves each
 * unused: `{ maxRetries: 0 }` still retried a 503 three times, `{ timeout: 5000 }` waited on a
 * silent server for as long as it held the connection. Only the calls that read a source refuse
 * them ({@link checkOptions}), where the names can mean nothing else: a writer's or a local
 * read's options may be a settings object of the program's, whose `timeout` is another part's.
 */
const FOREIGN_SOURCE_OPTIONS: OtherNames = {
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

/**
 * The options of the whole-model Flux conversions (`fluxToTfjs`, `tfjsToFlux`), each as it is
 * written there: `layers`, and what a layer takes in it (`FluxLayerOptions`).
 * test/runtime/option-names.test.ts holds the list to those types.
 */
export const WHOLE_MODEL_CONVERSION_OPTIONS = {
  layers: "{ layers }",
  convolution: '{ layers: { "<layer name>": { convolution } } }',
  epsilon: '{ layers: { "<layer name>": { epsilon } } }',
  slope: '{ layers: { "<layer name>": { slope } } }',
} as const;

/**
 * The whole-model conversions' options, given to a kernel's conversion, which uses none of them:
 * `{ epsilon: 1e-3 }` or `{ slope: 0.2 }` went through without a word, its caller believing the
 * kernel converted for the BatchNorm's eps or the leakyrelu's slope they had said. `convolution`
 * is their name for what a kernel's conversion takes as `layer`: `{ convolution: "CrossCor" }`
 * left a `CrossCor`'s kernel flipped as a `Conv`'s. Refused rather than taken as a second name of
 * `layer`: one call, one name for one thing, and no pair of them to disagree. `layers` is no slip
 * for `layer` but a whole model's layers by name.
 */
const KERNEL_CONVERSION_OTHER_NAMES: OtherNames = Object.fromEntries(
  Object.entries(WHOLE_MODEL_CONVERSION_OPTIONS).map(([name, options]) => {
    const meant: OptionName | undefined = name === "convolution" ? "layer" : undefined;
    return [
      name,
      {
        meant,
        use:
          `${name} is an option of the whole-model conversions, fluxToTfjs(weights, model, ${options}) and tfjsToFlux(model, ${options}); ` +
          `a kernel's conversion takes ${meant === undefined ? "only" : "it as"} layer: "Conv" or "CrossCor"`,
      },
    ];
  }),
);

/**
 * The whole-model conversions' options, given to a call that moves weights as they are: a user
 * who took the load for the conversion passed `loadWeights(model, weights, { convolution:
 * "CrossCor" })`, and the Flux weights loaded unconverted, the model predicting wrong without a
 * word. `convertedBy` says, of one of those options as its conversion takes it, which call converts.
 */
function unconverted(convertedBy: (options: string) => string): OtherNames {
  return Object.fromEntries(
    Object.entries(WHOLE_MODEL_CONVERSION_OPTIONS).map(([name, options]) => [
      name,
      { use: `this call does not convert weights: ${convertedBy(options)}` },
    ]),
  );
}

/**
 * Names other APIs give what some calls take, or options of other calls that some calls would
 * take for theirs, each table refused by the calls it concerns, where its names can mean nothing
 * else: the reads of a source, a kernel's conversion, the calls that move a model's weights.
 */
const OTHER_NAMES: readonly {
  readonly refusedBy: readonly OptionsCall[];
  readonly names: OtherNames;
}[] = [
  { refusedBy: callsTaking("retries"), names: FOREIGN_SOURCE_OPTIONS },
  { refusedBy: callsTaking("layer"), names: KERNEL_CONVERSION_OTHER_NAMES },
  {
    refusedBy: [
      "loadWeights",
      "loadModelRow",
      "loadModelRowFrom",
      "readModelRow",
      "readModelRowBytes",
      "readModelRowFrom",
    ],
    names: unconverted(
      (options) => `fluxToTfjs(weights, model, ${options}) converts a Flux model's, before loading them`,
    ),
  },
  {
    refusedBy: ["fetchWeights", "writeModelRow", "writeModelRowBytes"],
    names: unconverted(
      (options) => `tfjsToFlux(model, ${options}) gives a tfjs model's in Flux's layout, to write as the row's weights`,
    ),
  },
  {
    refusedBy: ["legolasModelRow", "legolasModelRowFrom"],
    names: unconverted(
      (options) =>
        `fluxToTfjs(weights, model, ${options}) converts a Flux model's, before loading them, and tfjsToFlux(model, ${options}) gives a tfjs model's in Flux's layout, to write as a row's weights`,
    ),
  },
];

function callsTaking(option: OptionName): OptionsCall[] {
  return (Object.keys(CALLS) as OptionsCall[]).filter((call) => Object.hasOwn(CALLS[call].takes, option));
}

/**
 * The options whose words hold `key`'s, two or more, in their order: words dropped
 * (`architectureVersion` or `expectedArchitecture` for `expectedArchitectureVersion`, `inFlight`
 * for `filesInFlight`) or joined by `_` as the row's field is (`architecture_version`). No
 * misspelling, so {@link misspelt} passes them, yet each would go unused as surely:
 * `loadModelRow(model, path, { architecture_version: 2 })` loaded a row of any architecture
 * version. A key of one word (`version`, `index`, `bytes`) is no such slip but a setting's own
 * name, and is left alone.
 */
function optionsWithWordsOf(key: string): string[] {
  const words = wordsOf(key);
  if (words.length < 2) return [];
  return OPTION_NAMES.filter((name) => {
    let next = 0;
    for (const word of wordsOf(name)) if (word === words[next]) next++;
    return next === words.length;
  });
}

/** The words of a name in camelCase or snake_case, lower-case: `filesInFlight` and `files_in_flight` give the same. */
function wordsOf(name: string): string[] {
  return name
    .split(/_+|(?<=[a-z0-9])(?=[A-Z])/)
    .filter((word) => word !== "")
    .map((word) => word.toLowerCase());
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
