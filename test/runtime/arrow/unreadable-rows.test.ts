/**
 * A row whose reading throws (a getter, a Proxy's `get`, `ownKeys`, `getOwnPropertyDescriptor` or
 * `getPrototypeOf` trap), a plain object or an instance of the row class, written from an array,
 * an iterator or an async generator, validated or not: the write fails with the row's
 * `RowValidationError` (its index, the field whose reading threw when one did, a nested record's
 * field by its path, what was thrown as its `cause`), the source is asked to stop, and no file is
 * left (rows/unreadable-rows.ts, unreadable-places.ts).
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { ModelV1SchemaVersion, writeTable, writeTableBytes } from "legolas-ts";
import {
  AllTypesV1SchemaVersion,
  Issue94ChildV1,
  Issue94ChildV1SchemaVersion as V,
  Issue94ParentV1,
  Issue94ParentV1SchemaVersion,
} from "../../generated/index.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-unreadable-rows-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const plain = (i: number) => ({ a: BigInt(i), b: BigInt(10 * i) });
const thrown = new Error("no reading for you");
const raise = () => {
  throw thrown;
};
const withGetter = <T extends object>(row: T): T =>
  Object.defineProperty(row, "a", { enumerable: true, configurable: true, get: raise });
const getTrap = <T extends object>(row: T): T =>
  new Proxy(row, { get: (target, key, receiver) => (key === "a" ? raise() : Reflect.get(target, key, receiver)) });

/** Each hostile row 3, and the field its error names ("" for the row itself). */
const HOSTILE: Readonly<Record<string, { make: () => object; path: string }>> = {
  "plain object, getter": { make: () => withGetter(plain(3)), path: "a" },
  "plain object, get trap": { make: () => getTrap(plain(3)), path: "a" },
  "plain object, ownKeys trap": { make: () => new Proxy(plain(3), { ownKeys: raise }), path: "" },
  "plain object, getOwnPropertyDescriptor trap": {
    make: () => new Proxy(plain(3), { getOwnPropertyDescriptor: raise }),
    path: "",
  },
  "plain object, getPrototypeOf trap": { make: () => new Proxy(plain(3), { getPrototypeOf: raise }), path: "" },
  "row-class instance, getter": { make: () => withGetter(new Issue94ChildV1(plain(3))), path: "a" },
  "row-class instance, get trap": { make: () => getTrap(new Issue94ChildV1(plain(3))), path: "a" },
};

const rows = (make: () => object): object[] => [plain(0), plain(1), plain(2), make(), plain(4)];

function expectRowError(error: unknown, path: string): void {
  expect(error).toMatchObject({ name: "RowValidationError", code: "row_invalid", rowIndex: 3 });
  const { violations, cause, message } = error as { violations: { path: string }[]; cause: unknown; message: string };
  expect(violations.map((v) => v.path)).toEqual([path]);
  expect(cause).toBe(thrown);
  expect(message).toContain("(row 3)");
  expect(message).toContain("a value whose reading threw: no reading for you");
}

function thrownBy(write: () => unknown): unknown {
  try {
    write();
  } catch (error) {
    return error;
  }
  throw new Error("the write did not throw");
}

describe.each(Object.entries(HOSTILE))("%s", (_, { make, path }) => {
  test.each([true, false])("writeTableBytes of an array and of an iterator, validate: %s", (validate) => {
    for (const batchSize of [undefined, 2]) {
      expectRowError(
        thrownBy(() => writeTableBytes(rows(make) as never[], V, { validate, batchSize })),
        path,
      );
      let stopped = false;
      const source = (function* () {
        try {
          yield* rows(make);
        } finally {
          stopped = true;
        }
      })();
      expectRowError(
        thrownBy(() => writeTableBytes(source as Iterable<never>, V, { validate, batchSize })),
        path,
      );
      expect(stopped).toBe(true);
    }
  });

  test.each([true, false])(
    "writeTable of an async generator, validate: %s: no file, no temporary file",
    async (validate) => {
      const out = mkdtempSync(join(folder, "w-"));
      let stopped = false;
      let made = 0;
      const source = (async function* () {
        try {
          for (const row of rows(make)) {
            made++;
            yield row;
          }
        } finally {
          stopped = true;
        }
      })();
      const error = await writeTable(join(out, "t.arrow"), source as AsyncIterable<never>, V, { validate }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expectRowError(error, path);
      expect(stopped).toBe(true);
      expect(made).toBe(4);
      expect(readdirSync(out)).toEqual([]);
    },
  );
});

test("a Weights field whose reading throws is the row's error at that field, not the layout check's raw error", () => {
  const model = (i: number) => ({ weights: null, architecture_version: BigInt(i) });
  const make = () => Object.defineProperty(model(3), "weights", { enumerable: true, get: raise });
  const all = () => [model(0), model(1), model(2), make()];
  for (const validate of [true, false]) {
    expectRowError(
      thrownBy(() => writeTableBytes(all(), ModelV1SchemaVersion, { validate })),
      "weights",
    );
    expectRowError(
      thrownBy(() => writeTableBytes(all().values(), ModelV1SchemaVersion, { validate })),
      "weights",
    );
  }
});

describe("a nested record's field whose reading throws is the row's error at that field's path, with the cause", () => {
  const parent = (i: number) => ({ x: plain(i) });
  const all = (make: () => object) => [parent(0), parent(1), parent(2), make()] as never[];
  test.each([
    ["plain objects, getter", () => ({ x: withGetter(plain(3)) })],
    ["plain objects, get trap", () => ({ x: getTrap(plain(3)) })],
    ["row-class instances, getter", () => withGetterInside(new Issue94ParentV1(parent(3)))],
  ])("%s", (_, make) => {
    for (const validate of [true, false]) {
      expectRowError(
        thrownBy(() => writeTableBytes(all(make), Issue94ParentV1SchemaVersion, { validate })),
        "x.a",
      );
      expectRowError(
        thrownBy(() => writeTableBytes(all(make).values(), Issue94ParentV1SchemaVersion, { validate })),
        "x.a",
      );
    }
  });

  function withGetterInside(row: Issue94ParentV1): Issue94ParentV1 {
    withGetter(row.x);
    return row;
  }
});

describe("a list, set or map whose reading throws is the row's error at the innermost place that threw, with the cause", () => {
  const valid = (i: number) => ({ flag: true, small: i, ubyte: 1, uint: 1, double: 1 });
  const withIndexGetter = (array: unknown[], index: number) =>
    Object.defineProperty(array, index, { enumerable: true, get: raise });
  test.each([
    // Forms the writers read whole: the field.
    [
      "a Proxy of a Float32Array as list<float32>",
      "floats",
      "floats",
      () => new Proxy(new Float32Array(2), { get: raise }),
    ],
    // Read element by element, as a list is (convert.ts toSet, toMap): the element.
    ["an array as set<string>", "tags", "tags[1]", () => withIndexGetter(["a", "b"], 1)],
    ["an array of pairs as map<string, int64>", "counts", "counts[0][1]", () => [withIndexGetter(["k", 1n], 1)]],
  ])("%s", (_, field, path, make) => {
    const rows = () => [valid(0), valid(1), valid(2), { ...valid(3), [field]: make() }] as never[];
    for (const validate of [true, false])
      expectRowError(
        thrownBy(() => writeTableBytes(rows(), AllTypesV1SchemaVersion, { validate })),
        path,
      );
  });
});
