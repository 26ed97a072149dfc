/**
 * Lazy rows written back unchecked (row-encoder.ts, rows/lazy-fields.ts `LAZY_VALIDATED_AS`): a
 * lazy row of `readTable(path)` that validated its rows is written as the same schema version
 * without its check (`is`) while it is untouched and nothing through which its bytes can change has
 * been given out. Every other case is checked as before: each test below writes a value the read
 * never validated (`bounded` is declared `min: -1.5, max: 1.5`) and expects the write to refuse it.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { readTable, readTableBytes, writeTable, writeTableBytes } from "legolas-ts";
import {
  AllTypesV1,
  type AllTypesV1Input,
  AllTypesV1SchemaVersion as schemaVersion,
  BarV1,
  BarV1SchemaVersion,
} from "../../generated/index.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "lazy-validated-write-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const row = (k: number): AllTypesV1Input => ({
  flag: true,
  small: k,
  ubyte: 1,
  uint: 2,
  double: 3,
  bounded: k / 10,
  label: "ok",
  floats: new Float32Array([k, k + 1]),
});
const ROWS = [row(0), row(1), row(2)];

/** A file of `ROWS` (or `rows`, written unvalidated), and its path. */
async function file(name: string, rows: readonly AllTypesV1Input[] = ROWS, validate = true): Promise<string> {
  const path = join(dir, `${name}.arrow`);
  await writeTable(path, rows, schemaVersion, { validate });
  return path;
}

/** The `bounded` column's buffer of a read of `bytes`, and its `floats` column's values. */
function buffersOf(bytes: Uint8Array): { bounded: Float64Array; floats: Float32Array } {
  const { table } = readTableBytes(bytes, { schemaVersion });
  const values = (name: string) => table.getChild(name)!.data[0]!;
  return {
    bounded: values("bounded").values as Float64Array,
    floats: values("floats").children[0]!.values as Float32Array,
  };
}

const refused = { name: "RowValidationError", code: "row_invalid" };

test("untouched lazy rows of a validated readTable are written without checking them again", async () => {
  const path = await file("untouched");
  const { rows } = await readTable(path, { schemaVersion });
  const is = vi.spyOn(AllTypesV1, "is");
  try {
    await writeTable(join(dir, "untouched-back.arrow"), rows, schemaVersion);
    expect(is).not.toHaveBeenCalled();
  } finally {
    is.mockRestore();
  }
  const back = await readTable(join(dir, "untouched-back.arrow"), { schemaVersion, rows: "eager" });
  expect(back.rows).toEqual((await readTable(path, { schemaVersion, rows: "eager" })).rows);
});

test("untouched lazy rows handed over by a generator are written without checking them again, and keep none of their fields", async () => {
  // The streaming writer sized each row's batch by reading the row itself: every field decoded
  // through its traps and its objects kept on it (a list's view of the file), which broke the read's
  // seal for the rows after it, each then checked again.
  const path = await file("streamed");
  const { rows } = await readTable(path, { schemaVersion });
  const is = vi.spyOn(AllTypesV1, "is");
  try {
    await writeTable(
      join(dir, "streamed-back.arrow"),
      (function* () {
        yield* rows;
      })(),
      schemaVersion,
    );
    expect(is).not.toHaveBeenCalled();
  } finally {
    is.mockRestore();
  }
  expect(rows.map((row) => Object.getOwnPropertyNames(row).filter((key) => Object.hasOwn(row, key)))).toEqual(
    rows.map(() => Object.keys(rows[0]!)),
  );
  const back = await readTable(join(dir, "streamed-back.arrow"), { schemaVersion, rows: "eager" });
  expect(back.rows).toEqual((await readTable(path, { schemaVersion, rows: "eager" })).rows);
});

test("a field written, or defined, on a lazy row is checked", async () => {
  const { rows } = await readTable(await file("written"), { schemaVersion });
  (rows[0] as { bounded: number | null }).bounded = 9;
  await expect(writeTable(join(dir, "written-back.arrow"), [rows[0]!], schemaVersion)).rejects.toMatchObject(refused);
  Object.defineProperty(rows[1]!, "bounded", { value: 9 });
  await expect(writeTable(join(dir, "defined-back.arrow"), [rows[1]!], schemaVersion)).rejects.toMatchObject(refused);
});

