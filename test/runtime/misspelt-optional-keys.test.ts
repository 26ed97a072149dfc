/**
 * A key that misspells an optional field (or child) the input lacks, at any depth: the converting
 * doors (the constructor, `parse`, `fromJSON`, Standard Schema) refuse it as the writers do, with
 * one violation at the field it misspells, never the value dropped and the field taken as missing.
 */
import fc from "fast-check";
import { expect, test } from "vitest";
import { type RowValidationError, type Violation, writeTableBytes } from "legolas-ts";
import {
  AcceptedV1,
  DigitsConfigV1,
  HyperContainersV1,
  HyperRunV1,
  HyperRunV1SchemaVersion,
} from "../generated/index.js";
import { errorOf } from "../helpers/error-of.js";

type Json = Record<string, unknown>;
type Doors = typeof HyperRunV1 | typeof HyperContainersV1 | typeof DigitsConfigV1;

/** What each door says of `input`: the violations it refuses it with, or `"accepted"`; the constructor's for the input form only. */
function verdicts(doors: Doors, input: unknown, json = false): Record<string, readonly Violation[] | "accepted"> {
  const thrown = (make: () => unknown): readonly Violation[] | "accepted" => {
    try {
      make();
      return "accepted";
    } catch (error) {
      expect((error as Error).name).toBe("RowValidationError");
      return (error as RowValidationError).violations;
    }
  };
  const parsed = doors.parse(input);
  const standard = doors["~standard"].validate(input) as { issues?: readonly { path: readonly PropertyKey[] }[] };
  return {
    ...(json ? {} : { constructor: thrown(() => new doors(input as never)) }),
    parse: parsed.ok ? "accepted" : parsed.violations,
    fromJSON: thrown(() => doors.fromJSON(input)),
    standard: standard.issues === undefined ? "accepted" : parsed.ok ? [] : parsed.violations,
  };
}

/** What a slip's violation says: the key found, the field it probably misspells, and what to do. */
const slipExpected = (key: string, field: string) =>
  `the key ${JSON.stringify(key)} names no field and probably misspells ${JSON.stringify(field)}, so its value ` +
  `would be dropped: rename the key to ${JSON.stringify(field)}, or delete it if it is not a misspelling`;

test("a misspelt optional field says in one sentence what was found, what it probably meant and what to do", () => {
  const error = errorOf<RowValidationError>(() => new HyperRunV1({ name: "a", hyper: { learnig_rate: 0.1 } } as never));
  expect(error.message).toBe(
    "test.hyper-run@1 has 1 violation:\n" +
      '  - hyper.learning_rate: check failed: the key "learnig_rate" names no field and probably misspells ' +
      '"learning_rate", so its value would be dropped: rename the key to "learning_rate", or delete it if it is not a misspelling',
  );
});

test("a body's misspelt optional key is refused by every door, naming the key and the field", () => {
  const body = { name: "a", hyper: {}, confgi: { seed: "5" } };
  const violation = {
    code: "check_failed",
    path: "config",
    expected: slipExpected("confgi", "config"),
  };
  for (const verdict of Object.values(verdicts(HyperRunV1, body, true))) expect(verdict).toEqual([violation]);
  expect(verdicts(HyperRunV1, { ...body, confgi: { seed: 5n } }).constructor).toEqual([violation]);
  expect(HyperRunV1["~standard"].validate(body)).toMatchObject({ issues: [{ path: ["config"] }] });
  const error = errorOf<RowValidationError>(() => HyperRunV1.fromJSON(body));
  expect(error.message).toContain(`config: check failed: ${slipExpected("confgi", "config")}`);
  // Spelt right, the value is kept.
  expect(HyperRunV1.fromJSON({ ...body, confgi: undefined, config: { seed: "5" } }).config?.seed).toBe(5n);
});

test("a slip beside other violations is one more of them, the same from every door", () => {
  const body = { name: 3, hyper: { momentun: 0.9 } };
  const expected = [
    expect.objectContaining({ code: "incorrect_type", path: "name" }),
    expect.objectContaining({
      code: "check_failed",
      path: "hyper.momentum",
      expected: slipExpected("momentun", "momentum"),
    }),
  ];
  for (const verdict of Object.values(verdicts(HyperRunV1, body))) expect(verdict).toEqual(expected);
});

