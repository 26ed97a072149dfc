/**
 * An inline struct is Julia's NamedTuple, whose field names are any Julia identifier: Legolas.jl
 * forbids a leading `_` in `@version` fields only (it names its record types' parameters so).
 * `s::@NamedTuple{_id::Int64, note::String}` is a struct whose `_id` child reads and writes as
 * Arrow.jl lays it out: a Struct child named `_id`.
 */
import { findSchemaVersion, readTableBytes, type SchemaVersion, writeTableBytes } from "legolas-ts";
import { tableFromIPC } from "apache-arrow";
import { expect, test } from "vitest";
import { loadYamlSchemas } from "./helpers/row-path.js";

await loadYamlSchemas([
  {
    schema: "test.underscored-child",
    prefix: "UnderscoredChild",
    version: { fields: { s: { type: "struct", fields: { _id: "int64", note: "string?" } } } },
  },
]);
const schemaVersion = findSchemaVersion("test.underscored-child@1") as SchemaVersion;

test("a struct child whose name starts with _ is written under its name and read back", async () => {
  const bytes = writeTableBytes([{ s: { _id: 7n, note: null } }], schemaVersion);
  expect(String(tableFromIPC(bytes).schema.fields[0]!.type)).toBe("Struct<{_id:Int64, note:Utf8}>");
  const { rows } = await readTableBytes(bytes, { schemaVersion });
  expect(rows.map((row) => ({ ...(row as { s: object }).s }))).toEqual([{ _id: 7n, note: null }]);
});
