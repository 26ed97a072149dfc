/**
 * A key of a row's struct or nested record that misspells a child the value lacks: the row class
 * drops undeclared keys there (a struct holds its declared children only), so the writers refuse
 * the row with an ExtraKeyError naming the key's path, as they refuse a top-level key misspelling
 * an optional field, never the value dropped and the child written missing.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, expect, test } from "vitest";
import { ExtraKeyError, RowValidationError, readTableBytes, writeTable, writeTableBytes } from "legolas-ts";
import {
  HyperContainersV1,
  HyperContainersV1SchemaVersion,
  HyperRunV1,
  HyperRunV1SchemaVersion,
} from "../../generated/index.js";
import { errorOf } from "../../helpers/error-of.js";
import { hyperConfig as config, hyperConfigChildren, slip } from "./helpers/hyper-slips.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-misspelt-children-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const good = { name: "a", hyper: { learning_rate: 0.01, batch_size: 32 } };

/** writeTableBytes's refusal of `rows`, which must be an ExtraKeyError. */
function refusal(rows: unknown[], validate = true): ExtraKeyError {
  const error = errorOf<ExtraKeyError>(() => writeTableBytes(rows as never, HyperRunV1SchemaVersion, { validate }));
  expect(error).toBeInstanceOf(ExtraKeyError);
  return error;
}

test.each<[string, object, string, string, string]>([
  ["a struct", { hyper: { ...good.hyper, momentun: 0.9 } }, "momentun", "hyper.momentun", "momentum"],
  [
    "a struct in a list",
    { trials: [{ momentum: 0.5 }, { Momentum: 0.9 }] },
    "Momentum",
    "trials[1].Momentum",
    "momentum",
  ],
  [
    "a nested record's struct",
    { config: { hyper: { learningrate: 0.1 } } },
    "learningrate",
    "config.hyper.learningrate",
    "learning_rate",
  ],
  ["a nested record's own field", { config: { sed: 7n } }, "sed", "config.sed", "seed"],
  ["a nested record in a list", { configs: [{ seed: 1n }, { seeds: 2n }] }, "seeds", "configs[1].seeds", "seed"],
])("a key misspelling a child %s lacks is refused, naming its path", (_, fields, key, path, child) => {
  for (const validate of [true, false]) {
    const error = refusal([good, { ...good, ...fields }], validate);
    expect(error).toMatchObject({ code: "extra_key", key, path, identifier: "test.hyper-run@1" });
    expect(error.message).toContain(
      `rows have a key ${JSON.stringify(key)} at ${path}, which ${path.slice(0, -key.length - 1)}`,
    );
    expect(error.message).toContain(
      `row 1 has it but lacks "${child}", which the key may misspell: rename the key to "${child}"`,
    );
  }
});

test("the row the message says to write is written, the value kept", () => {
  const fixed = { ...good, hyper: { ...good.hyper, momentum: 0.9 } };
  const { rows } = readTableBytes(writeTableBytes([fixed], HyperRunV1SchemaVersion), {
    schemaVersion: HyperRunV1SchemaVersion,
  });
  expect(rows[0]!.hyper.momentum).toBe(0.9);
});

test("a key beside the child it misspells, or like no child, is an extra key: dropped, as the constructor drops it", () => {
  const rows = [
    { ...good, hyper: { ...good.hyper, momentum: 0.9, momentun: 0.1 } },
    { ...good, hyper: { ...good.hyper, comment: "x" }, config: { seed: 1n, hyper: null, momentum: 3 } },
  ];
  const { rows: read } = readTableBytes(writeTableBytes(rows, HyperRunV1SchemaVersion), {
    schemaVersion: HyperRunV1SchemaVersion,
  });
  expect(read.map((row) => ({ ...row.hyper }))).toEqual([
    { learning_rate: 0.01, batch_size: 32, momentum: 0.9 },
    { learning_rate: 0.01, batch_size: 32, momentum: null },
  ]);
});

test("a misspelt required field is left to validation, which names the key; the constructor refuses a misspelt optional one", () => {
  const error = errorOf<RowValidationError>(() =>
    writeTableBytes([{ nme: "a", hyper: {} }] as never, HyperRunV1SchemaVersion),
  );
  expect(error).toBeInstanceOf(RowValidationError);
  expect(error.message).toContain(`found "nme" instead`);
  // The converting doors apply the writers' rule (test/runtime/misspelt-optional-keys.test.ts).
  expect(() => new HyperRunV1({ ...good, hyper: { momentun: 0.9 } } as never)).toThrow(
    'hyper.momentum: check failed: the key "momentun" names no field and probably misspells "momentum", so its value would be dropped: rename the key to "momentum"',
  );
});

test("rows from an iterator are refused as rows in an array are, and no file is written or replaced", async () => {
  const file = join(folder, "streamed.arrow");
  const slip = { ...good, hyper: { ...good.hyper, momentun: 0.9 } };
  function* rows() {
    yield good;
    yield slip;
  }
  await expect(writeTable(file, rows(), HyperRunV1SchemaVersion, { batchSize: 1 })).rejects.toThrow(
    expect.objectContaining({ name: "ExtraKeyError", path: "hyper.momentun" }),
  );
  expect(existsSync(file)).toBe(false);
  // An existing file keeps its bytes: from an array, and from an async iterator.
  writeFileSync(file, writeTableBytes([good], HyperRunV1SchemaVersion));
  const before = readFileSync(file);
  await expect(writeTable(file, [good, slip], HyperRunV1SchemaVersion)).rejects.toThrow(ExtraKeyError);
  async function* later() {
    yield* rows();
  }
  await expect(writeTable(file, later(), HyperRunV1SchemaVersion, { batchSize: 1 })).rejects.toThrow(ExtraKeyError);
  expect(readFileSync(file).equals(before)).toBe(true);
});

