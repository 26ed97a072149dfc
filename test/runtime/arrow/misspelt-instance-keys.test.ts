/**
 * A key given to a row-class instance after it was built (or to a lazy row after it was read) that
 * misspells an optional field the row holds no value of, or given to one of its structs or nested
 * records beside a child it holds no value of: the instance is written from its declared fields,
 * so the writers refuse the row with an ExtraKeyError, never the value dropped and the field
 * written missing.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, expect, test } from "vitest";
import { ExtraKeyError, readTableBytes, writeTable, writeTableBytes } from "legolas-ts";
import {
  HyperDefaultsV1,
  HyperDefaultsV1SchemaVersion,
  HyperRunV1,
  HyperRunV1SchemaVersion,
} from "../../generated/index.js";
import { errorOf } from "../../helpers/error-of.js";
import { hyperConfig as config, hyperConfigChildren, slip } from "./helpers/hyper-slips.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-misspelt-instance-keys-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A run built by its constructor, then given `key` = `value`. */
function changed(key: string, value: unknown, fields: object = {}): HyperRunV1 {
  const row = new HyperRunV1({ name: "a", hyper: { learning_rate: 0.01 }, ...fields });
  (row as unknown as Record<string, unknown>)[key] = value;
  return row;
}

test.each([
  ["confg", "config", { seed: 3n }],
  ["Trials", "trials", [{ momentum: 0.9 }]],
])(
  "an instance given %s after it was built, which misspells the field %s it lacks, is refused",
  (key, field, value) => {
    for (const validate of [true, false]) {
      const error = errorOf<ExtraKeyError>(() =>
        writeTableBytes([changed("comment", "x"), changed(key, value)], HyperRunV1SchemaVersion, { validate }),
      );
      expect(error).toBeInstanceOf(ExtraKeyError);
      expect(error).toMatchObject({ code: "extra_key", key, path: key, identifier: "test.hyper-run@1" });
      expect(error.message).toContain(
        `row 1 has it but lacks the field "${field}", which the key may misspell: rename the key to "${field}"`,
      );
      expect(error.message).toContain("an instance of HyperRunV1 is written from its declared fields");
    }
  },
);

test("rows from an iterator and from an array are refused, and no file is written", async () => {
  const file = join(folder, "changed.arrow");
  function* rows() {
    yield changed("confg", { seed: 3n });
  }
  await expect(writeTable(file, rows(), HyperRunV1SchemaVersion, { batchSize: 1 })).rejects.toThrow(
    expect.objectContaining({ name: "ExtraKeyError", key: "confg" }),
  );
  await expect(writeTable(file, [changed("confg", { seed: 3n })], HyperRunV1SchemaVersion)).rejects.toThrow(
    ExtraKeyError,
  );
  expect(existsSync(file)).toBe(false);
});

test("a field deleted and a key misspelling it added is refused too", () => {
  const row = changed("confg", { seed: 3n }, { config: { seed: 1n } });
  delete (row as { config?: unknown }).config;
  expect(() => writeTableBytes([row], HyperRunV1SchemaVersion)).toThrow(
    expect.objectContaining({ name: "ExtraKeyError", key: "confg" }),
  );
});

test("a key beside the field it misspells, or like no field, is dropped as before; the field set is written", () => {
  const rows = [
    changed("confg", { seed: 3n }, { config: { seed: 1n } }),
    changed("comment", "x"),
    changed("confg", undefined),
  ];
  // The row the message says to write: the field set, not the key.
  const fixed = changed("config", { seed: 3n, hyper: null });
  const { rows: read } = readTableBytes(writeTableBytes([...rows, fixed], HyperRunV1SchemaVersion), {
    schemaVersion: HyperRunV1SchemaVersion,
  });
  expect(read.map((row) => row.config?.seed ?? null)).toEqual([1n, null, null, 3n]);
  expect(Object.keys(read[0]!)).not.toContain("confg");
});

