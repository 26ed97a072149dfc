/**
 * Reader and writer options are checked as they are given (runtime/arrow/options.ts): a value an
 * option does not take is an `InvalidOptionError` naming the option, the value and what it takes,
 * before anything is read or written. From plain JavaScript, `validate: true` read invalid rows
 * without a word (every value but "rows" acted as "columns"), and `filesInFlight: NaN` opened a
 * file, left it open and failed with an engine's TypeError. (A URL's `concurrency`:
 * byte-sources.test.ts.) A writer's or validator's schema version and a writer's rows, given as
 * arguments, are checked too: a row class there failed with "Cannot read properties of
 * undefined (reading 'fields')", one row alone with "rows is not async iterable".
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import {
  columnValidator,
  openTableFile,
  readModelRow,
  readModelRowBytes,
  readModelRowFrom,
  readSourceBytes,
  readTable,
  readTableBatches,
  readTableBytes,
  readTableFrom,
  readTableMetadata,
  readWeightsColumn,
  type ReadTableBatchesOptions,
  recordBatchComplies,
  validateRecordBatch,
  validateTable,
  writeModelRow,
  writeModelRowBytes,
  writeTable,
  writeTableBytes,
  type WriteTableOptions,
} from "legolas-ts";
import { TrainingLogV1, TrainingLogV1SchemaVersion } from "../../generated/index.js";
import { trainingLogRow } from "../../scale/helpers/training-log.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-options-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

// Row 1's accuracy is past its max of 1: any read that validates rows refuses it.
const rows = [trainingLogRow(0, 10), { ...trainingLogRow(1, 10), accuracy: 2 }];
const bytes = writeTableBytes(rows, TrainingLogV1SchemaVersion, { validate: false, batchSize: 1 });
const path = join(folder, "one-invalid.arrow");
await writeTable(path, rows, TrainingLogV1SchemaVersion, { validate: false, batchSize: 1 });

async function drain(batches: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of batches);
}

/** Every reader, given `options`: each must refuse them. */
const readers: [string, (options: ReadTableBatchesOptions) => Promise<unknown>][] = [
  ["readTable", (options) => readTable(path, options)],
  ["readTableBytes", async (options) => readTableBytes(bytes, options)],
  ["readTableFrom", (options) => readTableFrom(bytes, options)],
  ["readModelRow", (options) => readModelRow(path, options)],
  ["readModelRowFrom", (options) => readModelRowFrom(bytes, options)],
  ["readTableBatches", (options) => drain(readTableBatches(path, options))],
  ["TableFile.readBatches", async (options) => drain((await openTableFile(path)).readBatches(options))],
  ["TableFile.readTable", async (options) => (await openTableFile(path)).readTable(options)],
  [
    "TableFile.readBatch",
    async (options) => {
      const file = await openTableFile(path);
      try {
        return await file.readBatch(1, options);
      } finally {
        await file.close();
      }
    },
  ],
];

describe("reader options", () => {
  test.each(readers)("%s refuses validate: true, which is not a reader's value", async (_, read) => {
    await expect(read({ validate: true, invalidRows: "collect" } as never)).rejects.toMatchObject({
      name: "InvalidOptionError",
      code: "invalid_option",
      option: "validate",
      value: true,
      message: 'options.validate is true: pass "rows" or "columns", or leave it out for the default',
    });
  });

  test.each([
    ["validate", "row", '"rows" or "columns"'],
    ["validate", "strict", '"rows" or "columns"'],
    ["rows", "Eager", '"lazy" or "eager"'],
    ["invalidRows", "skip", '"throw" or "collect"'],
    ["columns", "epoch", 'an array of column names, such as ["epoch"]'],
    [
      "schemaVersion",
      "test.training-log@1",
      "a schema version descriptor, such as ModelV1SchemaVersion (not a row class or an identifier)",
    ],
  ])("%s: %j is refused, saying what the option takes", async (option, value, expected) => {
    await expect(drain(readTableBatches(path, { [option]: value }))).rejects.toMatchObject({
      name: "InvalidOptionError",
      option,
      value,
      message: `options.${option} is "${value}" (a string): pass ${expected}, or leave it out for the default`,
    });
  });

  test("the values they take still read as they did: the invalid row refused, or read by columns only", async () => {
    await expect(readTable(path, { validate: "rows" })).rejects.toMatchObject({ name: "RowValidationError" });
    expect((await readTable(path, { validate: "columns", rows: "eager" })).rows).toHaveLength(2);
    let invalid = 0;
    for await (const batch of readTableBatches(path, { invalidRows: "collect" })) invalid += batch.invalidRows.length;
    expect(invalid).toBe(1);
  });
});