test("a key beside the field it seems to misspell, or like no field, is dropped, as the writers drop it", () => {
  const inputs = [
    { name: "a", hyper: { momentum: 0.5, momentun: 0.9 } },
    { name: "a", hyper: { comment: "x" }, config: { seed: 1n, extra: 2 } },
    { name: "a", hyper: {}, config: null, confgi: undefined },
  ];
  for (const input of inputs) {
    for (const verdict of Object.values(verdicts(HyperRunV1, input))) expect(verdict).toBe("accepted");
    expect(() => writeTableBytes([input], HyperRunV1SchemaVersion)).not.toThrow();
  }
});

test("is and validate take Fields-shaped values and look at no key but the fields", () => {
  const row = { name: "a", hyper: { learning_rate: null, batch_size: null, momentum: null, momentun: 0.9 } };
  expect(HyperRunV1.is(row)).toBe(true);
  expect(HyperRunV1.validate(row)).toEqual([]);
});

test("an input given every field that may be left out is not walked; one lacking such a field is, and refused by its slip", () => {
  // `for...in`, the walk's read of an input's keys, asks a Proxy for them; conversion does not.
  let walked = 0;
  const counted = (input: object) =>
    new Proxy(input, {
      ownKeys(target) {
        walked++;
        return Reflect.ownKeys(target);
      },
    });
  for (const door of [(x: object) => new DigitsConfigV1(x as never), (x: object) => DigitsConfigV1.parse(x)]) {
    walked = 0;
    door(counted({ seed: 1n, dropout_rate: 0.5 }));
    door(counted({ seed: null, dropout_rate: null }));
    expect(walked).toBe(0);
    door(counted({ seed: 1n }));
    expect(walked).toBeGreaterThan(0);
  }
  expect(verdicts(DigitsConfigV1, { seed: 1n, dropout_rat: 0.5 }).constructor).toEqual([
    expect.objectContaining({
      code: "check_failed",
      path: "dropout_rate",
      expected: slipExpected("dropout_rat", "dropout_rate"),
    }),
  ]);
});

test("fromJSON lists each object of a body's keys once, a field missing or not, and refuses what parse refuses", () => {
  // Each object of the body counts how often its keys are listed (`Object.keys`, `for...in`).
  const listed = new Map<string, number>();
  const counted = (name: string, object: object) =>
    new Proxy(object, {
      ownKeys(target) {
        listed.set(name, (listed.get(name) ?? 0) + 1);
        return Reflect.ownKeys(target);
      },
    });
  const bodies = [
    { hyper: { momentum: 0.9 } }, // `name` missing
    { hyper: { momentum: 0.9 }, nmae: "a" }, // `name` missing, misspelt
    { hyper: { momentun: 0.9 }, confgi: {} }, // `name` missing, and slips of optional fields beside it
    { name: "a", hyper: { momentun: 0.9 } }, // a slip only
    { name: "a", hyper: { momentum: 0.9 } }, // valid
  ];
  for (const body of bodies) {
    listed.clear();
    const row = counted("row", { ...body, hyper: counted("hyper", body.hyper) });
    const parsed = HyperRunV1.parse(body);
    let verdict: readonly Violation[] | "accepted" = "accepted";
    try {
      HyperRunV1.fromJSON(row);
    } catch (error) {
      verdict = (error as RowValidationError).violations;
    }
    expect(verdict).toEqual(parsed.ok ? "accepted" : parsed.violations);
    expect(Object.fromEntries(listed)).toEqual({ row: 1, hyper: 1 });
  }
});

test("a version with no field that may be left out, at any depth, has no check, and its constructor calls none", () => {
  expect(Object.hasOwn(AcceptedV1, "~misspeltKeys")).toBe(false);
  expect(String(AcceptedV1)).not.toContain("misspelt");
  expect(Object.hasOwn(DigitsConfigV1, "~misspeltKeys")).toBe(true);
});

