/**
 * A `map<K, V>` field given as an array of `[key, value]` entries (its input form, Julia's
 * `Dict(pairs)`) with an entry that is no pair, or whose reading throws (a getter on its index, a
 * Proxy's trap), is refused at that entry (`counts[1]`) by every door that takes the input form:
 * the constructor (with what the reading threw as its error's `cause`), `parse`, Standard
 * Schema and the table writer, validated or not (convert.ts `toMap`). It was refused at the whole
 * field (`counts`), as "an array of length 2" or "a value whose reading threw", and `parse` of an
 * entry that threw told the one or the other. Where a key is repeated (later entries win), a bad
 * key is named where it was first given and a bad value at the entry that won, not by their place
 * in the finished Map.
 */
import { describe, expect, test } from "vitest";
import { RowValidationError, type Violation, writeTableBytes } from "legolas-ts";
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

function throwing(): never {
  throw thrown;
}

/** `array` with a getter that throws at index `k`. */
function unreadableAt<T>(array: T[], k: number): T[] {
  Object.defineProperty(array, k, { enumerable: true, get: throwing });
  return array;
}

function refusal(act: () => unknown): RowValidationError {
  try {
    act();
  } catch (error) {
    if (error instanceof RowValidationError) return error;
    throw error;
  }
  throw new Error("it did not throw");
}

type Reported = Pick<Violation, "path" | "expected" | "found">;

const reported = ({ path, expected, found }: Violation): Reported => ({ path, expected, found });

/** What each door that takes a row's input form reports for the row `make()` makes afresh. */
function doors(make: () => unknown): Record<string, readonly Reported[]> {
  const parsed = JuliaContainersV1.parse(make());
  const standard = JuliaContainersV1["~standard"].validate(make()) as {
    issues?: { path: readonly unknown[]; message: string }[];
  };
  const written = (validate: boolean) =>
    refusal(() =>
      writeTableBytes([make() as JuliaContainersV1Input], JuliaContainersV1SchemaVersion, { validate }),
    ).violations.map(reported);
  return {
    new: refusal(() => new JuliaContainersV1(make() as JuliaContainersV1Input)).violations.map(reported),
    parse: parsed.ok ? [] : parsed.violations.map(reported),
    standard: (standard.issues ?? []).map(({ path, message }) => ({
      path: path.map((key, k) => (k === 0 ? String(key) : `[${String(key)}]`)).join(""),
      expected: message.slice("expected ".length, message.indexOf(", found ")),
      found: message.slice(message.indexOf(", found ") + ", found ".length),
    })),
    writeValidated: written(true),
    writeUnvalidated: written(false),
  };
}

function everyDoor(make: () => unknown, expected: readonly Reported[]): void {
  const reports = doors(make);
  for (const door of Object.keys(reports))
    expect({ door, reported: reports[door] }).toEqual({ door, reported: expected });
}

const PAIR = "a [key, value] pair of map<string, int64>";

describe("a map's array of entries is refused at the entry that is no pair", () => {
  test.each([
    ["a number", 5, "5"],
    ["an array of one", ["b"], "an array of length 1"],
    ["an array of three", ["b", 2n, 3n], "an array of length 3"],
    ["an object", { b: 2n }, "an object"],
  ])("%s", (_, entry, found) => {
    everyDoor(() => ({ ...base, counts: [["a", 1n], entry] }), [{ path: "counts[1]", expected: PAIR, found }]);
  });

  test("each such entry, at its own place", () => {
    const refused = refusal(() => new JuliaContainersV1({ ...base, counts: [7, ["a", 1n], null] } as never));
    const paths = refused.violations.map((v) => v.path);
    expect(paths).toEqual(["counts[0]", "counts[2]"]);
  });
});

describe("a map's array of entries is refused at the entry whose reading throws, with the cause", () => {
  const unreadable = `a value whose reading threw: ${thrown.message}`;
  test.each([
    [
      "a getter on its index",
      () =>
        unreadableAt(
          [
            ["a", 1n],
            ["b", 2n],
          ],
          1,
        ),
      "counts[1]",
      PAIR,
    ],
    ["a Proxy whose trap throws", () => [["a", 1n], new Proxy(["b", 2n], { get: throwing })], "counts[1]", PAIR],
    ["a getter on its key", () => [["a", 1n], unreadableAt(["b", 2n], 0)], "counts[1][0]", "string"],
  ])("%s", (_, counts, path, expected) => {
    everyDoor(() => ({ ...base, counts: counts() }), [{ path, expected, found: unreadable }]);
    expect(refusal(() => new JuliaContainersV1({ ...base, counts: counts() } as never)).cause).toBe(thrown);
  });
});

test("a Map, or an array of pairs, is taken as before", () => {
  const row = new JuliaContainersV1({
    ...base,
    counts: [
      ["a", 1],
      ["b", 2n],
      ["a", 3n],
    ],
  });
  expect(row.counts).toEqual(
    new Map([
      ["a", 3n],
      ["b", 2n],
    ]),
  );
  expect(new JuliaContainersV1({ ...base, counts: new Map([["a", 1n]]) }).counts).toEqual(new Map([["a", 1n]]));
});

describe("a map's array of entries that repeats a key names each bad part where the user gave it", () => {
  const notInt64 = (text: string) => `"${text}" (a string); an int64 is a bigint, or in JSON decimal text such as "12"`;

  test("a value, at the entry that won (later entries win, as in Julia's Dict)", () => {
    everyDoor(
      () => ({
        ...base,
        counts: [
          ["a", 1n],
          ["a", "x"],
        ],
      }),
      [{ path: "counts[1][1]", expected: "int64", found: notInt64("x") }],
    );
  });

  test("a value an entry after it replaced is not refused; one after another key is at its own entry", () => {
    everyDoor(
      () => ({
        ...base,
        counts: [
          ["a", "gone"],
          ["b", "y"],
          ["a", "x"],
        ],
      }),
      [
        { path: "counts[2][1]", expected: "int64", found: notInt64("x") },
        { path: "counts[1][1]", expected: "int64", found: notInt64("y") },
      ],
    );
  });

  test("a key, once, where it was first given", () => {
    everyDoor(
      () => ({
        ...base,
        counts: [
          ["a", 1n],
          ["a", 2n],
          [5, 3n],
          [5, 4n],
        ],
      }),
      [{ path: "counts[2][0]", expected: "string", found: "5" }],
    );
  });
});
