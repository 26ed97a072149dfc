/**
 * Property: a `set<T>` field given its bad elements (of the wrong type, ill-formed text, an int64
 * that is no integer or loses digits, an element whose reading throws), in an array (its input
 * form, Julia's `Set(v)`) or in a `Set`, is refused at each bad element's place (`tags[2]`) by
 * every door: the constructor, `parse`, Standard Schema and the table writer, validated or not
 * (convert.ts `toSet`). An array's element whose reading threw was refused at the whole field by
 * the constructor and the writer (`tags`), and at its element by `parse` (`tags[1]`).
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

/** The elements made, in an array (a getter on each unreadable one's index) or, when none is unreadable, in a `Set` if `asSet`. */
function made(elements: readonly Element[], asSet: boolean): unknown {
  const values = elements.map((e, k) => e.make(k));
  const array: unknown[] = values.map((value) => (value === UNREADABLE ? undefined : value));
  values.forEach((value, k) => {
    if (value === UNREADABLE)
      Object.defineProperty(array, k, {
        enumerable: true,
        get: () => {
          throw thrown;
        },
      });
  });
  return asSet && !values.includes(UNREADABLE) ? new Set(array) : array;
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

test("every door refuses a set's bad elements at their places", () => {
  const field = fc.constantFrom("tags" as const, "ids" as const);
  const input = field.chain((name) =>
    fc.record({
      name: fc.constant(name),
      elements: fc.array(element(name), { minLength: 1, maxLength: 5 }).filter((es) => es.some((e) => e.bad)),
      asSet: fc.boolean(),
    }),
  );
  fc.assert(
    fc.property(input, ({ name, elements, asSet }) => {
      const row = () => ({ ...base, [name]: made(elements, asSet) });
      const expected = elements.flatMap((e, k) => (e.bad ? [`${name}[${k}]`] : []));

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
    }),
    { numRuns: 200 },
  );
});