describe("counts", () => {
  const refused = (option: string, value: unknown, expected: string) => ({
    name: "InvalidOptionError",
    option,
    value,
    message: `options.${option} is ${String(value)}: pass ${expected}, or leave it out for the default`,
  });

  test.each([Number.NaN, 0, -3, 1.5])(
    "filesInFlight: %d is refused before any file is opened (a missing first file is not reached)",
    async (filesInFlight) => {
      const missing = join(folder, "missing.arrow");
      await expect(drain(readTableBatches([missing, path], { filesInFlight }))).rejects.toMatchObject(
        refused("filesInFlight", filesInFlight, "a positive integer"),
      );
    },
  );

  test("a batch's firstRowIndex, a validation's maxInvalidRows and a write's batchSize", async () => {
    const file = await openTableFile(path);
    await expect(file.readBatch(1, { firstRowIndex: -1 })).rejects.toMatchObject(
      refused("firstRowIndex", -1, "a non-negative integer"),
    );
    await file.close();
    const { table } = await readTable(path, { validate: "columns" });
    // maxInvalidRows: 0 reported no invalid row: the table passed for valid.
    expect(() => validateRecordBatch(table, TrainingLogV1SchemaVersion, { maxInvalidRows: 0 })).toThrow(
      expect.objectContaining(refused("maxInvalidRows", 0, "a positive integer, or Infinity")),
    );
    expect(validateRecordBatch(table, TrainingLogV1SchemaVersion, { maxInvalidRows: 1 })).toHaveLength(1);
    for (const input of [rows, rows.values()])
      await expect(
        writeTable(join(folder, "batches.arrow"), input, TrainingLogV1SchemaVersion, { batchSize: 0.5 }),
      ).rejects.toMatchObject(refused("batchSize", 0.5, "a positive integer"));
  });
});

describe("misspelt options", () => {
  const misspelt = (option: string, meant: string[]) => ({
    name: "UnknownOptionError",
    code: "unknown_option",
    option,
    meant,
  });

  test.each(readers)("%s refuses schemaVerison, which would read without the version check", async (_, read) => {
    await expect(read({ schemaVerison: TrainingLogV1SchemaVersion } as never)).rejects.toMatchObject({
      ...misspelt("schemaVerison", ["schemaVersion"]),
      message:
        "options.schemaVerison is no option of legolas-ts (did you mean schemaVersion?): misspelt, it would go unused, so nothing was read, written or loaded",
    });
  });

  test("a writer refuses compresion, which would write uncompressed, and writes nothing", async () => {
    const target = join(folder, "misspelt.arrow");
    const options = { compresion: "zstd" } as unknown as WriteTableOptions;
    await expect(writeTable(target, rows, TrainingLogV1SchemaVersion, options)).rejects.toMatchObject(
      misspelt("compresion", ["compression"]),
    );
    expect(() => writeTableBytes(rows, TrainingLogV1SchemaVersion, options)).toThrow(
      expect.objectContaining(misspelt("compresion", ["compression"])),
    );
    expect(existsSync(target)).toBe(false);
  });

  test.each(readers)("%s refuses an option with its first words dropped, which would go unused", async (_, read) => {
    await expect(read({ inFlight: 2 } as never)).rejects.toMatchObject({
      ...misspelt("inFlight", ["filesInFlight"]),
      message: expect.stringContaining("(did you mean filesInFlight?)"),
    });
    await expect(read({ rowIndex: 1 } as never)).rejects.toMatchObject(misspelt("rowIndex", ["firstRowIndex"]));
  });

  test.each(readers)(
    "%s refuses an option with words dropped at its end or joined by _, which would go unused",
    async (_, read) => {
      await expect(read({ filesIn: 2 } as never)).rejects.toMatchObject(misspelt("filesIn", ["filesInFlight"]));
      await expect(read({ first_row: 1 } as never)).rejects.toMatchObject(misspelt("first_row", ["firstRowIndex"]));
      await expect(read({ in_flight: 2 } as never)).rejects.toMatchObject(misspelt("in_flight", ["filesInFlight"]));
    },
  );

  test("keys near no option are left alone", async () => {
    // A settings object may carry keys of its own, and an option of another call left undefined.
    // One word that ends an option's name (`version`, `index`, `bytes`) is a setting's own name too.
    const settings = {
      row: 1,
      verbose: true,
      outputDir: "runs",
      copy: undefined,
      version: 3,
      index: 0,
      bytes: 10,
      // Another HTTP client's names: refused by the readers of a source only (below).
      timeout: 5000,
      maxRetries: 2,
    } as never;
    expect((await readTable(path, { ...(settings as object), validate: "columns" })).table.numRows).toBe(2);
    expect(writeTableBytes([rows[0]!], TrainingLogV1SchemaVersion, settings).byteLength).toBeGreaterThan(0);
  });
});

