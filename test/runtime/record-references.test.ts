/**
 * A nested record's field type points at its child's descriptor (a thunk), so the runtime never
 * looks a record up in the registry: with the registry emptied, as when the child's module was
 * never imported or another package copy registered it, every path that walks a record's fields
 * (Arrow schema, write, read, columnar validation, lazy rows, JSON, JSON Schema) still works.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Int64, makeData, RecordBatch, Struct, Table } from "apache-arrow";
import { afterAll, describe, expect, test } from "vitest";
import { arrowSchemaOf } from "../../runtime/arrow/schema.js";
import {
  findSchemaVersion,
  readTable,
  readTableBatches,
  readTableBytes,
  validateRecordBatch,
  writeTable,
  writeTableBytes,
} from "legolas-ts";
import type { RecordReference } from "../../runtime/schema-version-types.js";
import {
  DigitsConfigV1SchemaVersion,
  DigitsModelV1,
  DigitsModelV1SchemaVersion,
  Issue94ChildV1SchemaVersion,
  Issue94ParentV1,
  Issue94ParentV1SchemaVersion,
} from "../generated/index.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-record-references-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** The key under which registry.ts keeps the process-wide registry on `globalThis`. */
const REGISTRY_KEY = Symbol.for("legolas-ts.registry.v1");

/** Runs `body` with the registry emptied, then puts every registered version back. */
async function withEmptyRegistry(body: () => Promise<void> | void): Promise<void> {
  const holder = globalThis as { [REGISTRY_KEY]?: unknown };
  const registered = holder[REGISTRY_KEY];
  holder[REGISTRY_KEY] = new Map();
  try {
    await body();
  } finally {
    holder[REGISTRY_KEY] = registered;
  }
}

const parentRows = () => [new Issue94ParentV1({ x: { a: 1n, b: 2n } }), new Issue94ParentV1({ x: { a: 3, b: 4 } })];

describe("a nested record is followed by reference, not found by name", () => {
  test("the generated field type names the record and returns its child's descriptor", () => {
    const [x] = Issue94ParentV1SchemaVersion.fields;
    const type = x!.type as RecordReference;
    expect(type.identifier).toBe("test.issue-94-child@1");
    expect(type.schemaVersion()).toBe(Issue94ChildV1SchemaVersion);
  });

  test("write, read, stream and validate with the registry empty", async () => {
    await withEmptyRegistry(async () => {
      expect(findSchemaVersion("test.issue-94-child@1")).toBeUndefined();
      const path = join(folder, "parent.arrow");
      await writeTable(path, parentRows(), Issue94ParentV1SchemaVersion);
      const { rows, table } = await readTable(path, { schemaVersion: Issue94ParentV1SchemaVersion });
      expect(rows.map((row) => row.x)).toEqual([
        { a: 1n, b: 2n },
        { a: 3n, b: 4n },
      ]);
      expect(validateRecordBatch(table, Issue94ParentV1SchemaVersion)).toEqual([]);
      const eager = await readTable(path, {
        schemaVersion: Issue94ParentV1SchemaVersion,
        rows: "eager",
        validate: "columns",
      });
      expect(eager.rows[1]!.x.b).toBe(4n);
      const streamed: bigint[] = [];
      for await (const batch of readTableBatches(path, { schemaVersion: Issue94ParentV1SchemaVersion }))
        streamed.push(...batch.rows.map((row) => row.x.a));
      expect(streamed).toEqual([1n, 3n]);
    });
  });

  test("a record's defaults and its Arrow extension name, with the registry empty", async () => {
    await withEmptyRegistry(() => {
      const row = new DigitsModelV1({ config: {} });
      const bytes = writeTableBytes([row], DigitsModelV1SchemaVersion);
      const read = readTableBytes(bytes, { schemaVersion: DigitsModelV1SchemaVersion });
      expect(read.rows[0]!.config).toEqual({ seed: 5n, dropout_rate: 0 });
      const config = arrowSchemaOf(DigitsModelV1SchemaVersion).fields.find((field) => field.name === "config")!;
      expect(config.metadata.get("ARROW:extension:name")).toBe("JuliaLang.Legolas.Generated.digits-config.1");
    });
  });

  test("a bad value inside a record is found by the columnar validator with the registry empty", async () => {
    const schema = arrowSchemaOf(Issue94ParentV1SchemaVersion);
    const int64s = (values: bigint[], nullBitmap?: Uint8Array) =>
      makeData({
        type: new Int64(),
        length: values.length,
        nullCount: nullBitmap === undefined ? 0 : 1,
        nullBitmap,
        data: BigInt64Array.from(values),
      });
    const x = makeData({
      type: schema.fields[0]!.type as Struct,
      length: 2,
      children: [int64s([1n, 0n], Uint8Array.of(0b01)), int64s([2n, 3n])],
    });
    const table = new Table(
      schema,
      new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: 2, children: [x] })),
    );
    await withEmptyRegistry(() => {
      const [bad, ...others] = validateRecordBatch(table, Issue94ParentV1SchemaVersion);
      expect(others).toEqual([]);
      expect(bad!.rowIndex).toBe(1);
      expect(bad!.violations.map((violation) => [violation.code, violation.path])).toEqual([["missing_field", "x.b"]]);
    });
  });

  test("JSON and JSON Schema of a nested record with the registry empty", async () => {
    await withEmptyRegistry(() => {
      const row = new Issue94ParentV1({ x: { a: 2n ** 60n, b: 0 } });
      const json = row.toJSON();
      expect(json).toEqual({ x: { a: String(2n ** 60n), b: "0" } });
      expect(Issue94ParentV1.fromJSON(json)).toEqual(row);
      expect(DigitsModelV1SchemaVersion.jsonSchema).toMatchObject({
        properties: { config: { title: DigitsConfigV1SchemaVersion.identifier } },
      });
    });
  });
});
