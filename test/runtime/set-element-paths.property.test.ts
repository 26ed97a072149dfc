/**
 * Property: a `set<T>` field given its bad elements (of the wrong type, ill-formed text, an int64
 * that is no integer or loses digits, an element whose reading throws), in an array (its input
 * form, Julia's `Set(v)`) or in a `Set`, is refused at each bad element's place (`tags[2]`) by
 * every door: the constructor, `parse`, Standard Schema and the table writer, validated or not
 * (convert.ts `toSet`). An array's element whose reading threw was refused at the whole field by
 * the constructor and the writer (`tags`), and at its element by `parse` (`tags[1]`). Elements
 * may repeat (the same value, or for set<int64> the same integer as a number and as a bigint),
 * which the set keeps once: a bad one is refused at its first place in what was given, an array's
 * index or a `Set`'s order (`["p", "p", 5]` at `tags[2]`, which was `tags[1]`, its place in the
 * set once the repeat was dropped).
 */
import fc from "fast-check";
import { expect, test } from "vitest";
import { writeTableBytes } from "legolas-ts";
import { JuliaContainersV1, type JuliaContainersV1Input, JuliaContainersV1SchemaVersion } from "../generated/index.js";

const base: JuliaContainersV1Input = {
  samples: [1],
  position: [1, 2, 3],
  tags: ["p"],
  span: [5n, "five"],
  either: 5n,
  counts: [],
};

const thrown = new Error("no reading here");

/** An element of a set at index `k`, good or bad: each one distinct, so that no two are kept once. */
type Element = { readonly bad: boolean; readonly make: (k: number) => unknown };

const UNREADABLE = Symbol("unreadable");

const FIELDS = {
  tags: {
    good: (k: number) => `g${k}`,
    bad: [(k: number) => k, (k: number) => ({ k }), (k: number) => `x${k}\ud800`, () => UNREADABLE],
  },
  ids: {
    good: (k: number) => (k % 2 === 0 ? BigInt(k) : k),
    bad: [(k: number) => `x${k}`, (k: number) => 2 ** 60 + k * 2 ** 12, (k: number) => k + 0.5, () => UNREADABLE],
  },
} as const;

function element(field: keyof typeof FIELDS): fc.Arbitrary<Element> {
  const { good, bad } = FIELDS[field];
  return fc.oneof(
    fc.constant({ bad: false, make: good }),
    fc.constantFrom(...bad).map((make) => ({ bad: true, make })),
  );
}

/** An element new at its place, or a repeat of the one at `repeats` (modulo the place) before it. */
type Slot = Element | { readonly repeats: number };

function slot(field: keyof typeof FIELDS): fc.Arbitrary<Slot> {
  return fc.oneof(
    element(field),
    fc.nat().map((repeats) => ({ repeats })),
  );
}

/** The same element again: the same value, or an integer of set<int64> as the other of number and bigint. */
function twin(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  return typeof value === "number" && Number.isSafeInteger(value) ? BigInt(value) : value;
}

/** What the set holds of `value` once converted: an integer as a bigint (so a twin is one element). */
function held(name: keyof typeof FIELDS, value: unknown): unknown {
  return name === "ids" && typeof value === "number" && Number.isSafeInteger(value) ? BigInt(value) : value;
}

interface Given {
  readonly value: unknown;
  readonly bad: boolean;
}

/** Each slot's value (a repeat made from the one it repeats, a first slot always new) and whether it is bad. */
function given(slots: readonly Slot[], name: keyof typeof FIELDS): Given[] {
  const values: Given[] = [];
  slots.forEach((s, k) => {
    if ("repeats" in s && k > 0) {
      const repeated = values[s.repeats % k]!;
      values.push({ value: twin(repeated.value), bad: repeated.bad });
      return;
    }
    // A first slot that repeats has nothing before it: a good element of its own.
    const fresh = "make" in s ? s : { bad: false, make: FIELDS[name].good };
    values.push({ value: fresh.make(k), bad: fresh.bad });
  });
  return values;
}