describe("an option of another call, which this one would leave unused", () => {
  // From plain JavaScript each was accepted and went unused: openTableFile's columns read every
  // column after, validateRecordBatch's columns validated every column, readModelRow's
  // expectedArchitectureVersion gave a row of any architecture version.
  const target = join(folder, "untaken.arrow");
  const { table } = readTableBytes(bytes, { validate: "columns" });
  const signal = new AbortController().signal;
  const doors: [string, (options: object) => unknown, object, string][] = [
    [
      "readTable",
      (options) => readTable(path, options),
      { invalidRows: "collect" },
      "the reads batch by batch take it",
    ],
    ["readTableBytes", (options) => readTableBytes(bytes, options), { signal }, "the reads of a source"],
    ["readTableFrom", (options) => readTableFrom(bytes, options), { filesInFlight: 2 }, "readTableBatches takes it"],
    [
      "readModelRow",
      (options) => readModelRow(path, options),
      { expectedArchitectureVersion: 2 },
      "the loaders take it",
    ],
    ["readModelRowBytes", (options) => readModelRowBytes(bytes, options), { copy: true }, "loadWeights"],
    ["readModelRowFrom", (options) => readModelRowFrom(bytes, options), { invalidRows: "collect" }, "readTableBatches"],
    ["readTableBatches", (options) => drain(readTableBatches(path, options)), { firstRowIndex: 5 }, "readBatch"],
    ["openTableFile", (options) => openTableFile(path, options), { columns: ["epoch"] }, "a TableFile's reads"],
    ["readSourceBytes", (options) => readSourceBytes(bytes, options), { columns: ["epoch"] }, "readTableFrom"],
    [
      "TableFile.readTable",
      async (options) => (await openTableFile(path)).readTable(options),
      { invalidRows: "collect" },
      "a read of the whole table throws for an invalid row",
    ],
    [
      "TableFile.readBatches",
      async (options) => drain((await openTableFile(path)).readBatches(options)),
      { firstRowIndex: 5 },
      "a TableFile's readBatch",
    ],
    [
      "TableFile.readBatch",
      async (options) => {
        const file = await openTableFile(path);
        try {
          return await file.readBatch(1, options);
        } finally {
          await file.close();
        }
      },
      { maxInvalidRows: 1 },
      "the batch validators take it",
    ],
    [
      "TableFile.recordBatches",
      async (options) => drain((await openTableFile(path)).recordBatches(options)),
      { validate: "rows" },
      "the readers take it",
    ],
    [
      "validateRecordBatch",
      (options) => validateRecordBatch(table, TrainingLogV1SchemaVersion, options),
      { columns: ["epoch"] },
      "the readers of rows take it",
    ],
    [
      "ColumnValidator.violations",
      (options) => columnValidator(TrainingLogV1SchemaVersion, table.schema).violations(table.batches[0]!, options),
      { invalidRows: "collect" },
      "the reads batch by batch",
    ],
    [
      "writeTable",
      (options) => writeTable(target, rows, TrainingLogV1SchemaVersion, options),
      { columns: ["epoch"] },
      "the readers of rows take it",
    ],
    [
      "writeTableBytes",
      (options) => writeTableBytes(rows, TrainingLogV1SchemaVersion, options),
      { signal },
      "the writes to a file",
    ],
    [
      "writeModelRow",
      (options) => writeModelRow(target, rows[0]!, TrainingLogV1SchemaVersion as never, options),
      { expectedArchitectureVersion: 1 },
      "the loaders take it",
    ],
    [
      "writeModelRowBytes",
      (options) => writeModelRowBytes(rows[0]!, TrainingLogV1SchemaVersion as never, options),
      { signal },
      "the writes to a file",
    ],
  ];

  test.each(doors)("%s refuses it, naming itself and where the option goes", async (call, run, options, goes) => {
    const [option] = Object.keys(options);
    const spared = call.startsWith("write") ? "written" : /validat/i.test(call) ? "validated" : "read";
    const refusal = await Promise.resolve()
      .then(() => run(options))
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(refusal).toMatchObject({ name: "UnknownOptionError", code: "unknown_option", option, meant: [] });
    const { message } = refusal as Error;
    expect(message.startsWith(`options.${option} is not an option of ${call}, which would leave it unused: `)).toBe(
      true,
    );
    expect(message).toContain(goes);
    expect(message.endsWith(`; nothing was ${spared}`)).toBe(true);
    expect(existsSync(target)).toBe(false);
  });

  test("an option of another call left undefined asks for nothing, and is left alone", async () => {
    expect((await readTable(path, { validate: "columns", copy: undefined } as never)).table.numRows).toBe(2);
  });
});

