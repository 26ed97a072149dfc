/**
 * A minifier renames a generated row class (`FooV1.name` is `e` in a production bundle), and the
 * messages that tell the user to call the class printed that: `new e({ ...row })`. They name it as
 * generated, by its static "~className". Here a class is minified by giving it a one-letter name;
 * test/browser/bundle.test.ts reads a table through a real minified bundle.
 */
import { expect, test } from "vitest";
import { ExtraKeyError, readTableBytes, SchemaVersionMismatchError, writeTableBytes } from "legolas-ts";
import {
  ChildV1,
  FooV1,
  FooV1SchemaVersion,
  FooV2,
  FooV2SchemaVersion,
  HyperRunV1,
  HyperRunV1SchemaVersion,
  ParentV1,
  ParentV1SchemaVersion,
} from "../generated/index.js";
import { CheckedRow } from "../helpers/checked-row.js";
import { errorOf } from "../helpers/error-of.js";

/** `run()` with each of `classes` named `a`, `b`, ... as a minifier names them; their names restored after. */
function minified<T>(classes: readonly object[], run: () => T): T {
  const names = classes.map((rowClass) => Object.getOwnPropertyDescriptor(rowClass, "name")!);
  for (const [i, rowClass] of classes.entries())
    Object.defineProperty(rowClass, "name", { value: String.fromCharCode(97 + i), configurable: true });
  try {
    for (const rowClass of classes) expect((rowClass as { name: string }).name).toHaveLength(1);
    return run();
  } finally {
    for (const [i, rowClass] of classes.entries()) Object.defineProperty(rowClass, "name", names[i]!);
  }
}

test("a table of another version read as FooV1 advises new FooV1({ ...row }), not the minified name", () => {
  const bytes = writeTableBytes([new FooV2({ a: 1, b: "x", c: 2n, d: [1n] })], FooV2SchemaVersion);
  const error = minified([FooV1, FooV2], () =>
    errorOf<SchemaVersionMismatchError>(() => readTableBytes(bytes, { schemaVersion: FooV1SchemaVersion })),
  );
  expect(error).toBeInstanceOf(SchemaVersionMismatchError);
  expect(error.expectedRowClass).toBe("FooV1");
  expect(error.message).toBe(
    "table holds rows of example.foo@2, which neither is nor extends example.foo@1; read it without " +
      "{ schemaVersion } to get its example.foo@2 rows, then convert them to example.foo@1 with " +
      "new FooV1({ ...row }) (docs/schemas.md#versions-and-evolution)",
  );
});

test("rows of another version's class written as a parent name both classes and the descriptor as generated", () => {
  const error = minified([ChildV1, ParentV1], () =>
    errorOf<ExtraKeyError>(() => writeTableBytes([new ChildV1({ x: [1n], y: "a" })] as never[], ParentV1SchemaVersion)),
  );
  expect(error).toBeInstanceOf(ExtraKeyError);
  expect(error.message).toContain(
    "row 0 is a test.child@1 row (ChildV1), not a test.parent@1 row: write it as test.child@1 (ChildV1SchemaVersion), " +
      "or make it a test.parent@1 row (new ParentV1(row) keeps test.parent@1's fields only)",
  );
});

test("a key given to an instance after it was built names the instance's class as generated", () => {
  const row = new HyperRunV1({ name: "a", hyper: { learning_rate: 0.01 } });
  (row as unknown as Record<string, unknown>)["confg"] = { seed: 3n };
  const error = minified([HyperRunV1], () =>
    errorOf<ExtraKeyError>(() => writeTableBytes([row], HyperRunV1SchemaVersion)),
  );
  expect(error).toBeInstanceOf(ExtraKeyError);
  expect(error.message).toContain("an instance of HyperRunV1 is written from its declared fields");
});

test("a class that extends a generated one is named by its own name, never by the generated class's", () => {
  expect(Object.hasOwn(CheckedRow, "~className")).toBe(false);
  expect(CheckedRow.parse({ epoch: 30 })).toMatchObject({
    ok: false,
    violations: [{ expected: "the constructor of CheckedRow accepts the row" }],
  });
});