test("a lazy row of a read, given a key that misspells a field it lacks, is refused: read, edit, write", () => {
  const bytes = writeTableBytes([changed("comment", "x"), changed("comment", "y")], HyperRunV1SchemaVersion);
  for (const validate of [true, false]) {
    const { rows } = readTableBytes(bytes, { schemaVersion: HyperRunV1SchemaVersion });
    (rows[1] as unknown as Record<string, unknown>).confg = { seed: 3n };
    const error = errorOf<ExtraKeyError>(() => writeTableBytes(rows, HyperRunV1SchemaVersion, { validate }));
    expect(error).toBeInstanceOf(ExtraKeyError);
    expect(error).toMatchObject({ key: "confg", path: "confg" });
    expect(error.message).toContain('row 1 has it but lacks the field "config"');
  }
  // Spelt right, the value is written; a key like no field is not refused.
  const { rows } = readTableBytes(bytes, { schemaVersion: HyperRunV1SchemaVersion });
  (rows[0] as unknown as Record<string, unknown>).config = { seed: 3n };
  (rows[1] as unknown as Record<string, unknown>).remark = "kept aside";
  const { rows: back } = readTableBytes(writeTableBytes(rows, HyperRunV1SchemaVersion), {
    schemaVersion: HyperRunV1SchemaVersion,
  });
  expect(back.map((row) => row.config?.seed ?? null)).toEqual([3n, null]);
});

/** A run as its constructor builds it from `fields`, and the same run as a lazy row of a read of it. */
const built = {
  eager: (fields: object): HyperRunV1 => new HyperRunV1({ name: "a", hyper: {}, ...fields }),
  lazy: (fields: object): HyperRunV1 =>
    readTableBytes(writeTableBytes([new HyperRunV1({ name: "a", hyper: {}, ...fields })], HyperRunV1SchemaVersion), {
      schemaVersion: HyperRunV1SchemaVersion,
    }).rows[0]!,
};

test.each<[string, object, (row: HyperRunV1) => object, string, string, string]>([
  ["its struct", { hyper: { learning_rate: 0.01 } }, (row) => row.hyper, "momentun", "hyper.momentun", "momentum"],
  [
    "a struct in its list",
    { trials: [{ momentum: 0.5 }, {}] },
    (row) => row.trials![1]!,
    "Momentum",
    "trials[1].Momentum",
    "momentum",
  ],
  ["its nested record", { config: { seed: null } }, (row) => row.config!, "sed", "config.sed", "seed"],
  [
    "its nested record's struct",
    { config: { hyper: {} } },
    (row) => row.config!.hyper!,
    "learningrate",
    "config.hyper.learningrate",
    "learning_rate",
  ],
  [
    "a record in its list",
    { configs: [{ seed: 1n }, {}] },
    (row) => row.configs![1]!,
    "seeds",
    "configs[1].seeds",
    "seed",
  ],
])(
  "an instance whose %s is given a key misspelling a child it lacks is refused, eager and lazy, validated and not",
  (_, fields, holderOf, key, path, child) => {
    for (const [form, build] of Object.entries(built))
      for (const validate of [true, false]) {
        const row = build(fields);
        (holderOf(row) as Record<string, unknown>)[key] = 0.9;
        const error = errorOf<ExtraKeyError>(() =>
          writeTableBytes([build({}), row], HyperRunV1SchemaVersion, { validate }),
        );
        expect(error, `${form}, validate: ${validate}`).toBeInstanceOf(ExtraKeyError);
        expect(error).toMatchObject({ code: "extra_key", key, path, identifier: "test.hyper-run@1" });
        expect(error.message).toContain(
          `row 1 has it but lacks "${child}", which the key may misspell: rename the key to "${child}"`,
        );
        expect(error.message).toContain("of an instance of HyperRunV1 since it was built or read is dropped");
      }
  },
);

test("an object given to a field of an instance or a lazy row is looked into: a misspelt child is refused", () => {
  for (const build of Object.values(built)) {
    const row = build({});
    (row as { hyper: object }).hyper = { learning_rate: 0.1, momentun: 0.9 };
    expect(() => writeTableBytes([row], HyperRunV1SchemaVersion)).toThrow(
      expect.objectContaining({ name: "ExtraKeyError", path: "hyper.momentun" }),
    );
  }
});