describe("another HTTP client's name for a source reader's option", () => {
  /** Every reader of a source (a URL), given `options`: each must refuse another client's names. */
  const sourceReaders: [string, (options: object) => Promise<unknown>][] = [
    ["readTableFrom", (options) => readTableFrom(bytes, options)],
    ["readModelRowFrom", (options) => readModelRowFrom(bytes, options)],
    ["openTableFile", (options) => openTableFile(path, options)],
    ["readTableBatches", (options) => drain(readTableBatches(path, options))],
    ["readSourceBytes", (options) => readSourceBytes(bytes, options)],
  ];

  test.each(sourceReaders)("%s refuses maxRetries, naming retries", async (call, read) => {
    await expect(read({ maxRetries: 0 })).rejects.toMatchObject({
      name: "UnknownOptionError",
      code: "unknown_option",
      option: "maxRetries",
      meant: ["retries"],
      message: `options.maxRetries is not an option of ${call}, which would leave it unused: use retries (0 turns them off); nothing was read`,
    });
  });

  test.each(sourceReaders)(
    "%s refuses timeout, abortSignal, maxAttempts and retry, naming ours",
    async (call, read) => {
      await expect(read({ timeout: 5000 })).rejects.toMatchObject({
        option: "timeout",
        meant: ["signal"],
        message: `options.timeout is not an option of ${call}, which would leave it unused: pass signal: AbortSignal.timeout(ms), which aborts the read after ms milliseconds; nothing was read`,
      });
      await expect(read({ abortSignal: new AbortController().signal })).rejects.toMatchObject({
        option: "abortSignal",
        meant: ["signal"],
        message: expect.stringContaining("use signal;"),
      });
      await expect(read({ maxAttempts: 1 })).rejects.toMatchObject({
        option: "maxAttempts",
        meant: ["retries"],
        message: expect.stringContaining("maxAttempts: 3 is retries: 2"),
      });
      await expect(read({ retry: { limit: 0 } })).rejects.toMatchObject({ option: "retry", meant: ["retries"] });
    },
  );
});