/** The optional fields and children of both versions, which a row's top-level `hyper` (required in test.hyper-run@1) is not. */
const LEAVABLE = new Set(["hyper", "learning_rate", "batch_size", "momentum", "trials", "config", "configs", "seed"]);
for (const field of ["by_name", "pair", "either"]) LEAVABLE.add(field);

/** Every place in `value` of a leavable field holding a value: the path to it, its key last. */
function leavablePlaces(value: unknown, holder: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, inner]) => {
    const step = Array.isArray(value) ? Number(key) : key;
    const here = [...holder, step];
    const leavable = !Array.isArray(value) && LEAVABLE.has(key) && inner !== null && here.join() !== "hyper";
    return [...(leavable ? [here] : []), ...leavablePlaces(inner, here)];
  });
}

/** A copy of `value` whose key at `path` is renamed by `misspell`. */
function misspelt(value: unknown, path: readonly (string | number)[], misspell: (key: string) => string): Json {
  const copy = structuredClone(value) as Json;
  const holder = path.slice(0, -1).reduce<Json>((object, step) => object[step] as Json, copy);
  const key = path.at(-1) as string;
  holder[misspell(key)] = holder[key];
  delete holder[key];
  return copy;
}

/** The slips a hand makes: another case, a letter dropped, two neighbours swapped. */
const slip = fc.constantFrom(
  (name: string) => name.toUpperCase(),
  (name: string) => name.slice(0, 1) + name.slice(2),
  (name: string) => name[1]! + name[0]! + name.slice(2),
);
const float = fc.double({ noNaN: true, noDefaultInfinity: true });
const hyper = fc.record({ learning_rate: float, batch_size: fc.integer({ min: 0, max: 1000 }), momentum: float });
const config = fc.record({ seed: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), hyper });
const run = fc.record({
  name: fc.string(),
  hyper,
  trials: fc.array(fc.record({ momentum: float }), { minLength: 1, maxLength: 3 }),
  config,
  configs: fc.array(config, { minLength: 1, maxLength: 3 }),
});
const containers = fc.record({
  name: fc.string(),
  by_name: fc.uniqueArray(fc.tuple(fc.string(), config), { minLength: 1, maxLength: 3, selector: ([k]) => k }),
  pair: fc.tuple(config, fc.bigInt({ min: 0n, max: 9n })),
  either: fc.array(config, { minLength: 1, maxLength: 3 }),
});

test("property: a field's key misspelt at any depth, in the input form or a JSON body, is refused by every door at its path; spelt right, accepted", () => {
  const cases = fc.oneof(
    fc.record({ doors: fc.constant<Doors>(HyperRunV1), row: run }),
    fc.record({ doors: fc.constant<Doors>(HyperContainersV1), row: containers }),
  );
  fc.assert(
    fc.property(cases, fc.nat(), slip, ({ doors, row }, pick, misspell) => {
      const json = JSON.parse(JSON.stringify(new (doors as typeof HyperRunV1)(row as never))) as Json;
      for (const [form, isJson] of [
        [row, false],
        [json, true],
      ] as const) {
        const places = leavablePlaces(form);
        const path = places[pick % places.length]!;
        const field = path.at(-1) as string;
        const key = misspell(field);
        // A row's own key of three letters is no slip to the writers, which keep it as a column (`pir`).
        if (key === field || (path.length === 1 && key.length <= 3)) continue;
        // A union's JSON form names its member (`{"list<...>": [...]}`), which violations' paths do not.
        const steps = path.filter((step) => typeof step === "number" || !step.includes("<"));
        const where = steps
          .map((step) => (typeof step === "number" ? `[${step}]` : `.${step}`))
          .join("")
          .slice(1);
        const expected = { code: "check_failed", path: where, expected: slipExpected(key, field) };
        for (const verdict of Object.values(verdicts(doors, form, isJson))) expect(verdict).toBe("accepted");
        for (const verdict of Object.values(verdicts(doors, misspelt(form, path, misspell), isJson)))
          expect(verdict).toEqual([expected]);
      }
    }),
    { numRuns: 150 },
  );
});