test("a nested key beside the child it misspells, or like no child, is dropped; a child set is written; a row read and not changed is written", () => {
  for (const build of Object.values(built)) {
    const beside = build({ hyper: { momentum: 0.5 } });
    (beside.hyper as Record<string, unknown>).momentun = 0.9;
    const other = build({ config: { seed: 1n } });
    (other.config as unknown as Record<string, unknown>).remark = "x";
    const set = build({});
    (set.hyper as { momentum: number | null }).momentum = 0.9;
    const read = build({ configs: [{ hyper: { batch_size: 8 } }] });
    expect(read.configs![0]!.hyper!.batch_size).toBe(8);
    const { rows } = readTableBytes(writeTableBytes([beside, other, set, read], HyperRunV1SchemaVersion), {
      schemaVersion: HyperRunV1SchemaVersion,
    });
    expect(rows.map((row) => row.hyper.momentum)).toEqual([0.5, null, 0.9, null]);
    expect(Object.keys(rows[0]!.hyper)).not.toContain("momentun");
    expect(rows[1]!.config!.seed).toBe(1n);
    expect(rows[3]!.configs![0]!.hyper!.batch_size).toBe(8);
  }
});

/** The places of test.hyper-run@1 that hold a struct or record, each with the paths of the children held there. */
const places: readonly { place: (string | number)[]; children: readonly string[][] }[] = [
  { place: ["hyper"], children: [["learning_rate"], ["batch_size"], ["momentum"]] },
  { place: ["trials", 1], children: [["momentum"]] },
  { place: ["config"], children: hyperConfigChildren },
  { place: ["configs", 1], children: hyperConfigChildren },
];
test("property: a child an instance or lazy row was built without, given later under a misspelt key at any depth, is refused and nothing written; spelt right, it is written", async () => {
  const place = fc
    .constantFrom(...places)
    .chain(({ place, children }) => fc.record({ place: fc.constant(place), steps: fc.constantFrom(...children) }));
  let run = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.tuple(config, config),
      fc.double({ noNaN: true }),
      place,
      slip,
      fc.constantFrom(...(Object.keys(built) as (keyof typeof built)[])),
      async ([first, second], momentum, { place, steps }, misspell, form) => {
        const fields = {
          hyper: { ...first.hyper },
          trials: [{ momentum }, { momentum }],
          config: structuredClone(first),
          configs: [structuredClone(second), structuredClone(first)],
        };
        const at = (value: unknown, path: readonly (string | number)[]) =>
          path.reduce((held, step) => (held as Record<string | number, unknown>)[step], value) as Record<
            string,
            unknown
          >;
        const child = steps.at(-1)!;
        const given = at(fields, [...place, ...steps.slice(0, -1)]);
        const value = given[child];
        delete given[child];
        const key = misspell(child);

        const row = built[form](fields);
        at(row, [...place, ...steps.slice(0, -1)])[key] = value;
        const file = join(folder, `property-${run++}.arrow`);
        const refusal = await writeTable(file, [row], HyperRunV1SchemaVersion).then(
          () => undefined,
          (error: unknown) => error,
        );
        const path = [...place, ...steps.slice(0, -1), key].map((step) =>
          typeof step === "number" ? `[${step}]` : `.${step}`,
        );
        expect(refusal).toBeInstanceOf(ExtraKeyError);
        expect(refusal).toMatchObject({ key, path: path.join("").slice(1) });
        expect(existsSync(file)).toBe(false);

        const fixed = built[form](fields);
        at(fixed, [...place, ...steps.slice(0, -1)])[child] = value;
        const { rows } = readTableBytes(writeTableBytes([fixed], HyperRunV1SchemaVersion), {
          schemaVersion: HyperRunV1SchemaVersion,
        });
        expect(at(rows[0], [...place, ...steps])).toEqual(value);
      },
    ),
    { numRuns: 80 },
  );
});

/** A test.hyper-defaults@1 row built from `fields` (every field and child has a default), eager or read back lazy. */
const withDefaults = {
  eager: (fields: object = {}): HyperDefaultsV1 => new HyperDefaultsV1({ hyper: {}, ...fields }),
  lazy: (fields: object = {}): HyperDefaultsV1 =>
    readTableBytes(writeTableBytes([withDefaults.eager(fields)], HyperDefaultsV1SchemaVersion), {
      schemaVersion: HyperDefaultsV1SchemaVersion,
    }).rows[0]!,
};

