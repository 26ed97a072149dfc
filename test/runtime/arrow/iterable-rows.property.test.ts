/**
 * Property: rows of every field type (unions, dictionaries, timestamps, maps, sets, weights)
 * given as an iterable that is no array, with a random `batchSize` or none, are written the same
 * way by every writer that takes them (write-bytes.ts, `RowBatcher`): writeTableBytes of a
 * generator, writeTable of a generator and of an async generator write the same bytes, in batches
 * of `batchSize` rows, and those read back to the rows writeTableBytes of the array reads back to.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import fc from "fast-check";
import { afterAll, expect, test } from "vitest";
import { readTableBytes, type SchemaVersion, writeTable, writeTableBytes } from "legolas-ts";
import {
  type AllTypesV1Input,
  AllTypesV1SchemaVersion,
  Issue94ChildV1,
  Issue94ChildV1SchemaVersion,
} from "../../generated/index.js";
import { allTypesRow } from "../../helpers/all-types-rows.js";
import { DigitsRowV1, DigitsRowV1SchemaVersion } from "../../../generated/digits-model.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-iterable-prop-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** The rows in each batch: `batchSize` each, the rest in the last; one batch of no rows for none. */
function expectedBatches(rows: number, batchSize: number | undefined): number[] {
  if (rows === 0) return [0];
  const size = batchSize ?? rows; // the default streams batches of 10,000 rows
  return Array.from({ length: Math.ceil(rows / size) }, (_, k) => Math.min(size, rows - k * size));
}

/** Whether two files hold the same bytes (a diff of two files' bytes would cost each shrinking step seconds). */
const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(a, b) === 0;

let run = 0;

test("an iterable's rows (generator, async generator, Set) write the same bytes in batches of batchSize, and read back as the array's", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(allTypesRow, { maxLength: 9 }),
      fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
      async (rows: AllTypesV1Input[], batchSize) => {
        const options = batchSize === undefined ? {} : { batchSize };
        function* generated() {
          yield* rows;
        }
        async function* later() {
          yield* rows;
        }
        const bytes = writeTableBytes(generated(), AllTypesV1SchemaVersion, options);
        expect(tableFromIPC(bytes).batches.map((batch) => batch.numRows)).toEqual(
          expectedBatches(rows.length, batchSize),
        );
        expect(sameBytes(writeTableBytes(new Set(rows), AllTypesV1SchemaVersion, options), bytes)).toBe(true);
        for (const input of [generated(), later()]) {
          const path = join(folder, `t${run++}.arrow`);
          await writeTable(path, input, AllTypesV1SchemaVersion, options);
          expect(sameBytes(readFileSync(path), bytes)).toBe(true);
        }
        const read = readTableBytes(bytes, { schemaVersion: AllTypesV1SchemaVersion });
        const fromArray = readTableBytes(writeTableBytes(rows, AllTypesV1SchemaVersion, options), {
          schemaVersion: AllTypesV1SchemaVersion,
        });
        expect([...read.rows]).toStrictEqual([...fromArray.rows]);
      },
    ),
    { numRuns: 30 },
  );
}, 120_000);

test("a source that yields one object again and again, changed in place between rows, writes each row's values", async () => {
  // As some cursors and parsers do, to spare an allocation per row.
  function* reused() {
    const row = { a: 0, b: 0 };
    for (let i = 0; i < 5; i++) {
      row.a = i;
      row.b = 10 * i;
      yield row;
    }
  }
  async function* reusedLater() {
    yield* reused();
  }
  const expected = [0, 1, 2, 3, 4].map((i) => ({ a: BigInt(i), b: BigInt(10 * i) }));
  const plain = (bytes: Uint8Array) => [...readTableBytes(bytes).rows].map((row) => ({ ...row }));
  for (const options of [{}, { batchSize: 2 }, { validate: false }]) {
    expect(plain(writeTableBytes(reused(), Issue94ChildV1SchemaVersion, options))).toEqual(expected);
    const path = join(folder, `reused-${run++}.arrow`);
    await writeTable(path, reusedLater(), Issue94ChildV1SchemaVersion, options);
    expect(plain(readFileSync(path))).toEqual(expected);
  }
});