test.each<[string, object, string, string, string]>([
  [
    "a map's value",
    {
      by_name: new Map([
        ["a", { seed: 1n }],
        ["b", { sed: 7n }],
      ]),
    },
    "sed",
    "by_name[1][1].sed",
    "seed",
  ],
  [
    "a map's value given as pairs",
    { by_name: [["a", { hyper: { momentun: 0.9 } }]] },
    "momentun",
    "by_name[0][1].hyper.momentun",
    "momentum",
  ],
  [
    "a tuple's part",
    { pair: [{ hyper: { batchsize: 32 } }, 3n] },
    "batchsize",
    "pair[0].hyper.batchsize",
    "batch_size",
  ],
  ["a union's list member", { either: [{ seed: 1n }, { Seed: 2n }] }, "Seed", "either[1].Seed", "seed"],
  ["a union's map member", { either: new Map([["k", { hyperr: {} }]]) }, "hyperr", "either[0][1].hyperr", "hyper"],
])(
  "a key misspelling a child of a record in %s is refused, naming its path as violations do",
  (_, fields, key, path, child) => {
    const named = { name: "a" };
    for (const validate of [true, false]) {
      const error = errorOf<ExtraKeyError>(() =>
        writeTableBytes([named, { ...named, ...fields }] as never, HyperContainersV1SchemaVersion, { validate }),
      );
      expect(error).toBeInstanceOf(ExtraKeyError);
      expect(error).toMatchObject({ key, path, identifier: "test.hyper-containers@1" });
      expect(error.message).toContain(`row 1 has it but lacks "${child}", which the key may misspell`);
    }
  },
);

test("a union's value is looked into as the member of its class only, and one of no record is written", () => {
  const rows = [
    { name: "text", either: "momentun" },
    { name: "list", either: [{ seed: 1n, hyper: { momentum: 0.9 } }] },
    { name: "map", either: new Map([["k", { seed: 2n }]]) },
  ];
  const { rows: read } = readTableBytes(writeTableBytes(rows, HyperContainersV1SchemaVersion), {
    schemaVersion: HyperContainersV1SchemaVersion,
  });
  expect(read.map((row) => row.toJSON())).toEqual(rows.map((row) => new HyperContainersV1(row).toJSON()));
});

const childPath = fc.constantFrom(...hyperConfigChildren);
/** A place of test.hyper-containers@1 that holds configs: the row's fields holding them, and the path of config `k` there. */
interface Place {
  readonly holding: (configs: object[]) => object;
  readonly pathOf: (k: number) => string;
  /** How many of the configs given it holds (a tuple holds one). */
  readonly holds: (count: number) => number;
}
const all = (count: number) => count;
const entries = (configs: object[]) => configs.map((c, k) => [`c${k}`, c] as const);
const places: readonly Place[] = [
  { holding: (configs) => ({ by_name: new Map(entries(configs)) }), pathOf: (k) => `by_name[${k}][1]`, holds: all },
  { holding: (configs) => ({ by_name: entries(configs) }), pathOf: (k) => `by_name[${k}][1]`, holds: all },
  { holding: (configs) => ({ pair: [configs[0], 7n] }), pathOf: () => "pair[0]", holds: () => 1 },
  { holding: (configs) => ({ either: configs }), pathOf: (k) => `either[${k}]`, holds: all },
  { holding: (configs) => ({ either: new Map(entries(configs)) }), pathOf: (k) => `either[${k}][1]`, holds: all },
];

test("property: a config in a map, tuple or union with one child's key misspelt is refused and nothing written; spelt right, it round-trips", async () => {
  let run = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.array(config, { minLength: 1, maxLength: 3 }),
      fc.nat(),
      fc.constantFrom(...places),
      childPath,
      slip,
      async (configs, pick, place, steps, misspell) => {
        const row = { name: "r", ...place.holding(configs) };
        const { rows } = readTableBytes(writeTableBytes([row], HyperContainersV1SchemaVersion), {
          schemaVersion: HyperContainersV1SchemaVersion,
        });
        expect(rows[0]!.toJSON()).toEqual(new HyperContainersV1(row).toJSON());

        const k = pick % place.holds(configs.length);
        const child = steps.at(-1)!;
        const key = misspell(child);
        const slipped = structuredClone(configs);
        const holder = steps
          .slice(0, -1)
          .reduce((value, step) => value[step] as Record<string, unknown>, slipped[k] as Record<string, unknown>);
        holder[key] = holder[child];
        delete holder[child];
        const file = join(folder, `property-${run++}.arrow`);
        const refusal = await writeTable(
          file,
          [{ name: "r", ...place.holding(slipped) }],
          HyperContainersV1SchemaVersion,
        ).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(refusal).toBeInstanceOf(ExtraKeyError);
        expect(refusal).toMatchObject({ key, path: [place.pathOf(k), ...steps.slice(0, -1), key].join(".") });
        expect(existsSync(file)).toBe(false);
      },
    ),
    { numRuns: 60 },
  );
});
