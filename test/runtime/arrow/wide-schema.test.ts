/**
 * Tables of very many columns parse in time linear in the column count. apache-arrow's
 * `Schema.assign` was quadratic (schema-assign.ts); the runtime replaces it with a linear one
 * that must give the same schemas, and a file of 100,000 columns must read through both readers
 * (apache-arrow's own took about a minute of CPU for it).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Data,
  Dictionary,
  Field,
  Int32,
  Int64,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableToIPC,
  Utf8,
} from "apache-arrow";
import fc from "fast-check";
import { afterAll, expect, test } from "vitest";
import { ModelV1SchemaVersion, readTable, readTableBatches } from "legolas-ts";
import { linearSchemaAssign, useLinearSchemaAssign } from "../../../runtime/arrow/ipc/schema-assign.js";

// Taken before any reader installs the linear version (each test file runs in a process of its own).
const apacheArrowAssign = Schema.prototype.assign;

const folder = mkdtempSync(join(tmpdir(), "legolas-wide-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const field = fc
  .record({
    name: fc.constantFrom("a", "b", "c", "d"),
    dictionary: fc.boolean(),
    id: fc.integer({ min: 0, max: 3 }),
    metadata: fc.array(fc.tuple(fc.constantFrom("k", "l"), fc.string({ maxLength: 2 })), { maxLength: 2 }),
  })
  .map(
    ({ name, dictionary, id, metadata }) =>
      new Field(name, dictionary ? new Dictionary(new Utf8(), new Int32(), id) : new Int32(), true, new Map(metadata)),
  );
const schema = fc
  .tuple(
    fc.array(field, { maxLength: 6 }),
    fc.array(fc.tuple(fc.constantFrom("m", "n"), fc.string({ maxLength: 2 })), { maxLength: 2 }),
  )
  .map(([fields, metadata]) => ({ fields, metadata: new Map(metadata) }));

/** A schema as plain data: what two equal schemas share. */
function described(s: Schema): unknown {
  return {
    fields: s.fields.map((f) => ({
      name: f.name,
      type: String(f.type),
      nullable: f.nullable,
      metadata: [...f.metadata],
    })),
    metadata: [...s.metadata],
    dictionaries: [...s.dictionaries].map(([id, type]) => [id, String(type)]),
  };
}

test("the linear Schema.assign gives what apache-arrow's gives, duplicate names, metadata and dictionaries included", () => {
  expect(apacheArrowAssign).not.toBe(linearSchemaAssign);
  fc.assert(
    fc.property(schema, schema, (a, b) => {
      let base: Schema, other: Schema;
      try {
        base = new Schema(a.fields, a.metadata);
        other = new Schema(b.fields, b.metadata);
      } catch {
        return; // two dictionaries with one id: apache-arrow refuses the schema itself
      }
      const outcome = (assign: (this: Schema, ...args: unknown[]) => Schema) => {
        try {
          return described(assign.call(base, other));
        } catch (error) {
          return `throws ${(error as Error).message}`;
        }
      };
      const original = apacheArrowAssign as unknown as (this: Schema, ...args: unknown[]) => Schema;
      expect(outcome(linearSchemaAssign)).toEqual(outcome(original));
      expect(described(linearSchemaAssign.call(base, other.fields))).toEqual(
        described(original.call(base, other.fields)),
      );
    }),
    { numRuns: 300 },
  );
});

const COLUMNS = 100_000;

/** A one-row model-row table with `architecture_version` and `columns - 1` more Int32 columns. */
function wideFile(columns: number): string {
  useLinearSchemaAssign(); // building the batch with apache-arrow's own assign would take a minute
  const fields: Field[] = [new Field("architecture_version", new Int64(), true)];
  const children: Data[] = [makeData({ type: new Int64(), length: 1, data: new BigInt64Array([7n]) })];
  for (let k = 1; k < columns; k++) {
    fields.push(new Field(`c${k}`, new Int32(), true));
    children.push(makeData({ type: new Int32(), length: 1, data: new Int32Array([k]) }));
  }
  const schema = new Schema(fields, new Map([["legolas_schema_qualified", ModelV1SchemaVersion.identifier]]));
  const batch = new RecordBatch(schema, makeData({ type: new Struct(fields), length: 1, children }));
  const path = join(folder, `wide-${columns}.arrow`);
  writeFileSync(path, tableToIPC(new Table(schema, [batch]), "file"));
  return path;
}

// inspect and validate read through readTableBatches' path (openTableFile).
test(`a table of ${COLUMNS} columns reads with readTable and readTableBatches`, async () => {
  const path = wideFile(COLUMNS);
  const { rows, table } = await readTable(path);
  expect(table.numCols).toBe(COLUMNS);
  expect(rows.map((row) => (row as { architecture_version: bigint }).architecture_version)).toEqual([7n]);
  let batches = 0;
  for await (const batch of readTableBatches(path)) batches += batch.batch.numCols === COLUMNS ? 1 : 0;
  expect(batches).toBe(1);
}, 120_000);