test("a source that yields one instance of the row class again and again, changed in place between rows, writes each row's values", async () => {
  function* reused() {
    const row = new Issue94ChildV1({ a: 0n, b: 0n });
    // Its fields are readonly to TypeScript, not to JavaScript.
    for (let i = 0; i < 5; i++) yield Object.assign(row, { a: BigInt(i), b: BigInt(10 * i) });
  }
  const expected = [0, 1, 2, 3, 4].map((i) => ({ a: BigInt(i), b: BigInt(10 * i) }));
  const plain = (bytes: Uint8Array) => [...readTableBytes(bytes).rows].map((row) => ({ ...row }));
  for (const options of [{}, { batchSize: 2 }, { validate: false }]) {
    expect(plain(writeTableBytes(reused(), Issue94ChildV1SchemaVersion, options))).toEqual(expected);
    const path = join(folder, `reused-instance-${run++}.arrow`);
    await writeTable(path, reused(), Issue94ChildV1SchemaVersion, options);
    expect(plain(readFileSync(path))).toEqual(expected);
  }
});

test("an instance from an iterator is written from its fields as they read, however they are defined, and refused as it stands", () => {
  // The writer copies an instance it holds by spread, which takes own enumerable fields only: a
  // field defined otherwise (not enumerable, a getter, on a Proxy) is taken key by key.
  const hidden = new Issue94ChildV1({ a: 1n, b: 10n });
  Object.defineProperty(hidden, "a", { value: 2n, enumerable: false });
  const getter = new Issue94ChildV1({ a: 0n, b: 30n });
  Object.defineProperty(getter, "a", { get: () => 3n, enumerable: true });
  const proxied = new Proxy(new Issue94ChildV1({ a: 0n, b: 40n }), {
    get: (target, key, receiver) => (key === "a" ? 4n : Reflect.get(target, key, receiver)),
  });
  const rows = () => [new Issue94ChildV1({ a: 0n, b: 0n }), hidden, getter, proxied];
  const expected = [0, 2, 3, 4].map((i) => ({ a: BigInt(i), b: BigInt(i === 2 ? 10 : 10 * i) }));
  const plain = (bytes: Uint8Array) => [...readTableBytes(bytes).rows].map((row) => ({ ...row }));
  for (const validate of [true, false]) {
    expect(plain(writeTableBytes(rows(), Issue94ChildV1SchemaVersion, { validate }))).toEqual(expected);
    expect(plain(writeTableBytes(rows().values(), Issue94ChildV1SchemaVersion, { validate }))).toEqual(expected);
  }
  // Changed out of its type since it was built: the same refusal from an iterator as from an array.
  const changed = () => {
    const row = new Issue94ChildV1({ a: 5n, b: 50n });
    Object.assign(row, { a: "five" });
    return [new Issue94ChildV1({ a: 0n, b: 0n }), row];
  };
  const refusal = (write: () => unknown) => {
    try {
      write();
    } catch (error) {
      return error;
    }
    return undefined;
  };
  const fromArray = refusal(() => writeTableBytes(changed(), Issue94ChildV1SchemaVersion));
  expect(fromArray).toMatchObject({ code: "row_invalid", rowIndex: 1 });
  expect(refusal(() => writeTableBytes(changed().values(), Issue94ChildV1SchemaVersion))).toEqual(fromArray);
});

test("an instance from an iterator keeps a nullable field the spread does not take: not enumerable, or an accessor of a class written by hand", () => {
  // A missing nullable field passes the row check as null: the copy must hold every declared field.
  const hidden = new DigitsRowV1({ epoch: 1n, accuracy: 0.5 });
  Object.defineProperty(hidden, "accuracy", { value: 0.5, enumerable: false });
  class Rounded extends DigitsRowV1 {
    override get accuracy(): number | null {
      return 0.25;
    }
    override set accuracy(_value: number | null) {}
  }
  const RoundedSchemaVersion = { ...DigitsRowV1SchemaVersion, rowClass: Rounded } as unknown as SchemaVersion<
    Rounded,
    never
  >;
  const accuracies = (bytes: Uint8Array) =>
    [...readTableBytes(bytes, { schemaVersion: DigitsRowV1SchemaVersion }).rows].map((row) => row.accuracy);
  for (const validate of [true, false]) {
    expect(accuracies(writeTableBytes([hidden].values(), DigitsRowV1SchemaVersion, { validate }))).toEqual([0.5]);
    const rounded = new Rounded({ epoch: 2n, accuracy: 0.9 });
    expect(accuracies(writeTableBytes([rounded], RoundedSchemaVersion, { validate }))).toEqual([0.25]);
    expect(accuracies(writeTableBytes([rounded].values(), RoundedSchemaVersion, { validate }))).toEqual([0.25]);
  }
});