test("an accessor of a field's name on the row class's prototype changes nothing an untouched row writes", async () => {
  // A setter that keeps nothing and a getter that says 9: the fields the writer takes must be the row's own.
  const path = await file("accessor");
  const { rows } = await readTable(path, { schemaVersion });
  Object.defineProperty(AllTypesV1.prototype, "bounded", { get: () => 9, set: () => {}, configurable: true });
  try {
    await writeTable(join(dir, "accessor-back.arrow"), rows, schemaVersion);
  } finally {
    delete (AllTypesV1.prototype as { bounded?: unknown }).bounded;
  }
  const back = await readTable(join(dir, "accessor-back.arrow"), { schemaVersion, validate: "columns" });
  expect(back.rows.map((r) => r.bounded)).toEqual([0, 0.1, 0.2]);
});

test("a getter defined on a lazy row has the row as this, as on an eager row, when read and when written", async () => {
  // Its `this` was the Proxy's target: another field read through it was absent, and the target's index could be changed.
  const { rows } = await readTable(await file("getter"), { schemaVersion });
  const row = rows[1]!;
  const seen: unknown[] = [];
  Object.defineProperty(row, "label", {
    get(this: { small: number }) {
      seen.push(this);
      return `n${this.small}`;
    },
    enumerable: true,
    configurable: true,
  });
  expect(row.label).toBe("n1");
  await writeTable(join(dir, "getter-back.arrow"), [row], schemaVersion);
  expect(seen.every((self) => self === row)).toBe(true);
  const back = await readTable(join(dir, "getter-back.arrow"), { schemaVersion });
  expect(back.rows[0]!.label).toBe("n1");
});

test('rows of a read with validate: "columns" are checked: the read never checked their values', async () => {
  const path = await file("columns-only", [row(0), { ...row(1), bounded: 9 }], false);
  const { rows } = await readTable(path, { schemaVersion, validate: "columns" });
  await expect(writeTable(join(dir, "columns-only-back.arrow"), rows, schemaVersion)).rejects.toMatchObject({
    ...refused,
    rowIndex: 1,
  });
});

test("after the read's columns were given out (views of its bytes), its rows are checked", async () => {
  const result = await readTable(await file("columns"), { schemaVersion });
  (result.columns.bounded as Float64Array)[2] = 9;
  expect(result.rows[2]!.bounded).toBe(9);
  await expect(writeTable(join(dir, "columns-back.arrow"), result.rows, schemaVersion)).rejects.toMatchObject({
    ...refused,
    rowIndex: 2,
  });
});

test("after the read's table was given out, its rows are checked", async () => {
  const result = await readTable(await file("table"), { schemaVersion });
  (result.table.getChild("bounded")!.data[0]!.values as Float64Array)[1] = 9;
  await expect(writeTable(join(dir, "table-back.arrow"), result.rows, schemaVersion)).rejects.toMatchObject({
    ...refused,
    rowIndex: 1,
  });
});

test("after a row gave out an object (a list's view of the file's buffer), every row of the read is checked", async () => {
  const path = await file("view");
  const { readFile } = await import("node:fs/promises");
  const { bounded, floats: allFloats } = buffersOf(new Uint8Array(await readFile(path)));
  const { rows } = await readTable(path, { schemaVersion });
  const floats = rows[0]!.floats!; // row 0's list starts its column's values
  const at = floats.byteOffset + (bounded.byteOffset - allFloats.byteOffset) + 2 * 8;
  new DataView(floats.buffer).setFloat64(at, 9, true);
  expect(rows[2]!.bounded).toBe(9);
  await expect(writeTable(join(dir, "view-back.arrow"), [rows[2]!], schemaVersion)).rejects.toMatchObject(refused);
});

test("rows read from the caller's own bytes are checked: the caller may change them", async () => {
  const bytes = writeTableBytes(ROWS, schemaVersion);
  const { rows } = readTableBytes(bytes, { schemaVersion });
  new DataView(bytes.buffer).setFloat64(buffersOf(bytes).bounded.byteOffset, 9, true);
  expect(rows[0]!.bounded).toBe(9);
  expect(() => writeTableBytes(rows, schemaVersion)).toThrow(expect.objectContaining(refused));
});

test("rows of a version with value: expressions are checked: a read makes them by its constructor, not lazily", async () => {
  // What a column stores may not be what the expression makes of it (example.bar@1's x is clamped).
  const path = join(dir, "computed.arrow");
  await writeTable(path, [{ x: 200, y: "hi" }], BarV1SchemaVersion);
  const { rows } = await readTable(path, { schemaVersion: BarV1SchemaVersion });
  const is = vi.spyOn(BarV1, "is");
  try {
    await writeTable(join(dir, "computed-back.arrow"), rows, BarV1SchemaVersion);
    expect(is).toHaveBeenCalledTimes(1);
  } finally {
    is.mockRestore();
  }
});
