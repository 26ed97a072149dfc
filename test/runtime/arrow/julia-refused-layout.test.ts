/**
 * julia-refused-layout.ts through `findJuliaUnreadableColumns`: the layouts a validated write
 * rewrites for Julia are found in a table laid out otherwise, and never in what that write wrote
 * (the writer's rewrite and validate's findings agree).
 */
import { DataType, Field, makeData, RecordBatch, Schema, Struct, Table, Timestamp, tableToIPC } from "apache-arrow";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { findJuliaUnreadableColumns, readTableBatches, type SchemaVersion, writeTableBytes } from "legolas-ts";
import { AllTypesV1SchemaVersion } from "../../generated/index.js";
import { allTypesRow } from "../../helpers/all-types-rows.js";
import { encodeRows } from "../../../runtime/arrow/rows/row-encoder.js";
import { withChildren } from "../../../runtime/arrow/ipc/file-writer.js";
import {
  EXTENSION_METADATA_KEY,
  EXTENSION_NAME_KEY,
  extensionNameOf,
  isRecordExtensionName,
  VERSION_NUMBER_EXTENSION,
  WEIGHTS_EXTENSION,
} from "../../../runtime/arrow/metadata.js";

const version = AllTypesV1SchemaVersion as unknown as SchemaVersion;

/** How another writer lays a field out: each flag, extension name and spelling of UTC drawn. */
interface Layout {
  readonly nullable: boolean;
  readonly dropExtension: boolean;
  readonly utc: string;
}
const layouts = fc.infiniteStream(
  fc.record({
    nullable: fc.boolean(),
    dropExtension: fc.boolean(),
    utc: fc.constantFrom("UTC", "Etc/UTC", "Zulu", "+00:00", "GMT"),
  }),
);

/**
 * Whether a read and a write take `field` without its extension name, as the version's storage
 * (a struct of a VersionNumber's, a record's or Weights' children); others only their name tells
 * from another declared type (a `char`'s Uint32, a `uuid`'s bytes).
 */
function unlabelledTaken(field: Field): boolean {
  const name = extensionNameOf(field);
  return (
    name === VERSION_NUMBER_EXTENSION || name === WEIGHTS_EXTENSION || (name !== null && isRecordExtensionName(name))
  );
}

function laidOut(field: Field, next: () => Layout): Field {
  const { nullable, dropExtension, utc } = next();
  const children = ((field.type.children as Field[] | undefined) ?? []).map((child) => laidOut(child, next));
  let type: DataType =
    children.length > 0 && !DataType.isDictionary(field.type) ? withChildren(field.type, children) : field.type;
  if (DataType.isTimestamp(type) && type.timezone === "UTC") type = new Timestamp(type.unit, utc);
  const metadata = new Map(field.metadata);
  if (dropExtension && unlabelledTaken(field)) {
    metadata.delete(EXTENSION_NAME_KEY);
    metadata.delete(EXTENSION_METADATA_KEY);
  }
  return new Field(field.name, type, nullable || field.nullable, metadata);
}

function relaidTable(table: Table, next: () => Layout): Table {
  const fields = table.schema.fields.map((field) => laidOut(field, next));
  const schema = new Schema(fields, table.schema.metadata);
  const batches = table.batches.map(
    (batch) =>
      new RecordBatch(
        schema,
        makeData({ type: new Struct(fields), length: batch.numRows, children: batch.data.children }),
      ),
  );
  return new Table(schema, batches);
}

async function foundIn(bytes: Uint8Array) {
  const found = [];
  for await (const batch of readTableBatches(bytes, { schemaVersion: version }))
    found.push(...findJuliaUnreadableColumns(batch.batch.schema, version));
  return found;
}

describe("the layouts Julia refuses", () => {
  test("property: a table laid out by another writer and written by our validated writer has none; one whose required column is nullable has that column's", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(allTypesRow, { minLength: 1, maxLength: 3 }), layouts, async (rows, stream) => {
        const ours = new Table([encodeRows(version, rows)]);
        const next = () => stream.next().value as Layout;
        const theirs = relaidTable(ours, next);
        expect(await foundIn(writeTableBytes(theirs, version))).toEqual([]);
        const nullableRequired = theirs.schema.fields.filter(
          (field, k) => field.nullable && !ours.schema.fields[k]!.nullable,
        );
        const found = await foundIn(tableToIPC(theirs, "file"));
        for (const field of nullableRequired)
          expect(found).toContainEqual(expect.objectContaining({ path: field.name, code: "incorrect_type" }));
      }),
      { numRuns: 40 },
    );
  });
});