/** The values in an array (a getter on each unreadable one's index) or, when none is unreadable, in a `Set` if `asSet`. */
function made(values: readonly Given[], asSet: boolean): unknown {
  const array: unknown[] = values.map(({ value }) => (value === UNREADABLE ? undefined : value));
  values.forEach(({ value }, k) => {
    if (value === UNREADABLE)
      Object.defineProperty(array, k, {
        enumerable: true,
        get: () => {
          throw thrown;
        },
      });
  });
  return asSet && !values.some(({ value }) => value === UNREADABLE) ? new Set(array) : array;
}

/** The path of each bad element kept, at its first place in what was given (a `Set` holds each value once already). */
function expectedPaths(name: keyof typeof FIELDS, values: readonly Given[], asSet: boolean): string[] {
  const inSet = asSet && !values.some(({ value }) => value === UNREADABLE);
  const places = values.filter(({ value }, k) => !inSet || values.findIndex((v) => v.value === value) === k);
  const kept = new Set<unknown>();
  return places.flatMap(({ value, bad }, k) => {
    // Each unreadable element stands apart: nothing was read to find it equal to another.
    const key = value === UNREADABLE ? {} : held(name, value);
    if (kept.has(key)) return [];
    kept.add(key);
    return bad ? [`${name}[${k}]`] : [];
  });
}

function thrownBy(act: () => unknown): { violations: readonly { path: string }[] } {
  try {
    act();
  } catch (error) {
    return error as { violations: readonly { path: string }[] };
  }
  throw new Error("it did not throw");
}

const pathsOf = (violations: readonly { path: string }[]) => violations.map((v) => v.path);

test("every door refuses a set's bad elements at their first places in what was given", () => {
  const field = fc.constantFrom("tags" as const, "ids" as const);
  const input = field.chain((name) =>
    fc.record({
      name: fc.constant(name),
      slots: fc.array(slot(name), { minLength: 1, maxLength: 6 }),
      asSet: fc.boolean(),
    }),
  );
  fc.assert(
    fc.property(
      input.filter(({ name, slots }) => given(slots, name).some((v) => v.bad)),
      ({ name, slots, asSet }) => {
        const values = given(slots, name);
        const row = () => ({ ...base, [name]: made(values, asSet) });
        const expected = expectedPaths(name, values, asSet);

        expect(pathsOf(thrownBy(() => new JuliaContainersV1(row() as JuliaContainersV1Input)).violations)).toEqual(
          expected,
        );
        const parsed = JuliaContainersV1.parse(row());
        expect(parsed.ok ? [] : pathsOf(parsed.violations)).toEqual(expected);
        const standard = JuliaContainersV1["~standard"].validate(row()) as { issues?: { path: unknown[] }[] };
        expect((standard.issues ?? []).map(({ path }) => `${String(path[0])}[${String(path[1])}]`)).toEqual(expected);
        for (const validate of [true, false]) {
          const error = thrownBy(() =>
            writeTableBytes([row() as JuliaContainersV1Input], JuliaContainersV1SchemaVersion, { validate }),
          );
          expect(pathsOf(error.violations)).toEqual(expected);
        }
      },
    ),
    { numRuns: 300 },
  );
});

test("a set given as an array with a repeat is refused at the place of the user's element", () => {
  const refused = JuliaContainersV1.parse({ ...base, tags: ["p", "p", 5] });
  expect(refused.ok ? [] : pathsOf(refused.violations)).toEqual(["tags[2]"]);
});

test("a Set's elements are named by the Set's order, by validate() as by the constructor", () => {
  const tags = new Set<unknown>(["p", 5]);
  expect(pathsOf(JuliaContainersV1.validate({ ...JuliaContainersV1.convert(base), tags }))).toEqual(["tags[1]"]);
  const refused = thrownBy(() => new JuliaContainersV1({ ...base, tags } as JuliaContainersV1Input));
  expect(pathsOf(refused.violations)).toEqual(["tags[1]"]);
});