describe("options that are no object", () => {
  // Plain JavaScript: a string was read as no options at all (no version check), null failed inside the call.
  test.each(readers)("%s refuses null and an identifier given as its options", async (_, read) => {
    for (const [options, found] of [
      [null, "null"],
      ["training-log@1", '"training-log@1" (a string)'],
    ])
      await expect(read(options as never)).rejects.toThrow(
        new TypeError(`the options given are ${found}: pass an object of options, or leave them out`),
      );
  });

  // As a writer takes it: the descriptor's keys were refused instead, `fields` first, "the
  // model-row handlers take it, to save", words that lead away from the slip.
  test.each(readers)("%s refuses a schema version given as its options, saying where it goes", async (_, read) => {
    await expect(read(TrainingLogV1SchemaVersion as never)).rejects.toThrow(
      new TypeError(
        `the options given are the schema version ${TrainingLogV1SchemaVersion.identifier}: pass it as an option, { schemaVersion: ... }`,
      ),
    );
  });

  test("a writer refuses a schema version given as its options too, and writes nothing", async () => {
    const target = join(folder, "schema-version-options.arrow");
    await expect(
      writeTable(target, rows, TrainingLogV1SchemaVersion, TrainingLogV1SchemaVersion as never),
    ).rejects.toThrow(
      new TypeError(
        `the options given are the schema version ${TrainingLogV1SchemaVersion.identifier}, which this call does not take: pass an object of options, or leave them out`,
      ),
    );
    expect(existsSync(target)).toBe(false);
  });

  test("a writer refuses null, and writes nothing", async () => {
    const target = join(folder, "null-options.arrow");
    const refusal = new TypeError("the options given are null: pass an object of options, or leave them out");
    await expect(writeTable(target, rows, TrainingLogV1SchemaVersion, null as never)).rejects.toThrow(refusal);
    expect(() => writeTableBytes(rows, TrainingLogV1SchemaVersion, null as never)).toThrow(refusal);
    expect(existsSync(target)).toBe(false);
  });
});

describe("writer options", () => {
  test.each(["rows", 0, "false"])("validate: %j is refused, and nothing is written", async (validate) => {
    const target = join(folder, `validate-${String(validate)}.arrow`);
    const options = { validate } as unknown as WriteTableOptions;
    const refused = { name: "InvalidOptionError", option: "validate", value: validate };
    await expect(writeTable(target, rows, TrainingLogV1SchemaVersion, options)).rejects.toMatchObject(refused);
    await expect(writeModelRow(target, rows[0]!, TrainingLogV1SchemaVersion, options as never)).rejects.toMatchObject(
      refused,
    );
    expect(() => writeTableBytes(rows, TrainingLogV1SchemaVersion, options)).toThrow(expect.objectContaining(refused));
    expect(existsSync(target)).toBe(false);
  });
});