/** Where a defaulted field or child is held: the row's own fields, or its struct's. */
const holders = { row: (row: HyperDefaultsV1) => row, hyper: (row: HyperDefaultsV1) => row.hyper };
/** A defaulted field's or child's holder, its name, and a value of its own. */
const defaulted: readonly [keyof typeof holders, string, unknown][] = [
  ["row", "learning_rate", 0.1],
  ["row", "epochs", 7n],
  ["hyper", "momentum", 0.5],
  ["hyper", "since", new Date(Date.UTC(2021, 5, 1))],
];
/** The path of `key` in `holder`, as the refusal names it. */
const pathIn = (holder: keyof typeof holders, key: string) => (holder === "row" ? key : `${holder}.${key}`);

test.each([
  ["row", "learning_rat", "learning_rate", 0.1],
  ["row", "epoch", "epochs", 7n],
  ["hyper", "momentun", "momentum", 0.5],
  ["hyper", "sinse", "since", new Date(Date.UTC(2021, 5, 1))],
] as const)(
  "a key misspelling a field or child that holds its default (in %s, %s) is refused, eager and lazy, validated and not",
  (holder, key, field, value) => {
    for (const [form, build] of Object.entries(withDefaults))
      for (const validate of [true, false]) {
        const row = build();
        (holders[holder](row) as Record<string, unknown>)[key] = value;
        const error = errorOf<ExtraKeyError>(() =>
          writeTableBytes([build(), row], HyperDefaultsV1SchemaVersion, { validate }),
        );
        expect(error, `${form}, validate: ${validate}`).toBeInstanceOf(ExtraKeyError);
        expect(error).toMatchObject({ key, path: pathIn(holder, key), identifier: "test.hyper-defaults@1" });
        expect(error.message).toContain(
          `lacks ${holder === "row" ? "the field " : ""}"${field}", which the key may misspell`,
        );
      }
  },
);

test("a default given on purpose looks the same and is refused alike; beside a value of its own, the key is dropped", () => {
  const given = new HyperDefaultsV1({ learning_rate: 0.01, hyper: { momentum: 0.9 } });
  (given as unknown as Record<string, unknown>).learning_rat = 0.1;
  expect(() => writeTableBytes([given], HyperDefaultsV1SchemaVersion)).toThrow(
    expect.objectContaining({ name: "ExtraKeyError", key: "learning_rat" }),
  );
  for (const build of Object.values(withDefaults)) {
    const own = build({ learning_rate: 0.5, hyper: { momentum: 0.25 } });
    (own as unknown as Record<string, unknown>).learning_rat = 0.1;
    (own.hyper as Record<string, unknown>).momentun = 0.75;
    const { rows } = readTableBytes(writeTableBytes([own], HyperDefaultsV1SchemaVersion), {
      schemaVersion: HyperDefaultsV1SchemaVersion,
    });
    expect([rows[0]!.learning_rate, rows[0]!.hyper.momentum]).toEqual([0.5, 0.25]);
  }
});

test("property: a key misspelling a defaulted field or struct child an eager or lazy row holds its default in is refused; spelt right, its value is written", () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...defaulted),
      slip,
      fc.constantFrom(...(Object.keys(withDefaults) as (keyof typeof withDefaults)[])),
      ([holder, field, value], misspell, form) => {
        const key = misspell(field);
        const row = withDefaults[form]();
        (holders[holder](row) as Record<string, unknown>)[key] = value;
        const error = errorOf<ExtraKeyError>(() => writeTableBytes([row], HyperDefaultsV1SchemaVersion));
        expect(error).toBeInstanceOf(ExtraKeyError);
        expect(error).toMatchObject({ key, path: pathIn(holder, key) });

        const fixed = withDefaults[form]();
        (holders[holder](fixed) as Record<string, unknown>)[field] = value;
        const { rows } = readTableBytes(writeTableBytes([fixed], HyperDefaultsV1SchemaVersion), {
          schemaVersion: HyperDefaultsV1SchemaVersion,
        });
        expect((holders[holder](rows[0]!) as Record<string, unknown>)[field]).toEqual(value);
      },
    ),
    { numRuns: 60 },
  );
});