describe("arguments", () => {
  const notDescriptors: [string, unknown, string][] = [
    ["the row class", TrainingLogV1, "a function"],
    ["the identifier", "training-log@1", '"training-log@1" (a string)'],
    ["null", null, "null"],
  ];
  const expected = "pass a schema version descriptor, such as ModelV1SchemaVersion (not a row class or an identifier)";

  test.each(notDescriptors)("%s given as the schema version says to pass its descriptor", async (_, version, found) => {
    const sv = version as typeof TrainingLogV1SchemaVersion;
    const target = join(folder, "argument.arrow");
    const table = readTableBytes(bytes, { validate: "columns" }).table;
    const refusal = new TypeError(`the schema version given is ${found}: ${expected}`);
    await expect(writeTable(target, rows, sv)).rejects.toThrow(refusal);
    await expect(writeModelRow(target, rows[0]!, sv)).rejects.toThrow(refusal);
    expect(() => writeTableBytes(rows, sv)).toThrow(refusal);
    expect(() => validateTable(table, sv)).toThrow(refusal);
    expect(() => validateRecordBatch(table, sv)).toThrow(refusal);
    expect(() => recordBatchComplies(table, sv)).toThrow(refusal);
    expect(existsSync(target)).toBe(false);
  });

  test("a read's result, or a Table of another apache-arrow, given as the table says what to pass", () => {
    // They failed deep inside: "found is not iterable", "Invalid value used as weak map key".
    const result = readTableBytes(bytes, { validate: "columns" });
    const pass = (what: string, kinds: string, hint: string) =>
      new TypeError(`the ${what} given is an object: pass an apache-arrow ${kinds}, such as its ${hint}`);
    expect(() => validateTable(result as never, TrainingLogV1SchemaVersion)).toThrow(
      pass("table", "Table or Schema", ".table"),
    );
    expect(() => validateRecordBatch(result as never, TrainingLogV1SchemaVersion)).toThrow(
      pass("batch", "RecordBatch or Table", ".table"),
    );
    expect(() => recordBatchComplies(result as never, TrainingLogV1SchemaVersion)).toThrow(
      pass("batch", "RecordBatch or Table", ".table"),
    );
    expect(() => readWeightsColumn(result as never, "weights")).toThrow(
      pass("table", "Table or RecordBatch", ".table"),
    );
    expect(() => readTableMetadata(result.table as never)).toThrow(
      new TypeError("the schema given is a Table: pass an apache-arrow Schema, such as its .schema"),
    );
    class Table {}
    expect(() => validateTable(new Table() as never, TrainingLogV1SchemaVersion)).toThrow(
      /this one is of another copy of apache-arrow than legolas-ts's: install the one version it uses \(npm ls apache-arrow\)/,
    );
  });

  test("a Table, RecordBatch or Schema of another, minified, copy of apache-arrow is named by its tag, not its class name", () => {
    // A minifier renames the classes of a bundled copy (Table is `e`); apache-arrow's tags stay:
    // a Table's and a RecordBatch's on their class, a Schema's on the instance.
    const e = class {
      readonly numRows = 0;
      static [Symbol.toStringTag] = "Table";
    };
    const t = class {
      readonly numRows = 0;
      static [Symbol.toStringTag] = "RecordBatch";
    };
    const s = class {
      get [Symbol.toStringTag]() {
        return "Schema";
      }
    };
    const hint = /this one is of another copy of apache-arrow than legolas-ts's/;
    expect(() => validateTable(new e() as never, TrainingLogV1SchemaVersion)).toThrow(hint);
    expect(() => validateRecordBatch(new t() as never, TrainingLogV1SchemaVersion)).toThrow(hint);
    expect(() => readTableMetadata(new s() as never)).toThrow(hint);
    // The message names each as describeValue does; only the hint reads the tag.
    expect(() => validateTable(new e() as never, TrainingLogV1SchemaVersion)).toThrow(/^the table given is /);
  });

  test("an array given as a model row says to pass the row itself", async () => {
    // Its indices were refused as keys that are no field: 'rows have a key "0"'.
    // Each names the table writer of its own family: writeTable (a path) is Node's only.
    const refusal = (writer: string) =>
      new TypeError(
        `a model row file holds one row, and the row given is an array of length 1: pass the row itself (${writer} writes an array of rows)`,
      );
    const target = join(folder, "model-row-array.arrow");
    expect(() => writeModelRowBytes([rows[0]] as never, TrainingLogV1SchemaVersion as never)).toThrow(
      refusal("writeTableBytes"),
    );
    await expect(writeModelRow(target, [rows[0]] as never, TrainingLogV1SchemaVersion as never)).rejects.toThrow(
      refusal("writeTable"),
    );
    expect(existsSync(target)).toBe(false);
  });

  test("an ArrayBuffer given as the bytes says to view it as a Uint8Array", () => {
    // What response.arrayBuffer() and blob.arrayBuffer() give: it failed deep inside ("bytes.subarray is not a function").
    const refusal = new TypeError(
      "the bytes given are an ArrayBuffer: pass a Uint8Array (new Uint8Array(buffer) views an ArrayBuffer's bytes without a copy)",
    );
    const buffer = bytes.slice().buffer;
    expect(() => readTableBytes(buffer as never)).toThrow(refusal);
    expect(() => readModelRowBytes(buffer as never)).toThrow(refusal);
  });

  test.each([
    ["one row alone", rows[0], "an object"],
    ["nothing", undefined, "undefined"],
    ["text", "rows", '"rows" (a string)'],
  ])("%s given as the rows says what to pass", async (_, input, found) => {
    const target = join(folder, "rows-argument.arrow");
    const refusal = new TypeError(
      `the rows to write are ${found}: pass an array of rows ([row] for one), an iterable or async iterable of rows, or an arrow.Table`,
    );
    await expect(writeTable(target, input as never, TrainingLogV1SchemaVersion)).rejects.toThrow(refusal);
    expect(() => writeTableBytes(input as never, TrainingLogV1SchemaVersion)).toThrow(refusal);
    expect(existsSync(target)).toBe(false);
  });
});
